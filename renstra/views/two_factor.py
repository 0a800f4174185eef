"""The second factor: enrol an authenticator app (QR code) and enter its code after login.
Reached through `security.TwoFactorRequiredMiddleware`; any logged-in user may enrol."""

from base64 import b32encode
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device

from ..document.qr import verify_qr_data_uri
from ..services.two_factor import (
    TotpThrottled,
    totp_device_confirm,
    totp_device_pending,
    totp_verify,
)

THROTTLED = gettext_lazy(
    "Terlalu banyak kode yang salah. Tunggu beberapa detik, lalu masukkan kode yang baru."
)


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("Kode dari aplikasi autentikator"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("Kode terdiri dari 6 angka.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Show the key of a new authenticator (QR code and text) and confirm it with a code."""
    try:
        device = totp_device_pending(user=request.user)
    except PermissionError:
        messages.info(request, _("Aplikasi autentikator Anda sudah terdaftar."))
        return redirect(_url("two_factor_verify", request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("token", THROTTLED)
        elif totp_device_confirm(device=device, token=form.cleaned_data["token"].strip()):
            otp_login(request, device)
            messages.success(request, _("Verifikasi dua langkah aktif."))
            return redirect(_next_url(request))
        else:
            form.add_error("token", _("Kode tidak cocok. Periksa jam ponsel Anda dan coba lagi."))
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr": verify_qr_data_uri(device.config_url),
            "secret": _grouped(device.bin_key),
            "next": _next_url(request),
        },
        status=200 if request.method == "GET" or form.is_valid() else 400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """Ask for the current code of the user's authenticator."""
    if not user_has_device(request.user):
        return redirect(_url("two_factor_setup", request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_verify(user=request.user, token=form.cleaned_data["token"].strip())
        except TotpThrottled:
            form.add_error("token", THROTTLED)
        else:
            if device is not None:
                otp_login(request, device)
                return redirect(_next_url(request))
            form.add_error("token", _("Kode tidak cocok atau sudah dipakai."))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=200 if request.method == "GET" else 400,
    )


def _url(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _grouped(key: bytes) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


urlpatterns = [
    path("akun/dua-langkah/", two_factor_verify, name="two_factor_verify"),
    path("akun/dua-langkah/daftar/", two_factor_setup, name="two_factor_setup"),
]
