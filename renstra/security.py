"""Login security: the client address behind proxies (django-axes) and the second factor
(django-otp TOTP) required of administrators and ratifiers."""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device

from .models import RegionGroupObjectPermission, RegionUserObjectPermission

# Region permissions whose holders must use a second factor (roles region_admin, ratifier).
TWO_FACTOR_PERMISSIONS = ("administer_region", "ratify_region_plans")
_SESSION_KEY = "renstra_2fa_required"
_RECHECK_SECONDS = 60


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or, behind RENSTRA_TRUSTED_PROXY_COUNT proxies,
    the address the outermost trusted proxy saw (X-Forwarded-For is appended to by each
    proxy; anything to the left of that may be forged by the client)."""
    count = settings.RENSTRA_TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def requires_two_factor(user) -> bool:
    """Superusers, staff, region administrators and ratifiers need a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    held = Q(permission__codename__in=TWO_FACTOR_PERMISSIONS)
    return (
        RegionUserObjectPermission.objects.filter(held, user=user).exists()
        or RegionGroupObjectPermission.objects.filter(held, group__user=user).exists()
    )


def _requires_two_factor_cached(request: HttpRequest) -> bool:
    # Re-checked every minute, so a role granted during a session takes effect quickly
    # without a query on every request.
    cached = request.session.get(_SESSION_KEY)
    now = time.time()
    if cached and cached[0] == request.user.pk and now - cached[1] < _RECHECK_SECONDS:
        return cached[2]
    required = requires_two_factor(request.user)
    request.session[_SESSION_KEY] = (request.user.pk, now, required)
    return required


class TwoFactorRequiredMiddleware:
    """After login, a user who needs a second factor reaches no page before entering a TOTP
    code (or enrolling a device first). Needs django_otp's OTPMiddleware before it.
    Switched by RENSTRA_REQUIRE_2FA (on by default)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_verify(request):
            url = "two_factor_verify" if user_has_device(request.user) else "two_factor_setup"
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(url)}?{query}")
        return self.get_response(request)

    def _must_verify(self, request: HttpRequest) -> bool:
        if not settings.RENSTRA_REQUIRE_2FA:
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return False
        if request.path.startswith(_exempt_prefixes()):
            return False
        return _requires_two_factor_cached(request)


def _exempt_prefixes() -> tuple[str, ...]:
    return (
        reverse("two_factor_setup"),
        reverse("two_factor_verify"),
        reverse("logout"),
        reverse("set_language"),
        reverse("health"),
        "/" + settings.STATIC_URL.lstrip("/"),
    )
