"""Keys and storage of rendered documents.

`content_key` names what a file shows: the same key is the same document, rendered once
and then served from storage. The file itself goes to the default storage (pluggable with
STORAGES["default"]) under a name made of its own SHA-256, and only a complete file is
ever stored: the render writes a temporary file, the hash is computed over it, then it is
copied into storage, and only then is the row marked done."""

import hashlib
from datetime import datetime
from pathlib import Path

from django.core.files import File
from django.db.models import DateTimeField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from ..models import (
    Chapter,
    DeclaredTotal,
    DocumentFile,
    Element,
    Funding,
    Indicator,
    IndicatorTarget,
    Plan,
    Section,
    StrategicIssue,
)

# Bump when the rendering around the document changes what a file looks like (the QR
# code, the PDF options); the document package may add its own version (RENDERER_VERSION).
JOBS_RENDERER_VERSION = "1"

_CONTENT_MODELS = (Chapter, Section, StrategicIssue, DeclaredTotal, Element, Indicator)
_CONTENT_MODELS_NO_RELATED = (IndicatorTarget, Funding)
_EPOCH = datetime.fromisoformat("2000-01-01T00:00:00+00:00")


def live_fingerprint(plan: Plan) -> str:
    """When the live draft last changed: the latest history date over the plan row and
    every content model of the plan (creations, edits and deletions all write a
    historical row). One query, on the history tables' plan and date indexes."""

    def latest(model, key: str = "plan_id"):
        historical = model.history.model  # type: ignore[attr-defined]
        sub = (
            historical.objects.filter(**{key: OuterRef("pk")})
            .order_by()
            .values(key)
            .annotate(m=Max("history_date"))
            .values("m")
        )
        return Coalesce(Subquery(sub), Value(_EPOCH), output_field=DateTimeField())

    parts = [latest(Plan, "id")]
    parts += [latest(m) for m in _CONTENT_MODELS + _CONTENT_MODELS_NO_RELATED]
    value = (
        Plan.objects.filter(pk=plan.pk)
        .annotate(changed=Greatest(*parts, output_field=DateTimeField()))
        .values_list("changed", flat=True)
        .first()
    )
    return value.isoformat() if value else ""


def content_key(
    *,
    plan: Plan,
    version_number: int | None,
    frozen_at: datetime | None,
    variant: str,
    document_version: str = "",
    language: str = "id",
) -> str:
    """The SHA-256 (hex) of everything that decides what the file shows.

    A frozen version is fixed by its number and `frozen_at`; the live draft (number None)
    by `live_fingerprint`, so an edit gives a new key and a stale PDF is not served."""
    if version_number is None:
        moment = "live:" + live_fingerprint(plan)
    else:
        moment = f"v{version_number}:" + (frozen_at.isoformat() if frozen_at else "")
    parts = [
        "renstra-document",
        f"plan:{plan.pk}:{plan.public_id}",
        moment,
        f"variant:{variant}",
        f"lang:{language}",
        f"jobs:{JOBS_RENDERER_VERSION}",
        f"document:{document_version}",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def file_sha256(path: Path | str, *, chunk_size: int = 1 << 20) -> tuple[str, int]:
    """(SHA-256 hex, size in bytes) of the file at `path`, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(chunk_size):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def stream_sha256(fh, *, limit: int, chunk_size: int = 1 << 20) -> tuple[str, int] | None:
    """SHA-256 hex and size of a file-like object; None when it is larger than `limit`."""
    digest = hashlib.sha256()
    size = 0
    while chunk := fh.read(chunk_size):
        size += len(chunk)
        if size > limit:
            return None
        digest.update(chunk)
    return digest.hexdigest(), size


def store_rendered(document_file: DocumentFile, path: Path, *, sha256: str) -> None:
    """Copy the complete rendered file at `path` into the default storage under its hash.

    Sets `file`, does not save the row: the caller marks it done in the same step. The
    stored name is content-addressed, so a retry after a crash between the copy and the
    row update finds its file again instead of leaving a half-written one in use."""
    document_file.sha256 = sha256
    name = document_file.file.field.generate_filename(document_file, "document.pdf")
    storage = document_file.file.storage
    if storage.exists(name):
        existing = storage.open(name, "rb")
        try:
            same = stream_sha256(existing, limit=1 << 40) == file_sha256(path)
        finally:
            existing.close()
        if not same:
            storage.delete(name)
    if not storage.exists(name):
        with open(path, "rb") as fh:
            name = storage.save(name, File(fh, name=Path(name).name))
    document_file.file.name = name
