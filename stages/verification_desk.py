"""Bappeda's verification desk (domain.md §3 stage 4, §7): submission with the automatic
findings in view, the verifier's review of the submitted version (manual checklist,
findings and recommendations per element), the decision, and the unit's answers.

Writers here are thin: every stage change goes through the named transitions of
`stages.services` (which call the one primitive); this module adds the rules around them
(a reason for submitting with errors, a list for returning, answers before resubmitting)
and the review rows, saved with history attribution.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from renstra.access import plan_access
from renstra.errors import RenstraError
from renstra.models import Element, Plan
from renstra.services.history import tracked_save

from . import services
from .models import (
    CHECKLIST_RULES,
    ChecklistItem,
    ReviewItem,
    StageRecord,
    VerificationReview,
    Version,
)
from .verification import engine
from .verification.findings import ERROR, WARNING, Finding
from .versions import version_freeze

# --- Errors (messages imported by the tests) ---------------------------------------------


class SubmissionNeedsReason(RenstraError):
    """The automatic verification reports errors and no reason was written."""

    message = gettext_lazy(
        "Verifikasi otomatis masih menemukan %(n)s temuan galat. Tuliskan alasan mengapa "
        "rencana tetap diajukan, atau perbaiki temuan tersebut terlebih dahulu."
    )

    def __init__(self, message=None, *, errors: int = 0, **context):
        self.errors = errors
        super().__init__(message or self.message % {"n": errors}, errors=errors, **context)


class ReturnNeedsItems(RenstraError):
    message = gettext_lazy(
        "Rencana hanya dapat dikembalikan dengan daftar perbaikan: tambahkan paling sedikit "
        "satu temuan atau rekomendasi, atau tulis catatan umum."
    )


class ItemsUnanswered(RenstraError):
    """Resubmission refused: some returned items have no answer yet."""

    message = gettext_lazy(
        "Rencana belum dapat diajukan kembali: butir berikut belum ditanggapi: %(items)s."
    )

    def __init__(self, message=None, *, items: list[str] | None = None, **context):
        self.items = items or []
        text = message or self.message % {"items": "; ".join(self.items)}
        super().__init__(text, items=self.items, **context)


class ReviewClosed(RenstraError):
    message = gettext_lazy("Verifikasi ini sudah diputuskan; isinya tidak dapat diubah lagi.")


class NotAnswerable(RenstraError):
    message = gettext_lazy(
        "Butir ini hanya dapat ditanggapi selama rencana dikembalikan untuk perbaikan."
    )


class DeskForbidden(RenstraError, PermissionDenied):
    message = gettext_lazy("Anda tidak berwenang melakukan langkah ini pada rencana ini.")


# --- Reads ---------------------------------------------------------------------------------


@dataclass
class FindingSummary:
    """Automatic findings with their counts by severity."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    @property
    def total(self) -> int:
        return len(self.findings)


def live_findings(plan: Plan) -> FindingSummary:
    """The automatic findings of the plan as it is now (the engine's constant number of
    queries, whatever the plan's size)."""
    return FindingSummary(engine.verify_plan(plan))


def review_latest(plan: Plan) -> VerificationReview | None:
    """The plan's most recent verification round (open or decided), or None. One query."""
    return (
        VerificationReview.objects.filter(plan=plan)
        .select_related("version", "opened_by", "decided_by")
        .order_by("-opened_at", "-id")
        .first()
    )


def review_returned(plan: Plan) -> VerificationReview | None:
    """The round whose list the unit must answer: the latest one, when it returned the plan
    and the plan is still in revision (dikembalikan). None otherwise."""
    if plan.stage != "dikembalikan":
        return None
    review = review_latest(plan)
    if review is None or review.decision != VerificationReview.Decision.RETURNED:
        return None
    return review


def review_items(review: VerificationReview) -> list[ReviewItem]:
    """The review's items in the order they were written, with their people and the
    element (one query)."""
    return list(
        ReviewItem.objects.filter(review=review)
        .select_related("element", "created_by", "answered_by", "answer_version")
        .order_by("id")
    )


def item_label(item: ReviewItem, number: int) -> str:
    """How an item is named in messages: its number, kind and place."""
    where = item.where or _("umum")
    return _("#%(n)s %(kind)s (%(where)s)") % {
        "n": number,
        "kind": item.get_kind_display(),
        "where": where,
    }


