"""The transition primitive and the named transitions of the technocratic flow.

`transition()` is the only writer of stage records and of `Plan.stage` / `Plan.locked`.
Flow apps register their stages in `stages.transitions` and call `transition()` from
their own thin services.
"""

from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from renstra.access import plan_access
from renstra.models import (
    Chapter,
    DeclaredTotal,
    Element,
    Funding,
    Indicator,
    IndicatorTarget,
    Plan,
    Section,
    StrategicIssue,
)
from renstra.services.history import tracked_save

from .errors import TransitionForbidden, TransitionNotAllowed
from .models import StageRecord, Version
from .transitions import Stage, get_stage, get_transition, stage_label
from .versions import version_freeze

FREEZE_LABELS: dict[str, str] = {
    Version.Kind.SUBMITTED: _("Versi yang diajukan ke Bappeda"),
    Version.Kind.VERIFIED: _("Versi terverifikasi Bappeda"),
    Version.Kind.REVIEW: _("Versi untuk reviu Inspektorat"),
    Version.Kind.RATIFIED: _("Versi yang ditetapkan"),
    Version.Kind.CONSULTATION: _("Versi konsultasi"),
    Version.Kind.DPRD: _("Versi konsultasi DPRD"),
}


def _user(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) else None


def _open_record(plan: Plan) -> StageRecord:
    """The plan's open stage record; a plan that has none yet (every new plan) gets one
    for the stage it is in, opened when and by whom the plan was created."""
    record = StageRecord.objects.filter(plan=plan, closed_at__isnull=True).first()
    if record is None:
        try:
            flow = get_stage(plan.stage).flow
        except LookupError:
            flow = "technocratic"
        record = StageRecord.objects.create(
            plan=plan,
            stage=plan.stage,
            flow=flow,
            opened_at=plan.created_at or timezone.now(),
            opened_by_id=plan.created_by_id,
            previous=None,
        )
    return record


@transaction.atomic
def transition(
    *,
    plan: Plan,
    to_stage: str,
    actor: Any,
    note: str = "",
    freeze: str | None = None,
    check_access: bool = True,
) -> StageRecord:
    """Move `plan` to `to_stage`: the one primitive every stage change goes through.

    Locks the plan row, checks the move against the table of allowed transitions and the
    actor's right on the plan (the move's `need`), closes the open stage record and writes
    the new one (linked to it), freezes a version when the move asks for one or `freeze`
    (a label) is given, sets `Plan.stage` and `Plan.locked` (tracked save, with history),
    and runs the stages' on_leave/on_enter hooks (object permissions). A move flagged
    `amend` (penetapan → perubahan) leaves the plan untouched and opens a new plan, a copy
    of its content, whose first record follows this plan's record.

    Returns the new record (its `.plan` is the plan now in `to_stage`). Raises
    TransitionNotAllowed (nothing written) when the move is not in the table,
    TransitionForbidden when the actor lacks the right, and whatever the move's guard
    raises (a flow's precondition; nothing written either)."""
    locked = Plan.objects.select_for_update().select_related("unit__region").get(pk=plan.pk)
    source = locked.stage
    move = get_transition(source, to_stage)
    if move is None:
        raise TransitionNotAllowed(source=stage_label(source), target=stage_label(to_stage))
    if check_access and not plan_access(actor, locked).allows(move.need):
        raise TransitionForbidden
    if move.guard is not None:
        move.guard(plan=locked, actor=actor)
    target: Stage = get_stage(to_stage)
    source_stage: Stage = get_stage(source)
    now = timezone.now()
    user = _user(actor)
    current = _open_record(locked)

    if move.amend:
        subject = plan_amendment_create(source=locked, actor=actor, stage=to_stage)
    else:
        subject = locked
        current.closed_at = now
        current.closed_by = user
        current.save(update_fields=["closed_at", "closed_by"])

    version = None
    kind = move.freeze or (Version.Kind.MANUAL if freeze else None)
    if kind:
        label = freeze or str(FREEZE_LABELS.get(kind, target.label))
        version = version_freeze(plan=subject, label=label, kind=kind, actor=actor)

    record = StageRecord(
        plan=subject,
        stage=to_stage,
        flow=target.flow,
        opened_at=now,
        opened_by=user,
        note=note.strip(),
        version=version,
        previous=current,
    )
    record.full_clean(exclude=["previous", "plan", "version"])
    record.save()

    if not move.amend:
        subject.stage = to_stage
        subject.locked = target.locked
        tracked_save(
            subject,
            actor=actor,
            reason=_("Tahap: %(source)s → %(target)s")
            % {"source": source_stage.label, "target": target.label},
            update_fields=["stage", "locked"],
        )
        if version is not None:
            # The version belongs to the stage it opens.
            Version.objects.filter(pk=version.pk).update(stage=to_stage)
            version.stage = to_stage
        for hook in source_stage.on_leave:
            hook(plan=subject, record=record, actor=actor)
    for hook in target.on_enter:
        hook(plan=subject, record=record, actor=actor)
    if subject.pk == plan.pk:
        plan.stage, plan.locked = subject.stage, subject.locked
    return record


