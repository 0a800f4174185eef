"""Export of a plan in the exchange format.

Keys come out in one fixed order and empty optional fields are left out, so the export of
an imported plan, imported again and exported again, is byte-identical. Years are sorted;
a year that is present but blank is written as "" (it is a row in the database).
"""

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from ..models import (
    Element,
    ElementKind,
    Funding,
    Indicator,
    IndicatorTarget,
    Plan,
    RpjmdProgram,
    RpjmdProgramCeiling,
    UnitCeiling,
)
from ..values import money_to_exchange

FORMAT, VERSION = "renstra-exchange", 1
INDICATOR_KEYS = [
    "name",
    "unit",
    "kind",
    "polarity",
    "nature",
    "baseline",
    "targets",
    "final",
    "formula",
    "data_source",
    "key",
    "tags",
]


def _compact(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A dict of `pairs` in their order, without empty optional values ("", None, [], {},
    False). Required keys are added by the callers after compacting, or are never empty."""
    return {k: v for k, v in pairs if v not in ("", None, [], {}, False)}


def _years(values: dict[Any, str]) -> dict[str, str]:
    return {str(year): values[year] for year in sorted(values, key=int)}


def indicator_object(data: dict[str, Any]) -> dict[str, Any]:
    """An exchange indicator object in canonical key order (from a plan's indicator or an
    RPJMD indicator's stored `data`)."""
    out = _compact([(k, data.get(k)) for k in INDICATOR_KEYS])
    out["name"] = data.get("name", "")
    if "targets" in out:
        out["targets"] = _years(out["targets"])
    return {k: out[k] for k in INDICATOR_KEYS if k in out}


def _plan_indicator(ind: Indicator) -> dict[str, Any]:
    return indicator_object(
        {
            "name": ind.name,
            "unit": ind.unit,
            "kind": ind.kind,
            "polarity": ind.polarity,
            "nature": ind.nature,
            "baseline": ind.baseline,
            "targets": {t.year: t.value for t in ind.targets.all()},
            "final": ind.final,
            "formula": ind.formula,
            "data_source": ind.data_source,
            "key": ind.is_key,
            "tags": list(ind.tags or []),
        }
    )


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _money_by_year(rows: dict[int, Decimal | None]) -> dict[str, str]:
    return {str(year): money_to_exchange(rows[year]) for year in sorted(rows)}


def _rpjmd_block(plan: Plan) -> dict[str, Any] | None:
    rpjmd = plan.rpjmd
    if rpjmd is None:
        return None
    owned: dict[tuple[str, int | None], list[dict]] = defaultdict(list)
    for ind in rpjmd.indicators.order_by("position", "id"):
        owner = (
            ("tujuan", ind.tujuan_id)
            if ind.tujuan_id
            else ("sasaran", ind.sasaran_id)
            if ind.sasaran_id
            else ("program", ind.program_id)
        )
        owned[owner].append(indicator_object(ind.data))
    pagu: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for row in RpjmdProgramCeiling.objects.filter(unit=plan.unit, program__rpjmd=rpjmd):
        pagu[row.program_id][row.year] = row.amount
    programs = (
        RpjmdProgram.objects.filter(rpjmd=rpjmd, units=plan.unit)
        .select_related("sasaran")
        .order_by("code", "id")
    )
    unit_pagu = {
        row.year: row.amount for row in UnitCeiling.objects.filter(rpjmd=rpjmd, unit=plan.unit)
    }
    tujuan = rpjmd.tujuan.select_related("misi").order_by("id")
    sasaran = rpjmd.sasaran.select_related("tujuan").order_by("id")
    return _compact(
        [
            ("title", rpjmd.title),
            ("visi", rpjmd.visi),
            ("misi", [{"code": m.code, "text": m.text} for m in rpjmd.misi.order_by("id")]),
            (
                "tujuan",
                [
                    _compact(
                        [
                            ("code", t.code),
                            ("misi", t.misi.code if t.misi else ""),
                            ("text", t.text),
                            ("indicators", owned[("tujuan", t.pk)]),
                        ]
                    )
                    for t in tujuan
                ],
            ),
            (
                "sasaran",
                [
                    _compact(
                        [
                            ("code", s.code),
                            ("tujuan", s.tujuan.code if s.tujuan else ""),
                            ("text", s.text),
                            ("indicators", owned[("sasaran", s.pk)]),
                        ]
                    )
                    for s in sasaran
                ],
            ),
            (
                "programs",
                [
                    _compact(
                        [
                            ("code", p.code),
                            ("name", p.name),
                            ("sasaran", p.sasaran.code if p.sasaran else ""),
                            ("indicators", owned[("program", p.pk)]),
                            ("pagu", _money_by_year(pagu.get(p.pk, {}))),
                        ]
                    )
                    for p in programs
                ],
            ),
            ("unit_pagu", _money_by_year(unit_pagu)),
        ]
    )


class _Cascade:
    """The plan's elements grouped by parent, with indicators and funding: a fixed number
    of queries whatever the plan's size."""

    def __init__(self, plan: Plan):
        elements = (
            Element.objects.filter(plan=plan)
            .select_related("rpjmd_sasaran", "rpjmd_program")
            .prefetch_related("issues")
            .order_by("position", "id")
        )
        self.children: dict[int | None, list[Element]] = defaultdict(list)
        for element in elements:
            self.children[element.parent_id].append(element)
        self.indicators: dict[int, list[Indicator]] = defaultdict(list)
        targets = Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
        for ind in (
            Indicator.objects.filter(plan=plan).prefetch_related(targets).order_by("position", "id")
        ):
            self.indicators[ind.element_id].append(ind)
        self.funding: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
        for element_id, year, amount in Funding.objects.filter(plan=plan).values_list(
            "element_id", "year", "amount"
        ):
            self.funding[element_id][year] = amount

    def kids(self, element: Element | None, kind: str) -> list[Element]:
        return [e for e in self.children[element.pk if element else None] if e.kind == kind]

    def inds(self, element: Element) -> list[dict]:
        return [_plan_indicator(i) for i in self.indicators[element.pk]]

    def leafish(
        self, element: Element, *, rpjmd_program: str = "", children: tuple[str, list] = ("", [])
    ) -> dict[str, Any]:
        """A program, kegiatan or sub kegiatan; `children` is (key, list) of the level below."""
        out = _compact(
            [
                ("code", element.code),
                ("name", element.text),
                ("statement", element.statement),
                ("rpjmd_program", rpjmd_program),
                ("indicators", self.inds(element)),
                ("funding", _money_by_year(self.funding.get(element.pk, {}))),
                ("funding_final", money_to_exchange(element.funding_final)),
                ("unit_in_charge", element.unit_in_charge),
                ("location", element.location),
                ("target_group", element.target_group),
                children,
            ]
        )
        # code and name are required by the format even when empty (legacy rows).
        return {"code": element.code, "name": element.text, **out}

    def program(self, element: Element) -> dict[str, Any]:
        activities = [
            self.leafish(
                k,
                children=(
                    "sub_activities",
                    [self.leafish(s) for s in self.kids(k, ElementKind.SUB_KEGIATAN)],
                ),
            )
            for k in self.kids(element, ElementKind.KEGIATAN)
        ]
        return self.leafish(
            element,
            rpjmd_program=element.rpjmd_program.code if element.rpjmd_program else "",
            children=("activities", activities),
        )

    def objective(self, element: Element) -> dict[str, Any]:
        issues = sorted(element.issues.all(), key=lambda i: (i.position, i.pk))
        strategies = [
            _compact(
                [
                    ("text", s.text),
                    ("policies", [p.text for p in self.kids(s, ElementKind.KEBIJAKAN)]),
                ]
            )
            | {"text": s.text}
            for s in self.kids(element, ElementKind.STRATEGI)
        ]
        return self._ref_text(element) | _compact(
            [
                ("rpjmd_sasaran", element.rpjmd_sasaran.code if element.rpjmd_sasaran else ""),
                ("answers_issues", [i.ref for i in issues if i.ref]),
                ("indicators", self.inds(element)),
                ("strategies", strategies),
                ("programs", [self.program(p) for p in self.kids(element, ElementKind.PROGRAM)]),
            ]
        )

    def goal(self, element: Element) -> dict[str, Any]:
        return self._ref_text(element) | _compact(
            [
                ("rpjmd_sasaran", element.rpjmd_sasaran.code if element.rpjmd_sasaran else ""),
                ("indicators", self.inds(element)),
                (
                    "objectives",
                    [self.objective(o) for o in self.kids(element, ElementKind.SASARAN)],
                ),
            ]
        )

    @staticmethod
    def _ref_text(element: Element) -> dict[str, Any]:
        return {"ref": element.ref, "text": element.text}


def exchange_export(*, plan: Plan) -> dict[str, Any]:
    """The whole plan as an exchange document (a dict in the format's key order).

    Reads only; a constant number of queries."""
    plan = Plan.objects.select_related("unit__region", "rpjmd").get(pk=plan.pk)
    unit, region = plan.unit, plan.unit.region
    head = _compact(
        [("name", unit.head_name), ("nip", unit.head_nip), ("position", unit.head_position)]
    )
    chapters = []
    for chapter in plan.chapters.prefetch_related("sections").order_by("number"):
        sections = [
            _compact([("number", s.number), ("title", s.title), ("body", s.body)])
            | {"number": s.number, "title": s.title}
            for s in sorted(chapter.sections.all(), key=lambda s: (s.position, s.pk))
        ]
        chapters.append(
            {"number": chapter.number, "title": chapter.title}
            | _compact([("body", chapter.body), ("sections", sections)])
        )
    issues = []
    for issue in plan.issues.order_by("position", "id"):
        score = _compact(
            [
                ("urgency", _number(issue.urgency)),
                ("seriousness", _number(issue.seriousness)),
                ("growth", _number(issue.growth)),
            ]
        )
        issues.append(
            _compact([("ref", issue.ref)])
            | {"text": issue.text}
            | _compact([("rank", issue.rank), ("score", score)])
        )
    cascade = _Cascade(plan)
    totals = [
        _compact(
            [
                ("code", row.code),
                ("name", row.name),
                ("funding", _years(row.funding)),
                ("funding_final", row.funding_final),
            ]
        )
        | {"code": row.code, "funding": _years(row.funding)}
        for row in plan.declared_totals.order_by("position", "id")
    ]
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "title": plan.title,
        "region": _compact([("code", region.code)]) | {"name": region.name, "level": region.level},
        "unit": _compact([("code", unit.code)])
        | {"name": unit.name}
        | _compact(
            [
                ("abbreviation", unit.abbreviation),
                ("bidang_urusan", list(unit.bidang_urusan or [])),
                ("head", head),
            ]
        ),
        "period": _compact(
            [
                ("start_year", plan.start_year),
                ("end_year", plan.end_year),
                ("baseline_year", plan.baseline_year),
            ]
        ),
        "rpjmd": _rpjmd_block(plan),
        "chapters": chapters,
        "strategic_issues": issues,
        "goals": [cascade.goal(g) for g in cascade.kids(None, ElementKind.TUJUAN)],
        "declared_totals": totals,
    }
    return {k: v for k, v in doc.items() if k == "goals" or v not in (None, [], {})}


def exchange_export_json(*, plan: Plan) -> str:
    """`exchange_export` as the text of a file: UTF-8 JSON, indented by two, final newline."""
    return json.dumps(exchange_export(plan=plan), ensure_ascii=False, indent=2) + "\n"
