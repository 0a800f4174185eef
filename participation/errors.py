"""Domain errors of the participatory flow. Views turn them into messages and 4xx
responses; tests import the messages from here."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from renstra.errors import RenstraError


class ConsultationNotOpen(RenstraError):
    """A write outside the consultation's window (or after the unit closed it)."""

    message = _("Konsultasi ini tidak sedang dibuka.")
    not_yet = _("Konsultasi ini belum dibuka. Masukan dapat diberikan mulai %(when)s WIB.")
    ended = _("Konsultasi ini telah ditutup pada %(when)s WIB. Masukan tidak lagi diterima.")


class NotInAudience(RenstraError, PermissionDenied):
    """The user is not among the people this consultation asks (a 403 if not caught)."""

    message = _("Anda tidak termasuk peserta konsultasi ini.")
    login = _("Masuk terlebih dahulu untuk memberikan masukan.")
    no_organisation = _(
        "Konsultasi ini hanya untuk anggota organisasi terverifikasi. "
        "Daftarkan organisasi Anda atau bergabunglah dengan organisasi yang terverifikasi."
    )
    unverified = _(
        "Organisasi Anda (%(organisation)s) belum terverifikasi. "
        "Konsultasi ini hanya untuk anggota organisasi terverifikasi."
    )
    not_invited = _(
        "Organisasi Anda tidak diundang ke konsultasi ini. "
        "Hanya anggota organisasi yang diundang dapat memberikan masukan."
    )
    unconfirmed = _("Konfirmasi alamat e-mail Anda terlebih dahulu sebelum memberikan masukan.")


class ConsultationUnanswered(RenstraError):
    message = _(
        "Konsultasi belum dapat ditutup sebagai “semua masukan dijawab”: "
        "%(count)s masukan belum dijawab."
    )


class ConsultationAlreadyClosed(RenstraError):
    message = _("Konsultasi ini sudah ditutup.")


class ConsultationInvalid(RenstraError):
    """Bad window, audience or stage when opening a consultation."""

    message = _("Konsultasi tidak dapat dibuka.")


class OrganisationError(RenstraError):
    message = _("Permintaan organisasi tidak dapat diproses.")


class RegistrationError(RenstraError):
    message = _("Pendaftaran tidak dapat diproses.")


class ProposalError(RenstraError):
    message = _("Usulan tidak dapat diproses.")


class MinutesError(RenstraError):
    message = _("Berita acara tidak dapat disimpan.")
