"""Domain errors of comments, moderation and official responses (the consultation
window errors live in `errors.py`). Views turn them into messages and 4xx responses;
tests import the messages from here."""

from django.utils.translation import gettext_lazy as _

from renstra.errors import RenstraError


class CommentInvalid(RenstraError):
    message = _("Komentar tidak dapat disimpan.")
    empty = _("Tulis komentar Anda terlebih dahulu.")
    too_long = _("Teks terlalu panjang (paling banyak %(limit)s karakter).")
    quote_missing = _("Kutipan tidak ditemukan di subbab ini pada versi yang dikonsultasikan.")
    quote_empty = _("Pilih atau ketik bagian teks yang Anda komentari.")
    section_missing = _("Subbab tidak ada pada versi yang dikonsultasikan.")
    element_missing = _("Elemen tidak ada pada versi yang dikonsultasikan.")
    indicator_missing = _("Indikator tidak ada pada versi yang dikonsultasikan.")
    year_invalid = _("Tahun di luar periode rencana.")
    target_invalid = _("Pilih apa yang Anda komentari.")
    reply_hidden = _("Komentar yang disembunyikan tidak dapat dibalas.")


class RateLimited(RenstraError):
    message = _(
        "Anda telah mengirim terlalu banyak dalam waktu singkat. Coba lagi dalam %(minutes)s menit."
    )


class AttachmentRejected(RenstraError):
    message = _("Lampiran ditolak.")
    bad_type = _(
        "Lampiran harus berupa PDF, PNG, atau JPEG (jenis berkas dibaca dari isinya, "
        "bukan dari namanya)."
    )
    too_large = _("Lampiran terlalu besar: paling besar %(limit)s.")
    empty = _("Lampiran kosong.")


class ModerationError(RenstraError):
    message = _("Tindakan moderasi tidak dapat dilakukan.")
    reason_required = _("Tuliskan alasannya.")
    already_reported = _("Anda sudah melaporkan komentar ini.")
    own_comment = _("Anda tidak dapat melaporkan komentar Anda sendiri.")
    not_hidden = _("Komentar ini sedang tampil.")
    already_hidden = _("Komentar ini sudah disembunyikan.")


class ResponseInvalid(RenstraError):
    message = _("Tanggapan tidak dapat disimpan.")
    reason_required = _("Tuliskan alasan tanggapan.")
    link_required = _(
        "Untuk tanggapan “diterima” atau “diterima sebagian”, pilih versi dan subbab atau "
        "elemen tempat masukan diterapkan."
    )
    version_invalid = _("Versi tersebut bukan versi rencana ini.")
    place_missing = _("Subbab atau elemen tersebut tidak ada pada versi yang dipilih.")
    reply = _("Tanggapan resmi diberikan pada komentar utama, bukan pada balasan.")
    conflict = _(
        "Tanggapan ini telah diubah oleh orang lain sejak Anda membukanya. "
        "Periksa tanggapan terbaru di bawah ini; isian Anda masih ada di formulir."
    )
