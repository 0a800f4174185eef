"""Open data of a ratified plan: the exchange JSON (valid against the shared schema and
validator, round-trips through the importer) and the cascade CSV (rows = the cascade,
totals right, spreadsheet-safe)."""

import csv
import io
import json
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from legislation.portal.opendata import COLUMNS, cascade_rows, spreadsheet_safe
from renstra.exchange.exporter import exchange_export
from renstra.exchange.importer import exchange_import
from renstra.exchange.validation import validate_document
from renstra.selectors.cascade import plan_tree
from stages.versions import version_content
from tests.factories import ElementFactory, IndicatorFactory, IndicatorTargetFactory, build_cascade
from tests.legislation.portal_helpers import ratify
from tests.renstra.exchange_helpers import sample_bytes

pytestmark = pytest.mark.django_db

VALIDATOR = settings.SHARED_DIR / "interchange" / "validate.py"


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sample_plan(superuser):
    """The shared sample (87 elements, RPJMD block, issues, declared totals), ratified."""
    plan = exchange_import(
        content=sample_bytes(), filename="sample.json", actor=superuser, region_create=True
    )
    ratify(plan)
    plan.refresh_from_db()
    return plan


def _get(client, name, plan, **extra):
    response = client.get(reverse(f"portal:{name}", args=[plan.public_id]), **extra)
    assert response.status_code == 200
    return response


# --- JSON -------------------------------------------------------------------------------


