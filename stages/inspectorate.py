"""Inspectorate review (APIP reviu, Permendagri 9/2018) of the final draft.

While the plan is in stage `reviu_apip` the reviewer (`review` right) writes notes on the
version frozen when the review started, about one element of the cascade or in general;
the unit's planners or head (`edit` or `approve`) answer each note; the reviewer closes the
review with a result through the named transition `inspectorate_review_close`
("memadai" → reviu selesai, "perlu perbaikan" → back to rancangan akhir).
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renstra.access import plan_access
from renstra.errors import RenstraError
from renstra.models import Element, Plan
from renstra.services.history import tracked_save

from .models import InspectorateNote, InspectorateReviewResult, StageRecord, Version
from .services import inspectorate_review_close
from .versions import version_freeze

REVIEW_STAGE = "reviu_apip"


class ReviewNotOpen(RenstraError):
    """The plan is not under inspectorate review now."""

    message = gettext_lazy(
        "Rencana ini tidak sedang direviu Inspektorat; catatan reviu hanya dapat ditulis "
        "dan reviu hanya dapat ditutup pada tahap Reviu APIP."
    )


def _user(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) else None


def _current_stage(plan: Plan) -> str:
    return Plan.objects.filter(pk=plan.pk).values_list("stage", flat=True).get()


def review_version(plan: Plan, *, actor: Any = None) -> Version:
    """The version under review: the one frozen when the plan entered `reviu_apip` (the
    open stage record's version). A record opened without one falls back to the latest
    review version, or freezes one now. Raises ReviewNotOpen outside the review stage."""
    record = (
        StageRecord.objects.filter(plan=plan, closed_at__isnull=True, stage=REVIEW_STAGE)
        .select_related("version")
        .first()
    )
    if record is None:
        raise ReviewNotOpen
    if record.version is not None:
        return record.version
    latest = (
        Version.objects.filter(plan=plan, kind=Version.Kind.REVIEW, frozen_at__gte=record.opened_at)
        .order_by("-number")
        .first()
    )
    if latest is not None:
        return latest
    return version_freeze(
        plan=plan, label=_("Versi untuk reviu Inspektorat"), kind=Version.Kind.REVIEW, actor=actor
    )


def plan_notes(plan: Plan) -> QuerySet[InspectorateNote]:
    """All review notes of the plan (every review round), with element, authors and
    version joined: one query."""
    return (
        InspectorateNote.objects.filter(plan=plan)
        .select_related("element", "created_by", "answered_by", "version")
        .order_by("-version__number", "element__position", "created_at", "id")
    )


@transaction.atomic
def note_add(
    *, plan: Plan, actor: Any, text: str, element: Element | None = None
) -> InspectorateNote:
    """Write a review note on the version under review (about `element`, or general).
    Needs `review`; raises PermissionDenied, ReviewNotOpen outside `reviu_apip`, and
    ValidationError for an element of another plan or an empty text."""
    if not plan_access(actor, plan).review:
        raise PermissionDenied
    Plan.objects.select_for_update().filter(pk=plan.pk).get()
    if _current_stage(plan) != REVIEW_STAGE:
        raise ReviewNotOpen
    if element is not None and element.plan_id != plan.pk:
        raise ValidationError(_("Elemen ini bukan bagian dari rencana ini."))
    note = InspectorateNote(
        plan=plan,
        version=review_version(plan, actor=actor),
        element=element,
        text=text.strip(),
        created_by=_user(actor),
        created_at=timezone.now(),
    )
    return tracked_save(note, actor=actor, reason=_("Catatan reviu Inspektorat ditulis"))


@transaction.atomic
def note_answer(*, note: InspectorateNote, actor: Any, answer: str) -> InspectorateNote:
    """The unit's answer to a note (a later answer replaces it; the history keeps both).
    Needs `edit` or `approve`; raises PermissionDenied, ValidationError for an empty
    answer."""
    access = plan_access(actor, note.plan)
    if not (access.edit or access.approve):
        raise PermissionDenied
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Tulis jawaban atas catatan ini.")})
    note = InspectorateNote.objects.select_for_update().get(pk=note.pk)
    note.answer, note.answered_by, note.answered_at = answer, _user(actor), timezone.now()
    return tracked_save(
        note,
        actor=actor,
        reason=_("Catatan reviu dijawab"),
        update_fields=["answer", "answered_by", "answered_at"],
    )


@transaction.atomic
def review_close(*, plan: Plan, actor: Any, result: str, summary: str) -> InspectorateReviewResult:
    """Close the review with `result` ("memadai" or "perlu_perbaikan") and a summary,
    through the named transition `inspectorate_review_close` (memadai → reviu selesai,
    perlu perbaikan → rancangan akhir). Unanswered notes do not block it. Returns the
    stored result; raises PermissionDenied without `review`, ReviewNotOpen outside the
    review stage, ValidationError for an unknown result or empty summary."""
    if not plan_access(actor, plan).review:
        raise PermissionDenied
    if result not in InspectorateReviewResult.Result.values:
        raise ValidationError({"result": _("Pilih hasil reviu.")})
    if not summary.strip():
        raise ValidationError({"summary": _("Tulis ringkasan hasil reviu.")})
    Plan.objects.select_for_update().filter(pk=plan.pk).get()
    if _current_stage(plan) != REVIEW_STAGE:
        raise ReviewNotOpen
    version = review_version(plan, actor=actor)
    accepted = result == InspectorateReviewResult.Result.MEMADAI
    record = inspectorate_review_close(
        plan=plan, actor=actor, note=summary.strip(), accepted=accepted
    )
    outcome = InspectorateReviewResult(
        plan=plan,
        version=version,
        record=record,
        result=result,
        summary=summary.strip(),
        closed_by=_user(actor),
        closed_at=record.opened_at,
    )
    return tracked_save(outcome, actor=actor, reason=_("Reviu Inspektorat ditutup"))
