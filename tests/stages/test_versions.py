"""Versions: frozen from the history, rebuilt exactly, compared exactly."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renstra.models import Element, Funding, Indicator, IndicatorTarget, Section
from renstra.selectors.cascade import plan_tree
from renstra.services.history import tracked_delete, tracked_save
from stages.versions import (
    content_digest,
    live_content,
    redline,
    version_compare,
    version_content,
    version_freeze,
)
from tests.factories import (
    ElementFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    build_cascade,
)


@pytest.fixture
def filled(plan):
    made = build_cascade(plan, programs=2, kegiatan=2, subs=2)
    indicator = IndicatorFactory(element=made["sasaran"][0], name="Angka harapan hidup")
    for year, value in zip(plan.years, ["70", "70,5", "71", "71,5", "72"], strict=True):
        IndicatorTargetFactory(indicator=indicator, year=year, value=value)
    issue = plan.issues.create(text="Rendahnya cakupan layanan", ref="I1")
    made["sasaran"][0].issues.add(issue)
    section = plan.sections.get(number="1.1")
    section.body = "<p>Renstra ini disusun untuk lima tahun. Data berasal dari Dinas.</p>"
    tracked_save(section, actor=None, reason="isi")
    made["indicator"] = indicator
    made["section"] = section
    return made


def test_version_content_equals_live_content_at_freeze_time(plan, planner, filled):
    before = content_digest(live_content(plan))
    version = version_freeze(plan=plan, label="Uji", actor=planner)
    # Later edits of every kind.
    section = filled["section"]
    section.body = "<p>Teks baru.</p>"
    tracked_save(section, actor=planner, reason="ubah")
    sub = filled["sub_kegiatan"][0]
    funding = sub.funding.get(year=2027)
    funding.amount = Decimal("5")
    tracked_save(funding, actor=planner, reason="ubah")
    tracked_delete(filled["sub_kegiatan"][1].funding.first(), actor=planner, reason="hapus")
    ElementFactory(plan=plan, kind="tujuan", text="Tujuan baru")
    filled["sasaran"][0].issues.clear()
    target = filled["indicator"].targets.get(year=2028)
    target.value = "99"
    tracked_save(target, actor=planner, reason="ubah")

    frozen = version_content(version)
    assert content_digest(frozen) == before
    assert content_digest(live_content(plan)) != before
    # Same tree shape and sums as plan_tree at freeze time.
    assert frozen.tree.totals[2027] == Decimal("8000000")
    assert [n.element.pk for n in frozen.tree.walk()] == [
        n.element.pk for n in plan_tree(plan).walk() if n.element.text != "Tujuan baru"
    ]
    assert [i.text for i in frozen.tree.of_kind("sasaran")[0].element.issues.all()] == [
        "Rendahnya cakupan layanan"
    ]


def test_compare_one_target_and_one_sentence_gives_exactly_two_changes(plan, planner, filled):
    a = version_freeze(plan=plan, label="A", actor=planner)
    section = Section.objects.get(pk=filled["section"].pk)
    section.body = "<p>Renstra ini disusun untuk lima tahun. Data berasal dari BPS.</p>"
    tracked_save(section, actor=planner, reason="ubah kalimat")
    target = IndicatorTarget.objects.get(indicator=filled["indicator"], year=2028)
    target.value, target.number = "71,2", Decimal("71.2")
    tracked_save(target, actor=planner, reason="ubah target")
    b = version_freeze(plan=plan, label="B", actor=planner)

    comparison = version_compare(a, b)
    assert len(comparison.changes) == 2
    assert comparison.totals == {"section_changed": 1, "target_changed": 1, "all": 2}
    sec = comparison.document_changes[0]
    assert sec.label.startswith("1.1")
    assert [(s.op, s.text) for s in sec.segments if s.op != "equal"] == [
        ("delete", "Dinas."),
        ("insert", "BPS."),
    ]
    tgt = comparison.cascade_changes[0]
    assert (tgt.area, tgt.year, tgt.old, tgt.new) == ("target", 2028, "71", "71,2")


def test_compare_cascade_cells(plan, planner, filled):
    a = version_freeze(plan=plan, label="A", actor=planner)
    programs = filled["program"]
    kegiatan = filled["kegiatan"]
    # moved: a kegiatan to the other program
    keg = Element.objects.get(pk=kegiatan[0].pk)
    keg.parent_id = programs[1].pk
    tracked_save(keg, actor=planner, reason="pindah")
    # changed text and funding
    sub = Element.objects.get(pk=filled["sub_kegiatan"][2].pk)
    sub.text = "Sub kegiatan uji diganti"
    tracked_save(sub, actor=planner, reason="teks")
    cell = Funding.objects.get(element=sub, year=2026)
    cell.amount = Decimal("1500000")
    tracked_save(cell, actor=planner, reason="pagu")
    # added (with a child: listed once) and removed
    new_keg = ElementFactory(plan=plan, kind="kegiatan", parent=programs[1], text="Baru")
    ElementFactory(plan=plan, kind="sub_kegiatan", parent=new_keg, text="Anak baru")
    ind = Indicator.objects.get(pk=filled["indicator"].pk)
    tracked_delete(ind, actor=planner, reason="hapus")
    b = version_freeze(plan=plan, label="B", actor=planner)

    totals = version_compare(a, b).totals
    assert totals["element_moved"] == 1
    assert totals["element_changed"] == 1
    assert totals["funding_changed"] == 1
    assert totals["element_added"] == 1
    assert totals["indicator_removed"] == 1
    assert version_compare(a, b).funding_delta[2026] == Decimal("500000")
    assert version_compare(a, a).totals == {"all": 0}


def test_version_content_query_count_is_constant(plan, planner, filled):
    small = version_freeze(plan=plan, label="kecil", actor=planner)
    build_cascade(plan, programs=3, kegiatan=3, subs=3)
    big = version_freeze(plan=plan, label="besar", actor=planner)
    with CaptureQueriesContext(connection) as q_small:
        version_content(small)
    with CaptureQueriesContext(connection) as q_big:
        content = version_content(big)
        list(content.tree.walk())
        for node in content.tree.walk():
            for ind in node.indicators:
                list(ind.targets.all())
            list(node.element.issues.all())
            _ = node.element.rpjmd_sasaran
    assert len(q_big) == len(q_small) <= 14


def test_redline_strips_markup():
    segments = redline("<p>satu <b>dua</b> tiga</p>", "<p>satu dua empat</p>")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "satu dua"),
        ("delete", "tiga"),
        ("insert", "empat"),
    ]
