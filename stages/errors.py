"""Domain errors of the stages app. Views turn them into messages and 4xx responses;
tests import the messages from here."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from renstra.errors import RenstraError


class TransitionNotAllowed(RenstraError):
    """The move is not in the table of allowed transitions (or the stage is unknown)."""

    message = _("Perpindahan tahap dari “%(source)s” ke “%(target)s” tidak diizinkan.")

    def __init__(self, message=None, *, source: str = "", target: str = "", **context):
        self.source, self.target = source, target
        if message is None:
            message = self.message % {"source": source, "target": target}
        super().__init__(message, source=source, target=target, **context)


class TransitionForbidden(RenstraError, PermissionDenied):
    """The move is allowed, but not to this user (a 403 if a view does not catch it)."""

    message = _("Anda tidak berwenang memindahkan rencana ke tahap ini.")


class VersionNotFound(RenstraError):
    message = _("Versi rencana tidak ditemukan.")
