"""The live plan in the shape `build_document` reads (the core's own reader: the frozen
versions come from the stages app, which the core does not import)."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from ..models import Plan, Section
from ..selectors.cascade import PlanTree, plan_tree


@dataclass
class DocumentContent:
    plan: Plan
    tree: PlanTree
    chapters: list
    issues: list
    declared_totals: list
    performance_records: list = field(default_factory=list)
    budget_records: list = field(default_factory=list)
    version: Any = None


def live_document_content(plan: Plan) -> DocumentContent:
    """The plan as it is now: chapters with their sections, the cascade tree, strategic
    issues, declared totals and previous-period records. A constant number of queries."""
    chapters = list(
        plan.chapters.prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("position", "id"))
        ).order_by("number")
    )
    return DocumentContent(
        plan=plan,
        tree=plan_tree(plan),
        chapters=chapters,
        issues=list(plan.issues.order_by("position", "id")),
        declared_totals=list(plan.declared_totals.order_by("position", "id")),
        performance_records=list(plan.performance_records.all()),
        budget_records=list(plan.budget_records.all()),
    )
