import hashlib
import json

import pytest

from renstra.exchange.errors import ExchangeInvalid
from renstra.exchange.exporter import exchange_export, exchange_export_json
from renstra.exchange.importer import exchange_import
from renstra.models import (
    Chapter,
    DeclaredTotal,
    Element,
    Funding,
    Indicator,
    IndicatorTarget,
    Plan,
    RpjmdIndicator,
    RpjmdMisi,
    RpjmdProgram,
    RpjmdProgramCeiling,
    RpjmdSasaran,
    Section,
    StrategicIssue,
    UnitCeiling,
)
from tests.renstra.exchange_helpers import mutated, row_counts, sample_bytes, sample_doc, walk

pytestmark = pytest.mark.django_db


def _import(content=None, *, actor=None, filename="sample.json", region_create=True):
    return exchange_import(
        content=content if content is not None else sample_bytes(),
        filename=filename,
        actor=actor,
        region_create=region_create,
    )


def _all_indicators(doc):
    kinds = ["tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan"]
    return [i for kind in kinds for node in walk(doc, kind) for i in node.get("indicators", [])]


def test_sample_import_matches_the_file_count_by_count(superuser):
    doc = sample_doc()
    plan = _import(actor=superuser)
    elements = Element.objects.filter(plan=plan)
    assert elements.filter(kind="sub_kegiatan").count() == 41
    assert elements.filter(kind="kegiatan").count() == 14
    assert elements.filter(kind="program").count() == 5
    for kind in ("tujuan", "sasaran"):
        assert elements.filter(kind=kind).count() == len(walk(doc, kind))
    strategies = [s for o in walk(doc, "sasaran") for s in o.get("strategies", [])]
    assert elements.filter(kind="strategi").count() == len(strategies)
    assert elements.filter(kind="kebijakan").count() == sum(len(s["policies"]) for s in strategies)
    assert Chapter.objects.filter(plan=plan).count() == len(doc["chapters"])
    assert Section.objects.filter(plan=plan).count() == 13
    assert StrategicIssue.objects.filter(plan=plan).count() == len(doc["strategic_issues"])
    indicators = _all_indicators(doc)
    assert Indicator.objects.filter(plan=plan).count() == len(indicators)
    assert IndicatorTarget.objects.filter(plan=plan).count() == sum(
        len(i.get("targets", {})) for i in indicators
    )
    funded = [n for k in ("program", "kegiatan", "sub_kegiatan") for n in walk(doc, k)]
    assert Funding.objects.filter(plan=plan).count() == sum(len(n["funding"]) for n in funded)
    assert DeclaredTotal.objects.filter(plan=plan).count() == 1
    rpjmd = plan.rpjmd
    assert rpjmd.misi.count() == len(doc["rpjmd"]["misi"])
    assert rpjmd.programs.filter(units=plan.unit).count() == len(doc["rpjmd"]["programs"])
    assert RpjmdProgramCeiling.objects.filter(unit=plan.unit).count() == 25
    assert UnitCeiling.objects.filter(unit=plan.unit).count() == 5
    rpjmd_indicators = sum(
        len(e.get("indicators", []))
        for key in ("tujuan", "sasaran", "programs")
        for e in doc["rpjmd"][key]
    )
    assert RpjmdIndicator.objects.filter(rpjmd=rpjmd).count() == rpjmd_indicators
    assert plan.unit.head_name == doc["unit"]["head"]["name"]
    assert (plan.title, plan.start_year, plan.end_year) == (doc["title"], 2026, 2030)
    # Linked as in the file.
    objective = elements.get(ref="T1.S1")
    assert sorted(objective.issues.values_list("ref", flat=True)) == ["I1", "I2"]
    assert objective.rpjmd_sasaran.code == "1.1.1"
    assert elements.get(kind="program", code="1.02.02").rpjmd_program.code == "1.02.02"


def test_indicator_values_keep_text_and_derive_numbers(superuser):
    plan = _import(actor=superuser)
    ind = Indicator.objects.get(plan=plan, name="Angka Kematian Bayi (AKB)")
    assert ind.baseline == "9,8" and float(ind.baseline_number) == 9.8
    assert ind.final == "7,8" and float(ind.final_number) == 7.8
    target = ind.targets.get(year=2026)
    assert target.value == "9,4" and float(target.number) == 9.4
    sakip = RpjmdIndicator.objects.get(data__name="Predikat SAKIP Pemerintah Kabupaten Contoh")
    assert sakip.data["targets"]["2029"] == "A"


def test_blank_and_missing_years(superuser):
    def change(doc):
        ind = doc["goals"][0]["indicators"][0]
        ind["targets"] = {"2026": "", "2028": "5"}
        sub = doc["goals"][0]["objectives"][0]["programs"][0]["activities"][0]["sub_activities"][0]
        sub["funding"] = {"2026": "", "2027": "1000"}

    plan = _import(mutated(change), actor=superuser)
    ind = Indicator.objects.filter(plan=plan, element__ref="T1").order_by("position").first()
    assert list(ind.targets.values_list("year", "value", "number")) == [
        (2026, "", None),
        (2028, "5", 5),
    ]
    sub = Element.objects.filter(plan=plan, kind="sub_kegiatan").order_by("id").first()
    assert list(sub.funding.values_list("year", "amount")) == [(2026, None), (2027, 1000)]
    exported = exchange_export(plan=plan)
    assert exported["goals"][0]["indicators"][0]["targets"] == {"2026": "", "2028": "5"}