def plan_current_record(plan: Plan) -> StageRecord | None:
    return StageRecord.objects.filter(plan=plan, closed_at__isnull=True).first()


# --- Object permissions for a stage (hooks) ---------------------------------------------


def grant_on_plan(perm: str, users_or_groups: list[Any], plan: Plan) -> None:
    """Give object permission `perm` (e.g. "renstra.view_plan") on `plan`. For stage hooks:
    ``register_stage(..., on_enter=(lambda plan, record, actor: grant_on_plan(...),))``."""
    from guardian.shortcuts import assign_perm

    for who in users_or_groups:
        assign_perm(perm, who, plan)


def revoke_on_plan(perm: str, users_or_groups: list[Any], plan: Plan) -> None:
    from guardian.shortcuts import remove_perm

    for who in users_or_groups:
        remove_perm(perm, who, plan)


# --- Named transitions (thin) ------------------------------------------------------------


def plan_start_drafting(*, plan: Plan, actor: Any, note: str = "") -> StageRecord:
    """Persiapan → rancangan awal (the team has its decree and agenda). Needs `edit`."""
    return transition(plan=plan, to_stage="rancangan_awal", actor=actor, note=note)


def plan_refine_draft(*, plan: Plan, actor: Any, note: str = "") -> StageRecord:
    """Rancangan awal → rancangan (after the head of region's circular). Needs `edit`."""
    return transition(plan=plan, to_stage="rancangan", actor=actor, note=note)


def plan_submit_for_verification(*, plan: Plan, actor: Any, note: str = "") -> StageRecord:
    """Rancangan → diajukan: the head of unit sends the draft to Bappeda (cover letter in
    the note). Needs `approve`; freezes the submitted version and locks the content."""
    return transition(plan=plan, to_stage="diajukan", actor=actor, note=note)


def verification_start(*, plan: Plan, actor: Any, note: str = "") -> StageRecord:
    """Diajukan → verifikasi (Bappeda takes it up). Needs `verify`."""
    return transition(plan=plan, to_stage="verifikasi", actor=actor, note=note)


def verification_return(*, plan: Plan, actor: Any, note: str = "") -> StageRecord:
    """Verifikasi → dikembalikan: returned for revision; unlocks the content. Needs `verify`."""
    return transition(plan=plan, to_stage="dikembalikan", actor=actor, note=note)


def plan_resubmit(*, plan: Plan, actor: Any, note: str = "") -> StageRecord:
    """Dikembalikan → diajukan: the revised draft goes back to Bappeda. Needs `approve`."""
    return transition(plan=plan, to_stage="diajukan", actor=actor, note=note)


def verification_accept(*, plan: Plan, actor: Any, note: str = "") -> StageRecord:
    """Verifikasi → diterima; freezes the verified version. Needs `verify`."""
    return transition(plan=plan, to_stage="diterima", actor=actor, note=note)


def final_draft_start(*, plan: Plan, actor: Any, note: str = "") -> StageRecord:
    """Diterima → rancangan akhir (after the RPJMD by-law is passed). Needs `edit`."""
    return transition(plan=plan, to_stage="rancangan_akhir", actor=actor, note=note)


def inspectorate_review_start(*, plan: Plan, actor: Any, note: str = "") -> StageRecord:
    """Rancangan akhir → reviu APIP; freezes the reviewed version. Needs `approve`."""
    return transition(plan=plan, to_stage="reviu_apip", actor=actor, note=note)


def inspectorate_review_close(
    *, plan: Plan, actor: Any, note: str = "", accepted: bool = True
) -> StageRecord:
    """Reviu APIP → reviu selesai (accepted) or back to rancangan akhir with the review
    notes (not accepted). Needs `review`."""
    target = "reviu_selesai" if accepted else "rancangan_akhir"
    return transition(plan=plan, to_stage=target, actor=actor, note=note)


