"""The verification engine, rule by rule: each test breaks one thing in a clean plan and
checks that exactly the expected finding is reported at the right place."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renstra.models import (
    DeclaredTotal,
    Funding,
    IndicatorTarget,
    NomenclatureItem,
    NomenclatureVersion,
    Rpjmd,
    RpjmdIndicator,
    RpjmdProgram,
    RpjmdProgramCeiling,
    RpjmdSasaran,
    StrategicIssue,
    UnitCeiling,
)
from renstra.selectors.cascade import plan_tree
from stages.verification import RULES_BY_ID, registry, verify_plan
from tests.factories import (
    ElementFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    PlanFactory,
    build_cascade,
)

SUB1 = "1.02.02.2.01.0001"
YEARS = [2026, 2027, 2028, 2029, 2030]
RISING = ["12", "14", "16", "18", "20"]


def add_indicator(element, *, name=None, kind="output", targets=RISING, **kwargs):
    fields = {
        "unit": "%",
        "polarity": "positive",
        "nature": "absolute",
        "baseline": "10",
        "final": targets[-1],
        "formula": "(a / b) x 100%",
        "data_source": "Laporan bidang",
    }
    fields.update(kwargs)
    ind = IndicatorFactory(
        element=element, kind=kind, name=name or f"Indikator {element}", **fields
    )
    for year, value in zip(YEARS, targets, strict=True):
        IndicatorTargetFactory(indicator=ind, year=year, value=value, number=Decimal(value))
    return ind


RPJMD_PROGRAM_INDICATOR = {
    "name": "Persentase layanan kesehatan sesuai standar",
    "unit": "%",
    "kind": "outcome",
    "polarity": "positive",
    "nature": "absolute",
    "baseline": "10",
    "targets": dict(zip([str(y) for y in YEARS], RISING, strict=True)),
    "final": "20",
}


def make_clean_plan(plan) -> dict:
    """A small plan on which no rule reports anything; returns its parts by name."""
    region = plan.unit.region
    rpjmd = Rpjmd.objects.create(region=region, start_year=2026, end_year=2030)
    sasaran_ref = RpjmdSasaran.objects.create(rpjmd=rpjmd, code="1.1.1", text="Sasaran RPJMD")
    program_ref = RpjmdProgram.objects.create(
        rpjmd=rpjmd, code="1.02.02", name="Program RPJMD", sasaran=sasaran_ref
    )
    program_ref.units.add(plan.unit)
    RpjmdIndicator.objects.create(rpjmd=rpjmd, program=program_ref, data=RPJMD_PROGRAM_INDICATOR)
    for year in YEARS:
        UnitCeiling.objects.create(
            rpjmd=rpjmd, unit=plan.unit, year=year, amount=Decimal("5000000")
        )
        RpjmdProgramCeiling.objects.create(
            program=program_ref, unit=plan.unit, year=year, amount=Decimal("3000000")
        )
    plan.rpjmd = rpjmd
    plan.save(update_fields=["rpjmd"])

    made = build_cascade(plan)
    tujuan, sasaran = made["tujuan"][0], made["sasaran"][0]
    program, kegiatan = made["program"][0], made["kegiatan"][0]
    sub1, sub2 = made["sub_kegiatan"]
    for el in (tujuan, sasaran):
        el.rpjmd_sasaran = sasaran_ref
        el.save(update_fields=["rpjmd_sasaran"])
    program.rpjmd_program = program_ref
    program.save(update_fields=["rpjmd_program"])
    strategi = ElementFactory(plan=plan, kind="strategi", parent=sasaran, text="Strategi uji")
    ElementFactory(plan=plan, kind="kebijakan", parent=strategi, text="Arah kebijakan uji")
    issue = StrategicIssue.objects.create(plan=plan, ref="I1", text="Isu uji")
    sasaran.issues.add(issue)

    made.update(
        rpjmd=rpjmd,
        sasaran_ref=sasaran_ref,
        program_ref=program_ref,
        strategi=strategi,
        issue=issue,
        ind_tujuan=add_indicator(tujuan, kind="outcome", name="IKU tujuan"),
        ind_sasaran=add_indicator(sasaran, kind="outcome", name="IKU sasaran"),
        ind_program=add_indicator(program, kind="outcome", name=RPJMD_PROGRAM_INDICATOR["name"]),
        ind_kegiatan=add_indicator(kegiatan, name="Indikator kegiatan"),
        ind_sub1=add_indicator(sub1, name="Indikator sub 1"),
        ind_sub2=add_indicator(sub2, name="Indikator sub 2"),
        sub1=sub1,
        sub2=sub2,
    )
    # Declared totals that agree with the leaves (2 sub kegiatan x 1.000.000 a year).
    for year in YEARS:
        Funding.objects.create(element=kegiatan, plan=plan, year=year, amount=Decimal("2000000"))
    program.funding_final = Decimal("10000000")
    program.save(update_fields=["funding_final"])
    DeclaredTotal.objects.create(
        plan=plan,
        code="1.02",
        funding={str(y): "2000000" for y in YEARS},
        funding_final="10000000",
    )
    return made


@pytest.fixture
def clean(plan):
    return make_clean_plan(plan)


def found(plan, rule=None):
    return [f for f in verify_plan(plan) if rule is None or f.rule == rule]


def where(findings):
    return [(f.rule, f.severity, f.where, f.indicator, f.year, f.field) for f in findings]


def set_target(indicator, year, value):
    IndicatorTarget.objects.filter(indicator=indicator, year=year).update(value=value)


# --- the clean plan and the engine -----------------------------------------------------


def test_clean_plan_reports_nothing(plan, clean):
    assert verify_plan(plan) == []


def test_registry_lists_every_rule_with_titles():
    ids = [r["id"] for r in registry()]
    assert ids[:21] == [f"V{n}" for n in range(1, 22)]
    assert {"X1", "X2", "X3"} <= set(ids)
    for manual in ("V17", "V21"):
        assert RULES_BY_ID[manual].kind == "manual"
        assert RULES_BY_ID[manual].check is None
    assert RULES_BY_ID["V14"].kind == "service"
    for rule in ("V7", "V16", "V18"):
        assert RULES_BY_ID[rule].kind == "auto+manual"
    assert all(r["title"] and r["title_en"] for r in registry())


def test_rules_read_only_the_context(plan, clean):
    """Given a tree, the engine's queries are the reference data only (no per-element query),
    so the same rules run on a frozen version's tree."""
    for _ in range(3):
        build_cascade(plan, programs=2)
    tree = plan_tree(plan)
    with CaptureQueriesContext(connection) as small:
        verify_plan(plan, tree=tree)
    assert len(small) <= 12


