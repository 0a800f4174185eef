"""Uploaded documents: the type is read from the content (never the name or the header
the browser sends), the size is limited."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..errors import OrganisationError

MAGIC = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


def document_max_bytes() -> int:
    return int(getattr(settings, "PARTICIPATION_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024))


def sniff_document(upload: UploadedFile) -> tuple[str, str]:
    """(content type, extension) of a PDF, PNG or JPEG upload, read from its first bytes.

    Raises OrganisationError for an empty, too large or other kind of file."""
    size = upload.size or 0
    if size == 0:
        raise OrganisationError(_("Berkas kosong."))
    if size > document_max_bytes():
        raise OrganisationError(
            _("Berkas terlalu besar (%(size)s); batasnya %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(document_max_bytes())}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, extension in MAGIC:
        if head.startswith(magic):
            return content_type, extension
    raise OrganisationError(
        _("Jenis berkas tidak diterima: unggah PDF, PNG, atau JPEG (dibaca dari isi berkas).")
    )