def test_round_trip_is_byte_identical(superuser):
    first = _import(actor=superuser)
    one = exchange_export_json(plan=first)
    second = _import(one.encode(), actor=superuser, filename="one.json", region_create=False)
    two = exchange_export_json(plan=second)
    assert one == two
    assert second.pk != first.pk and second.unit_id == first.unit_id
    assert second.rpjmd_id == first.rpjmd_id
    # The export says what the sample says (modulo key order and omitted empties).
    assert json.loads(one)["goals"] == sample_doc()["goals"]
    assert json.loads(one)["rpjmd"]["programs"] == sorted(
        sample_doc()["rpjmd"]["programs"], key=lambda p: p["code"]
    )


def test_reimport_keeps_reference_data_and_never_touches_the_first_plan(superuser):
    first = _import(actor=superuser)
    before = Element.objects.filter(plan=first).count()
    counts = (RpjmdMisi.objects.count(), RpjmdSasaran.objects.count(), RpjmdProgram.objects.count())
    second = _import(actor=superuser, region_create=False)
    assert Plan.objects.count() == 2 and second.pk != first.pk
    assert Element.objects.filter(plan=first).count() == before
    after = (RpjmdMisi.objects.count(), RpjmdSasaran.objects.count(), RpjmdProgram.objects.count())
    assert after == counts
    assert RpjmdProgramCeiling.objects.count() == 25


def test_existing_unit_is_filled_not_overwritten(superuser, region, unit):
    region.code, region.name = "99.01", "Kabupaten Contoh"
    region.save()
    unit.name, unit.abbreviation, unit.head_name = "Dinas Kesehatan Kabupaten Contoh", "DK", ""
    unit.save()
    plan = _import(actor=superuser, region_create=False)
    assert plan.unit_id == unit.pk
    unit.refresh_from_db()
    assert unit.abbreviation == "DK"
    assert unit.head_name == "dr. Ratna Kusumawardani, M.Kes."


def test_file_without_chapters_gets_the_skeleton(superuser):
    plan = _import(mutated(lambda d: d.pop("chapters")), actor=superuser)
    assert Chapter.objects.filter(plan=plan).count() == 8
    assert Section.objects.filter(plan=plan).count() == 13


def test_x_keys_are_accepted_and_ignored(superuser):
    def change(doc):
        doc["x-source"] = "SIPD"
        doc["goals"][0]["x-note"] = {"any": ["thing"]}
        doc["goals"][0]["indicators"][0]["x-id"] = 7
        doc["goals"][0]["objectives"][0]["programs"][0]["x-sipd"] = 1
        doc["rpjmd"]["sasaran"][0]["indicators"][0]["x-old"] = "ya"

    plan = _import(mutated(change), actor=superuser)
    assert "x-" not in exchange_export_json(plan=plan)
    assert exchange_export_json(plan=plan) == exchange_export_json(plan=_import(actor=superuser))


def test_section_html_is_sanitised(superuser):
    def change(doc):
        doc["chapters"][0]["sections"][0]["body"] = (
            '<p onclick="x()">Aman</p><script>alert(1)</script><img src=x onerror="alert(2)">'
            '<a href="javascript:alert(3)">tautan</a>'
        )
        doc["chapters"][3]["body"] = "<h3>Judul</h3><style>p{}</style><iframe></iframe>"

    plan = _import(mutated(change), actor=superuser)
    body = Section.objects.get(plan=plan, number="1.1").body
    assert "Aman" in body and "<p>" in body
    for bad in ("<script", "onerror", "onclick", "alert", "<img", "javascript:"):
        assert bad not in body
    chapter = Chapter.objects.get(plan=plan, number=4).body
    assert chapter == "<h3>Judul</h3>"


def test_history_names_file_sha256_and_user(superuser):
    content = sample_bytes()
    plan = _import(content, actor=superuser, filename="renstra-dinkes.json")
    record = plan.history.get()
    assert record.history_user == superuser
    reason = record.history_change_reason
    assert "renstra-dinkes.json" in reason
    assert hashlib.sha256(content).hexdigest() in reason
    assert superuser.username in reason
    element_record = Element.history.filter(plan_id=plan.pk).first()
    assert element_record.history_user == superuser
    assert "renstra-dinkes.json" in element_record.history_change_reason
    objective = Element.objects.get(plan=plan, ref="T1.S1")
    created = objective.history.get(history_type="+")
    assert sorted(r.strategicissue.ref for r in created.issues.all()) == ["I1", "I2"]


def _set(path, value):
    def change(doc):
        node = doc
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return change


PROGRAM = ["goals", 1, "objectives", 0, "programs", 1]
SUB = [*PROGRAM, "activities", 0, "sub_activities", 0]


