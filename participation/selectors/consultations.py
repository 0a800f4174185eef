"""Consultation reads: the public lists per region, a plan's consultations, the summary
of a consultation's input for the document appendix, whether a forum's minutes exist."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renstra.models import Plan, Region

from ..models import Consultation, Minutes, Proposal


def region_consultations(region: Region, *, at: datetime | None = None) -> dict[str, list]:
    """The consultations on plans of units in `region`, split into "open" (window not yet
    over and not closed: running or announced) and "past". One query."""
    at = at or timezone.now()
    rows = list(
        Consultation.objects.filter(plan__unit__region=region)
        .select_related("plan__unit", "version")
        .order_by("-starts_at", "id")
    )
    current = [c for c in rows if c.status == Consultation.Status.OPEN and c.ends_at > at]
    past = [c for c in rows if c not in current]
    current.sort(key=lambda c: (c.starts_at, c.id))
    return {"open": current, "past": past}


def consultation_phase(consultation: Consultation, at: datetime | None = None) -> str:
    """ "upcoming", "open", "ended" (window over, not closed by the unit), "closed" or
    "answered"."""
    at = at or timezone.now()
    if consultation.status != Consultation.Status.OPEN:
        return consultation.status
    if at < consultation.starts_at:
        return "upcoming"
    return "open" if at < consultation.ends_at else "ended"


def regions_with_consultations() -> QuerySet[Region]:
    """Regions that have at least one consultation, with counts (one query)."""
    now = timezone.now()
    return (
        Region.objects.annotate(
            consultation_count=Count("units__plans__consultations", distinct=True),
            open_count=Count(
                "units__plans__consultations",
                filter=Q(
                    units__plans__consultations__status="open",
                    units__plans__consultations__ends_at__gt=now,
                ),
                distinct=True,
            ),
        )
        .filter(consultation_count__gt=0)
        .order_by("name")
    )


def plan_consultations(plan: Plan) -> list[Consultation]:
    return list(
        Consultation.objects.filter(plan=plan)
        .select_related("version", "stage_record", "minutes")
        .prefetch_related("invited_organisations")
        .order_by("-starts_at", "id")
    )


def plan_open_consultation(plan: Plan) -> Consultation | None:
    """The consultation whose stage record is the plan's open record (at most one)."""
    return (
        Consultation.objects.filter(plan=plan, stage_record__closed_at__isnull=True)
        .select_related("version", "stage_record")
        .first()
    )


def forum_minutes_recorded(plan: Plan) -> bool:
    """Whether a forum (Forum PD or the joint forum) of `plan` has its minutes recorded
    (the ratification checklist asks this). One query."""
    return Minutes.objects.filter(
        consultation__plan=plan,
        consultation__kind__in=[
            Consultation.Kind.FORUM_PD,
            Consultation.Kind.FORUM_LINTAS_PD,
        ],
    ).exists()


@dataclass
class ConsultationSummary:
    consultation: Consultation
    inputs: int = 0
    by_section: list[tuple[str, int]] = field(default_factory=list)
    by_organisation: list[tuple[str, int]] = field(default_factory=list)
    by_response: list[tuple[str, int]] = field(default_factory=list)
    unanswered: int = 0
    proposals: list[tuple[str, int]] = field(default_factory=list)


def consultation_summaries(plan: Plan, *, until: datetime | None = None) -> list[Any]:
    """For each consultation of `plan` (opened before `until`, when given): the number of
    inputs (comments that start a thread, not hidden by a moderator), by section, by
    organisation ("perorangan" for people without one), official responses by kind and
    the unanswered count, and the proposals recorded from it by disposition. Seven
    queries, whatever the number of consultations or comments."""
    from ..models import Comment, OfficialResponse

    consultations = Consultation.objects.filter(plan=plan).order_by("starts_at", "id")
    if until is not None:
        consultations = consultations.filter(created_at__lte=until)
    summaries = {c.pk: ConsultationSummary(c) for c in consultations}
    if not summaries:
        return []
    # Inputs as the comments part counts them: thread-first, not hidden by a moderator.
    inputs = Comment.objects.filter(consultation_id__in=summaries, root__isnull=True).exclude(
        state=Comment.State.HIDDEN
    )
    for row in inputs.values("consultation_id").annotate(n=Count("id")):
        summaries[row["consultation_id"]].inputs = row["n"]
    for row in (
        inputs.exclude(section__isnull=True)
        .values("consultation_id", "section_id")
        .annotate(n=Count("id"), label=Max("where_label"))
        .order_by("consultation_id", "label")
    ):
        summaries[row["consultation_id"]].by_section.append((row["label"], row["n"]))
    for row in (
        inputs.filter(section__isnull=True).values("consultation_id").annotate(n=Count("id"))
    ):
        summaries[row["consultation_id"]].by_section.append(
            (_("Elemen, target, pendanaan, atau rencana secara keseluruhan"), row["n"])
        )
    for row in (
        inputs.values("consultation_id", "organisation__name")
        .annotate(n=Count("id"))
        .order_by("consultation_id", "-n", "organisation__name")
    ):
        summaries[row["consultation_id"]].by_organisation.append(
            (row["organisation__name"] or _("Perorangan"), row["n"])
        )
    kinds = dict(OfficialResponse.Kind.choices)
    answered: dict[int, int] = {}
    for response in (
        OfficialResponse.objects.filter(comment__in=inputs)
        .values("comment__consultation_id", "kind")
        .annotate(n=Count("id"))
        .order_by("comment__consultation_id", "kind")
    ):
        cid = response["comment__consultation_id"]
        label = str(kinds.get(response["kind"], response["kind"]))
        summaries[cid].by_response.append((label, response["n"]))
        answered[cid] = answered.get(cid, 0) + response["n"]
    statuses = dict(Proposal.Status.choices)
    for row in (
        Proposal.objects.filter(consultation_id__in=summaries)
        .values("consultation_id", "status")
        .annotate(n=Count("id"))
        .order_by("consultation_id", "status")
    ):
        summaries[row["consultation_id"]].proposals.append((str(statuses[row["status"]]), row["n"]))
    for summary in summaries.values():
        summary.unanswered = summary.inputs - answered.get(summary.consultation.pk, 0)
    return list(summaries.values())
