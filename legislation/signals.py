"""When the official PDF of a ratified plan is stored (by the worker or right after the
ratification), its SHA-256 is written into the ratification, once."""

from django.db.models.signals import post_save

from renstra.models import DocumentFile


def record_official_hash(sender, instance: DocumentFile, created=False, **kwargs) -> None:
    if instance.status != DocumentFile.Status.DONE or not instance.sha256:
        return
    from .models import Ratification
    from .services import ratification_document_stored

    for ratification in Ratification.objects.filter(document=instance, document_sha256=""):
        ratification_document_stored(ratification=ratification, document=instance)


def connect() -> None:
    post_save.connect(
        record_official_hash, sender=DocumentFile, dispatch_uid="legislation-official-hash"
    )
