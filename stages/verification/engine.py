"""Run every automatic verification rule (domain.md §7) over one plan.

The engine builds ONE context: the plan's cascade as a `PlanTree` (nodes, elements,
indicators, targets, funding) plus the RPJMD reference, the declared header totals, the
strategic issues and the nomenclature entries the plan's codes point to, loaded in a
constant number of queries. Rules read only from that context, never from the database,
so the same rules run on a frozen version: pass a PlanTree-compatible `tree` (its
`plan`, `years`, `roots`, `by_id`, `totals`, `walk()`) and, optionally, `declared_totals`
and `issues` attributes on it to override what is read from the live plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import Q

from renstra.models import (
    DeclaredTotal,
    NomenclatureItem,
    Plan,
    RpjmdIndicator,
    RpjmdProgram,
    RpjmdProgramCeiling,
    RpjmdSasaran,
    StrategicIssue,
    UnitCeiling,
)
from renstra.selectors.cascade import Node, PlanTree, plan_tree

from .findings import Finding
from .rules import RULES, rule_sort_number, targets_of


@dataclass
class RpjmdProgramRef:
    id: int
    code: str
    name: str
    sasaran_id: int | None
    assigned: bool
    indicators: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class VerificationContext:
    """Everything the rules may read. Built once per run; no rule touches the database."""

    plan: Plan
    tree: PlanTree
    years: list[int]
    region_level: str
    unit_code: str
    unit_name: str
    bidang_urusan: list[str]
    nodes: list[Node]  # document order
    order: dict[int, int]  # element id → position in document order
    has_rpjmd: bool = False
    rpjmd_sasaran: dict[int, RpjmdSasaran] = field(default_factory=dict)
    rpjmd_programs: dict[int, RpjmdProgramRef] = field(default_factory=dict)
    unit_ceiling: dict[int, Decimal | None] = field(default_factory=dict)
    program_ceiling: dict[tuple[int, int], Decimal | None] = field(default_factory=dict)
    declared_totals: list[Any] = field(default_factory=list)
    issues: list[Any] = field(default_factory=list)
    nomenclature_by_id: dict[int, NomenclatureItem] = field(default_factory=dict)
    nomenclature_by_code: dict[str, NomenclatureItem] = field(default_factory=dict)

    _targets: dict[int, dict[int, str]] = field(default_factory=dict)

    def targets(self, indicator: Any) -> dict[int, str]:
        """{year: printed target} of `indicator`, read once per run."""
        key = id(indicator)
        found = self._targets.get(key)
        if found is None:
            found = self._targets[key] = targets_of(indicator)
        return found

    def of_kind(self, *kinds: str) -> Iterable[Node]:
        return (n for n in self.nodes if n.element.kind in kinds)

    @property
    def nomenclature_level(self) -> str:
        return "provinsi" if self.region_level == "provinsi" else "kabkota"


def build_context(
    plan: Plan,
    *,
    tree: PlanTree | None = None,
    issues: Iterable[Any] | None = None,
    declared_totals: Iterable[Any] | None = None,
) -> VerificationContext:
    """Load the reference data for `plan` (about ten queries, whatever the plan's size)."""
    if tree is None:
        tree = plan_tree(plan)
    unit = plan.unit
    region = unit.region
    nodes = list(tree.walk())
    ctx = VerificationContext(
        plan=plan,
        tree=tree,
        years=list(tree.years),
        region_level=region.level,
        unit_code=unit.code,
        unit_name=unit.name,
        bidang_urusan=[str(b).strip() for b in (unit.bidang_urusan or []) if str(b).strip()],
        nodes=nodes,
        order={n.element.pk: i for i, n in enumerate(nodes)},
    )
    if plan.rpjmd_id:
        ctx.has_rpjmd = True
        ctx.rpjmd_sasaran = {s.pk: s for s in RpjmdSasaran.objects.filter(rpjmd_id=plan.rpjmd_id)}
        assigned = set(
            RpjmdProgram.units.through.objects.filter(
                rpjmdprogram__rpjmd_id=plan.rpjmd_id, unit_id=unit.pk
            ).values_list("rpjmdprogram_id", flat=True)
        )
        for p in RpjmdProgram.objects.filter(rpjmd_id=plan.rpjmd_id).order_by("code", "id"):
            ctx.rpjmd_programs[p.pk] = RpjmdProgramRef(
                id=p.pk,
                code=p.code,
                name=p.name,
                sasaran_id=p.sasaran_id,
                assigned=p.pk in assigned,
            )
        for ind in RpjmdIndicator.objects.filter(
            rpjmd_id=plan.rpjmd_id, program_id__in=assigned
        ).order_by("position", "id"):
            # program_id__in=assigned: never None here
            ctx.rpjmd_programs[cast(int, ind.program_id)].indicators.append(ind.data or {})
        ctx.unit_ceiling = dict(
            UnitCeiling.objects.filter(rpjmd_id=plan.rpjmd_id, unit=unit).values_list(
                "year", "amount"
            )
        )
        ctx.program_ceiling = {
            (pid, year): amount
            for pid, year, amount in RpjmdProgramCeiling.objects.filter(
                program__rpjmd_id=plan.rpjmd_id, unit=unit
            ).values_list("program_id", "year", "amount")
        }
    declared = declared_totals
    if declared is None:
        declared = getattr(tree, "declared_totals", None)
    ctx.declared_totals = (
        list(declared)
        if declared is not None
        else list(DeclaredTotal.objects.filter(plan=plan).order_by("position", "id"))
    )
    if issues is None:
        issues = getattr(tree, "issues", None)
    ctx.issues = (
        list(issues)
        if issues is not None
        else list(StrategicIssue.objects.filter(plan=plan).order_by("position", "id"))
    )
    _load_nomenclature(ctx)
    return ctx


def _load_nomenclature(ctx: VerificationContext) -> None:
    """The nomenclature entries the plan's coded elements point to (one query)."""
    ids = {n.element.nomenclature_id for n in ctx.nodes if n.element.nomenclature_id}
    codes = {
        n.element.code
        for n in ctx.nodes
        if n.element.kind in ("kegiatan", "sub_kegiatan") and n.element.code
    }
    if not ids and not codes:
        return
    query = Q(pk__in=ids) | Q(code__in=codes, version__level=ctx.nomenclature_level)
    # Newest version first, so the latest decree wins for a code listed by several.
    for item in NomenclatureItem.objects.filter(query).order_by("-version_id", "id"):
        ctx.nomenclature_by_id[item.pk] = item
        ctx.nomenclature_by_code.setdefault(item.code, item)


def run_rules(ctx: VerificationContext) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        if rule.check is None:
            continue
        findings.extend(rule.check(ctx))
    findings.sort(key=lambda f: f.order or _fallback_order(ctx, f))
    return findings


def _fallback_order(ctx: VerificationContext, f: Finding) -> tuple:
    position = -1 if f.element_id is None else ctx.order.get(f.element_id, len(ctx.order))
    return (position, rule_sort_number(f.rule), -1, f.year or 0, f.field or "", f.where)


def verify_plan(
    plan: Plan,
    *,
    tree: PlanTree | None = None,
    issues: Iterable[Any] | None = None,
    declared_totals: Iterable[Any] | None = None,
) -> list[Finding]:
    """Every automatic finding for `plan`, sorted by document order.

    Without `tree` the live plan is read; for a frozen version pass its PlanTree and its
    strategic issues and declared totals (see `verify_content`).

    Elementless findings (RPJMD programs missing from the plan, the unit's ceiling, strategic
    issues, header totals) come first. Reads only; changes nothing; raises nothing for bad
    data (bad data is what it reports)."""
    ctx = build_context(plan, tree=tree, issues=issues, declared_totals=declared_totals)
    return run_rules(ctx)


def verify_content(content: Any) -> list[Finding]:
    """Findings of a plan's content at one moment: any object with `plan`, `tree`, `issues`
    and `declared_totals` (e.g. the versions module's PlanContent of a frozen version)."""
    return verify_plan(
        content.plan,
        tree=content.tree,
        issues=content.issues,
        declared_totals=content.declared_totals,
    )