def test_query_count_does_not_grow_with_the_plan(plan, clean):
    with CaptureQueriesContext(connection) as before:
        verify_plan(plan)
    build_cascade(plan, programs=3, kegiatan=2, subs=3)
    with CaptureQueriesContext(connection) as after:
        verify_plan(plan)
    assert len(after) == len(before)


def test_findings_come_in_document_order(plan, clean):
    set_target(clean["ind_sub2"], 2027, "")
    set_target(clean["ind_tujuan"], 2028, "")
    clean["issue"].answered_by.clear()
    result = where(found(plan))
    assert result == [
        ("V18", "warning", "I1", None, None, "link"),
        ("V4", "error", "T1", "IKU tujuan", 2028, "target"),
        ("V4", "error", "1.02.02.2.01.0002", "Indikator sub 2", 2027, "target"),
    ]


def test_finding_json_shape(plan, clean):
    Funding.objects.filter(element=clean["sub1"], year=2026).update(amount=Decimal("-5"))
    finding = found(plan, "V10")[0]
    assert finding.element_id == clean["sub1"].pk
    assert finding.to_json() == {
        "rule": "V10",
        "severity": "error",
        "where": "1.02.02.2.01.0001",
        "indicator": None,
        "year": 2026,
        "field": "funding",
        "message": "Pagu tahun 2026 negatif.",
        "message_en": "The 2026 funding is negative.",
        "data": {"amount": "-5"},
    }


# --- V1–V3 -------------------------------------------------------------------------------


def test_v1_tujuan_without_rpjmd_link(plan, clean):
    tujuan = clean["tujuan"][0]
    tujuan.rpjmd_sasaran = None
    tujuan.save()
    assert where(found(plan)) == [("V1", "error", "T1", None, None, "link")]


