"""Reads for the public portal. Only public things come out of here.

A plan is *ratified* (and so public) when its stage is the final `penetapan`, it has a
frozen version of kind "ratified", and the Ratification record (the Perkada) exists.
Every other plan is unknown to the portal (404), whoever asks.

Every selector runs a fixed number of queries whatever the size of the region or plan;
the plan page's reads are cached by `legislation.portal.cache` (ratified content never
changes)."""

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from participation.models import Comment, Consultation
from participation.selectors.comments import MatrixRow, response_matrix
from participation.selectors.consultations import plan_consultations, region_consultations
from renstra.models import DocumentFile, Plan, Region, Unit
from renstra.providers import collect
from stages.models import Version

from ..models import (
    ItemResponse,
    Ratification,
    RecommendationItem,
    RecommendationLetter,
    ReviewNote,
    Visibility,
)

RATIFIED_STAGE = "penetapan"


def ratified_plans() -> QuerySet[Plan]:
    """Every ratified plan (stage `penetapan`, a ratified version, a published
    Ratification)."""
    return Plan.objects.filter(
        Exists(Version.objects.filter(plan=OuterRef("pk"), kind=Version.Kind.RATIFIED)),
        Exists(Ratification.objects.filter(plan=OuterRef("pk"), published_at__isnull=False)),
        stage=RATIFIED_STAGE,
    )


# --- Regions and units ------------------------------------------------------------------


def portal_regions() -> QuerySet[Region]:
    """Every region with its number of units and of ratified plans. One query."""
    return Region.objects.annotate(
        unit_count=Count("units", distinct=True),
        ratified_count=Count(
            "units__plans", filter=Q(units__plans__in=ratified_plans()), distinct=True
        ),
    ).order_by("name")


def portal_region(region_id: int) -> Region:
    """The region, or Http404. One query."""
    try:
        return Region.objects.get(pk=region_id)
    except Region.DoesNotExist:
        raise Http404 from None


def region_units(region: Region) -> list[Unit]:
    """The region's units by name, each with `ratified` = its ratified plans (newest
    period first, with the Perkada). Two queries."""
    plans = ratified_plans().select_related("ratification").order_by("-start_year", "title", "id")
    units: list[Unit] = list(
        Unit.objects.filter(region=region)
        .order_by("name", "id")
        .prefetch_related(Prefetch("plans", queryset=plans, to_attr="ratified"))
    )
    for unit in units:
        unit.region = region
        for plan in unit.ratified:  # type: ignore[attr-defined]  # the Prefetch to_attr
            plan.unit = unit
    return units


# --- One ratified plan --------------------------------------------------------------------


@dataclass
class RatifiedPlan:
    """A ratified plan and what the portal shows about its ratification."""

    plan: Plan
    version: Version
    ratification: Ratification
    document_file: DocumentFile | None

    @property
    def public_id(self) -> str:
        return self.plan.public_id

    @property
    def modified(self) -> datetime:
        """When the public content last changed: the ratification (or the frozen version)."""
        return max(self.ratification.ratified_at, self.version.frozen_at)

    @property
    def official_sha256(self) -> str:
        return self.document_file.sha256 if self.document_file else ""


def official_file(plan: Plan, version: Version, ratification: Ratification | None):
    """The official PDF of the ratified version: the file the Ratification names, else
    the archival (PDF/A) rendering of that version, once done. None while it is not
    rendered. At most one query."""
    if ratification is not None and ratification.document_id:
        found = ratification.document
        if found is not None and found.is_done:
            return found
    return (
        DocumentFile.objects.filter(
            plan=plan,
            version_number=version.number,
            variant=DocumentFile.Variant.ARCHIVAL,
            status=DocumentFile.Status.DONE,
        )
        .order_by("-finished_at", "-id")
        .first()
    )


