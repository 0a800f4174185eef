from django.urls import path

from . import views, views_desk, views_document, views_inspectorate, views_preparation

app_name = "stages"

urlpatterns = [
    path("<str:public_id>/", views.timeline, name="timeline"),
    path("<str:public_id>/pindah/<slug:to_stage>/", views.transition_view, name="transition"),
    path("<str:public_id>/versi/", views.versions, name="versions"),
    path("<str:public_id>/versi/<int:number>/", views.version_detail, name="version_detail"),
    path(
        "<str:public_id>/versi/<int:number>/dokumen/",
        views_document.version_document,
        name="version_document",
    ),
    path("<str:public_id>/banding/", views.compare, name="compare"),
    # Persiapan: team decree and work agenda
    path("<str:public_id>/persiapan/", views_preparation.preparation_page, name="preparation"),
    path("<str:public_id>/persiapan/sk/", views_preparation.decree_save, name="decree_save"),
    path("<str:public_id>/persiapan/anggota/", views_preparation.member_add, name="member_add"),
    path(
        "<str:public_id>/persiapan/anggota/<int:pk>/",
        views_preparation.member_edit,
        name="member_edit",
    ),
    path(
        "<str:public_id>/persiapan/anggota/<int:pk>/hapus/",
        views_preparation.member_delete,
        name="member_delete",
    ),
    path("<str:public_id>/persiapan/agenda/", views_preparation.agenda_add, name="agenda_add"),
    path(
        "<str:public_id>/persiapan/agenda/<int:pk>/",
        views_preparation.agenda_edit,
        name="agenda_edit",
    ),
    path(
        "<str:public_id>/persiapan/agenda/<int:pk>/hapus/",
        views_preparation.agenda_delete,
        name="agenda_delete",
    ),
    # Inspectorate review
    path("<str:public_id>/reviu/", views_inspectorate.review_page, name="inspectorate_review"),
    path(
        "<str:public_id>/reviu/catatan/",
        views_inspectorate.note_add,
        name="inspectorate_note_add",
    ),
    path(
        "<str:public_id>/reviu/tutup/",
        views_inspectorate.review_close,
        name="inspectorate_close",
    ),
    path(
        "<str:public_id>/reviu/jawaban/",
        views_inspectorate.answers_page,
        name="inspectorate_answers",
    ),
    path(
        "<str:public_id>/reviu/catatan/<int:pk>/jawab/",
        views_inspectorate.note_answer,
        name="inspectorate_note_answer",
    ),
]

# The verification desk and the unit's submission page (stages/views_desk.py).
urlpatterns += [
    path("<str:public_id>/verifikasi/", views_desk.desk_view, name="desk"),
    path("<str:public_id>/verifikasi/mulai/", views_desk.desk_start, name="desk_start"),
    path(
        "<str:public_id>/verifikasi/daftar-periksa/",
        views_desk.desk_checklist,
        name="desk_checklist",
    ),
    path("<str:public_id>/verifikasi/butir/", views_desk.desk_item_add, name="desk_item_add"),
    path(
        "<str:public_id>/verifikasi/butir/<int:item_id>/tarik/",
        views_desk.desk_item_remove,
        name="desk_item_remove",
    ),
    path("<str:public_id>/verifikasi/putusan/", views_desk.desk_decide, name="desk_decide"),
    path("<str:public_id>/pengajuan/", views_desk.submission, name="submission"),
    path("<str:public_id>/pengajuan/kirim/", views_desk.submit, name="submit"),
    path(
        "<str:public_id>/pengajuan/butir/<int:item_id>/tanggapan/",
        views_desk.item_answer,
        name="item_answer",
    ),
]
