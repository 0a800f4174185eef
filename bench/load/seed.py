"""Seed the load-benchmark database: the 10x plan twice (one ratified and published for
the public portal, one under an open public consultation with 2,000 comments), a planner,
citizens who comment, their sessions, and a stored PDF. Writes LOAD_SEED_FILE
(URLs, session keys, CSRF secret) for the locustfile.

Run by bench/load/run.py with the environment of the benchmark database (DJANGO_SETTINGS_
MODULE, DATABASE_URL, REDIS_URL); not on its own unless you know what it drops."""

import hashlib
import json
import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE))

from bench.harness import make_plan  # noqa: E402

COMMENTS = 2000
CITIZENS = 400
PDF_BYTES = 2 * 1024 * 1024
# Session keys and ids for the locustfile: outside the repository (they are credentials
# of the benchmark database).
SEED_FILE = Path(os.environ.get("LOAD_SEED_FILE", "/tmp/renstra_load_seed.json"))


def make_plan_file(scale: int, folder: Path) -> bytes:
    return make_plan(scale, folder / f"plan-{scale}x.json", capture_output=True).read_bytes()


def stored_pdf(plan, version, label: str):
    """A done DocumentFile of `version` with a stored file of PDF_BYTES (what a download
    streams; rendering is the worker's job, measured by bench_pdf_variants.py)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from renstra.models import DocumentFile

    data = b"%PDF-1.7\n% load benchmark " + label.encode() + b"\n"
    data += b"%" + os.urandom(PDF_BYTES // 2).hex().encode()[: PDF_BYTES - len(data) - 8]
    data += b"\n%%EOF\n"
    sha = hashlib.sha256(data).hexdigest()
    now = timezone.now()
    document_file = DocumentFile(
        plan=plan,
        version_number=version.number,
        version_label=version.label,
        content_key=hashlib.sha256(f"load {sha}".encode()).hexdigest(),
        variant=DocumentFile.Variant.ARCHIVAL,
        status=DocumentFile.Status.DONE,
        requested_at=now,
        finished_at=now,
        sha256=sha,
        size=len(data),
        pages=1,
    )
    document_file.file.save(f"{sha}.pdf", ContentFile(data), save=False)
    document_file.save()
    return document_file


def session_for(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.module_loading import import_string

    store: SessionBase = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def main() -> None:
    import django

    django.setup()
    from django.utils import timezone

    from legislation.models import Ratification
    from participation.models import Comment, Consultation
    from renstra.exchange.importer import exchange_import
    from renstra.services.roles import role_grant
    from stages.models import Version
    from stages.versions import version_freeze
    from tests.factories import UserFactory
    from tests.stages.helpers import place

    root = UserFactory(username="root_load", is_superuser=True, is_staff=True)
    with tempfile.TemporaryDirectory() as tmp:
        content = make_plan_file(10, Path(tmp))
    ratified = exchange_import(content=content, filename="10x.json", actor=root, region_create=True)
    consulted = exchange_import(content=content, filename="10x.json", actor=root)
    unit = ratified.unit

    # Ratified and published (the public portal's plan page, document, PDF).
    version = version_freeze(plan=ratified, label="Renstra ditetapkan", kind=Version.Kind.RATIFIED)
    official = stored_pdf(ratified, version, "ratified")
    place(ratified, "penetapan")
    now = timezone.now()
    Ratification.objects.create(
        plan=ratified,
        version=version,
        perkada_number="12 Tahun 2026",
        perkada_date=date(2026, 1, 15),
        signatory="Bupati Contoh",
        signatory_title="Bupati",
        document=official,
        document_sha256=official.sha256,
        ratified_at=now,
        published_at=now,
    )

    # Under an open public consultation with 2,000 comments.
    frozen = version_freeze(
        plan=consulted, label="Rancangan konsultasi publik", kind=Version.Kind.CONSULTATION
    )
    draft_pdf = stored_pdf(consulted, frozen, "consultation")
    place(consulted, "rancangan")
    consultation = Consultation.objects.create(
        plan=consulted,
        version=frozen,
        kind=Consultation.Kind.PUBLIC,
        title="Konsultasi publik Renstra (uji beban)",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=14),
        audience=Consultation.Audience.PUBLIC,
    )
    authors = [UserFactory(username=f"warga_{i:04d}") for i in range(CITIZENS)]
    Comment.objects.bulk_create(
        [
            Comment(
                consultation=consultation,
                plan=consulted,
                version=frozen,
                author=authors[i % 50],
                body=f"Komentar uji beban nomor {i}: mohon target cakupan ditinjau kembali.",
                created_at=now - timedelta(minutes=COMMENTS - i),
            )
            for i in range(COMMENTS)
        ]
    )

    planner = UserFactory(username="perencana_load")
    role_grant(user=planner, role="planner", scope=unit)
    seed = {
        "ratified": ratified.public_id,
        "consulted": consulted.public_id,
        "consultation": consultation.public_id,
        "planner_document": [consulted.public_id, draft_pdf.pk],
        "planner_sessions": [session_for(planner) for _ in range(4)],
        "citizen_sessions": [session_for(user) for user in authors],
        "csrf": "LoadBenchCsrfSecret0123456789abc",  # 32 characters
        "comments": Comment.objects.filter(consultation=consultation).count(),
        "elements": consulted.elements.count(),
    }
    SEED_FILE.write_text(json.dumps(seed, indent=1))
    print(f"seeded: {seed['elements']} elements per plan, {seed['comments']} comments")


if __name__ == "__main__":
    main()