def ratified_plan(public_id: str) -> RatifiedPlan:
    """The ratified plan with `public_id`, or Http404 (unknown, or not ratified). Three or
    four queries."""
    plan = (
        Plan.objects.select_related("unit__region", "rpjmd")
        .filter(public_id=str(public_id), stage=RATIFIED_STAGE)
        .first()
    )
    if plan is None:
        raise Http404
    ratification = (
        Ratification.objects.select_related("version", "document")
        .filter(plan=plan, published_at__isnull=False)
        .first()
    )
    if ratification is None:
        raise Http404
    version = ratification.version
    if version is None or version.kind != Version.Kind.RATIFIED:
        version = (
            Version.objects.filter(plan=plan, kind=Version.Kind.RATIFIED)
            .order_by("-number")
            .first()
        )
    if version is None:
        raise Http404
    version.plan = plan
    ratification.plan = plan
    return RatifiedPlan(
        plan=plan,
        version=version,
        ratification=ratification,
        document_file=official_file(plan, version, ratification),
    )


# --- The process: timeline, DPRD recommendations ----------------------------------------


@dataclass
class PublicStep:
    """One stage of the process as the public sees it: no actors, no internal notes."""

    label: str
    flow: str
    opened_at: datetime
    closed_at: datetime | None
    version_number: int | None
    version_label: str


def public_timeline(plan: Plan) -> list[PublicStep]:
    """The plan's stages from the "plan_timeline" providers, stripped to what is public:
    stage, flow, dates and the version frozen. (Notes and names stay inside.)"""
    steps = []
    for entry in collect("plan_timeline", plan):
        version = getattr(entry, "version", None)
        steps.append(
            PublicStep(
                label=str(getattr(entry, "label", "")),
                flow=str(getattr(entry, "flow", "")),
                opened_at=entry.opened_at,
                closed_at=getattr(entry, "closed_at", None),
                version_number=getattr(version, "number", None),
                version_label=getattr(version, "label", "") or "",
            )
        )
    return steps


@dataclass
class PublicRecommendations:
    letters: list[RecommendationLetter]
    notes: list[ReviewNote]

    def __bool__(self) -> bool:
        return bool(self.letters or self.notes)


def public_recommendations(plan: Plan) -> PublicRecommendations:
    """The DPRD's formal recommendation letters on `plan` with every item and the unit's
    answer, and the members' notes marked public. Internal notes never come out of here.
    Three queries."""
    responses = ItemResponse.objects.select_related("version")
    items = RecommendationItem.objects.order_by("position", "id").prefetch_related(
        Prefetch("response", queryset=responses)
    )
    letters = list(
        RecommendationLetter.objects.filter(plan=plan)
        .select_related("commission")
        .order_by("date", "id")
        .prefetch_related(Prefetch("items", queryset=items))
    )
    notes = list(
        ReviewNote.objects.filter(plan=plan, visibility=Visibility.PUBLIC)
        .select_related("member", "review__version")
        .order_by("created_at", "id")
    )
    return PublicRecommendations(letters=letters, notes=notes)


# --- Consultations (the participatory flow's public pages and response matrices) ----------


def consultation_url(consultation: Consultation) -> str:
    """The consultation's public page (the participatory flow's), or "" where that app
    does not serve one."""
    try:
        return reverse("participation:consultation_detail", args=[consultation.public_id])
    except NoReverseMatch:
        return ""


def public_region_consultations(region: Region) -> dict[str, list[Consultation]]:
    """The region's consultations, "open" (running or announced) and "past", each with
    `public_url`. One query."""
    found = region_consultations(region)
    for consultation in found["open"] + found["past"]:
        consultation.public_url = consultation_url(consultation)
    return found


@dataclass
class PublicConsultation:
    consultation: Consultation
    url: str
    rows: list[MatrixRow]


def _public_row(row: MatrixRow) -> MatrixRow:
    # A comment a moderator hid, or hid while reports are reviewed, is not published;
    # the applied link points inside the workspace, the portal shows its label only.
    if row.comment.state != Comment.State.VISIBLE:
        row = dataclasses.replace(row, text=_("[disembunyikan oleh moderator]"), quote="")
    return dataclasses.replace(row, link="")


def plan_public_consultations(plan: Plan) -> list[PublicConsultation]:
    """The plan's consultations (oldest first), each with its response matrix: every
    comment (hidden ones without their text) with the unit's official response. One
    query, plus two per consultation (a plan has a forum and a public consultation or
    two, whatever the number of comments)."""
    result = []
    for consultation in reversed(plan_consultations(plan)):
        consultation.plan = plan
        result.append(
            PublicConsultation(
                consultation=consultation,
                url=consultation_url(consultation),
                rows=[_public_row(r) for r in response_matrix(consultation)],
            )
        )
    return result
