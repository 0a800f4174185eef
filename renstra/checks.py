"""System checks of the project's own settings."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


def _has_secret_key() -> bool:
    # Django itself refuses to read an empty SECRET_KEY (ImproperlyConfigured).
    try:
        return bool(settings.SECRET_KEY)
    except ImproperlyConfigured:
        return False


@register(deploy=True)
def secret_key_required(app_configs=None, **kwargs) -> list[Error]:
    """SECRET_KEY must be set when DEBUG is off (renstra.E001)."""
    if settings.DEBUG or _has_secret_key():
        return []
    return [
        Error(
            "SECRET_KEY must be set when DEBUG is off.",
            hint="Set the SECRET_KEY environment variable (see .env.example), "
            "or DEBUG=1 for development.",
            id="renstra.E001",
        )
    ]


def require_secret_key() -> None:
    """Refuse to start a web server without a SECRET_KEY (called by wsgi.py / asgi.py)."""
    if not settings.DEBUG and not _has_secret_key():
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