def test_v1_sasaran_linked_outside_the_plans_rpjmd(plan, clean):
    other = Rpjmd.objects.create(region=plan.unit.region, start_year=2021, end_year=2025)
    foreign = RpjmdSasaran.objects.create(rpjmd=other, code="9.9.9", text="Lain")
    sasaran = clean["sasaran"][0]
    sasaran.rpjmd_sasaran = foreign
    sasaran.save()
    assert where(found(plan)) == [("V1", "error", "T1.S1", None, None, "link")]


def test_v2_target_differs_from_rpjmd(plan, clean):
    set_target(clean["ind_program"], 2028, "15")
    name = RPJMD_PROGRAM_INDICATOR["name"]
    findings = found(plan, "V2")
    assert where(findings) == [("V2", "error", "1.02.02", name, 2028, "target")]
    assert findings[0].to_json()["data"] == {"rpjmd": "16", "plan": "15"}


def test_v2_same_number_printed_differently_is_not_a_finding(plan, clean):
    set_target(clean["ind_program"], 2028, "16,0")
    assert found(plan, "V2") == []


def test_v2_unit_differs_and_indicator_missing(plan, clean):
    ind = clean["ind_program"]
    ind.unit = "persen"  # an alias of "%": not a finding
    ind.save()
    assert found(plan, "V2") == []
    ind.unit = "unit"
    ind.save()
    name = RPJMD_PROGRAM_INDICATOR["name"]
    assert where(found(plan, "V2")) == [("V2", "error", "1.02.02", name, None, "unit")]
    ind.name = "Nama lain"
    ind.save()
    assert where(found(plan, "V2")) == [("V2", "error", "1.02.02", name, None, "indicator")]


def test_v3_rpjmd_program_missing_from_plan(plan, clean):
    extra = RpjmdProgram.objects.create(rpjmd=clean["rpjmd"], code="1.02.03", name="Lain")
    extra.units.add(plan.unit)
    findings = found(plan)
    assert where(findings) == [("V3", "error", "1.02.03", None, None, "link")]
    assert findings[0].element_id is None


def test_v3_program_without_rpjmd_link(plan, clean):
    program = clean["program"][0]
    program.rpjmd_program = None
    program.save()
    findings = where(found(plan, "V3"))
    # The RPJMD program is now missing from the plan, and the plan program links to nothing.
    assert findings == [
        ("V3", "error", "1.02.02", None, None, "link"),
        ("V3", "error", "1.02.02", None, None, "link"),
    ]
    assert [f.element_id for f in found(plan, "V3")] == [None, program.pk]


# --- V4–V7 -------------------------------------------------------------------------------


def test_v4_two_blank_years_are_two_findings(plan, clean):
    set_target(clean["ind_kegiatan"], 2027, "")
    IndicatorTarget.objects.filter(indicator=clean["ind_kegiatan"], year=2028).delete()
    findings = found(plan)
    assert where(findings) == [
        ("V4", "error", "1.02.02.2.01", "Indikator kegiatan", 2027, "target"),
        ("V4", "error", "1.02.02.2.01", "Indikator kegiatan", 2028, "target"),
    ]


def test_v4_unit_only_and_blank_baseline_and_final(plan, clean):
    ind = clean["ind_sasaran"]
    ind.baseline = "%"
    ind.final = " "
    ind.save()
    assert where(found(plan)) == [
        ("V4", "error", "T1.S1", "IKU sasaran", None, "baseline"),
        ("V4", "error", "T1.S1", "IKU sasaran", None, "final"),
    ]


def test_v4_element_without_indicator_is_a_warning(plan, clean):
    clean["ind_kegiatan"].delete()
    assert where(found(plan)) == [("V4", "warning", "1.02.02.2.01", None, None, "indicator")]


def test_qualitative_values_are_not_blank(plan, clean):
    ind = clean["ind_tujuan"]
    ind.unit = "predikat"
    ind.baseline = "B"
    ind.final = "A"
    ind.save()
    for year, value in zip(YEARS, ["BB", "BB", "BB", "A", "A"], strict=True):
        set_target(ind, year, value)
    assert found(plan) == []


def test_v5_absolute_final_must_equal_last_target(plan, clean):
    ind = clean["ind_sub1"]
    ind.final = "25"
    ind.save()
    findings = found(plan)
    assert where(findings) == [
        ("V5", "error", "1.02.02.2.01.0001", "Indikator sub 1", None, "final")
    ]
    assert findings[0].to_json()["data"] == {"final": "25", "expected": "20", "nature": "absolute"}


