"""GET /health/: JSON, 200 when every check passes, else 503. Public (no login) and never
cached. `?skip=worker` leaves out the worker (for a load balancer's probe of one web node,
which a stopped worker should not take out of rotation)."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..health import CHECKS, run_checks


@never_cache
@require_GET
def health(request):
    skip = {name for name in request.GET.get("skip", "").split(",") if name in CHECKS}
    checks = run_checks(skip)
    ok = all(result["ok"] for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503
    )


urlpatterns = [path("health/", health, name="health")]
