"""The verification rules of domain.md §7, one function per rule, and their registry.

Each check takes the prepared `VerificationContext` (engine.py) and yields `Finding`s. Checks
read only the context — PlanTree nodes, their elements, indicators, targets and funding,
and the reference data loaded with it — never the database, so they run unchanged on a
frozen version. Money is Decimal throughout; indicator values are read from their printed
text with `renstra.values.parse_number`.

Rule ids V1–V21 are the domain's; X1–X3 are the extra warnings listed under its table:
X1 a value whose own unit differs from the indicator's unit, X2 a value far outside its
plausible range, X3 a leaf year with a target but no money or money but no target.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from renstra.models.cascade import ALLOWED_PARENT, FUNDED_KINDS, INDICATOR_KINDS
from renstra.values import format_rupiah as rp
from renstra.values import parse_number, unit_suffix

from .findings import ERROR, WARNING, Finding

if TYPE_CHECKING:
    from renstra.selectors.cascade import Node

    from .engine import VerificationContext

Check = Callable[["VerificationContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str  # "auto", "auto+manual", "manual", "service"
    severity: str  # default severity of its findings
    title: str  # Indonesian
    title_en: str
    check: Check | None = None
    note: str = ""


RULES: list[Rule] = []
RULES_BY_ID: dict[str, Rule] = {}


def _register(rule: Rule) -> None:
    RULES.append(rule)
    RULES_BY_ID[rule.id] = rule


def rule(rule_id: str, kind: str, severity: str, title: str, title_en: str, note: str = ""):
    """Register the decorated function as the check of `rule_id`."""

    def decorate(func: Check) -> Check:
        _register(Rule(rule_id, kind, severity, title, title_en, func, note))
        return func

    return decorate


def manual(rule_id: str, title: str, title_en: str, note: str = "", kind: str = "manual"):
    _register(Rule(rule_id, kind, WARNING, title, title_en, None, note))


def rule_sort_number(rule_id: str) -> int:
    number = int(rule_id[1:]) if rule_id[1:].isdigit() else 0
    return number if rule_id.startswith("V") else 100 + number


# ---------------------------------------------------------------------------------------
# Helpers


def where_of(node: Node) -> str:
    """The element's code, or its ref for tujuan/sasaran, as in the exchange file."""
    el = node.element
    label = (el.ref or el.code) if el.kind in ("tujuan", "sasaran") else (el.code or el.ref)
    return label or (el.text or "")[:60]


def emit(
    ctx: VerificationContext,
    rule_id: str,
    node: Node | None,
    message: str,
    message_en: str,
    *,
    where: str | None = None,
    indicator: tuple[int, Any] | str | None = None,
    year: int | None = None,
    field: str | None = None,
    data: dict[str, Any] | None = None,
    severity: str | None = None,
) -> Finding:
    """A finding at `node` (or at `where` when it concerns no element), in document order."""
    position = -1
    indicator_name = None
    if isinstance(indicator, tuple):
        position, ind = indicator
        indicator_name = ind.name
    elif isinstance(indicator, str):
        indicator_name = indicator
    element_id = node.element.pk if node is not None else None
    if where is None:
        where = where_of(node) if node is not None else ""
    doc_position = -1 if element_id is None else ctx.order.get(element_id, len(ctx.order))
    return Finding(
        rule=rule_id,
        severity=severity or RULES_BY_ID[rule_id].severity,
        where=where,
        message=message,
        message_en=message_en,
        indicator=indicator_name,
        year=year,
        field=field,
        data=data or {},
        element_id=element_id,
        order=(doc_position, rule_sort_number(rule_id), position, year or 0, field or "", where),
    )


def norm(text: str | None) -> str:
    """Case- and whitespace-insensitive text for comparisons."""
    return " ".join((text or "").split()).casefold()


_UNIT_ALIASES = {"persen": "%", "percent": "%", "prosen": "%"}


def norm_unit(text: str | None) -> str:
    unit = norm(text).rstrip(".")
    return _UNIT_ALIASES.get(unit, unit)


@lru_cache(maxsize=8192)
def number(text: str | None) -> Decimal | None:
    return parse_number(text or "")


# A printed "nothing": empty, a dash, or a unit without a number ("%", "Rp").
_DASHES = {"-", "–", "—", "--"}
_UNIT_ONLY = {"%", "rp", "rp.", "persen"}


def is_blank(value: str | None, unit: str | None = "") -> bool:
    text = (value or "").strip()
    if not text or text in _DASHES:
        return True
    if any(ch.isdigit() for ch in text):
        return False
    folded = norm(text)
    return folded in _UNIT_ONLY or (bool(unit) and norm_unit(text) == norm_unit(unit))


def targets_of(indicator: Any) -> dict[int, str]:
    """{year: printed target}; works on a prefetched queryset or a plain list (versions)."""
    targets = indicator.targets
    rows = targets.all() if hasattr(targets, "all") else targets
    return {int(t.year): (t.value or "") for t in rows}


def issue_ids(element: Any) -> set[int]:
    ids = getattr(element, "issue_ids", None)
    if ids is not None:
        return set(ids)
    issues = element.issues
    rows = issues.all() if hasattr(issues, "all") else issues
    return {i.pk for i in rows}


def same_value(a: str, b: str) -> bool:
    """Equal numbers when both read as numbers, else equal text (case/space-insensitive)."""
    na, nb = number(a), number(b)
    if na is not None and nb is not None:
        return na == nb
    return norm(a) == norm(b)


def indicators(ctx: VerificationContext) -> Iterator[tuple[Node, int, Any]]:
    for node in ctx.nodes:
        if node.element.kind in INDICATOR_KINDS:
            for position, ind in enumerate(node.indicators):
                yield node, position, ind