def test_v5_cumulative_final_is_the_sum(plan, clean):
    ind = clean["ind_sub1"]
    ind.nature = "cumulative"
    ind.final = "80"  # 12 + 14 + 16 + 18 + 20
    ind.save()
    assert found(plan) == []
    ind.final = "20"
    ind.save()
    findings = found(plan)
    assert where(findings) == [
        ("V5", "error", "1.02.02.2.01.0001", "Indikator sub 1", None, "final")
    ]
    assert findings[0].to_json()["data"]["expected"] == "80"


def test_v6_target_against_polarity_is_a_warning(plan, clean):
    set_target(clean["ind_sub2"], 2028, "13")
    findings = found(plan)
    assert where(findings) == [
        ("V6", "warning", "1.02.02.2.01.0002", "Indikator sub 2", 2028, "target"),
    ]
    assert findings[0].to_json()["data"]["previous"] == "14"


def test_v6_negative_polarity(plan, clean):
    ind = clean["ind_sasaran"]
    ind.polarity = "negative"
    ind.save()
    # Rising from the baseline 10 every year: each year moves the wrong way.
    assert [(f.rule, f.year) for f in found(plan)] == [("V6", y) for y in YEARS]


def test_v7_program_with_output_indicator(plan, clean):
    ind = clean["ind_program"]
    ind.kind = "output"
    ind.save()
    name = RPJMD_PROGRAM_INDICATOR["name"]
    assert where(found(plan)) == [("V7", "warning", "1.02.02", name, None, "kind")]


# --- V8–V10 ------------------------------------------------------------------------------


def test_v8_declared_kegiatan_funding_differs(plan, clean):
    kegiatan = clean["kegiatan"][0]
    Funding.objects.filter(element=kegiatan, year=2027).update(amount=Decimal("2500000"))
    findings = found(plan)
    assert where(findings) == [("V8", "error", "1.02.02.2.01", None, 2027, "funding")]
    assert findings[0].to_json()["data"] == {
        "declared": "2500000",
        "computed": "2000000",
        "difference": "500000",
    }


def test_v8_declared_program_funding_and_final(plan, clean):
    program = clean["program"][0]
    Funding.objects.create(element=program, plan=plan, year=2026, amount=Decimal("1"))
    program.funding_final = Decimal("9999999.50")
    program.save()
    findings = found(plan)
    assert where(findings) == [
        ("V8", "error", "1.02.02", None, None, "funding_final"),
        ("V8", "error", "1.02.02", None, 2026, "funding"),
    ]
    assert findings[0].to_json()["data"]["difference"] == "-0.5"


def test_v8_leaf_funding_final(plan, clean):
    sub = clean["sub1"]
    sub.funding_final = Decimal("4000000")
    sub.save()
    assert where(found(plan)) == [("V8", "error", "1.02.02.2.01.0001", None, None, "funding_final")]


def test_v9_total_above_unit_ceiling(plan, clean):
    UnitCeiling.objects.filter(year=2027).update(amount=Decimal("1500000"))
    findings = found(plan)
    assert where(findings) == [("V9", "error", plan.unit.code, None, 2027, "funding")]
    assert findings[0].to_json()["data"] == {
        "total": "2000000",
        "ceiling": "1500000",
        "excess": "500000",
    }


def test_v9_program_above_its_rpjmd_ceiling_is_a_warning(plan, clean):
    RpjmdProgramCeiling.objects.filter(year=2030).update(amount=Decimal("1999999"))
    assert where(found(plan)) == [("V9", "warning", "1.02.02", None, 2030, "funding")]


def test_v10_blank_missing_and_negative_leaf_funding(plan, clean):
    Funding.objects.filter(element=clean["sub1"], year=2027).update(amount=None)
    Funding.objects.filter(element=clean["sub1"], year=2028).delete()
    Funding.objects.filter(element=clean["sub2"], year=2029).update(amount=Decimal("-1"))
    Funding.objects.filter(element=clean["kegiatan"][0]).delete()  # no declared value
    clean["program"][0].funding_final = None
    clean["program"][0].save()
    DeclaredTotal.objects.all().delete()
    v10 = [f for f in found(plan) if f.rule == "V10"]
    assert where(v10) == [
        ("V10", "error", "1.02.02.2.01.0001", None, 2027, "funding"),
        ("V10", "error", "1.02.02.2.01.0001", None, 2028, "funding"),
        ("V10", "error", "1.02.02.2.01.0002", None, 2029, "funding"),
    ]


