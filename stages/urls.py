from django.urls import path

from . import views

app_name = "stages"

urlpatterns = [
    path("<str:public_id>/", views.timeline, name="timeline"),
    path("<str:public_id>/pindah/<slug:to_stage>/", views.transition_view, name="transition"),
    path("<str:public_id>/versi/", views.versions, name="versions"),
    path("<str:public_id>/versi/<int:number>/", views.version_detail, name="version_detail"),
    path("<str:public_id>/banding/", views.compare, name="compare"),
]