@pytest.mark.parametrize(
    ("change", "path", "fragment"),
    [
        (_set([*PROGRAM, "code"], 102), "goals[1].objectives[0].programs[1].code", "teks"),
        (_set(["period", "start_year"], "2026"), "period.start_year", "bilangan bulat"),
        (lambda d: d["goals"][0].pop("ref"), "goals[0].ref", "wajib"),
        (_set([*PROGRAM, "rpjmd_program"], "9.99.99"), "programs[1].rpjmd_program", "9.99.99"),
        (_set(["goals", 1, "rpjmd_sasaran"], "7.7.7"), "goals[1].rpjmd_sasaran", "rpjmd.sasaran"),
        (
            _set(["goals", 0, "objectives", 0, "answers_issues"], ["I1", "I9"]),
            "goals[0].objectives[0].answers_issues[1]",
            "strategic_issues",
        ),
        (_set(["rpjmd", "sasaran", 0, "tujuan"], "8.8"), "rpjmd.sasaran[0].tujuan", "8.8"),
        (_set(["goals", 1, "ref"], "T1"), "goals[1].ref", "lebih dari sekali"),
        (_set([*PROGRAM, "kode"], "1.02.03"), "goals[1].objectives[0].programs[1].kode", "x-"),
        (_set(["unit", "singkatan"], "DK"), "unit.singkatan", "tidak dikenal"),
        (_set([*SUB, "funding", "20x6"], "1"), "sub_activities[0].funding.20x6", "tahun"),
        (_set([*SUB, "funding", "2035"], "1"), "sub_activities[0].funding.2035", "di luar periode"),
        (
            _set(["goals", 0, "indicators", 0, "targets", "2025"], "70"),
            "goals[0].indicators[0].targets.2025",
            "di luar periode",
        ),
        (_set([*SUB, "funding", "2026"], "1.234.567"), "sub_activities[0].funding.2026", "Rupiah"),
        (_set([*SUB, "funding", "2027"], 1000), "sub_activities[0].funding.2027", "teks"),
        (_set(["period", "end_year"], 2036), "period.end_year", "3 sampai 6 tahun"),
        (_set(["version"], 2), "version", "harus bernilai 1"),
        (
            _set(["chapters", 0, "sections", 1, "number"], "1.1"),
            "chapters[0].sections[1].number",
            "lebih dari sekali",
        ),
    ],
)
def test_invalid_files_are_refused_with_the_path_and_write_nothing(
    superuser, change, path, fragment
):
    before = row_counts()
    with pytest.raises(ExchangeInvalid) as caught:
        _import(mutated(change), actor=superuser)
    found = [e for e in caught.value.errors if path in e.path and fragment in str(e)]
    assert found, [str(e) for e in caught.value.errors]
    assert row_counts() == before


def test_bad_year_key_names_the_key(superuser):
    change = _set([*SUB, "funding", "20x6"], "1")
    with pytest.raises(ExchangeInvalid) as caught:
        _import(mutated(change), actor=superuser)
    paths = [e.path for e in caught.value.errors]
    assert (
        "goals[1].objectives[0].programs[1].activities[0].sub_activities[0].funding.20x6" in paths
    )


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00", b"[]", b'{"format": NaN}', b""])
def test_unreadable_files_are_refused(superuser, content):
    before = row_counts()
    with pytest.raises(ExchangeInvalid) as caught:
        _import(content, actor=superuser)
    assert caught.value.errors[0].path == "(root)"
    assert row_counts() == before


def test_all_errors_are_collected(superuser):
    def change(doc):
        doc["goals"][0]["ref"] = 1
        doc["goals"][1]["rpjmd_sasaran"] = "0"
        doc["unit"]["x"] = 1

    with pytest.raises(ExchangeInvalid) as caught:
        _import(mutated(change), actor=superuser)
    paths = {e.path for e in caught.value.errors}
    assert {"goals[0].ref", "goals[1].rpjmd_sasaran", "unit.x"} <= paths


def test_error_list_is_capped(superuser):
    def change(doc):
        for sub in walk(doc, "sub_kegiatan"):
            sub["funding"]["2026"] = "1,5"
            sub["code"] = 1

    with pytest.raises(ExchangeInvalid) as caught:
        _import(mutated(change), actor=superuser)
    assert len(caught.value.errors) == 50
    assert "kesalahan lain" in caught.value.errors[-1].message


def test_missing_region_is_an_error_without_region_create(superuser):
    before = row_counts()
    with pytest.raises(ExchangeInvalid) as caught:
        _import(actor=superuser, region_create=False)
    assert caught.value.errors[0].path == "region"
    assert "Kabupaten Contoh" in caught.value.errors[0].message
    assert row_counts() == before


def test_a_failure_late_in_the_import_rolls_everything_back(superuser, monkeypatch):
    from renstra.exchange import importer

    def boom(*args, **kwargs):
        raise RuntimeError("late failure")

    monkeypatch.setattr(importer, "_declared_totals", boom)
    before = row_counts()
    with pytest.raises(RuntimeError):
        _import(actor=superuser)
    assert row_counts() == before
