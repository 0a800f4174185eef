from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from .views import (
    accounts,
    cascade,
    document,
    document_files,
    exchange,
    health,
    plans,
    previous_period,
    reference,
    sections,
    two_factor,
)

app_patterns = (
    # Reference pages first: `<public_id>/…` plan routes must not shadow `acuan/…`.
    reference.urlpatterns
    + plans.urlpatterns
    + sections.urlpatterns
    + cascade.urlpatterns
    + exchange.urlpatterns
    + document.urlpatterns
    + previous_period.urlpatterns
    + document_files.urlpatterns,
    "renstra",
)

urlpatterns = [
    path("", plans.home, name="home"),
    path("masuk/", accounts.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/kata-sandi/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "akun/kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("bahasa/", set_language, name="set_language"),
    *two_factor.urlpatterns,
    *health.urlpatterns,
    path("rencana/", include(app_patterns)),
    path("tahapan/", include("stages.urls")),
    path("legislasi/", include("legislation.urls")),
    # Participation: public consultation pages (no login), organisations, comments.
    path("partisipasi/", include("participation.urls")),
    # Public portal (no login): ratified plans, consultations, open data.
    path("publik/", include("legislation.portal.urls")),
    # Public (no login): was this PDF issued by this system? (the QR code points here)
    *document_files.verify_urlpatterns,
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