# --- Helpers -------------------------------------------------------------------------------


def _user(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) else None


def _require(actor: Any, plan: Plan, need: str) -> None:
    if not plan_access(actor, plan).allows(need):
        raise DeskForbidden


def _assert_open(review: VerificationReview) -> None:
    fresh = VerificationReview.objects.filter(pk=review.pk).values_list("decision", flat=True)
    if not fresh or fresh[0] != VerificationReview.Decision.PENDING:
        raise ReviewClosed


def _submission_note(*, plan: Plan, note: str, reason: str) -> str:
    """The stage record's note: the cover letter, and the reason when the automatic
    verification reports errors. Raises SubmissionNeedsReason without one."""
    summary = live_findings(plan)
    note = note.strip()
    if not summary.errors:
        return note
    reason = reason.strip()
    if not reason:
        raise SubmissionNeedsReason(errors=summary.errors)
    line = _("Diajukan dengan %(n)s temuan galat verifikasi otomatis. Alasan: %(reason)s") % {
        "n": summary.errors,
        "reason": reason,
    }
    return f"{note}\n\n{line}" if note else line


# --- Submission ----------------------------------------------------------------------------


@transaction.atomic
def plan_submit(*, plan: Plan, actor: Any, note: str = "", reason: str = "") -> StageRecord:
    """Send the draft to Bappeda (rancangan or perubahan → diajukan) through
    `services.plan_submit_for_verification`; the head of unit (`approve`).

    When the automatic verification of the live plan reports error findings, `reason` is
    required and is written into the stage record's note after the cover letter (`note`).
    Returns the new record (its version is the submitted version). Raises DeskForbidden,
    SubmissionNeedsReason, TransitionNotAllowed."""
    _require(actor, plan, "approve")
    text = _submission_note(plan=plan, note=note, reason=reason)
    return services.plan_submit_for_verification(plan=plan, actor=actor, note=text)


@transaction.atomic
def plan_resubmit(*, plan: Plan, actor: Any, note: str = "", reason: str = "") -> StageRecord:
    """Send the revised draft back to Bappeda (dikembalikan → diajukan) through
    `services.plan_resubmit`; the head of unit (`approve`).

    Every item of the returned list must have the unit's answer; the answers are tied to
    the newly frozen submitted version (`answer_version`). Submitting with error findings
    needs `reason`, as for the first submission. Returns the new record. Raises
    DeskForbidden, ItemsUnanswered (naming the items), SubmissionNeedsReason,
    TransitionNotAllowed."""
    _require(actor, plan, "approve")
    review = review_returned(plan)
    items = review_items(review) if review is not None else []
    missing = [item_label(i, n) for n, i in enumerate(items, start=1) if not i.is_answered]
    if missing:
        raise ItemsUnanswered(items=missing)
    text = _submission_note(plan=plan, note=note, reason=reason)
    record = services.plan_resubmit(plan=plan, actor=actor, note=text)
    for item in items:
        item.answer_version = record.version
        tracked_save(
            item,
            actor=actor,
            reason=_("Tanggapan diajukan kembali ke Bappeda"),
            update_fields=["answer_version"],
        )
    return record


# --- The verifier's review -----------------------------------------------------------------


def _submitted_version(plan: Plan, record: StageRecord, actor: Any) -> Version:
    """The version the verifier verifies: the one frozen by the submission that opened the
    record before `record`; failing that the latest submitted version; failing that (a plan
    placed in `diajukan` without a submission) one frozen now."""
    previous = record.previous
    if previous is not None and previous.version is not None:
        return previous.version
    latest = (
        Version.objects.filter(plan=plan, kind=Version.Kind.SUBMITTED).order_by("-number").first()
    )
    if latest is not None:
        return latest
    return version_freeze(
        plan=plan,
        label=str(services.FREEZE_LABELS[Version.Kind.SUBMITTED]),
        kind=Version.Kind.SUBMITTED,
        actor=actor,
    )


