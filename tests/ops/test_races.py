"""Races on PostgreSQL (issue 7, faults): two editors, and an editor against a stage
transition. Each test runs two real database connections (threads) and forces the
interleaving that could go wrong, then checks the invariant:

- two editors who opened the same revision: exactly one save wins, the other gets
  EditConflict, no update is lost or overwritten (one history record);
- an editor against a transition that freezes a version: once the plan is locked its live
  content is exactly the frozen version's content. An edit is either in the version
  (it committed before the freeze) or refused with PlanLocked; it never lands after it.

The interleaving is forced by pausing one side inside the service (a wrapper around a
function the service calls) and letting the other side run into the pause window.
"""

import threading

import pytest
from django.db import connection, connections

from renstra.errors import EditConflict, PlanLocked
from renstra.models import Element, Section
from renstra.services import sections as section_services
from renstra.services.cascade import element_update
from renstra.services.sections import section_update
from stages import services as stage_services
from stages.models import Version
from stages.versions import content_digest, live_content, version_content
from tests.factories import build_cascade

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: row locks between two connections (set DATABASE_URL)",
    ),
]

PAUSE = 3.0  # seconds one side waits for the other inside the window


def _run(*targets):
    """Run each callable in its own thread (own connection); return their outcomes."""
    outcomes: dict[int, object] = {}

    def wrap(i, fn):
        try:
            outcomes[i] = fn()
        except Exception as error:
            outcomes[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrap, args=(i, fn)) for i, fn in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a racer hung"
    return [outcomes.get(i) for i in range(len(targets))]


def _content(content) -> dict:
    """What the plan consists of (the plan row itself differs: the stage moved on)."""
    digest = content_digest(content)
    digest.pop("plan", None)
    return digest


def _in_drafting(plan, planner):
    stage_services.plan_start_drafting(plan=plan, actor=planner)
    stage_services.plan_refine_draft(plan=plan, actor=planner)


def test_two_editors_on_one_element_no_lost_update(plan, planner):
    made = build_cascade(plan)
    element = made["program"][0]
    before = element.history.count()
    barrier = threading.Barrier(2)

    def editor(text):
        def run():
            own = Element.objects.select_related("plan").get(pk=element.pk)
            barrier.wait(timeout=10)
            return element_update(
                element=own, expected_revision=own.revision, changes={"text": text}, actor=planner
            )

        return run

    outcomes = _run(editor("Program versi A"), editor("Program versi B"))
    kinds = sorted(type(o).__name__ for o in outcomes)
    assert kinds == ["EditConflict", "Element"], outcomes
    winner = next(o for o in outcomes if isinstance(o, Element))
    element.refresh_from_db()
    assert element.text == winner.text and element.revision == winner.revision
    assert element.history.count() == before + 1


def test_editor_cannot_slip_in_while_a_transition_freezes(plan, planner, head, monkeypatch):
    """The transition has frozen the submitted version and not yet committed; an editor
    saves right then. The save must wait for the transition and be refused (PlanLocked)."""
    _in_drafting(plan, planner)
    section = Section.objects.get(plan=plan, number="1.1")
    frozen, edited = threading.Event(), threading.Event()
    real_freeze = stage_services.version_freeze

    def slow_freeze(**kwargs):
        version = real_freeze(**kwargs)
        frozen.set()
        edited.wait(PAUSE)  # hold the transaction open: the window an edit could use
        return version

    monkeypatch.setattr(stage_services, "version_freeze", slow_freeze)

    def submit():
        return stage_services.plan_submit_for_verification(plan=plan, actor=head)

    def edit():
        assert frozen.wait(10)
        try:
            own = Section.objects.select_related("plan").get(pk=section.pk)
            return section_update(
                section=own,
                title=own.title,
                body="<p>Suntingan pada saat pembekuan</p>",
                expected_revision=own.revision,
                actor=planner,
            )
        finally:
            edited.set()

    record, edit_outcome = _run(submit, edit)
    assert record.stage == "diajukan", record
    assert isinstance(edit_outcome, PlanLocked), edit_outcome
    version = Version.objects.get(pk=record.version_id)
    plan.refresh_from_db()
    assert plan.locked
    assert _content(live_content(plan)) == _content(version_content(version))
    assert Section.objects.get(pk=section.pk).body == ""


def test_transition_waits_for_an_editor_already_saving(plan, planner, head, monkeypatch):
    """The editor has passed the lock check and not yet written; the transition starts
    right then. It must wait for the edit to commit and freeze a version that contains it."""
    _in_drafting(plan, planner)
    section = Section.objects.get(plan=plan, number="1.1")
    checked, frozen = threading.Event(), threading.Event()
    real_update = section_services.revised_update
    real_freeze = stage_services.version_freeze

    def paused_update(*args, **kwargs):
        checked.set()  # plan_assert_editable has passed inside the editor's transaction
        frozen.wait(PAUSE)  # a transition that does not wait for us would freeze now
        return real_update(*args, **kwargs)

    def watched_freeze(**kwargs):
        version = real_freeze(**kwargs)
        frozen.set()
        return version

    monkeypatch.setattr(section_services, "revised_update", paused_update)
    monkeypatch.setattr(stage_services, "version_freeze", watched_freeze)

    def edit():
        own = Section.objects.select_related("plan").get(pk=section.pk)
        return section_update(
            section=own,
            title=own.title,
            body="<p>Suntingan sebelum pembekuan</p>",
            expected_revision=own.revision,
            actor=planner,
        )

    def submit():
        assert checked.wait(10)
        return stage_services.plan_submit_for_verification(plan=plan, actor=head)

    edit_outcome, record = _run(edit, submit)
    # Either order is correct as long as the edit and the version agree: the edit saved
    # before the freeze (and is in the version), or it was refused.
    assert record.stage == "diajukan", record
    version = Version.objects.get(pk=record.version_id)
    plan.refresh_from_db()
    assert plan.locked
    assert _content(live_content(plan)) == _content(version_content(version))
    if isinstance(edit_outcome, Section):
        assert "Suntingan sebelum pembekuan" in Section.objects.get(pk=section.pk).body
    else:
        assert isinstance(edit_outcome, (PlanLocked, EditConflict)), edit_outcome
