"""Reads for the element page: one element of the cascade with everything around it."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.http import Http404

from ..models import (
    Element,
    Indicator,
    IndicatorTarget,
    NomenclatureItem,
    NomenclatureVersion,
    Plan,
)
from ..models.cascade import ALLOWED_PARENT, CHILD_KINDS
from .cascade import Node, PlanTree, plan_tree


@dataclass
class ElementPage:
    plan: Plan
    tree: PlanTree
    node: Node
    ancestors: list[Node]
    indicators: list[Indicator]
    nomenclature: NomenclatureItem | None
    parent_choices: list[Node] = field(default_factory=list)

    @property
    def element(self) -> Element:
        return self.node.element

    @property
    def child_kinds(self) -> list[str]:
        return CHILD_KINDS[self.element.kind]

    @property
    def years(self) -> list[int]:
        return self.tree.years

    @property
    def funding_rows(self) -> list[tuple[int, Decimal, Decimal | None]]:
        """(year, computed total, declared amount) for the funding table of a parent."""
        own = self.node.own_funding
        return [(y, self.node.totals.get(y, Decimal(0)), own.get(y)) for y in self.years]


def element_page(plan: Plan, element_id: int) -> ElementPage:
    """The element `element_id` of `plan` with its ancestors, children (with computed funding
    sums), indicators with targets, nomenclature item and the parents it may move under.

    A constant number of queries however large the plan or the element is (the tree
    loads in plan_tree's constant queries; indicators and their targets in two more).
    Raises Http404 when the element is not in the plan."""
    tree = plan_tree(plan, with_indicators=False)
    node = tree.by_id.get(element_id)
    if node is None:
        raise Http404
    ancestors: list[Node] = []
    parent_id = node.element.parent_id
    while parent_id:
        ancestors.insert(0, tree.by_id[parent_id])
        parent_id = tree.by_id[parent_id].element.parent_id
    indicators = list(
        Indicator.objects.filter(element_id=element_id)
        .prefetch_related(Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year")))
        .order_by("position", "id")
    )
    element = node.element
    nomenclature = (
        NomenclatureItem.objects.filter(pk=element.nomenclature_id).first()
        if element.nomenclature_id
        else None
    )
    parent_kind = ALLOWED_PARENT[element.kind]
    parent_choices = tree.of_kind(parent_kind) if parent_kind else []
    return ElementPage(
        plan=plan,
        tree=tree,
        node=node,
        ancestors=ancestors,
        indicators=indicators,
        nomenclature=nomenclature,
        parent_choices=parent_choices,
    )


def nomenclature_search(
    plan: Plan, *, kind: str | None, query: str, prefix: str = "", limit: int = 30
) -> list[NomenclatureItem]:
    """Items of the newest nomenclature version for the plan's level whose code starts with
    or whose name contains `query`, of `kind` (a NomenclatureItem kind) and under `prefix`
    (the parent's code) when given. At most `limit` rows, by code."""
    level = "provinsi" if plan.unit.region.level == "provinsi" else "kabkota"
    version = NomenclatureVersion.objects.filter(level=level).order_by("-loaded_at", "-id").first()
    if version is None:
        return []
    qs = version.items.all()
    if kind:
        qs = qs.filter(kind=kind)
    if prefix:
        qs = qs.filter(code__startswith=prefix + ".")
    query = query.strip()
    if query:
        qs = qs.filter(Q(code__startswith=query) | Q(name__icontains=query))
    return list(qs.order_by("code")[:limit])