def level_label(kind: str) -> tuple[str, str]:
    return {
        "tujuan": ("tujuan", "goal"),
        "sasaran": ("sasaran", "objective"),
        "strategi": ("strategi", "strategy"),
        "kebijakan": ("arah kebijakan", "policy direction"),
        "program": ("program", "program"),
        "kegiatan": ("kegiatan", "activity"),
        "sub_kegiatan": ("sub kegiatan", "sub-activity"),
    }[kind]


def money(text: str | None) -> Decimal | None:
    """Exchange money text → Decimal; blank or unreadable → None (not compared)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


# ---------------------------------------------------------------------------------------
# V1–V3: alignment with the RPJMD


@rule(
    "V1",
    "auto",
    ERROR,
    "Setiap tujuan/sasaran terhubung ke sasaran RPJMD",
    "Every goal/objective links to an RPJMD objective",
)
def check_v1(ctx: VerificationContext) -> Iterator[Finding]:
    for node in ctx.of_kind("tujuan", "sasaran"):
        el = node.element
        level, level_en = level_label(el.kind)
        if el.rpjmd_sasaran_id is None:
            yield emit(
                ctx,
                "V1",
                node,
                f"{level.capitalize()} tidak terhubung ke sasaran RPJMD.",
                f"The {level_en} is not linked to an RPJMD objective.",
                field="link",
            )
        elif ctx.has_rpjmd and el.rpjmd_sasaran_id not in ctx.rpjmd_sasaran:
            yield emit(
                ctx,
                "V1",
                node,
                f"{level.capitalize()} terhubung ke sasaran yang bukan dari RPJMD rencana ini.",
                f"The {level_en} links to an objective outside this plan's RPJMD.",
                field="link",
                data={"rpjmd_sasaran_id": el.rpjmd_sasaran_id},
            )


def _programs_by_rpjmd(ctx: VerificationContext) -> dict[int, list[Node]]:
    found: dict[int, list[Node]] = defaultdict(list)
    for node in ctx.of_kind("program"):
        if node.element.rpjmd_program_id is not None:
            found[node.element.rpjmd_program_id].append(node)
    return found


@rule(
    "V2",
    "auto",
    ERROR,
    "Indikator program RPJMD untuk perangkat daerah muncul dengan satuan dan target yang sama",
    "Indicators the RPJMD assigns to the unit appear with the same unit and targets",
)
def check_v2(ctx: VerificationContext) -> Iterator[Finding]:
    by_rpjmd = _programs_by_rpjmd(ctx)
    for ref in ctx.rpjmd_programs.values():
        nodes = by_rpjmd.get(ref.id)
        if not ref.assigned or not nodes:
            continue  # a missing program is V3's finding
        candidates = [(node, i, ind) for node in nodes for i, ind in enumerate(node.indicators)]
        for data in ref.indicators:
            name = str(data.get("name", ""))
            match = next((c for c in candidates if norm(c[2].name) == norm(name)), None)
            if match is None:
                yield emit(
                    ctx,
                    "V2",
                    nodes[0],
                    f"Indikator RPJMD “{name}” untuk program {ref.code} tidak ada pada program.",
                    f"RPJMD indicator “{name}” of program {ref.code} is missing from the program.",
                    indicator=name,
                    field="indicator",
                    data={"rpjmd_program": ref.code},
                )
                continue
            node, position, ind = match
            expected_unit = str(data.get("unit", ""))
            if expected_unit and norm_unit(expected_unit) != norm_unit(ind.unit):
                yield emit(
                    ctx,
                    "V2",
                    node,
                    f"Satuan “{ind.unit}” berbeda dari satuan RPJMD “{expected_unit}”.",
                    f"Unit “{ind.unit}” differs from the RPJMD unit “{expected_unit}”.",
                    indicator=(position, ind),
                    field="unit",
                    data={"rpjmd": expected_unit, "plan": ind.unit},
                )
            plan_targets = ctx.targets(ind)
            rpjmd_targets = data.get("targets") or {}
            for year in ctx.years:
                expected = str(rpjmd_targets.get(str(year), "") or "")
                actual = plan_targets.get(year, "")
                if is_blank(expected) or same_value(expected, actual):
                    continue
                yield emit(
                    ctx,
                    "V2",
                    node,
                    f"Target {year} “{actual}” berbeda dari target RPJMD “{expected}”.",
                    f"Target {year} “{actual}” differs from the RPJMD target “{expected}”.",
                    indicator=(position, ind),
                    year=year,
                    field="target",
                    data={"rpjmd": expected, "plan": actual},
                )


@rule(
    "V3",
    "auto",
    ERROR,
    "Setiap program RPJMD perangkat daerah ada dalam rencana; setiap program terhubung ke satu",
    "Every RPJMD program assigned to the unit is in the plan; every plan program links to one",
)
def check_v3(ctx: VerificationContext) -> Iterator[Finding]:
    by_rpjmd = _programs_by_rpjmd(ctx)
    any_assigned = any(ref.assigned for ref in ctx.rpjmd_programs.values())
    for program in ctx.rpjmd_programs.values():
        if program.assigned and program.id not in by_rpjmd:
            yield emit(
                ctx,
                "V3",
                None,
                f"Program RPJMD {program.code} yang ditugaskan kepada perangkat daerah tidak ada "
                "dalam rencana.",
                f"RPJMD program {program.code} assigned to the unit is not in the plan.",
                where=program.code,
                field="link",
                data={"rpjmd_program": program.code, "name": program.name},
            )
    for node in ctx.of_kind("program"):
        el = node.element
        pid = el.rpjmd_program_id
        if pid is None:
            yield emit(
                ctx,
                "V3",
                node,
                "Program tidak terhubung ke program RPJMD.",
                "The program is not linked to an RPJMD program.",
                field="link",
            )
            continue
        ref = ctx.rpjmd_programs.get(pid)
        if ctx.has_rpjmd and ref is None:
            yield emit(
                ctx,
                "V3",
                node,
                "Program terhubung ke program yang bukan dari RPJMD rencana ini.",
                "The program links to a program outside this plan's RPJMD.",
                field="link",
                data={"rpjmd_program_id": pid},
            )
        elif ref is not None and any_assigned and not ref.assigned:
            yield emit(
                ctx,
                "V3",
                node,
                f"Program RPJMD {ref.code} tidak ditugaskan kepada perangkat daerah ini.",
                f"RPJMD program {ref.code} is not assigned to this unit.",
                field="link",
                data={"rpjmd_program": ref.code},
                severity=WARNING,
            )
        elif ref is not None and el.code and ref.code and el.code != ref.code:
            yield emit(
                ctx,
                "V3",
                node,
                f"Kode program {el.code} berbeda dari kode program RPJMD {ref.code}.",
                f"Program code {el.code} differs from the RPJMD program code {ref.code}.",
                field="code",
                data={"plan": el.code, "rpjmd": ref.code},
                severity=WARNING,
            )


# ---------------------------------------------------------------------------------------
# V4–V7: indicators and targets


@rule(
    "V4",
    "auto",
    ERROR,
    "Setiap indikator memiliki kondisi awal, target tiap tahun dan kondisi akhir",
    "Every indicator has a baseline, a target for every year and an end-of-period value",
    note="A cell is blank when empty, a dash, or a unit without a number (“%”). An element "
    "of an indicator-bearing level without any indicator is a warning.",
)
def check_v4(ctx: VerificationContext) -> Iterator[Finding]:
    for node in ctx.nodes:
        if node.element.kind in INDICATOR_KINDS and not node.indicators:
            level, level_en = level_label(node.element.kind)
            yield emit(
                ctx,
                "V4",
                node,
                f"{level.capitalize()} tidak memiliki indikator kinerja.",
                f"The {level_en} has no performance indicator.",
                field="indicator",
                severity=WARNING,
            )
    for node, position, ind in indicators(ctx):
        if is_blank(ind.baseline, ind.unit):
            yield emit(
                ctx,
                "V4",
                node,
                "Kondisi awal kosong.",
                "The baseline is blank.",
                indicator=(position, ind),
                field="baseline",
                data={"value": ind.baseline},
            )
        targets = ctx.targets(ind)
        for year in ctx.years:
            value = targets.get(year, "")
            if is_blank(value, ind.unit):
                yield emit(
                    ctx,
                    "V4",
                    node,
                    f"Target tahun {year} kosong.",
                    f"The {year} target is blank.",
                    indicator=(position, ind),
                    year=year,
                    field="target",
                    data={"value": value},
                )
        if is_blank(ind.final, ind.unit):
            yield emit(
                ctx,
                "V4",
                node,
                "Kondisi kinerja akhir periode kosong.",
                "The end-of-period value is blank.",
                indicator=(position, ind),
                field="final",
                data={"value": ind.final},
            )


NATURES = ("absolute", "incremental", "cumulative")


@rule(
    "V5",
    "auto",
    ERROR,
    "Kondisi akhir = target tahun terakhir (absolut, inkremental) atau jumlah target (kumulatif)",
    "End-of-period value = last year's target (absolute, incremental) or sum (cumulative)",
    note="Indicators without a nature are not checked. Numbers are compared when both sides "
    "read as numbers, text otherwise; a cumulative sum needs every target to be a number.",
)
def check_v5(ctx: VerificationContext) -> Iterator[Finding]:
    for node, position, ind in indicators(ctx):
        if is_blank(ind.final, ind.unit) or ind.nature not in (
            "absolute",
            "incremental",
            "cumulative",
        ):
            continue
        targets = ctx.targets(ind)
        values = [targets.get(y, "") for y in ctx.years]
        if ind.nature == "cumulative":
            numbers = [number(v) for v in values]
            final = number(ind.final)
            if final is None or any(n is None for n in numbers):
                continue
            expected = sum((n for n in numbers if n is not None), Decimal(0))
            if final != expected:
                yield emit(
                    ctx,
                    "V5",
                    node,
                    f"Kondisi akhir {ind.final} tidak sama dengan jumlah target tahunan {expected}"
                    " (indikator kumulatif).",
                    f"End-of-period value {ind.final} is not the sum of the yearly targets "
                    f"{expected} (cumulative indicator).",
                    indicator=(position, ind),
                    field="final",
                    data={"final": final, "expected": expected, "nature": ind.nature},
                )
            continue
        last = values[-1]
        if is_blank(last, ind.unit) or same_value(ind.final, last):
            continue
        yield emit(
            ctx,
            "V5",
            node,
            f"Kondisi akhir “{ind.final}” tidak sama dengan target tahun terakhir “{last}”.",
            f"End-of-period value “{ind.final}” differs from the last year's target “{last}”.",
            indicator=(position, ind),
            field="final",
            data={"final": ind.final, "expected": last, "nature": ind.nature},
        )


@rule(
    "V6",
    "auto",
    WARNING,
    "Target bergerak searah polaritas indikator",
    "Targets move in the indicator's direction",
    note="From the baseline through each year; absolute and incremental indicators only "
    "(the yearly values of a cumulative one are amounts, not levels). An explanation is a "
    "verifier's judgement: the warning stays and the verifier notes it.",
)
def check_v6(ctx: VerificationContext) -> Iterator[Finding]:
    for node, position, ind in indicators(ctx):
        if ind.polarity not in ("positive", "negative") or ind.nature == "cumulative":
            continue
        targets = ctx.targets(ind)
        previous_year: int | None = None
        previous = number(ind.baseline)
        for year in ctx.years:
            current = number(targets.get(year, ""))
            if current is None:
                continue
            if previous is not None:
                worse = current < previous if ind.polarity == "positive" else current > previous
                if worse:
                    before = "kondisi awal" if previous_year is None else str(previous_year)
                    before_en = "the baseline" if previous_year is None else str(previous_year)
                    direction, direction_en = (
                        ("turun", "decreases")
                        if ind.polarity == "positive"
                        else ("naik", "increases")
                    )
                    yield emit(
                        ctx,
                        "V6",
                        node,
                        f"Target {year} ({current}) {direction} dibanding {before} ({previous}), "
                        f"berlawanan dengan polaritas indikator.",
                        f"The {year} target ({current}) {direction_en} from {before_en} "
                        f"({previous}), against the indicator's polarity.",
                        indicator=(position, ind),
                        year=year,
                        field="target",
                        data={
                            "previous": previous,
                            "previous_year": previous_year,
                            "value": current,
                            "polarity": ind.polarity,
                        },
                    )
            previous, previous_year = current, year


_KINDS_BY_LEVEL = {
    "tujuan": {"impact", "outcome"},
    "sasaran": {"impact", "outcome"},
    "program": {"outcome"},
    "kegiatan": {"output"},
    "sub_kegiatan": {"output"},
}


@rule(
    "V7",
    "auto+manual",
    WARNING,
    "Jenis indikator sesuai tingkat (program outcome, kegiatan output)",
    "Indicator kind fits the level (program outcome, activity output)",
    note="Tujuan/sasaran: impact or outcome; program: outcome; kegiatan/sub kegiatan: output. "
    "Indicators without a kind are not checked.",
)
def check_v7(ctx: VerificationContext) -> Iterator[Finding]:
    for node, position, ind in indicators(ctx):
        allowed = _KINDS_BY_LEVEL[node.element.kind]
        if ind.kind and ind.kind not in allowed:
            level, level_en = level_label(node.element.kind)
            expected = "/".join(sorted(allowed))
            yield emit(
                ctx,
                "V7",
                node,
                f"Indikator {level} berjenis {ind.kind}; seharusnya {expected}.",
                f"The {level_en} indicator is of kind {ind.kind}; expected {expected}.",
                indicator=(position, ind),
                field="kind",
                data={"kind": ind.kind, "expected": sorted(allowed)},
            )


# ---------------------------------------------------------------------------------------
# V8–V10: funding


@rule(
    "V8",
    "auto",
    ERROR,
    "Tiap tahun: jumlah sub kegiatan = kegiatan; jumlah kegiatan = program",
    "Each year: sum of sub-activities = activity; sum of activities = program",
    note="Compares the funding a parent declares (imported documents) with the sum computed "
    "from the leaves, per year, and every declared end-of-period total (funding_final) with "
    "the computed sum of the years. Blank declared values are not compared.",
)
def check_v8(ctx: VerificationContext) -> Iterator[Finding]:
    for node in ctx.nodes:
        el = node.element
        if el.kind not in FUNDED_KINDS:
            continue
        if not node.is_funding_leaf:
            for year in ctx.years:
                declared = node.own_funding.get(year)
                computed = node.totals.get(year, Decimal(0))
                if declared is None or declared == computed:
                    continue
                yield emit(
                    ctx,
                    "V8",
                    node,
                    f"Pagu {year} yang dinyatakan {rp(declared)} tidak sama dengan jumlah "
                    f"rinciannya {rp(computed)}.",
                    f"Declared {year} funding {rp(declared)} differs from the sum of its "
                    f"parts {rp(computed)}.",
                    year=year,
                    field="funding",
                    data={
                        "declared": declared,
                        "computed": computed,
                        "difference": declared - computed,
                    },
                )
        if el.funding_final is not None:
            computed = sum((node.totals.get(y, Decimal(0)) for y in ctx.years), Decimal(0))
            if el.funding_final != computed:
                yield emit(
                    ctx,
                    "V8",
                    node,
                    f"Pagu akhir periode yang dinyatakan {rp(el.funding_final)} tidak sama "
                    f"dengan jumlah per tahun {rp(computed)}.",
                    f"Declared end-of-period funding {rp(el.funding_final)} differs from "
                    f"the sum of the years {rp(computed)}.",
                    field="funding_final",
                    data={
                        "declared": el.funding_final,
                        "computed": computed,
                        "difference": el.funding_final - computed,
                    },
                )


@rule(
    "V9",
    "auto",
    ERROR,
    "Tiap tahun: total program ≤ pagu indikatif perangkat daerah",
    "Each year: total of programs ≤ the unit's indicative ceiling",
    note="Checked where the RPJMD gives the unit's ceiling for the year. A program above its "
    "own RPJMD program ceiling is a warning at the program.",
)
def check_v9(ctx: VerificationContext) -> Iterator[Finding]:
    for year in ctx.years:
        ceiling = ctx.unit_ceiling.get(year)
        total = ctx.tree.totals.get(year, Decimal(0))
        if ceiling is not None and total > ceiling:
            yield emit(
                ctx,
                "V9",
                None,
                f"Total pagu {year} {rp(total)} melebihi pagu indikatif perangkat daerah "
                f"{rp(ceiling)}.",
                f"Total {year} funding {rp(total)} exceeds the unit's indicative ceiling "
                f"{rp(ceiling)}.",
                where=ctx.unit_code or ctx.unit_name,
                year=year,
                field="funding",
                data={"total": total, "ceiling": ceiling, "excess": total - ceiling},
            )
    for pid, nodes in _programs_by_rpjmd(ctx).items():
        ref = ctx.rpjmd_programs.get(pid)
        if ref is None:
            continue
        for year in ctx.years:
            ceiling = ctx.program_ceiling.get((pid, year))
            if ceiling is None:
                continue
            total = sum((n.totals.get(year, Decimal(0)) for n in nodes), Decimal(0))
            if total > ceiling:
                yield emit(
                    ctx,
                    "V9",
                    nodes[0],
                    f"Pagu {year} {rp(total)} melebihi pagu program RPJMD {ref.code} "
                    f"{rp(ceiling)}.",
                    f"{year} funding {rp(total)} exceeds the RPJMD ceiling of program "
                    f"{ref.code} {rp(ceiling)}.",
                    year=year,
                    field="funding",
                    data={"total": total, "ceiling": ceiling, "excess": total - ceiling},
                    severity=WARNING,
                )


@rule(
    "V10",
    "auto",
    ERROR,
    "Pagu ada dan tidak negatif untuk setiap tahun setiap rincian terendah",
    "Funding present and not negative for every year of every leaf",
)
def check_v10(ctx: VerificationContext) -> Iterator[Finding]:
    for node in ctx.nodes:
        if not node.is_funding_leaf:
            continue
        for year in ctx.years:
            amount = node.own_funding.get(year)
            if amount is None:
                yield emit(
                    ctx,
                    "V10",
                    node,
                    f"Pagu tahun {year} kosong.",
                    f"The {year} funding is blank.",
                    year=year,
                    field="funding",
                    data={"amount": None},
                )
            elif amount < 0:
                yield emit(
                    ctx,
                    "V10",
                    node,
                    f"Pagu tahun {year} negatif.",
                    f"The {year} funding is negative.",
                    year=year,
                    field="funding",
                    data={"amount": amount},
                )


# ---------------------------------------------------------------------------------------
# V11–V13: codes and nomenclature

_PATTERNS = {
    "program": re.compile(r"\d\.\d{2}\.\d{2}"),
    "kegiatan": re.compile(r"\d\.\d{2}\.\d{2}\.\d\.\d{2}"),
    "sub_kegiatan": re.compile(r"\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}"),
}
_PATTERN_TEXT = {
    "program": "U.BB.PP",
    "kegiatan": "U.BB.PP.K.KK",
    "sub_kegiatan": "U.BB.PP.K.KK.SSSS",
}


def _parents(ctx: VerificationContext) -> dict[int, Node]:
    parents: dict[int, Node] = {}
    for node in ctx.nodes:
        for child in node.children:
            parents[child.element.pk] = node
    return parents


@rule(
    "V11",
    "auto",
    ERROR,
    "Kode sesuai tingkat daerah dan linier (kode anak diawali kode induknya)",
    "Codes valid for the region's level and linear (a child's code starts with its parent's)",
    note="Kegiatan digit K is 1 in a province, 2 in a kabupaten/kota. An empty code (legacy "
    "rows) is a warning.",
)
def check_v11(ctx: VerificationContext) -> Iterator[Finding]:
    parents = _parents(ctx)
    level_digit = "1" if ctx.region_level == "provinsi" else "2"
    for node in ctx.nodes:
        el = node.element
        pattern = _PATTERNS.get(el.kind)
        if pattern is None:
            continue
        level, level_en = level_label(el.kind)
        code = (el.code or "").strip()
        if not code:
            yield emit(
                ctx,
                "V11",
                node,
                f"Kode {level} kosong.",
                f"The {level_en} has no code.",
                field="code",
                severity=WARNING,
            )
            continue
        problems: list[str] = []
        problems_en: list[str] = []
        data: dict[str, Any] = {"code": code, "pattern": _PATTERN_TEXT[el.kind]}
        if not pattern.fullmatch(code):
            problems.append(f"tidak sesuai pola {_PATTERN_TEXT[el.kind]}")
            problems_en.append(f"does not fit the pattern {_PATTERN_TEXT[el.kind]}")
        elif el.kind != "program" and code.split(".")[3] != level_digit:
            place = "provinsi" if level_digit == "1" else "kabupaten/kota"
            problems.append(f"digit kegiatan harus {level_digit} untuk {place}")
            problems_en.append(f"the activity digit must be {level_digit} for a {place}")
            data["expected_digit"] = level_digit
        parent = parents.get(el.pk)
        parent_code = (parent.element.code or "").strip() if parent is not None else ""
        linear_parent = parent is not None and parent.element.kind in _PATTERNS and parent_code
        if linear_parent and not code.startswith(parent_code + "."):
            problems.append(f"tidak diawali kode induknya {parent_code}")
            problems_en.append(f"does not start with its parent's code {parent_code}")
            data["parent_code"] = parent_code
        if problems:
            yield emit(
                ctx,
                "V11",
                node,
                f"Kode {code} " + "; ".join(problems) + ".",
                f"Code {code} " + "; ".join(problems_en) + ".",
                field="code",
                data=data,
            )


@rule(
    "V12",
    "auto",
    ERROR,
    "Program hanya dari bidang urusan perangkat daerah (ditambah program penunjang)",
    "Programs only from the unit's bidang urusan (plus the support program)",
    note="The bidang is the first two parts of the program code (1.02). The support program "
    "(PP = 01) of any bidang is allowed. Not checked when the unit lists no bidang.",
)
def check_v12(ctx: VerificationContext) -> Iterator[Finding]:
    if not ctx.bidang_urusan:
        return
    for node in ctx.of_kind("program"):
        code = (node.element.code or "").strip()
        if not _PATTERNS["program"].fullmatch(code):
            continue
        bidang, program_number = code.rsplit(".", 1)
        if bidang in ctx.bidang_urusan or program_number == "01":
            continue
        yield emit(
            ctx,
            "V12",
            node,
            f"Program {code} dari bidang urusan {bidang}, bukan bidang urusan perangkat daerah "
            f"({', '.join(ctx.bidang_urusan)}).",
            f"Program {code} belongs to bidang {bidang}, not one of the unit's "
            f"({', '.join(ctx.bidang_urusan)}).",
            field="code",
            data={"bidang": bidang, "unit_bidang": list(ctx.bidang_urusan)},
        )


@rule(
    "V13",
    "auto",
    WARNING,
    "Indikator dan satuan sub kegiatan sesuai daftar nomenklatur",
    "Sub-activity indicator wording and unit follow the nomenclature list",
    note="Only where a nomenclature entry exists for the sub kegiatan (its link, or its code "
    "in the region level's nomenclature; the newest version wins).",
)
def check_v13(ctx: VerificationContext) -> Iterator[Finding]:
    for node in ctx.of_kind("sub_kegiatan"):
        el = node.element
        item = ctx.nomenclature_by_id.get(el.nomenclature_id) if el.nomenclature_id else None
        if item is None and el.code:
            item = ctx.nomenclature_by_code.get(el.code)
        if item is None or not (item.indicator or item.unit):
            continue
        matched: tuple[int, Any] | None = None
        if item.indicator:
            matched = next(
                (
                    (i, ind)
                    for i, ind in enumerate(node.indicators)
                    if norm(ind.name) == norm(item.indicator)
                ),
                None,
            )
            if matched is None:
                first = (0, node.indicators[0]) if node.indicators else None
                yield emit(
                    ctx,
                    "V13",
                    node,
                    f"Rumusan indikator tidak sesuai nomenklatur: “{item.indicator}”.",
                    f"Indicator wording does not follow the nomenclature: “{item.indicator}”.",
                    indicator=first,
                    field="indicator",
                    data={
                        "expected": item.indicator,
                        "actual": [ind.name for ind in node.indicators],
                    },
                )
        elif len(node.indicators) == 1:
            matched = (0, node.indicators[0])
        if matched is None and len(node.indicators) == 1:
            matched = (0, node.indicators[0])
        if matched is not None and item.unit:
            position, ind = matched
            if norm_unit(ind.unit) != norm_unit(item.unit):
                yield emit(
                    ctx,
                    "V13",
                    node,
                    f"Satuan “{ind.unit}” tidak sesuai nomenklatur “{item.unit}”.",
                    f"Unit “{ind.unit}” does not follow the nomenclature “{item.unit}”.",
                    indicator=(position, ind),
                    field="unit",
                    data={"expected": item.unit, "actual": ind.unit},
                )


manual(
    "V14",
    "Tidak ada elemen dihapus selama dirujuk; elemen terkunci tidak diubah",
    "No element deleted while others refer to it; locked elements not edited",
    note="Not computable on a snapshot: enforced when it happens, by the services (protected "
    "foreign keys, Plan.locked checked before every write).",
    kind="service",
)


# ---------------------------------------------------------------------------------------
# V15–V20: structure, SMART, links, responsibility, header totals


@rule(
    "V15",
    "auto",
    ERROR,
    "Setiap elemen berada dalam pohon kinerja (tanpa yatim)",
    "Every element belongs to the performance tree (no orphans)",
    note="Error: an element whose parent is missing from the plan or is of the wrong level. "
    "Warning: a tujuan without sasaran, a sasaran without program, a program without kegiatan.",
)
def check_v15(ctx: VerificationContext) -> Iterator[Finding]:
    parents = _parents(ctx)
    for node in ctx.nodes:
        el = node.element
        level, level_en = level_label(el.kind)
        expected_parent = ALLOWED_PARENT.get(el.kind)
        parent = parents.get(el.pk)
        if expected_parent is not None and parent is None:
            yield emit(
                ctx,
                "V15",
                node,
                f"{level.capitalize()} tidak memiliki induk dalam rencana ini (yatim).",
                f"The {level_en} has no parent in this plan (orphan).",
                field="parent",
                data={"parent_id": el.parent_id},
            )
        elif parent is not None and parent.element.kind != expected_parent:
            parent_level = level_label(parent.element.kind)
            yield emit(
                ctx,
                "V15",
                node,
                f"{level.capitalize()} berada di bawah {parent_level[0]}, bukan di bawah "
                f"{level_label(expected_parent)[0] if expected_parent else 'akar'}.",
                f"The {level_en} sits under a {parent_level[1]}.",
                field="parent",
                data={"parent": where_of(parent), "parent_kind": parent.element.kind},
            )
        child_kinds = {c.element.kind for c in node.children}
        missing = {"tujuan": "sasaran", "sasaran": "program", "program": "kegiatan"}.get(el.kind)
        if missing and missing not in child_kinds:
            child, child_en = level_label(missing)
            yield emit(
                ctx,
                "V15",
                node,
                f"{level.capitalize()} tidak memiliki {child}.",
                f"The {level_en} has no {child_en}.",
                field="children",
                severity=WARNING,
            )


@rule(
    "V16",
    "auto+manual",
    WARNING,
    "Indikator SMART: satuan, formula dan sumber data terisi",
    "Indicators are SMART: unit, formula and data source filled",
)
def check_v16(ctx: VerificationContext) -> Iterator[Finding]:
    labels = {
        "unit": ("Satuan", "unit"),
        "formula": ("Formula", "formula"),
        "data_source": ("Sumber data", "data source"),
    }
    for node, position, ind in indicators(ctx):
        for attr, (label, label_en) in labels.items():
            if not (getattr(ind, attr, "") or "").strip():
                yield emit(
                    ctx,
                    "V16",
                    node,
                    f"{label} indikator belum diisi.",
                    f"The indicator's {label_en} is not filled in.",
                    indicator=(position, ind),
                    field=attr,
                )


manual(
    "V17",
    "Standar pelayanan minimal (SPM) dan rekomendasi KLHS yang menyangkut perangkat daerah "
    "telah diakomodasi",
    "Minimum service standards (SPM) and KLHS recommendations touching the unit are covered",
)


@rule(
    "V18",
    "auto+manual",
    WARNING,
    "Setiap isu strategis dijawab tujuan, sasaran atau strategi; setiap strategi melayani sasaran",
    "Every strategic issue is answered by a goal, objective or strategy; every strategy serves "
    "an objective",
    note="Automatic part: each issue is linked from some element; each sasaran has a strategy "
    "(a strategy always sits under a sasaran, so it serves one). Whether the answer is "
    "adequate is the verifier's judgement.",
)
def check_v18(ctx: VerificationContext) -> Iterator[Finding]:
    answered: set[int] = set()
    for node in ctx.nodes:
        answered |= issue_ids(node.element)
    for position, issue in enumerate(ctx.issues):
        if issue.pk not in answered:
            yield emit(
                ctx,
                "V18",
                None,
                "Isu strategis belum dijawab oleh tujuan, sasaran atau strategi mana pun.",
                "The strategic issue is not answered by any goal, objective or strategy.",
                where=issue.ref or f"isu {position + 1}",
                field="link",
                data={"issue": issue.text},
            )
    for node in ctx.of_kind("sasaran"):
        if not any(c.element.kind == "strategi" for c in node.children):
            yield emit(
                ctx,
                "V18",
                node,
                "Sasaran tidak memiliki strategi.",
                "The objective has no strategy.",
                field="strategy",
            )


@rule(
    "V19",
    "auto",
    ERROR,
    "Setiap kegiatan/sub kegiatan memiliki unit kerja penanggung jawab dan lokasi",
    "Every activity/sub-activity has a responsible unit and a location",
    note="Checked on the leaves (sub kegiatan, or a kegiatan without sub kegiatan).",
)
def check_v19(ctx: VerificationContext) -> Iterator[Finding]:
    for node in ctx.of_kind("kegiatan", "sub_kegiatan"):
        if not node.is_funding_leaf:
            continue
        el = node.element
        if not (el.unit_in_charge or "").strip():
            yield emit(
                ctx,
                "V19",
                node,
                "Unit kerja penanggung jawab belum diisi.",
                "The responsible unit is not filled in.",
                field="unit_in_charge",
            )
        if not (el.location or "").strip():
            yield emit(
                ctx,
                "V19",
                node,
                "Lokasi belum diisi.",
                "The location is not filled in.",
                field="location",
            )


@rule(
    "V20",
    "auto",
    ERROR,
    "Total baris urusan/bidang urusan = jumlah programnya, tiap tahun dan akhir periode",
    "Header totals (urusan, bidang urusan) = sum of their programs, each year and end of period",
    note="Compares the declared header rows (imported documents) with the sum of the programs "
    "whose code starts with the header's code.",
)
def check_v20(ctx: VerificationContext) -> Iterator[Finding]:
    programs = list(ctx.of_kind("program"))
    for header in ctx.declared_totals:
        code = (header.code or "").strip()
        if not code:
            continue
        members = [n for n in programs if (n.element.code or "").startswith(code + ".")]
        declared_by_year = header.funding or {}
        for year in ctx.years:
            declared = money(declared_by_year.get(str(year)))
            if declared is None:
                continue
            computed = sum((n.totals.get(year, Decimal(0)) for n in members), Decimal(0))
            if declared != computed:
                yield emit(
                    ctx,
                    "V20",
                    None,
                    f"Total {code} tahun {year} yang dinyatakan {rp(declared)} tidak sama "
                    f"dengan jumlah programnya {rp(computed)}.",
                    f"Declared {year} total of {code} {rp(declared)} differs from the sum of "
                    f"its programs {rp(computed)}.",
                    where=code,
                    year=year,
                    field="funding",
                    data={
                        "declared": declared,
                        "computed": computed,
                        "difference": declared - computed,
                        "programs": len(members),
                    },
                )
        declared = money(header.funding_final)
        if declared is not None:
            computed = sum(
                (n.totals.get(y, Decimal(0)) for n in members for y in ctx.years), Decimal(0)
            )
            if declared != computed:
                yield emit(
                    ctx,
                    "V20",
                    None,
                    f"Total akhir periode {code} yang dinyatakan {rp(declared)} tidak sama "
                    f"dengan jumlah programnya {rp(computed)}.",
                    f"Declared end-of-period total of {code} {rp(declared)} differs from the "
                    f"sum of its programs {rp(computed)}.",
                    where=code,
                    field="funding_final",
                    data={
                        "declared": declared,
                        "computed": computed,
                        "difference": declared - computed,
                        "programs": len(members),
                    },
                )


manual(
    "V21",
    "Kelengkapan formal: semua bab ada; berita acara forum, SK tim dan reviu inspektorat "
    "terlampir sebelum penetapan",
    "Formal completeness: all chapters present; forum minutes, team decree, inspectorate "
    "review attached before ratification",
)


# ---------------------------------------------------------------------------------------
# Extra warnings (domain.md §7, under the table)


def _values(ctx: VerificationContext, ind: Any) -> Iterator[tuple[str, int | None, str]]:
    yield "baseline", None, ind.baseline or ""
    targets = ctx.targets(ind)
    for year in ctx.years:
        yield "target", year, targets.get(year, "")
    yield "final", None, ind.final or ""


@rule(
    "X1",
    "auto",
    WARNING,
    "Satuan pada nilai berbeda dari satuan indikator",
    "A value's own unit differs from the indicator's unit",
    note="The text after the number (“12 bulan” → “bulan”) compared with the indicator's unit, "
    "case-insensitively, “persen” = “%”. Values without a unit of their own are fine.",
)
def check_x1(ctx: VerificationContext) -> Iterator[Finding]:
    for node, position, ind in indicators(ctx):
        if not (ind.unit or "").strip():
            continue
        for field_name, year, value in _values(ctx, ind):
            suffix = unit_suffix(value) if number(value) is not None else ""
            if suffix and norm_unit(suffix) != norm_unit(ind.unit):
                yield emit(
                    ctx,
                    "X1",
                    node,
                    f"Nilai “{value}” bersatuan “{suffix}”, berbeda dari satuan indikator "
                    f"“{ind.unit}”.",
                    f"Value “{value}” carries the unit “{suffix}”, not the indicator's unit "
                    f"“{ind.unit}”.",
                    indicator=(position, ind),
                    year=year,
                    field=field_name,
                    data={"value": value, "value_unit": suffix, "unit": ind.unit},
                )


PERCENT_RANGE = (Decimal(0), Decimal(100))
JUMP_FACTOR = Decimal(10)


@rule(
    "X2",
    "auto",
    WARNING,
    "Nilai jauh di luar rentang wajar",
    "A value far outside its plausible range",
    note="Plausible means: a percentage (unit “%”/“persen”) within 0–100; and no yearly "
    "target more than ten times, or less than a tenth of, the value before it (baseline, "
    "then the previous year), which catches a misplaced decimal separator or an extra zero.",
)
def check_x2(ctx: VerificationContext) -> Iterator[Finding]:
    for node, position, ind in indicators(ctx):
        percent = norm_unit(ind.unit) == "%"
        previous: Decimal | None = None
        for field_name, year, value in _values(ctx, ind):
            current = number(value)
            if current is None:
                continue
            low, high = PERCENT_RANGE
            if percent and not (low <= current <= high):
                yield emit(
                    ctx,
                    "X2",
                    node,
                    f"Nilai persentase “{value}” di luar rentang 0–100.",
                    f"Percentage “{value}” is outside 0–100.",
                    indicator=(position, ind),
                    year=year,
                    field=field_name,
                    data={"value": current, "min": low, "max": high},
                )
            elif field_name == "target" and previous is not None and previous > 0 < current:
                ratio = current / previous
                if ratio > JUMP_FACTOR or ratio < 1 / JUMP_FACTOR:
                    yield emit(
                        ctx,
                        "X2",
                        node,
                        f"Target {year} “{value}” berbeda lebih dari sepuluh kali lipat dari "
                        f"nilai sebelumnya ({previous}).",
                        f"The {year} target “{value}” is more than tenfold off the value "
                        f"before it ({previous}).",
                        indicator=(position, ind),
                        year=year,
                        field=field_name,
                        data={"value": current, "previous": previous, "factor": JUMP_FACTOR},
                    )
            if field_name != "final":
                previous = current


@rule(
    "X3",
    "auto",
    WARNING,
    "Tahun dengan target tanpa pagu, atau pagu tanpa target",
    "A year with a target but no money, or money but no target",
    note="On the leaves that have indicators. A target is present when some indicator's "
    "target for the year is not blank and not zero; money when the year's funding is above 0. "
    "Blank targets and blank funding are V4's and V10's findings, not repeated here.",
)
def check_x3(ctx: VerificationContext) -> Iterator[Finding]:
    for node in ctx.nodes:
        if not node.is_funding_leaf or not node.indicators:
            continue
        all_targets = [(ind, ctx.targets(ind)) for ind in node.indicators]
        for year in ctx.years:
            amount = node.own_funding.get(year)
            has_money = amount is not None and amount > 0
            blank = [is_blank(t.get(year, ""), ind.unit) for ind, t in all_targets]
            has_target = any(
                not b and number(t.get(year, "")) != 0
                for b, (_ind, t) in zip(blank, all_targets, strict=True)
            )
            if has_money and not has_target and not all(blank):
                yield emit(
                    ctx,
                    "X3",
                    node,
                    f"Tahun {year} memiliki pagu tetapi tidak ada target.",
                    f"Year {year} has funding but no target.",
                    year=year,
                    field="target",
                    data={"amount": amount},
                )
            elif has_target and not has_money and amount is not None:
                yield emit(
                    ctx,
                    "X3",
                    node,
                    f"Tahun {year} memiliki target tetapi tidak ada pagu.",
                    f"Year {year} has a target but no funding.",
                    year=year,
                    field="funding",
                    data={"amount": amount},
                )


def registry() -> list[dict[str, Any]]:
    """The rule list for the verification desk: id, kind, severity, titles, note."""
    return [
        {
            "id": r.id,
            "kind": r.kind,
            "severity": r.severity,
            "title": r.title,
            "title_en": r.title_en,
            "automatic": r.check is not None,
            "note": r.note,
        }
        for r in sorted(RULES, key=lambda r: rule_sort_number(r.id))
    ]
