import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renstra.exchange.exporter import exchange_export, exchange_export_json
from renstra.exchange.importer import exchange_import
from renstra.exchange.validation import validate_document
from tests.factories import build_cascade
from tests.renstra.exchange_helpers import sample_bytes, sample_doc

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(superuser):
    return exchange_import(
        content=sample_bytes(), filename="sample.json", actor=superuser, region_create=True
    )


def test_export_is_valid_and_in_the_format_key_order(imported):
    doc = exchange_export(plan=imported)
    assert validate_document(doc=doc) == []
    assert list(doc) == list(sample_doc())
    program = doc["goals"][0]["objectives"][0]["programs"][0]
    assert list(program)[:4] == ["code", "name", "statement", "rpjmd_program"]
    assert list(program)[-1] == "activities"
    indicator = program["indicators"][0]
    assert list(indicator) == [
        "name", "unit", "kind", "polarity", "nature", "baseline", "targets", "final",
        "formula", "data_source", "tags",
    ]  # fmt: skip


def test_export_text_is_indented_utf8_json(imported):
    text = exchange_export_json(plan=imported)
    assert text.endswith("}\n") and text.startswith('{\n  "format": "renstra-exchange"')
    assert "–" in text  # ensure_ascii=False
    assert json.loads(text) == exchange_export(plan=imported)


def test_empty_optional_fields_are_omitted(plan):
    build_cascade(plan, programs=1, kegiatan=1, subs=1)
    doc = exchange_export(plan=plan)
    assert "rpjmd" not in doc and "strategic_issues" not in doc
    goal = doc["goals"][0]
    assert goal == {"ref": "T1", "text": "Tujuan uji", "objectives": goal["objectives"]}
    sub = goal["objectives"][0]["programs"][0]["activities"][0]["sub_activities"][0]
    assert set(sub) == {"code", "name", "funding", "unit_in_charge", "location"}
    assert sub["funding"]["2026"] == "1000000"
    assert validate_document(doc=doc) == []


def test_export_queries_do_not_grow_with_the_plan(imported, plan, superuser):
    build_cascade(plan, programs=1, kegiatan=1, subs=1)
    with CaptureQueriesContext(connection) as small:
        exchange_export(plan=plan)
    with CaptureQueriesContext(connection) as large:
        exchange_export(plan=imported)
    # The large plan has an RPJMD block (a fixed number of extra queries); the cascade
    # itself costs the same whatever its size.
    assert len(large) <= len(small) + 8
    assert len(large) < 30