# --- V11–V13 -----------------------------------------------------------------------------


def test_v11_kegiatan_digit_for_a_kabupaten(plan, clean):
    sub = clean["sub2"]
    sub.code = "1.02.02.1.01.0002"
    sub.save()
    findings = found(plan, "V11")
    assert where(findings) == [("V11", "error", "1.02.02.1.01.0002", None, None, "code")]
    assert findings[0].to_json()["data"]["parent_code"] == "1.02.02.2.01"


def test_v11_pattern_prefix_and_province_digit(plan, clean):
    kegiatan = clean["kegiatan"][0]
    kegiatan.code = "1.02.02.2.1"
    kegiatan.save()
    assert where(found(plan, "V11")) == [
        ("V11", "error", "1.02.02.2.1", None, None, "code"),
        ("V11", "error", "1.02.02.2.01.0001", None, None, "code"),
        ("V11", "error", "1.02.02.2.01.0002", None, None, "code"),
    ]
    region = plan.unit.region
    region.level = "provinsi"
    region.save()
    kegiatan.code = "1.02.02.2.01"
    kegiatan.save()
    # In a province the kegiatan digit must be 1: the kegiatan and both subs are reported.
    assert [f.where for f in found(plan, "V11")] == [
        "1.02.02.2.01",
        "1.02.02.2.01.0001",
        "1.02.02.2.01.0002",
    ]


def test_v11_empty_code_is_a_warning(plan, clean):
    sub = clean["sub1"]
    sub.code = ""
    sub.save()
    assert [(f.rule, f.severity, f.field) for f in found(plan, "V11")] == [
        ("V11", "warning", "code")
    ]


def test_v12_program_outside_the_units_bidang(plan, clean):
    program = ElementFactory(
        plan=plan, kind="program", parent=clean["sasaran"][0], code="1.03.02", text="Lain"
    )
    support = ElementFactory(
        plan=plan, kind="program", parent=clean["sasaran"][0], code="4.01.01", text="Penunjang"
    )
    assert [(f.rule, f.where) for f in found(plan, "V12")] == [("V12", "1.03.02")]
    assert program.pk and support.pk


def test_v13_nomenclature_indicator_and_unit(plan, clean):
    version = NomenclatureVersion.objects.create(name="Kepmendagri 900", level="kabkota")
    NomenclatureItem.objects.create(
        version=version,
        kind="sub_kegiatan",
        code="1.02.02.2.01.0001",
        name="Sub uji",
        indicator="Jumlah dokumen yang disusun",
        unit="dokumen",
    )
    NomenclatureItem.objects.create(
        version=version,
        kind="sub_kegiatan",
        code="1.02.02.2.01.0002",
        name="Sub uji 2",
        indicator="indikator   SUB 2",  # same wording, other case and spacing
        unit="%",
    )
    assert where(found(plan)) == [
        ("V13", "warning", "1.02.02.2.01.0001", "Indikator sub 1", None, "indicator"),
        ("V13", "warning", "1.02.02.2.01.0001", "Indikator sub 1", None, "unit"),
    ]


# --- V15–V20 -----------------------------------------------------------------------------


def test_v15_orphan_and_empty_levels(plan, clean):
    other_plan = PlanFactory(unit=plan.unit)
    foreign = ElementFactory(plan=other_plan, kind="tujuan", text="Tujuan lain")
    stray = ElementFactory(plan=plan, kind="sasaran", parent=foreign, ref="X.S1", text="Yatim")
    findings = [f for f in found(plan) if f.element_id == stray.pk]
    assert (("V15", "error", "X.S1", None, None, "parent")) in where(findings)
    assert ("V15", "warning", "X.S1", None, None, "children") in where(findings)


