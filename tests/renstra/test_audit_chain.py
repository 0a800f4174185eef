"""The hash chain over a plan's history (renstra/services/audit.py, `audit_verify`)."""

import itertools
import threading
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, connections
from simple_history.utils import bulk_create_with_history

from renstra.models import (
    AuditChainHead,
    AuditLink,
    Chapter,
    Element,
    Funding,
    Plan,
    Section,
    StrategicIssue,
)
from renstra.services import audit
from renstra.services.cascade import funding_set, issue_create
from renstra.services.history import tracked_delete, tracked_save
from tests.factories import PlanFactory, build_cascade

pytestmark = pytest.mark.django_db


def _verify(plan) -> str:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", plan.public_id, stdout=out, stderr=err)
    except CommandError as exc:
        return f"BROKEN {err.getvalue()} {exc}"
    return out.getvalue()


def _table(model) -> str:
    return connection.ops.quote_name(model.history.model._meta.db_table)


@pytest.fixture
def busy_plan(plan, planner):
    """A plan with writes through the services: skeleton (bulk), cascade, funding (bulk
    update), issues, a section edit, a deletion."""
    made = build_cascade(plan, programs=1, kegiatan=1, subs=2)
    sub = made["sub_kegiatan"][0]
    funding_set(
        element=sub,
        amounts={year: Decimal("2500000.50") for year in plan.years},
        actor=planner,
    )
    issue = issue_create(plan=plan, text="Isu <b>uji</b> dengan ünïcode", actor=planner)
    issue.text = "Isu diubah"
    tracked_save(issue, actor=planner, reason="ubah isu")
    section = Section.objects.filter(plan=plan).first()
    section.body = "<p>Isi bagian</p>"
    tracked_save(section, actor=planner, reason="ubah isi")
    tracked_delete(made["sub_kegiatan"][1], actor=planner, reason="hapus")
    return plan


def test_every_plan_history_model_is_chained_and_reference_data_is_not():
    chained = {m.instance_type._meta.label for m in audit.chained_history_models()}
    for label in (
        "renstra.Plan",
        "renstra.Chapter",
        "renstra.Section",
        "renstra.StrategicIssue",
        "renstra.DeclaredTotal",
        "renstra.PerformanceRecord",
        "renstra.BudgetRecord",
        "renstra.Element",
        "renstra.Indicator",
        "renstra.IndicatorTarget",
        "renstra.Funding",
        "renstra.Element_issues",  # the m2m history of Element.issues
        "stages.TeamDecree",
        "stages.TeamMember",  # through its decree
        "stages.ChecklistItem",  # through its review
    ):
        assert label in chained, label
    for label in ("renstra.Region", "renstra.Unit", "renstra.Rpjmd", "renstra.UnitCeiling"):
        assert label not in chained, label


def test_writes_through_services_make_one_intact_chain(busy_plan):
    links = list(AuditLink.objects.filter(plan=busy_plan).order_by("sequence"))
    assert [link.sequence for link in links] == list(range(1, len(links) + 1))
    assert links[0].previous_hash == audit.GENESIS_HASH
    for before, after in itertools.pairwise(links):
        assert after.previous_hash == before.hash
    # Every history row of the plan's content is linked (bulk-created ones included).
    for model in (Plan, Chapter, Section, Element, Funding, StrategicIssue):
        history = model.history.model
        lookup = {"id": busy_plan.pk} if model is Plan else {"plan_id": busy_plan.pk}
        rows = set(history.objects.filter(**lookup).values_list("history_id", flat=True))
        ct = ContentType.objects.get_for_model(history)
        linked = set(
            AuditLink.objects.filter(content_type=ct, plan=busy_plan).values_list(
                "history_id", flat=True
            )
        )
        assert rows and rows == linked, model
    head = AuditChainHead.objects.get(plan=busy_plan)
    assert (head.sequence, head.hash) == (links[-1].sequence, links[-1].hash)
    assert "OK" in _verify(busy_plan)


def test_bulk_create_with_history_is_chained(plan):
    chapter = Chapter.objects.filter(plan=plan).first()
    before = AuditLink.objects.filter(plan=plan).count()
    rows = [
        Section(plan=plan, chapter=chapter, number=f"9.{i}", title=f"Bagian {i}", position=90 + i)
        for i in range(3)
    ]
    bulk_create_with_history(rows, Section, default_change_reason="massal")
    assert AuditLink.objects.filter(plan=plan).count() == before + 3
    assert "OK" in _verify(plan)


def test_each_plan_has_its_own_chain(plan, unit):
    other = PlanFactory(unit=unit, title="Rencana lain")
    assert AuditLink.objects.filter(plan=plan).exists()
    assert AuditLink.objects.filter(plan=other, sequence=1).get().previous_hash == (
        audit.GENESIS_HASH
    )


def test_edited_history_row_is_reported(busy_plan):
    issue_history = StrategicIssue.history.model
    row = issue_history.objects.filter(plan_id=busy_plan.pk).order_by("history_id").first()
    ct = ContentType.objects.get_for_model(issue_history)
    sequence = AuditLink.objects.get(content_type=ct, history_id=row.history_id).sequence
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table(StrategicIssue)} SET text = %s WHERE history_id = %s",  # noqa: S608
            ["Isu yang dipalsukan", row.history_id],
        )
    report = _verify(busy_plan)
    assert report.startswith("BROKEN")
    assert f"link #{sequence}: changed" in report
    assert f"renstra.HistoricalStrategicIssue history_id={row.history_id}" in report