@transaction.atomic
def verification_start(*, plan: Plan, actor: Any, note: str = "") -> VerificationReview:
    """Take the submitted plan up (diajukan → verifikasi, `services.verification_start`,
    right `verify`) and open a review of the submitted version with an unticked checklist
    (V7, V13, V16, V17, V18, V21). Returns the review. Raises TransitionNotAllowed,
    TransitionForbidden."""
    record = services.verification_start(plan=plan, actor=actor, note=note)
    review = VerificationReview(
        plan=plan,
        version=_submitted_version(plan, record, actor),
        opened_at=record.opened_at,
        opened_by=_user(actor),
    )
    tracked_save(review, actor=actor, reason=_("Verifikasi dimulai"))
    bulk_create_with_history(
        [ChecklistItem(review=review, rule=rule) for rule in CHECKLIST_RULES],
        ChecklistItem,
        default_user=_user(actor),
        default_change_reason=_("Daftar periksa dibuat"),
    )
    return review


@transaction.atomic
def checklist_set(
    *, review: VerificationReview, actor: Any, values: Mapping[str, tuple[bool, str]]
) -> list[ChecklistItem]:
    """Tick or untick manual rules and write their notes: `values` maps a rule (V7, V13,
    V16, V17, V18, V21) to (checked, note). Only changed items are saved (with history).
    Returns the changed items. Raises DeskForbidden (no `verify`), ReviewClosed,
    ValidationError (a rule not on the checklist)."""
    _require(actor, review.plan, "verify")
    _assert_open(review)
    unknown = set(values) - set(CHECKLIST_RULES)
    if unknown:
        raise ValidationError(_("Aturan tidak ada di daftar periksa: %(r)s") % {"r": unknown})
    now = timezone.now()
    changed = []
    for item in ChecklistItem.objects.filter(review=review, rule__in=list(values)):
        checked, note = values[item.rule]
        note = note.strip()
        if item.checked == bool(checked) and item.note == note:
            continue
        item.checked, item.note = bool(checked), note
        item.updated_at, item.updated_by = now, _user(actor)
        tracked_save(
            item,
            actor=actor,
            reason=_("Daftar periksa %(rule)s diperbarui") % {"rule": item.rule},
            update_fields=["checked", "note", "updated_at", "updated_by"],
        )
        changed.append(item)
    return changed


@transaction.atomic
def review_item_add(
    *,
    review: VerificationReview,
    actor: Any,
    text: str,
    kind: str = ReviewItem.Kind.FINDING,
    element: Element | None = None,
    rule: str = "",
) -> ReviewItem:
    """A verifier's finding or recommendation on `element` of the verified plan (or on the
    plan as a whole when None); `rule` names the verification rule it is about, if any.
    Returns the item. Raises DeskForbidden, ReviewClosed, ValidationError (empty text, an
    element of another plan)."""
    _require(actor, review.plan, "verify")
    _assert_open(review)
    if element is not None and element.plan_id != review.plan_id:
        raise ValidationError({"element": _("Elemen ini bukan bagian dari rencana ini.")})
    where = ""
    if element is not None:
        where = f"{element.get_kind_display()} {element}".strip()[:400]
    item = ReviewItem(
        review=review,
        kind=kind,
        element=element,
        where=where,
        rule=rule.strip()[:4],
        text=text.strip(),
        created_at=timezone.now(),
        created_by=_user(actor),
    )
    tracked_save(item, actor=actor, reason=_("Butir verifikasi ditambahkan"))
    return item


@transaction.atomic
def review_item_remove(*, item: ReviewItem, actor: Any) -> None:
    """Withdraw an item while its review is still open. Raises DeskForbidden,
    ReviewClosed."""
    review = item.review
    _require(actor, review.plan, "verify")
    _assert_open(review)
    item._history_user = _user(actor)  # type: ignore[attr-defined]
    item._change_reason = _("Butir verifikasi ditarik")  # type: ignore[attr-defined]
    item.delete()


def _decide(review: VerificationReview, *, decision: str, actor: Any, note: str) -> None:
    review.decision = decision
    review.decided_at = timezone.now()
    review.decided_by = _user(actor)
    review.note = note.strip()
    tracked_save(
        review,
        actor=actor,
        reason=str(VerificationReview.Decision(decision).label),
        update_fields=["decision", "decided_at", "decided_by", "note"],
    )


