"""Domain errors of the legislative flow. Views turn them into messages and 4xx responses;
tests import the messages from here."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from renstra.errors import RenstraError


class LegislationError(RenstraError):
    """A request of the legislative flow that cannot be carried out (the message says why)."""


class NoPartnerCommission(LegislationError):
    message = _(
        "Belum ada komisi DPRD yang bermitra dengan perangkat daerah ini; "
        "admin Bappeda perlu mencatatnya terlebih dahulu."
    )


class ReviewWindowClosed(LegislationError):
    message = _(
        "Masa telaah DPRD untuk versi ini tidak sedang berjalan; catatan tidak dapat ditulis."
    )


class NotCommissionMember(LegislationError, PermissionDenied):
    message = _("Hanya anggota komisi mitra yang dapat melakukan ini.")


class ItemsUnanswered(LegislationError):
    message = _("Masih ada butir rekomendasi DPRD yang belum ditanggapi: %(items)s.")

    def __init__(self, message=None, *, items: Sequence[str] = (), **context):
        self.items = list(items)
        if message is None:
            message = self.message % {"items": ", ".join(self.items)}
        super().__init__(message, items=self.items, **context)


class PlanRatified(LegislationError):
    message = _(
        "Rencana ini sudah ditetapkan; tidak ada yang dapat diubah. Mulai perubahan Renstra."
    )


class RatificationRefused(LegislationError):
    """Ratification asked while preconditions are unmet; `unmet` lists their labels."""

    message = _("Penetapan ditolak. Syarat yang belum terpenuhi: %(unmet)s.")

    def __init__(self, message=None, *, unmet: Sequence[str] = (), **context):
        self.unmet = list(unmet)
        if message is None:
            message = self.message % {"unmet": "; ".join(self.unmet)}
        super().__init__(message, unmet=self.unmet, **context)


class ScanInvalid(LegislationError):
    message = _("Pindaian Perkada harus berkas PDF.")
