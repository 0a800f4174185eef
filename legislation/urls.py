"""URLs of the legislative flow (`/legislasi/`, namespace "legislation"). The public
portal has its own module (`legislation.portal.urls`, mounted at `/publik/`)."""

from django.urls import path

from . import views

app_name = "legislation"

urlpatterns = [
    path("dprd/", views.member_home, name="member_home"),
    path("telaah/<int:review_id>/", views.review_detail, name="review"),
    path("telaah/<int:review_id>/dokumen/", views.review_document, name="review_document"),
    path("telaah/<int:review_id>/catatan/", views.note_add, name="note_add"),
    path("telaah/<int:review_id>/surat/", views.letter_issue, name="letter_issue"),
    path("telaah/<int:review_id>/setujui/", views.review_approve, name="review_approve"),
    path("butir/<int:item_id>/tanggapan/", views.item_respond, name="item_respond"),
    path("rencana/<str:public_id>/dprd/", views.plan_dprd, name="plan_dprd"),
    path("rencana/<str:public_id>/dprd/ajukan/", views.dprd_submit, name="dprd_submit"),
    path("rencana/<str:public_id>/dprd/selesai/", views.dprd_finish, name="dprd_finish"),
    path("rencana/<str:public_id>/penetapan/", views.ratify, name="ratify"),
    path(
        "rencana/<str:public_id>/penetapan/dokumen/",
        views.ratification_document,
        name="ratification_document",
    ),
    path("rencana/<str:public_id>/keterkaitan/", views.coverage, name="coverage"),
]