def test_edited_actor_or_date_is_reported_too(busy_plan):
    row = Section.history.model.objects.filter(plan_id=busy_plan.pk).latest("history_id")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table(Section)} SET history_user_id = NULL, "  # noqa: S608
            "history_change_reason = %s WHERE history_id = %s",
            ["", row.history_id],
        )
    assert "changed" in _verify(busy_plan)


def test_deleted_history_row_is_reported(busy_plan):
    row = Funding.history.model.objects.filter(plan_id=busy_plan.pk).order_by("history_id")[2]
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {_table(Funding)} WHERE history_id = %s",  # noqa: S608
            [row.history_id],
        )
    report = _verify(busy_plan)
    assert "deleted" in report
    assert f"HistoricalFunding history_id={row.history_id} was deleted" in report


def test_row_inserted_behind_the_application_is_reported(busy_plan):
    history = StrategicIssue.history.model
    row = history.objects.filter(plan_id=busy_plan.pk).latest("history_id")
    row.pk = None
    row.text = "Isu sisipan"
    history.objects.bulk_create([row])  # bulk_create on the history model: no link
    report = _verify(busy_plan)
    assert "unlinked" in report and "HistoricalStrategicIssue" in report


def test_deleted_or_rewritten_links_are_reported(busy_plan):
    last = AuditLink.objects.filter(plan=busy_plan).latest("sequence")
    AuditLink.objects.filter(pk=last.pk).delete()
    assert "truncated" in _verify(busy_plan)
    middle = AuditLink.objects.filter(plan=busy_plan).order_by("sequence")[3]
    AuditLink.objects.filter(pk=middle.pk).delete()
    assert f"link #{middle.sequence} is missing" in _verify(busy_plan)


def test_recomputed_chain_after_tamper_does_not_hide_it(busy_plan):
    """Rewriting a link's hash to match the forged row breaks the next link instead."""
    history = StrategicIssue.history.model
    row = history.objects.filter(plan_id=busy_plan.pk).order_by("history_id").first()
    ct = ContentType.objects.get_for_model(history)
    link = AuditLink.objects.get(content_type=ct, history_id=row.history_id)
    row.text = "Dipalsukan"
    history.objects.filter(pk=row.pk).update(text="Dipalsukan")
    AuditLink.objects.filter(pk=link.pk).update(hash=audit.link_hash(link.previous_hash, row))
    report = _verify(busy_plan)
    assert f"link #{link.sequence + 1}: relinked" in report


def test_without_plan_id_every_chain_is_verified_and_exit_status_is_nonzero(busy_plan, unit):
    PlanFactory(unit=unit, title="Rencana utuh")
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "2 audit chain(s) intact" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table(Section)} WHERE plan_id = %s", [busy_plan.pk])  # noqa: S608
    with pytest.raises(CommandError, match="1 of 2 audit chain"):
        call_command("audit_verify", stdout=StringIO(), stderr=StringIO())


def test_a_deleted_plans_chain_stays_verifiable(plan, planner):
    issue_create(plan=plan, text="Isu", actor=planner)
    plan_id = plan.pk
    plan.delete()  # the cascade's deletions are history rows of the plan too
    assert AuditLink.objects.filter(plan_id=plan_id).exists()
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", str(plan_id), stdout=out)
    assert "OK" in out.getvalue()


def test_unknown_plan_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Unknown plan"):
        call_command("audit_verify", "tidak-ada")


def test_link_existing_rows_links_history_from_before_the_chain(busy_plan):
    AuditLink.objects.all().delete()
    AuditChainHead.objects.all().delete()
    from io import StringIO

    out = StringIO()
    call_command("audit_link_existing", stdout=out)
    assert int(out.getvalue().split()[0]) > 10
    assert "OK" in _verify(busy_plan)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain(unit):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite serialises writers")
    plan = PlanFactory(unit=unit)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(10):
                issue_create(plan=plan, text=f"Isu {n}-{i}", actor=None)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert StrategicIssue.history.filter(plan_id=plan.pk).count() == 40
    report = audit.verify_plan_chain(plan.pk)
    assert report.first_break is None
    assert report.links == AuditLink.objects.filter(plan=plan).count()


def test_an_imported_plan_is_chained_m2m_history_included(superuser):
    from renstra.exchange.importer import exchange_import
    from tests.renstra.exchange_helpers import sample_bytes

    plan = exchange_import(
        content=sample_bytes(), filename="sample.json", actor=superuser, region_create=True
    )
    m2m = Element.history.model.issues.model
    ct = ContentType.objects.get_for_model(m2m)
    assert m2m.objects.filter(element__plan=plan).exists()
    assert AuditLink.objects.filter(plan=plan, content_type=ct).count() == (
        m2m.objects.filter(element__plan=plan).count()
    )
    report = audit.verify_plan_chain(plan.pk)
    assert report.first_break is None, report.first_break
