"""Reads of the legislative flow: what a DPRD member may see, a plan's DPRD record, the
political coverage (misi and flagship programs ↔ goals, targets, programs)."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from renstra.access import PlanAccess, plan_access
from renstra.models import Plan, RpjmdMisi, RpjmdSasaran
from renstra.selectors.cascade import Node, PlanTree

from .models import (
    DprdReview,
    FlagshipLink,
    FlagshipProgram,
    ItemResponse,
    RecommendationItem,
    RecommendationLetter,
    ReviewNote,
    Visibility,
)

# What the DPRD may read: the versions submitted to it, granted per version by the stage
# hook of pembahasan_dprd (hooks.grant_version_to_dprd) to the region's members then.
VERSION_PERM = "stages.view_version"


# --- Access -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewAccess:
    """What one user may do with one DPRD review."""

    view: bool = False  # read the reviewed version, the notes, letters and answers
    note: bool = False  # a DPRD member of the region (the window decides when)
    commission: bool = False  # a member of the partner commission (letter, approval)
    respond: bool = False  # the unit (edit or approve on the plan)
    plan: PlanAccess = field(default_factory=PlanAccess)


def review_access(user: Any, review: DprdReview) -> ReviewAccess:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ReviewAccess()
    access = plan_access(user, review.plan)
    member = user.has_perm("renstra.dprd_review_region", review.plan.unit.region) and (
        user.has_perm(VERSION_PERM, review.version)
    )
    in_commission = member and review.commission.members.filter(pk=user.pk).exists()
    return ReviewAccess(
        view=member or access.view,
        note=member,
        commission=in_commission,
        respond=access.edit or access.approve,
        plan=access,
    )


def get_review_for_user(user: Any, review_id: int, need: str = "view"):
    """The review and the user's access to it: 404 for someone who may not see it (a DPRD
    member of another region, a member before the version was submitted), 403 for an
    insider without `need`."""
    from django.core.exceptions import PermissionDenied

    try:
        review = DprdReview.objects.select_related(
            "plan__unit__region", "plan__rpjmd", "version", "commission"
        ).get(pk=review_id)
    except (DprdReview.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    access = review_access(user, review)
    if not access.view:
        raise Http404
    if not getattr(access, need):
        raise PermissionDenied
    return review, access


def reviews_for_member(user: Any) -> QuerySet[DprdReview]:
    """The reviews a DPRD member may read (submitted to their region's DPRD), newest first."""
    from stages.models import Version

    versions = get_objects_for_user(
        user, VERSION_PERM, klass=Version, accept_global_perms=False, with_superuser=False
    )
    qs = DprdReview.objects.filter(version__in=versions)
    return qs.select_related("plan__unit__region", "version", "commission").order_by(
        "-submitted_at", "-id"
    )


def plan_reviews(plan: Plan) -> list[DprdReview]:
    return list(
        DprdReview.objects.filter(plan=plan)
        .select_related("version", "commission", "submitted_by")
        .order_by("-submitted_at", "-id")
    )


def open_review(plan: Plan) -> DprdReview | None:
    return (
        DprdReview.objects.filter(plan=plan, closed_at__isnull=True)
        .select_related("version", "commission")
        .first()
    )


def review_notes(review: DprdReview, *, public_only: bool = False) -> QuerySet[ReviewNote]:
    qs = ReviewNote.objects.filter(review=review).select_related("member")
    if public_only:
        qs = qs.filter(visibility=Visibility.PUBLIC)
    return qs.order_by("created_at", "id")


def plan_letters(plan: Plan, *, version: Any = None) -> list[RecommendationLetter]:
    """The plan's recommendation letters with their items, each item's elements and
    answer prefetched (three queries whatever the number). With `version`: the letters
    issued before it was frozen."""
    qs = RecommendationLetter.objects.filter(plan=plan)
    if version is not None:
        qs = qs.filter(issued_at__lte=version.frozen_at)
    return list(
        qs.select_related("commission", "review__version")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=RecommendationItem.objects.select_related(
                    "response__version", "response__element", "response__responded_by"
                )
                .prefetch_related("elements")
                .order_by("position", "id"),
            )
        )
        .order_by("date", "id")
    )


def response_of(item: RecommendationItem) -> ItemResponse | None:
    try:
        return item.response
    except ItemResponse.DoesNotExist:
        return None


# --- Political coverage -----------------------------------------------------------------


@dataclass
class CoverageRow:
    """One misi or flagship program and what serves it in the plan."""

    code: str
    text: str
    goals: list[Node] = field(default_factory=list)
    targets: list[Node] = field(default_factory=list)
    programs: list[Node] = field(default_factory=list)

    @property
    def served(self) -> bool:
        return bool(self.goals or self.targets or self.programs)


@dataclass
class Coverage:
    misi: list[CoverageRow]
    flagships: list[CoverageRow]

    @property
    def unserved(self) -> list[CoverageRow]:
        return [r for r in self.misi + self.flagships if not r.served]