def test_v15_sasaran_without_program(plan, clean):
    sasaran = ElementFactory(
        plan=plan,
        kind="sasaran",
        parent=clean["tujuan"][0],
        ref="T1.S2",
        text="Sasaran kedua",
        rpjmd_sasaran=clean["sasaran_ref"],
    )
    add_indicator(sasaran, kind="outcome")
    strategi = ElementFactory(plan=plan, kind="strategi", parent=sasaran, text="Strategi")
    assert strategi.pk
    assert where(found(plan)) == [("V15", "warning", "T1.S2", None, None, "children")]


def test_v16_formula_and_data_source(plan, clean):
    ind = clean["ind_kegiatan"]
    ind.formula = ""
    ind.data_source = "  "
    ind.save()
    assert where(found(plan)) == [
        ("V16", "warning", "1.02.02.2.01", "Indikator kegiatan", None, "data_source"),
        ("V16", "warning", "1.02.02.2.01", "Indikator kegiatan", None, "formula"),
    ]


def test_v18_unanswered_issue_and_sasaran_without_strategy(plan, clean):
    StrategicIssue.objects.create(plan=plan, ref="I2", text="Isu yang tidak dijawab")
    clean["strategi"].children.all().delete()
    clean["strategi"].delete()
    assert where(found(plan)) == [
        ("V18", "warning", "I2", None, None, "link"),
        ("V18", "warning", "T1.S1", None, None, "strategy"),
    ]


def test_v19_responsible_unit_and_location_on_leaves(plan, clean):
    sub = clean["sub2"]
    sub.unit_in_charge = ""
    sub.location = ""
    sub.save()
    assert where(found(plan)) == [
        ("V19", "error", "1.02.02.2.01.0002", None, None, "location"),
        ("V19", "error", "1.02.02.2.01.0002", None, None, "unit_in_charge"),
    ]


def test_v20_header_totals(plan, clean):
    header = DeclaredTotal.objects.get(plan=plan)
    header.funding = {**header.funding, "2029": "2000001", "2030": ""}
    header.funding_final = "11000000"
    header.save()
    findings = found(plan)
    assert where(findings) == [
        ("V20", "error", "1.02", None, None, "funding_final"),
        ("V20", "error", "1.02", None, 2029, "funding"),
    ]
    assert findings[1].to_json()["data"]["declared"] == "2000001"
    assert findings[1].to_json()["data"]["computed"] == "2000000"


# --- extra warnings ----------------------------------------------------------------------


def test_x1_value_with_another_unit(plan, clean):
    set_target(clean["ind_sub1"], 2027, "14 bulan")
    set_target(clean["ind_sub1"], 2028, "16 %")
    assert where(found(plan)) == [
        ("X1", "warning", "1.02.02.2.01.0001", "Indikator sub 1", 2027, "target"),
    ]


def test_x2_percentage_out_of_range_and_tenfold_jump(plan, clean):
    set_target(clean["ind_sub1"], 2030, "120")
    ind = clean["ind_sub1"]
    ind.final = "120"
    ind.save()
    set_target(clean["ind_kegiatan"], 2027, "1,1")
    ind = clean["ind_kegiatan"]
    ind.unit = "unit"
    ind.save()
    result = [f for f in found(plan) if f.rule == "X2"]
    assert where(result) == [
        ("X2", "warning", "1.02.02.2.01", "Indikator kegiatan", 2027, "target"),
        ("X2", "warning", "1.02.02.2.01", "Indikator kegiatan", 2028, "target"),
        ("X2", "warning", "1.02.02.2.01.0001", "Indikator sub 1", None, "final"),
        ("X2", "warning", "1.02.02.2.01.0001", "Indikator sub 1", 2030, "target"),
    ]


def test_x3_money_without_target_and_target_without_money(plan, clean):
    set_target(clean["ind_sub1"], 2026, "0")
    Funding.objects.filter(element=clean["sub2"], year=2029).update(amount=Decimal("0"))
    Funding.objects.filter(element=clean["kegiatan"][0], year=2029).update(
        amount=Decimal("1000000")
    )
    DeclaredTotal.objects.all().delete()
    clean["program"][0].funding_final = None
    clean["program"][0].save()
    result = [f for f in found(plan) if f.rule == "X3"]
    assert where(result) == [
        ("X3", "warning", "1.02.02.2.01.0001", None, 2026, "target"),
        ("X3", "warning", "1.02.02.2.01.0002", None, 2029, "funding"),
    ]