def plan_amend(*, plan: Plan, actor: Any, note: str = "") -> StageRecord:
    """Penetapan → perubahan: a new plan (a copy of the ratified one) whose chain follows
    the ratification record; the ratified plan is not touched. Returns the new plan's
    first record (``record.plan`` is the amendment). Needs `edit`."""
    return transition(plan=plan, to_stage="perubahan", actor=actor, note=note)


# --- Amendment: copy a plan's content into a new plan ------------------------------------


def plan_amendment_create(*, source: Plan, actor: Any, stage: str = "perubahan") -> Plan:
    """A new, unlocked plan with a copy of `source`'s content (chapters, sections, issues,
    declared totals, cascade, indicators, targets, funding, issue links), written with
    history so that its versions can be rebuilt. Returns the new plan."""
    user = _user(actor)
    reason = _("Disalin untuk perubahan Renstra")
    new = Plan(
        unit=source.unit,
        rpjmd=source.rpjmd,
        title=(_("%(title)s (Perubahan)") % {"title": source.title})[:300],
        start_year=source.start_year,
        end_year=source.end_year,
        baseline_year=source.baseline_year,
        stage=stage,
        locked=get_stage(stage).locked,
        created_by=user,
    )
    tracked_save(new, actor=actor, reason=reason)

    def copy(model, rows, **overrides):
        made = []
        for row in rows:
            values = {
                f.attname: getattr(row, f.attname)
                for f in model._meta.concrete_fields
                if not f.primary_key
            }
            values["plan_id"] = new.pk
            if "revision" in values:
                values["revision"] = 1
            for name, fn in overrides.items():
                values[name] = fn(row)
            made.append(model(**values))
        return bulk_create_with_history(
            made, model, default_user=user, default_change_reason=reason
        )

    chapters = list(Chapter.objects.filter(plan=source).order_by("pk"))
    new_chapters = copy(Chapter, chapters)
    chapter_map = {a.pk: b.pk for a, b in zip(chapters, new_chapters, strict=True)}
    copy(
        Section,
        Section.objects.filter(plan=source).order_by("pk"),
        chapter_id=lambda s: chapter_map[s.chapter_id],
    )
    issues = list(StrategicIssue.objects.filter(plan=source).order_by("pk"))
    issue_map = {a.pk: b.pk for a, b in zip(issues, copy(StrategicIssue, issues), strict=True)}
    copy(DeclaredTotal, DeclaredTotal.objects.filter(plan=source).order_by("pk"))

    elements = list(Element.objects.filter(plan=source).order_by("pk"))
    by_id = {e.pk: e for e in elements}

    def depth(e: Element) -> int:
        d = 0
        while e.parent_id:
            e = by_id[e.parent_id]
            d += 1
        return d

    element_map: dict[int, int] = {}
    for level in sorted({depth(e) for e in elements}):
        rows = [e for e in elements if depth(e) == level]
        made = copy(
            Element,
            rows,
            parent_id=lambda e: element_map[e.parent_id] if e.parent_id else None,
        )
        element_map.update({a.pk: b.pk for a, b in zip(rows, made, strict=True)})

    through = Element.issues.through
    links = [
        through(element_id=element_map[e_id], strategicissue_id=issue_map[i_id])
        for e_id, i_id in through.objects.filter(element__plan=source).values_list(
            "element_id", "strategicissue_id"
        )
        if i_id in issue_map
    ]
    through.objects.bulk_create(links)
    if links:
        # The links' history: attach them to the elements' creation records.
        historical = Element.history.model  # type: ignore[attr-defined]
        first = dict(historical.objects.filter(plan_id=new.pk).values_list("id", "history_id"))
        m2m = apps.get_model("renstra", "HistoricalElement_issues")
        m2m.objects.bulk_create(
            [
                m2m(
                    id=link.pk,
                    history_id=first[link.element_id],
                    element_id=link.element_id,
                    strategicissue_id=link.strategicissue_id,
                )
                for link in links
            ]
        )

    indicators = list(Indicator.objects.filter(plan=source).order_by("pk"))
    new_indicators = copy(Indicator, indicators, element_id=lambda i: element_map[i.element_id])
    indicator_map = {a.pk: b.pk for a, b in zip(indicators, new_indicators, strict=True)}
    copy(
        IndicatorTarget,
        IndicatorTarget.objects.filter(plan=source).order_by("pk"),
        indicator_id=lambda t: indicator_map[t.indicator_id],
    )
    copy(
        Funding,
        Funding.objects.filter(plan=source).order_by("pk"),
        element_id=lambda f: element_map[f.element_id],
    )
    return new