def _add_subtree(row: CoverageRow, node: Node, seen: set[int]) -> None:
    stack = [node]
    while stack:
        n = stack.pop()
        key = n.element.pk
        if key not in seen:
            seen.add(key)
            kind = n.element.kind
            if kind == "tujuan":
                row.goals.append(n)
            elif kind == "sasaran":
                row.targets.append(n)
            elif kind == "program":
                row.programs.append(n)
        stack.extend(c for c in n.children if c.element.kind in {"sasaran", "program"})


def _sort(row: CoverageRow, order: dict[int, int]) -> CoverageRow:
    for name in ("goals", "targets", "programs"):
        getattr(row, name).sort(key=lambda n: order.get(n.element.pk, 0))
    return row


def plan_coverage(plan: Plan, tree: PlanTree, *, links: list[tuple[int, int]] | None = None):
    """For each misi of the plan's RPJMD and each flagship program assigned to the unit:
    the goals, targets and programs of `tree` that serve it. A tujuan or sasaran serves a
    misi through its RPJMD sasaran (→ RPJMD tujuan → misi) and a flagship program through
    its links; what sits under it (its sasaran, their programs) serves it too. `links`
    are (element id, flagship id) pairs (default: the live links). Three queries."""
    if not plan.rpjmd_id:
        return Coverage([], [])
    order = {node.element.pk: i for i, node in enumerate(tree.walk())}
    misi_rows = {
        m.pk: CoverageRow(m.code, m.text)
        for m in RpjmdMisi.objects.filter(rpjmd_id=plan.rpjmd_id).order_by("id")
    }
    misi_of_sasaran = dict(
        RpjmdSasaran.objects.filter(rpjmd_id=plan.rpjmd_id, tujuan__misi__isnull=False).values_list(
            "id", "tujuan__misi_id"
        )
    )
    flagships = {
        f.pk: CoverageRow(f.code, f.name)
        for f in FlagshipProgram.objects.filter(rpjmd_id=plan.rpjmd_id, units=plan.unit_id)
        .distinct()
        .order_by("code", "id")
    }
    if links is None:
        links = list(
            FlagshipLink.objects.filter(plan=plan).values_list("element_id", "flagship_id")
        )
    flagship_of: dict[int, list[int]] = defaultdict(list)
    for element_id, flagship_id in links:
        flagship_of[element_id].append(flagship_id)
    seen: dict[tuple[str, int], set[int]] = defaultdict(set)
    for node in tree.walk():
        e = node.element
        if e.kind not in {"tujuan", "sasaran"}:
            continue
        misi_id = misi_of_sasaran.get(e.rpjmd_sasaran_id)
        if misi_id in misi_rows:
            _add_subtree(misi_rows[misi_id], node, seen[("m", misi_id)])
        for flagship_id in flagship_of.get(e.pk, []):
            if flagship_id in flagships:
                _add_subtree(flagships[flagship_id], node, seen[("f", flagship_id)])
    return Coverage(
        misi=[_sort(r, order) for r in misi_rows.values()],
        flagships=[_sort(r, order) for r in flagships.values()],
    )


def flagship_links_at(plan: Plan, version: Any = None) -> list[tuple[int, int]]:
    """The plan's (element id, flagship id) links now, or as they were when `version`
    was frozen (from the history)."""
    if version is None:
        return list(FlagshipLink.objects.filter(plan=plan).values_list("element_id", "flagship_id"))
    historical = FlagshipLink.history.model  # type: ignore[attr-defined]
    latest: dict[int, Any] = {}
    for row in (
        historical.objects.filter(plan_id=plan.pk, history_date__lte=version.frozen_at)
        .order_by("history_date", "history_id")
        .values("id", "element_id", "flagship_id", "history_type")
    ):
        latest[row["id"]] = row
    return [
        (r["element_id"], r["flagship_id"]) for r in latest.values() if r["history_type"] != "-"
    ]


# --- The workspace panel ----------------------------------------------------------------


def workspace_panel(plan: Plan, user: Any) -> list[tuple[str, str, dict]]:
    """The political approach, the plan's DPRD consultation and its ratification on the
    workspace (provider slot "workspace_panels"). Four queries."""
    access = plan_access(user, plan)
    if not access.view:
        return []
    reviews = plan_reviews(plan)
    from .models import Ratification

    ratification = Ratification.objects.filter(plan=plan).select_related("document").first()
    unanswered = RecommendationItem.objects.filter(letter__plan=plan, response__isnull=True).count()
    return [
        (
            _("Legislasi: DPRD dan penetapan"),
            "legislation/workspace_panel.html",
            {
                "plan": plan,
                "access": access,
                "reviews": reviews,
                "unanswered": unanswered,
                "ratification": ratification,
            },
        )
    ]
