"""Backup and restore (scripts/backup.sh, scripts/restore.sh, docs/deploy.md): a dump of
the database restored into an empty one, with the media directory, has the same plans,
history rows and audit chain, and the stored PDFs with the same SHA-256."""

import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils import timezone
from weasyprint import HTML

from renstra.document.storage import store_rendered
from renstra.models import DocumentFile
from renstra.services.cascade import issue_create
from tests.factories import PlanFactory, build_cascade

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="backup and restore use pg_dump/pg_restore: run with DATABASE_URL=postgres://…",
    ),
]

# Tables compared row for row: plans and their content, every history table, the audit
# chain, the rendered files.
COMPARED_PREFIXES = ("renstra_", "stages_")


def _conninfo(dbname: str) -> str:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params["dbname"] = dbname
    return psycopg.conninfo.make_conninfo(
        **{k: v for k, v in params.items() if isinstance(v, str | int)}
    )


def _url(dbname: str) -> str:
    s = connection.settings_dict
    user = s["USER"] or "postgres"
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{dbname}"


def _fingerprints(dbname: str) -> dict[str, tuple[int, str]]:
    """Per table: row count and an MD5 over every row's text, in primary-key order."""
    result = {}
    with psycopg.connect(_conninfo(dbname), autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
            if row[0].startswith(COMPARED_PREFIXES)
        ]
        for table in tables:
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: S608,E501
            ).fetchone()
            result[table] = (count, digest)
    return result


def _run(script: str, *args: str, dbname: str, media: Path) -> str:
    env = {**os.environ, "DATABASE_URL": _url(dbname), "MEDIA_ROOT": str(media)}
    env.pop("S3_BUCKET", None)
    done = subprocess.run(  # noqa: S603 - our own scripts
        [str(BASE_DIR / "scripts" / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


@pytest.fixture
def restore_db():
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_into_an_empty_database_with_plans_history_and_pdfs(
    tmp_path, settings_media, restore_db, unit
):
    plan = PlanFactory(unit=unit)
    build_cascade(plan, programs=2, kegiatan=2, subs=2)
    issue_create(plan=plan, text="Isu strategis uji", actor=None)
    pdf = tmp_path / "render.pdf"
    HTML(string="<h1>Renstra</h1><p>Dokumen uji cadangan.</p>").write_pdf(pdf)
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    document_file = DocumentFile(
        plan=plan,
        content_key=sha,
        variant="pdf",
        status=DocumentFile.Status.DONE,
        requested_at=timezone.now(),
        size=pdf.stat().st_size,
    )
    store_rendered(document_file, pdf, sha256=sha)
    document_file.save()
    stored_name = document_file.file.name

    source_db = connection.settings_dict["NAME"]
    before = _fingerprints(source_db)
    assert before["renstra_historicalelement"][0] > 10
    assert before["renstra_auditlink"][0] > 10

    backup_dir = Path(
        _run("backup.sh", str(tmp_path / "backups"), dbname=source_db, media=settings_media)
    )
    assert {p.name for p in backup_dir.iterdir()} == {"db.dump", "media.tar", "SHA256SUMS"}

    restored_media = tmp_path / "restored-media"
    _run("restore.sh", str(backup_dir), dbname=restore_db, media=restored_media)

    assert _fingerprints(restore_db) == before
    with psycopg.connect(_conninfo(restore_db), autocommit=True) as conn:
        name, stored_sha = conn.execute(
            "SELECT file, sha256 FROM renstra_documentfile WHERE id = %s", [document_file.pk]
        ).fetchone()
    assert (name, stored_sha) == (stored_name, sha)
    assert hashlib.sha256((restored_media / name).read_bytes()).hexdigest() == sha

    # The restored database's audit chain verifies with the application itself.
    env = {**os.environ, "DATABASE_URL": _url(restore_db), "SECRET_KEY": "x"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    verify = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "audit_verify", plan.public_id],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "audit chain(s) intact" in verify.stdout


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, settings_media, unit):
    PlanFactory(unit=unit)
    source_db = connection.settings_dict["NAME"]
    backup_dir = _run("backup.sh", str(tmp_path / "b"), dbname=source_db, media=settings_media)
    env = {**os.environ, "DATABASE_URL": _url(source_db), "MEDIA_ROOT": str(tmp_path / "m")}
    done = subprocess.run(  # noqa: S603
        [str(BASE_DIR / "scripts" / "restore.sh"), backup_dir],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "restore into an empty one" in done.stderr


def test_restore_refuses_a_corrupted_backup(tmp_path, settings_media, restore_db, unit):
    PlanFactory(unit=unit)
    source_db = connection.settings_dict["NAME"]
    backup_dir = Path(
        _run("backup.sh", str(tmp_path / "b"), dbname=source_db, media=settings_media)
    )
    with open(backup_dir / "db.dump", "r+b") as fh:
        fh.seek(200)
        fh.write(b"\x00\xff\x00\xff")
    env = {**os.environ, "DATABASE_URL": _url(restore_db), "MEDIA_ROOT": str(tmp_path / "m")}
    done = subprocess.run(  # noqa: S603
        [str(BASE_DIR / "scripts" / "restore.sh"), str(backup_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "FAILED" in done.stdout + done.stderr
    with psycopg.connect(_conninfo(restore_db), autocommit=True) as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone() == (0,)


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT
