"""Domain errors of the plan core. Views turn them into messages and 4xx responses;
tests import the messages from here."""

from django.utils.translation import gettext_lazy as _


class RenstraError(Exception):
    message = _("Permintaan tidak dapat diproses.")

    def __init__(self, message=None, **context):
        self.context = context
        super().__init__(str(message or self.message))

    @property
    def text(self) -> str:
        return str(self.args[0])


class PlanLocked(RenstraError):
    message = _("Rencana ini sedang terkunci pada tahap ini; isinya tidak dapat diubah.")


class EditConflict(RenstraError):
    """Someone else saved the object since the editor opened it."""

    message = _(
        "Bagian ini telah diubah oleh orang lain sejak Anda membukanya. "
        "Perubahan Anda belum disimpan: bandingkan kedua versi di bawah ini."
    )

    def __init__(self, message=None, *, current, **context):
        self.current = current
        super().__init__(message, **context)


class ElementInUse(RenstraError):
    message = _("Elemen ini tidak dapat dihapus karena masih dirujuk oleh elemen lain.")


class InvalidMove(RenstraError):
    message = _("Elemen tidak dapat dipindahkan ke sana.")
