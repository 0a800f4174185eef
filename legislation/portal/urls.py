"""Public portal URLs (namespace `portal`, mounted at /publik/ by renstra/urls.py)."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("daerah/<int:region_id>/", views.region, name="region"),
    path("rencana/<str:public_id>/", views.plan, name="plan"),
    path("rencana/<str:public_id>/dokumen/", views.document, name="document"),
    path("rencana/<str:public_id>/pdf/", views.pdf, name="pdf"),
    path("rencana/<str:public_id>/data.json", views.data_json, name="data_json"),
    path("rencana/<str:public_id>/kaskade.csv", views.data_csv, name="data_csv"),
]
