import hashlib

import pytest
from django.core.management import CommandError, call_command

from renstra.models import Element, Plan
from tests.renstra.exchange_helpers import SAMPLE, mutated, row_counts

pytestmark = pytest.mark.django_db


def _run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_the_public_id_last_and_records_the_user(superuser):
    out, _err = _run("import_renstra", str(SAMPLE), "--region-create", "--as", superuser.username)
    public_id = out.strip().splitlines()[-1]
    plan = Plan.objects.get(public_id=public_id)
    assert Element.objects.filter(plan=plan, kind="sub_kegiatan").count() == 41
    record = plan.history.get()
    assert record.history_user == superuser
    assert SAMPLE.name in record.history_change_reason
    assert hashlib.sha256(SAMPLE.read_bytes()).hexdigest() in record.history_change_reason
    assert superuser.username in record.history_change_reason


def test_import_without_region_create_names_the_region():
    before = row_counts()
    with pytest.raises(CommandError):
        _run("import_renstra", str(SAMPLE))
    assert row_counts() == before
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_renstra", str(SAMPLE), stderr=err)
    assert "Kabupaten Contoh" in err.getvalue()


def test_import_of_an_invalid_file_reports_paths_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(mutated(lambda d: d["goals"][0].update(ref=7)))
    before = row_counts()
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError, match="tidak ada yang diimpor"):
        call_command("import_renstra", str(bad), "--region-create", stderr=err)
    assert "goals[0].ref" in err.getvalue()
    assert row_counts() == before


def test_unknown_user_and_missing_file_are_command_errors(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        _run("import_renstra", str(SAMPLE), "--as", "nobody")
    with pytest.raises(CommandError):
        _run("import_renstra", str(tmp_path / "missing.json"))


def test_export_import_export_is_byte_identical(tmp_path):
    out, _ = _run("import_renstra", str(SAMPLE), "--region-create")
    first = tmp_path / "first.json"
    _run("export_renstra", out.split()[-1], "-o", str(first))
    out, _ = _run("import_renstra", str(first))
    second = tmp_path / "second.json"
    _run("export_renstra", out.split()[-1], "-o", str(second))
    assert first.read_bytes() == second.read_bytes()
    stdout, _ = _run("export_renstra", out.split()[-1])
    assert stdout.encode() == second.read_bytes()


def test_export_of_an_unknown_plan_is_an_error():
    with pytest.raises(CommandError):
        _run("export_renstra", "tidak-ada")
