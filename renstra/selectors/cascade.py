"""The plan's cascade as a tree with computed funding sums, in a constant number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from ..models import Element, ElementKind, Funding, Indicator, IndicatorTarget, Plan
from ..models.cascade import FUNDED_KINDS

SUMMED_KINDS = {ElementKind.TUJUAN, ElementKind.SASARAN}


@dataclass
class Node:
    element: Element
    children: list["Node"] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    own_funding: dict[int, Decimal | None] = field(default_factory=dict)
    totals: dict[int, Decimal] = field(default_factory=dict)
    is_funding_leaf: bool = False
    depth: int = 0

    @property
    def total(self) -> Decimal:
        return sum(self.totals.values(), Decimal(0))

    @property
    def declared(self) -> dict[int, Decimal | None]:
        """Funding an imported document declared on a parent (empty on leaves)."""
        return {} if self.is_funding_leaf else self.own_funding

    @property
    def funded(self) -> bool:
        """Whether money is shown for this node: funded kinds, and the goals and objectives
        that sum the programs under them (strategies and policies carry no money)."""
        return self.element.kind in FUNDED_KINDS or self.element.kind in SUMMED_KINDS


@dataclass
class PlanTree:
    plan: Plan
    years: list[int]
    roots: list[Node]
    by_id: dict[int, Node]
    totals: dict[int, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.totals.values(), Decimal(0))

    def walk(self):
        """Every node, depth first, in document order."""
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def of_kind(self, kind: str) -> list[Node]:
        return [n for n in self.walk() if n.element.kind == kind]


def plan_tree(plan: Plan, *, with_indicators: bool = True) -> PlanTree:
    """Load the whole cascade of `plan` and compute funding sums from the leaves.

    A funded element (program, kegiatan, sub kegiatan) without funded children is a leaf:
    its funding rows are the plan's money. Parents' totals are the sums of their children;
    their own rows, if any, are declared values kept for comparison."""
    elements = list(
        Element.objects.filter(plan=plan)
        .select_related("rpjmd_sasaran", "rpjmd_program")
        .prefetch_related("issues")
        .order_by("position", "id")
    )
    funding: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for row in Funding.objects.filter(plan=plan).values_list("element_id", "year", "amount"):
        funding[row[0]][row[1]] = row[2]
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    if with_indicators:
        qs = Indicator.objects.filter(plan=plan).prefetch_related(
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
        )
        for ind in qs.order_by("position", "id"):
            indicators[ind.element_id].append(ind)
    return build_plan_tree(plan, elements, indicators, funding)


def build_plan_tree(
    plan: Plan,
    elements: list[Element],
    indicators: dict[int, list[Indicator]],
    funding: dict[int, dict[int, Decimal | None]],
) -> PlanTree:
    """The PlanTree of already loaded rows (no queries): `elements` in document order,
    `indicators` by element id, `funding` as {element id: {year: amount}}.

    Used by `plan_tree` (live rows) and by the stages app for frozen versions (rows
    rebuilt from the history), so both have exactly the same shape and sums."""
    years = plan.years
    nodes = {
        e.pk: Node(
            element=e, indicators=indicators.get(e.pk, []), own_funding=funding.get(e.pk, {})
        )
        for e in elements
    }
    roots: list[Node] = []
    for e in elements:
        node = nodes[e.pk]
        parent = nodes.get(e.parent_id) if e.parent_id else None
        (parent.children if parent else roots).append(node)

    def compute(node: Node, depth: int) -> dict[int, Decimal]:
        node.depth = depth
        child_totals = [compute(child, depth + 1) for child in node.children]
        funded_children = [c for c in node.children if c.element.kind in FUNDED_KINDS]
        if node.element.kind in FUNDED_KINDS and not funded_children:
            node.is_funding_leaf = True
            node.totals = {y: node.own_funding.get(y) or Decimal(0) for y in years}
        else:
            node.totals = {
                y: sum((t.get(y, Decimal(0)) for t in child_totals), Decimal(0)) for y in years
            }
        return node.totals

    totals = {y: Decimal(0) for y in years}
    for root in roots:
        for y, v in compute(root, 0).items():
            totals[y] += v
    return PlanTree(plan=plan, years=years, roots=roots, by_id=nodes, totals=totals)


def element_label(kind: str) -> str:
    return str(ElementKind(kind).label)
