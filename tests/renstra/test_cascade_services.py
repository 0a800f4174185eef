"""Services of the cascade: the rules of the tree, history, targets, funding, issues."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renstra.errors import EditConflict, ElementInUse, InvalidMove, PlanLocked
from renstra.models import (
    Element,
    Funding,
    Indicator,
    IndicatorTarget,
    NomenclatureItem,
    NomenclatureVersion,
    Plan,
    StrategicIssue,
)
from renstra.selectors.cascade import plan_tree
from renstra.services import cascade as svc
from tests.factories import (
    ElementFactory,
    FundingFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    build_cascade,
)

pytestmark = pytest.mark.django_db


def _lock(plan):
    Plan.objects.filter(pk=plan.pk).update(locked=True)


def test_element_create_appends_and_records_actor(plan, planner):
    tujuan = svc.element_create(plan=plan, kind="tujuan", text="Tujuan A", actor=planner)
    second = svc.element_create(plan=plan, kind="tujuan", text="Tujuan B", actor=planner)
    sasaran = svc.element_create(
        plan=plan, kind="sasaran", parent=tujuan, text="Sasaran", actor=planner, ref="T1.S1"
    )
    assert (tujuan.position, second.position) == (0, 1)
    assert sasaran.parent == tujuan and sasaran.position == 0
    record = sasaran.history.get()
    assert record.history_user == planner and record.history_type == "+"
    assert record.history_change_reason


@pytest.mark.parametrize(
    ("kind", "parent_kind"),
    [("sasaran", None), ("program", "tujuan"), ("tujuan", "tujuan"), ("kegiatan", "sasaran")],
)
def test_element_create_refuses_a_kind_that_does_not_fit_the_parent(
    plan, planner, kind, parent_kind
):
    parent = build_cascade(plan)[parent_kind][0] if parent_kind else None
    with pytest.raises(InvalidMove):
        svc.element_create(plan=plan, kind=kind, parent=parent, text="X", actor=planner)


def test_element_create_refuses_a_parent_of_another_plan(plan, planner):
    other = build_cascade(ElementFactory().plan)["tujuan"][0]
    with pytest.raises(InvalidMove):
        svc.element_create(plan=plan, kind="sasaran", parent=other, text="X", actor=planner)


def test_element_update_bumps_revision_and_detects_conflicts(plan, planner, head):
    made = build_cascade(plan)
    program = made["program"][0]
    saved = svc.element_update(
        element=program,
        expected_revision=1,
        changes={"text": "Program baru", "location": "Seluruh kecamatan"},
        actor=planner,
    )
    assert saved.revision == 2 and saved.text == "Program baru"
    latest = saved.history.latest()
    assert latest.history_user == planner
    with pytest.raises(EditConflict) as info:
        svc.element_update(
            element=program, expected_revision=1, changes={"text": "Lain"}, actor=head
        )
    assert info.value.current.text == "Program baru"
    assert Element.objects.get(pk=program.pk).text == "Program baru"


def test_element_update_sets_issues_in_one_history_row(plan, planner):
    tujuan = build_cascade(plan)["tujuan"][0]
    issue = svc.issue_create(plan=plan, text="Isu", actor=planner)
    before = tujuan.history.count()
    saved = svc.element_update(
        element=tujuan, expected_revision=1, changes={}, issues=[issue], actor=planner
    )
    assert saved.revision == 2
    assert list(saved.issues.all()) == [issue]
    assert tujuan.history.count() == before + 1


def test_element_update_refuses_rpjmd_links_of_another_rpjmd(plan, planner):
    from renstra.models import Rpjmd, RpjmdSasaran

    rpjmd = Rpjmd.objects.create(region=plan.unit.region, start_year=2025, end_year=2029)
    sasaran = RpjmdSasaran.objects.create(rpjmd=rpjmd, code="1.1.1", text="S")
    tujuan = build_cascade(plan)["tujuan"][0]
    with pytest.raises(ValidationError):
        svc.element_update(
            element=tujuan,
            expected_revision=1,
            changes={"rpjmd_sasaran": sasaran},
            actor=planner,
        )
    plan.rpjmd = rpjmd
    plan.save()
    saved = svc.element_update(
        element=Element.objects.get(pk=tujuan.pk),
        expected_revision=1,
        changes={"rpjmd_sasaran": sasaran},
        actor=planner,
    )
    assert saved.rpjmd_sasaran == sasaran


def test_element_move_up_down_and_reparent(plan, planner):
    made = build_cascade(plan, programs=3, kegiatan=1, subs=1)
    p1, p2, p3 = made["program"]
    svc.element_move(element=p3, direction="up", actor=planner)
    order = list(Element.objects.filter(parent=p1.parent).order_by("position"))
    assert order == [p1, p3, p2]
    with pytest.raises(InvalidMove):
        svc.element_move(element=p1, direction="up", actor=planner)
    keg = made["kegiatan"][0]
    svc.element_move(element=keg, parent=p2, actor=planner)
    keg.refresh_from_db()
    assert keg.parent == p2 and keg.history.latest().history_user == planner
    with pytest.raises(InvalidMove):
        svc.element_move(element=keg, parent=made["sasaran"][0], actor=planner)
    with pytest.raises(InvalidMove):
        svc.element_move(element=made["sub_kegiatan"][0], parent=p1, actor=planner)


def test_element_delete_refuses_when_children_exist(plan, planner):
    made = build_cascade(plan)
    with pytest.raises(ElementInUse):
        svc.element_delete(element=made["kegiatan"][0], actor=planner)
    assert Element.objects.filter(pk=made["kegiatan"][0].pk).exists()


def test_element_delete_removes_indicators_targets_funding_with_history(plan, planner):
    sub = build_cascade(plan, subs=1)["sub_kegiatan"][0]
    indicator = IndicatorFactory(element=sub)
    IndicatorTargetFactory(indicator=indicator, year=2026)
    svc.element_delete(element=sub, actor=planner)
    assert not Element.objects.filter(pk=sub.pk).exists()
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    assert not Funding.objects.filter(element_id=sub.pk).exists()
    for model in (Element, Indicator, IndicatorTarget, Funding):
        deleted = model.history.filter(history_type="-")
        assert deleted.exists(), model
        assert {r.history_user for r in deleted} == {planner}, model


def test_element_delete_refuses_when_something_refers_to_it(plan, planner, monkeypatch):
    sub = build_cascade(plan, subs=1)["sub_kegiatan"][0]
    monkeypatch.setattr(svc, "_references", lambda obj, owned: ["temuan verifikasi"])
    with pytest.raises(ElementInUse, match="temuan verifikasi"):
        svc.element_delete(element=sub, actor=planner)


def test_references_ignore_owned_rows_and_history(plan):
    sub = build_cascade(plan, subs=1)["sub_kegiatan"][0]
    IndicatorFactory(element=sub)
    assert svc._references(sub, owned={Element, Indicator, Funding}) == []


def test_indicator_targets_keep_text_and_derive_number(plan, planner):
    sasaran = build_cascade(plan)["sasaran"][0]
    indicator = svc.indicator_create(
        element=sasaran, name="Indeks", unit="indeks", baseline="0,70", actor=planner
    )
    assert indicator.baseline_number == Decimal("0.70")
    svc.indicator_targets_set(
        indicator=indicator, values={2026: "0,75", 2027: "A", 2028: " 98% "}, actor=planner
    )
    targets = {t.year: t for t in indicator.targets.all()}
    assert targets[2026].value == "0,75" and targets[2026].number == Decimal("0.75")
    assert targets[2027].value == "A" and targets[2027].number is None
    assert targets[2028].value == "98%" and targets[2028].number == Decimal(98)
    assert IndicatorTarget.history.filter(history_user=planner).count() == 3
    svc.indicator_targets_set(indicator=indicator, values={2027: "B"}, actor=planner)
    assert indicator.targets.get(year=2027).value == "B"


def test_indicator_targets_only_for_the_plans_years(plan, planner):
    indicator = IndicatorFactory(element=build_cascade(plan)["sasaran"][0])
    with pytest.raises(ValidationError):
        svc.indicator_targets_set(indicator=indicator, values={2031: "1"}, actor=planner)


def test_indicator_update_with_targets_and_conflict(plan, planner):
    indicator = IndicatorFactory(element=build_cascade(plan)["sasaran"][0])
    saved = svc.indicator_update(
        indicator=indicator,
        expected_revision=1,
        changes={},
        targets={2026: "12"},
        actor=planner,
    )
    assert saved.revision == 2
    with pytest.raises(EditConflict):
        svc.indicator_update(
            indicator=indicator, expected_revision=1, changes={"final": "9"}, actor=planner
        )


def test_indicator_on_strategi_is_refused(plan, planner):
    sasaran = build_cascade(plan)["sasaran"][0]
    strategi = svc.element_create(
        plan=plan, kind="strategi", parent=sasaran, text="Strategi", actor=planner
    )
    with pytest.raises(ValidationError):
        svc.indicator_create(element=strategi, name="X", actor=planner)


def test_funding_changes_the_program_total(plan, planner):
    made = build_cascade(plan, programs=1, kegiatan=1, subs=2)
    program, sub = made["program"][0], made["sub_kegiatan"][0]
    assert plan_tree(plan).by_id[program.pk].totals[2026] == Decimal(2_000_000)
    svc.funding_set(element=sub, amounts={2026: Decimal("1500000"), 2027: None}, actor=planner)
    tree = plan_tree(plan)
    assert tree.by_id[program.pk].totals[2026] == Decimal(2_500_000)
    assert tree.by_id[program.pk].totals[2027] == Decimal(1_000_000)
    assert Funding.objects.get(element=sub, year=2027).amount is None
    assert Funding.history.filter(history_user=planner).count() == 2


def test_funding_only_on_leaves_and_plan_years(plan, planner):
    made = build_cascade(plan)
    with pytest.raises(ValidationError):
        svc.funding_set(element=made["kegiatan"][0], amounts={2026: Decimal(1)}, actor=planner)
    with pytest.raises(ValidationError):
        svc.funding_set(element=made["sub_kegiatan"][0], amounts={2040: Decimal(1)}, actor=planner)


def test_funding_set_uses_constant_queries(plan, planner):
    sub = build_cascade(plan, subs=1)["sub_kegiatan"][0]
    with CaptureQueriesContext(connection) as few:
        svc.funding_set(element=sub, amounts={2026: Decimal(5)}, actor=planner)
    with CaptureQueriesContext(connection) as many:
        svc.funding_set(element=sub, amounts={y: Decimal(7) for y in plan.years}, actor=planner)
    assert len(many) <= len(few) + 2


def test_issue_crud_and_delete_refused_while_answered(plan, planner):
    issue = svc.issue_create(plan=plan, text="Isu", ref="I1", urgency=Decimal(5), actor=planner)
    updated = svc.issue_update(
        issue=issue, expected_revision=1, changes={"seriousness": Decimal(4)}, actor=planner
    )
    assert updated.revision == 2
    with pytest.raises(ValidationError):
        svc.issue_create(plan=plan, text="Dobel", ref="I1", actor=planner)
    tujuan = build_cascade(plan)["tujuan"][0]
    tujuan.issues.add(issue)
    with pytest.raises(ElementInUse):
        svc.issue_delete(issue=issue, actor=planner)
    tujuan.issues.clear()
    svc.issue_delete(issue=issue, actor=planner)
    assert not StrategicIssue.objects.filter(pk=issue.pk).exists()


def test_locked_plan_refuses_every_write(plan, planner):
    made = build_cascade(plan, subs=1)
    sub, sasaran = made["sub_kegiatan"][0], made["sasaran"][0]
    indicator = IndicatorFactory(element=sasaran)
    issue = svc.issue_create(plan=plan, text="Isu", actor=planner)
    _lock(plan)
    writes = [
        lambda: svc.element_create(plan=plan, kind="tujuan", text="X", actor=planner),
        lambda: svc.element_update(
            element=sub, expected_revision=1, changes={"text": "X"}, actor=planner
        ),
        lambda: svc.element_move(element=sub, direction="up", actor=planner),
        lambda: svc.element_delete(element=sub, actor=planner),
        lambda: svc.indicator_create(element=sasaran, name="X", actor=planner),
        lambda: svc.indicator_update(
            indicator=indicator, expected_revision=1, changes={"name": "X"}, actor=planner
        ),
        lambda: svc.indicator_delete(indicator=indicator, actor=planner),
        lambda: svc.indicator_targets_set(indicator=indicator, values={2026: "1"}, actor=planner),
        lambda: svc.funding_set(element=sub, amounts={2026: Decimal(1)}, actor=planner),
        lambda: svc.issue_create(plan=plan, text="X", actor=planner),
        lambda: svc.issue_update(
            issue=issue, expected_revision=1, changes={"text": "X"}, actor=planner
        ),
        lambda: svc.issue_delete(issue=issue, actor=planner),
    ]
    for write in writes:
        with pytest.raises(PlanLocked):
            write()
    assert Element.objects.get(pk=sub.pk).text == sub.text


def test_nomenclature_link_must_fit_the_kind(plan, planner):
    version = NomenclatureVersion.objects.create(name="v", level="kabkota")
    item = NomenclatureItem.objects.create(
        version=version, kind="kegiatan", code="1.02.02.2.01", name="Keg"
    )
    program = build_cascade(plan)["program"][0]
    with pytest.raises(ValidationError):
        svc.element_update(
            element=program, expected_revision=1, changes={"nomenclature": item}, actor=planner
        )
    keg = Element.objects.filter(kind="kegiatan", plan=plan).first()
    saved = svc.element_update(
        element=keg,
        expected_revision=1,
        changes={"nomenclature": item, "code": item.code, "text": item.name},
        actor=planner,
    )
    assert saved.nomenclature == item


def test_funding_factory_rows_are_leaves_only(plan):
    # build_cascade funds sub kegiatan only: the parents' totals are sums.
    made = build_cascade(plan, subs=3)
    FundingFactory(element=made["program"][0], year=2026, amount=Decimal(1))
    node = plan_tree(plan).by_id[made["program"][0].pk]
    assert node.totals[2026] == Decimal(3_000_000)
    assert node.declared[2026] == Decimal(1)
