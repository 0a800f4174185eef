"""`verify_renstra`: JSON shape, text table, exit codes."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from renstra.models import Funding, IndicatorTarget
from tests.stages.test_verification_rules import make_clean_plan

FINDING_KEYS = {
    "rule",
    "severity",
    "where",
    "indicator",
    "year",
    "field",
    "message",
    "message_en",
    "data",
}


def run(*args):
    out = StringIO()
    try:
        call_command("verify_renstra", *args, stdout=out)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue()


@pytest.fixture
def clean(plan):
    return make_clean_plan(plan)


def test_clean_plan_exits_0_with_empty_findings(plan, clean):
    code, out = run(plan.public_id, "--format", "json")
    assert code == 0
    assert json.loads(out) == {"plan": plan.public_id, "version": "current", "findings": []}


def test_errors_exit_1_and_json_matches_the_schema(plan, clean):
    IndicatorTarget.objects.filter(indicator=clean["ind_sub1"], year__in=[2027, 2028]).update(
        value=""
    )
    Funding.objects.filter(element=clean["sub2"], year=2026).update(amount=Decimal("-1"))
    code, out = run(plan.public_id, "--format", "json", "--version", "current")
    assert code == 1
    payload = json.loads(out)
    assert set(payload) == {"plan", "version", "findings"}
    assert payload["plan"] == plan.public_id
    assert payload["version"] == "current"
    for finding in payload["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] in ("error", "warning")
        assert isinstance(finding["where"], str)
        assert finding["year"] is None or isinstance(finding["year"], int)
        assert isinstance(finding["data"], dict)
        assert finding["message"] and finding["message_en"]
    v4 = [(f["where"], f["indicator"], f["year"], f["field"]) for f in payload["findings"]]
    assert ("1.02.02.2.01.0001", "Indikator sub 1", 2027, "target") in v4
    assert ("1.02.02.2.01.0001", "Indikator sub 1", 2028, "target") in v4
    v10 = [f for f in payload["findings"] if f["rule"] == "V10"]
    assert v10 == [
        {
            "rule": "V10",
            "severity": "error",
            "where": "1.02.02.2.01.0002",
            "indicator": None,
            "year": 2026,
            "field": "funding",
            "message": "Pagu tahun 2026 negatif.",
            "message_en": "The 2026 funding is negative.",
            "data": {"amount": "-1"},
        }
    ]


def test_warnings_only_exit_0(plan, clean):
    ind = clean["ind_kegiatan"]
    ind.formula = ""
    ind.save()
    code, out = run(plan.public_id, "--format", "json")
    assert code == 0
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["V16"]


def test_text_table_in_indonesian(plan, clean):
    IndicatorTarget.objects.filter(indicator=clean["ind_sub1"], year=2027).update(value="%")
    code, out = run(plan.public_id)
    assert code == 1
    assert "Aturan" in out and "Letak" in out and "Temuan" in out
    assert "Target tahun 2027 kosong." in out
    assert "1 kesalahan, " in out


def test_clean_plan_text(plan, clean):
    code, out = run(plan.public_id, "--format", "text")
    assert code == 0
    assert out.strip().endswith("0 kesalahan, 0 peringatan.")


def test_unknown_version_and_plan_are_usage_errors(plan, clean):
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_renstra", plan.public_id, "--version", "Rancangan", stdout=StringIO())
    assert excinfo.value.returncode == 2
    assert "current" in str(excinfo.value)
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_renstra", "tidak-ada", stdout=StringIO())
    assert excinfo.value.returncode == 2