def test_json_is_the_exchange_format_and_passes_the_shared_validator(client, sample_plan, tmp_path):
    response = _get(client, "data_json", sample_plan)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="renstra-dinkes-2026-2030.json"'
    )
    doc = json.loads(response.content.decode("utf-8"))
    assert doc["format"] == "renstra-exchange" and doc["version"] == 1
    assert validate_document(doc=doc) == []
    assert doc == exchange_export(plan=sample_plan)
    # The shared command-line validator (schema + references), as a third party runs it.
    path = tmp_path / "open.json"
    path.write_bytes(response.content)
    result = subprocess.run(  # noqa: S603 (our interpreter, the shared validator, a temp file)
        [sys.executable, str(VALIDATOR), str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "OK"


def test_json_round_trips_through_the_importer(client, sample_plan, superuser):
    body = _get(client, "data_json", sample_plan).content
    again = exchange_import(content=body, filename="open.json", actor=superuser)
    assert again.pk != sample_plan.pk
    assert exchange_export(plan=again) == json.loads(body)


def test_json_of_a_factory_plan_round_trips(client, plan, superuser):
    build_cascade(plan, programs=2, kegiatan=1, subs=2)
    ratify(plan)
    body = _get(client, "data_json", plan).content
    assert validate_document(doc=json.loads(body)) == []
    again = exchange_import(content=body, filename="open.json", actor=superuser)
    assert exchange_export(plan=again) == json.loads(body)


# --- CSV --------------------------------------------------------------------------------


def _csv(response) -> list[dict[str, str]]:
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for spreadsheets
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == COLUMNS
    return list(reader)


def test_csv_rows_are_the_cascade_with_correct_totals(client, sample_plan):
    response = _get(client, "data_csv", sample_plan)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "renstra-dinkes-2026-2030-kaskade.csv" in response["Content-Disposition"]
    rows = _csv(response)
    tree = plan_tree(sample_plan)
    nodes = list(tree.walk())
    years = [str(y) for y in tree.years]

    # Every element once, in document order, with its parent.
    numbers = {}
    for row in rows:
        numbers.setdefault(int(row["no_elemen"]), row)
    assert len(numbers) == len(nodes)
    number_of = {}
    for i, node in enumerate(nodes, 1):
        row = numbers[i]
        element = node.element
        number_of[element.pk] = i
        assert row["tingkat"] == element.kind
        assert row["kode"] == spreadsheet_safe(element.code or element.ref)
        assert row["uraian"] == spreadsheet_safe(element.text)
        parent = number_of.get(element.parent_id)
        assert row["no_induk"] == ("" if parent is None else str(parent))

    # Every indicator × year with its target.
    for i, node in enumerate(nodes, 1):
        own = [r for r in rows if r["no_elemen"] == str(i)]
        if node.indicators:
            assert len(own) == len(node.indicators) * len(years)
            for indicator in node.indicators:
                targets = {str(t.year): t.value for t in indicator.targets.all()}
                mine = [r for r in own if r["indikator"] == spreadsheet_safe(indicator.name)]
                assert [r["tahun"] for r in mine] == years
                assert [r["target"] for r in mine] == [
                    spreadsheet_safe(targets.get(y, "")) for y in years
                ]
        elif node.funded:
            assert [r["tahun"] for r in own] == years
        else:
            assert len(own) == 1 and own[0]["tahun"] == ""

    # Funding: per element and year once; leaves sum to the plan's totals.
    for year in tree.years:
        leaves = [
            Decimal(r["pagu_rp"])
            for r in rows
            if r["tahun"] == str(year) and r["daun_pendanaan"] == "1"
        ]
        assert sum(leaves, Decimal(0)) == tree.totals[year]
        assert tree.totals[year] > 0
        tujuan = [
            Decimal(r["pagu_rp"])
            for r in rows
            if r["tahun"] == str(year) and r["tingkat"] == "tujuan" and r["pagu_rp"]
        ]
        assert sum(tujuan, Decimal(0)) == tree.totals[year]
    per_element_year = [(r["no_elemen"], r["tahun"]) for r in rows if r["pagu_rp"]]
    assert len(per_element_year) == len(set(per_element_year))


def test_csv_is_the_ratified_version(client, plan):
    build_cascade(plan, programs=1, kegiatan=1, subs=2)
    ratify(plan)
    body = _get(client, "data_csv", plan)
    version = plan.versions.get(kind="ratified")
    version.plan = plan
    expected = cascade_rows(version_content(version).tree)
    rows = _csv(body)
    assert len(rows) == len(expected)
    assert [r["pagu_rp"] for r in rows] == [
        "" if e.funding is None else str(int(e.funding)) for e in expected
    ]


def test_csv_cells_are_safe_from_formula_injection(client, plan):
    made = build_cascade(plan, programs=1, kegiatan=1, subs=1)
    sub = made["sub_kegiatan"][0]
    evil = ElementFactory(
        plan=plan,
        kind="sub_kegiatan",
        parent=made["kegiatan"][0],
        code="1.02.02.2.01.0009",
        text='=HYPERLINK("http://contoh.invalid","klik")',
        location="@SUM(A1:A9)",
        unit_in_charge="+cmd|' /C calc'!A0",
    )
    indicator = IndicatorFactory(element=sub, name="-2+3", unit="%")
    IndicatorTargetFactory(indicator=indicator, year=plan.start_year, value="-5")
    IndicatorTargetFactory(indicator=indicator, year=plan.start_year + 1, value="=1+1")
    ratify(plan)
    rows = _csv(_get(client, "data_csv", plan))
    evil_rows = [r for r in rows if r["kode"] == evil.code]
    assert evil_rows and all(r["uraian"].startswith("'=HYPERLINK") for r in evil_rows)
    assert all(r["lokasi"] == "'@SUM(A1:A9)" for r in evil_rows)
    assert all(r["unit_penanggung_jawab"].startswith("'+cmd") for r in evil_rows)
    targets = {r["tahun"]: r["target"] for r in rows if r["indikator"] == "'-2+3"}
    assert targets[str(plan.start_year)] == "-5"  # a plain negative number stays a number
    assert targets[str(plan.start_year + 1)] == "'=1+1"
    # Nothing in the file starts a cell with a formula character unless it is a number.
    for row in rows:
        for value in row.values():
            if value[:1] in ("=", "+", "-", "@"):
                assert re.fullmatch(r"[+-]?\d+(?:[.,]\d+)*%?", value), value


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+62 811", "'+62 811"),
        ("-", "'-"),
        ("-12,5", "-12,5"),
        ("-3%", "-3%"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("98%", "98%"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(value, safe):
    assert spreadsheet_safe(value) == safe


def test_open_data_of_an_unratified_plan_is_404(client, plan):
    build_cascade(plan)
    for name in ("data_json", "data_csv"):
        assert client.get(reverse(f"portal:{name}", args=[plan.public_id])).status_code == 404