@transaction.atomic
def verification_return(*, review: VerificationReview, actor: Any, note: str = "") -> StageRecord:
    """Return the plan for revision with the review's list (verifikasi → dikembalikan,
    `services.verification_return`, right `verify`). The list is the review's items and the
    general `note`: at least one of them is required. Returns the new stage record. Raises
    ReturnNeedsItems, ReviewClosed, TransitionNotAllowed, TransitionForbidden."""
    _assert_open(review)
    count = ReviewItem.objects.filter(review=review).count()
    if not count and not note.strip():
        raise ReturnNeedsItems
    summary = _("%(n)s butir perbaikan.") % {"n": count}
    text = f"{note.strip()}\n\n{summary}" if note.strip() else summary
    record = services.verification_return(plan=review.plan, actor=actor, note=text)
    _decide(review, decision=VerificationReview.Decision.RETURNED, actor=actor, note=note)
    return record


@transaction.atomic
def verification_accept(*, review: VerificationReview, actor: Any, note: str = "") -> StageRecord:
    """Accept the verified version (verifikasi → diterima, `services.verification_accept`,
    right `verify`, freezes the verified version). Returns the new stage record. Raises
    ReviewClosed, TransitionNotAllowed, TransitionForbidden."""
    _assert_open(review)
    record = services.verification_accept(plan=review.plan, actor=actor, note=note.strip())
    _decide(review, decision=VerificationReview.Decision.ACCEPTED, actor=actor, note=note)
    return record


# --- The unit's answers --------------------------------------------------------------------


@transaction.atomic
def review_item_answer(*, item: ReviewItem, actor: Any, answer: str) -> ReviewItem:
    """The unit's answer to one returned item (a planner, right `edit`), while the plan is
    in revision and the item belongs to the round that returned it. An answer may be
    rewritten until the plan is resubmitted. Returns the item. Raises DeskForbidden,
    NotAnswerable, ValidationError (empty answer)."""
    plan = Plan.objects.select_related("unit__region").get(pk=item.review.plan_id)
    _require(actor, plan, "edit")
    current = review_returned(plan)
    if current is None or current.pk != item.review_id:
        raise NotAnswerable
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Tuliskan tanggapan untuk butir ini.")})
    item.answer = answer
    item.answered_at = timezone.now()
    item.answered_by = _user(actor)
    tracked_save(
        item,
        actor=actor,
        reason=_("Butir verifikasi ditanggapi"),
        update_fields=["answer", "answered_at", "answered_by"],
    )
    return item


# --- Pages ---------------------------------------------------------------------------------


@dataclass
class DeskPage:
    """What the verification desk shows, read in a constant number of queries."""

    plan: Plan
    version: Version | None
    review: VerificationReview | None
    summary: FindingSummary
    checklist: list[ChecklistItem]
    items: list[ReviewItem]
    elements: list[tuple[int, str]]  # (element id, label) of the verified version
    submission: StageRecord | None  # the record that froze `version` (cover letter, reason)


def desk_page(plan: Plan) -> DeskPage:
    """The desk of `plan`: the version under verification (the submitted one while the plan
    waits in `diajukan`, else the latest review's), the engine's findings on that frozen
    content, the latest review with its checklist and items, and the elements to pick."""
    from .versions import version_content

    review = review_latest(plan)
    version: Version | None = None
    if plan.stage == "diajukan" or review is None:
        record = (
            StageRecord.objects.filter(plan=plan, stage="diajukan", version__isnull=False)
            .select_related("version")
            .order_by("-opened_at", "-id")
            .first()
        )
        version = record.version if record else None
        if plan.stage == "diajukan":
            review = None  # a new round starts from this submission
    else:
        version = review.version
    summary = FindingSummary()
    elements: list[tuple[int, str]] = []
    submission = None
    if version is not None:
        version.plan = plan
        content = version_content(version)
        summary = FindingSummary(engine.verify_content(content))
        elements = [
            (
                node.element.pk,
                f"{'· ' * node.depth}{node.element.get_kind_display()} {node.element}",
            )
            for node in content.tree.walk()
        ]
        submission = (
            StageRecord.objects.filter(plan=plan, version=version).order_by("opened_at").first()
        )
    checklist = list(review.checklist.order_by("id")) if review else []
    items = review_items(review) if review else []
    return DeskPage(plan, version, review, summary, checklist, items, elements, submission)
