"""Import of an exchange file: one new plan, with the reference data it needs.

An import never writes into an existing plan: it always creates a new one. Region, unit and
RPJMD are reference data shared with other plans, so existing rows are kept as they are
(blank fields filled, missing entries added), never overwritten.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from guardian.core import ObjectPermissionChecker
from simple_history.utils import bulk_create_with_history

from ..access import regions_for_user
from ..models import (
    Chapter,
    DeclaredTotal,
    Element,
    ElementKind,
    Funding,
    Indicator,
    IndicatorTarget,
    Plan,
    Region,
    Rpjmd,
    RpjmdIndicator,
    RpjmdMisi,
    RpjmdProgram,
    RpjmdProgramCeiling,
    RpjmdSasaran,
    RpjmdTujuan,
    Section,
    StrategicIssue,
    Unit,
    UnitCeiling,
)
from ..sanitize import sanitize_html
from ..selectors.plans import units_editable_by
from ..services.audit import link_history_rows
from ..services.history import attribute, tracked_save
from ..services.plans import plan_create_skeleton, validate_period
from ..values import parse_money, parse_number
from .errors import ExchangeError, ExchangeInvalid, ImportNotAllowed
from .validation import validated_document

# What a Decimal(24, 6) column (indicator numbers) holds.
_NUMBER_LIMIT = Decimal(10) ** 18
_SIX_PLACES = Decimal("0.000001")


# ---------------------------------------------------------------- reading the file


@dataclass
class ImportTarget:
    """The existing reference rows a file names (None: the import would create it)."""

    region: Region | None
    unit: Unit | None
    rpjmd: Rpjmd | None


@dataclass
class ImportSummary:
    """What an import of a valid file will create: shown on the preview page."""

    title: str
    region_name: str
    region_code: str
    unit_name: str
    start_year: int
    end_year: int
    region_exists: bool
    unit_exists: bool
    rpjmd_exists: bool
    counts: dict[str, int] = field(default_factory=dict)
    funding: list[tuple[int, Decimal]] = field(default_factory=list)

    @property
    def funding_total(self) -> Decimal:
        return sum((amount for _year, amount in self.funding), Decimal(0))


def _list(node: Any, key: str) -> list:
    value = node.get(key) if isinstance(node, dict) else None
    return value if isinstance(value, list) else []


def _walk(doc: dict) -> Iterator[tuple[str, dict]]:
    """(kind, node) for every element of the file's cascade, parents before children."""
    for goal in _list(doc, "goals"):
        yield ElementKind.TUJUAN, goal
        for obj in _list(goal, "objectives"):
            yield ElementKind.SASARAN, obj
            for program in _list(obj, "programs"):
                yield ElementKind.PROGRAM, program
                for activity in _list(program, "activities"):
                    yield ElementKind.KEGIATAN, activity
                    for sub in _list(activity, "sub_activities"):
                        yield ElementKind.SUB_KEGIATAN, sub


def _plan_title(doc: dict) -> str:
    period = doc["period"]
    return doc.get("title") or _("Renstra %(unit)s %(start)s–%(end)s") % {
        "unit": doc["unit"]["name"],
        "start": period["start_year"],
        "end": period["end_year"],
    }


def find_target(*, doc: dict) -> ImportTarget:
    """The region (by code, else by name and level), unit (by region and name) and RPJMD (by
    region and period) a validated file names, as they exist now. Reads only."""
    region_doc, period = doc["region"], doc["period"]
    regions = Region.objects.all()
    if region_doc.get("code"):
        region = regions.filter(code=region_doc["code"]).first()
    else:
        region = regions.filter(name=region_doc["name"], level=region_doc["level"]).first()
    if region is None:
        return ImportTarget(None, None, None)
    unit = Unit.objects.filter(region=region, name=doc["unit"]["name"]).first()
    rpjmd = Rpjmd.objects.filter(
        region=region, start_year=int(period["start_year"]), end_year=int(period["end_year"])
    ).first()
    if unit is not None:
        unit.region = region
    return ImportTarget(region, unit, rpjmd)


def summarize(*, doc: dict, target: ImportTarget | None = None) -> ImportSummary:
    """Counts and yearly funding of a validated file (funding summed over the leaves: sub
    kegiatan, or kegiatan without sub kegiatan, or programs without kegiatan)."""
    target = target or find_target(doc=doc)
    years = list(range(int(doc["period"]["start_year"]), int(doc["period"]["end_year"]) + 1))
    counts = {kind: 0 for kind in ElementKind.values}
    indicators = 0
    totals = {year: Decimal(0) for year in years}
    for kind, node in _walk(doc):
        counts[kind] += 1
        indicators += len(_list(node, "indicators"))
        if kind == ElementKind.SASARAN:
            strategies = _list(node, "strategies")
            counts[ElementKind.STRATEGI] += len(strategies)
            counts[ElementKind.KEBIJAKAN] += sum(len(_list(s, "policies")) for s in strategies)
        child = {"program": "activities", "kegiatan": "sub_activities"}.get(kind)
        if kind in ("program", "kegiatan", "sub_kegiatan") and not (child and _list(node, child)):
            for year, value in (node.get("funding") or {}).items():
                totals[int(year)] += parse_money(value) or Decimal(0)
    chapters = _list(doc, "chapters")
    counts["chapters"] = len(chapters)
    counts["sections"] = sum(len(_list(c, "sections")) for c in chapters)
    counts["indicators"] = indicators
    counts["strategic_issues"] = len(_list(doc, "strategic_issues"))
    return ImportSummary(
        title=_plan_title(doc),
        region_name=doc["region"]["name"],
        region_code=doc["region"].get("code", ""),
        unit_name=doc["unit"]["name"],
        start_year=years[0],
        end_year=years[-1],
        region_exists=target.region is not None,
        unit_exists=target.unit is not None,
        rpjmd_exists=target.rpjmd is not None,
        counts=counts,
        funding=sorted(totals.items()),
    )


def user_may_import(*, user: Any) -> bool:
    """Whether `user` may use the browser import at all: superusers, planners of some unit
    (edit_unit_plans) and administrators of some region (administer_region)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (
        user.is_superuser
        or units_editable_by(user).exists()
        or regions_for_user(user, "renstra.administer_region").exists()
    )


def import_access_errors(*, user: Any, target: ImportTarget, doc: dict) -> list[ExchangeError]:
    """Why `user` may not import this file through the browser (empty list: they may).

    Superusers and administrators of the region (administer_region) may import into any
    unit of an existing region, creating the unit if needed; planners only into a unit they
    can edit (edit_unit_plans). Nobody creates a region from the browser."""
    if target.region is None:
        return [_missing_region(doc)]
    if user.is_superuser:
        return []
    checker = ObjectPermissionChecker(user)
    if "administer_region" in checker.get_perms(target.region):
        return []
    if target.unit is not None and units_editable_by(user).filter(pk=target.unit.pk).exists():
        return []
    mine = ", ".join(str(u) for u in units_editable_by(user)) or _("(tidak ada)")
    return [
        ExchangeError(
            "unit.name",
            _(
                "Anda tidak dapat menyusun rencana untuk perangkat daerah %(unit)s di %(region)s; "
                "berkas hanya dapat diimpor ke perangkat daerah Anda: %(mine)s"
            )
            % {"unit": f"“{doc['unit']['name']}”", "region": target.region.name, "mine": mine},
        )
    ]


def _missing_region(doc: dict) -> ExchangeError:
    region = doc["region"]
    label = f"“{region['name']}”" + (f" ({region['code']})" if region.get("code") else "")
    return ExchangeError(
        "region",
        _(
            "daerah %(region)s belum terdaftar; administrator harus membuatnya terlebih dahulu "
            "(perintah import_renstra dengan --region-create)"
        )
        % {"region": label},
    )


# ---------------------------------------------------------------- writing


def _number(text: str) -> Decimal | None:
    """The number printed in `text`, if it fits the numeric columns (else None: text only)."""
    number = parse_number(text or "")
    if number is None or abs(number) >= _NUMBER_LIMIT:
        return None
    return number.quantize(_SIX_PLACES)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _strip_x(node: dict) -> dict:
    """`node` without its x- keys (accepted and ignored by the format)."""
    return {k: v for k, v in node.items() if not k.startswith("x-")}


class _Writer:
    """One import: bulk creates with history, all attributed to one user and reason."""

    def __init__(self, *, actor: Any, reason: str):
        self.actor, self.user, self.reason = actor, _user(actor), reason

    def bulk[M: Model](self, objs: list[M], model: type[M]) -> list[M]:
        if not objs:
            return []
        created = bulk_create_with_history(
            objs, model, default_user=self.user, default_change_reason=self.reason
        )
        # Children need their parents' ids; PostgreSQL and SQLite ≥ 3.35 return them.
        if not all(obj.pk for obj in created):
            raise RuntimeError("The database did not return ids from a bulk insert.")
        return created

    def save(self, obj: Model, update_fields: list[str] | None = None) -> Model:
        return tracked_save(obj, actor=self.actor, reason=self.reason, update_fields=update_fields)


def _fill_blanks(obj: Model, values: dict[str, Any]) -> list[str]:
    """Set the fields of `obj` that are blank to the file's non-blank values; the changed names."""
    changed = []
    for name, value in values.items():
        if value and not getattr(obj, name):
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _region(doc: dict, target: ImportTarget, w: _Writer, region_create: bool) -> Region:
    if target.region is not None:
        return target.region
    if not region_create:
        raise ExchangeInvalid(errors=[_missing_region(doc)])
    data = doc["region"]
    return w.save(Region(code=data.get("code", ""), name=data["name"], level=data["level"]))  # type: ignore[return-value]


def _unit(doc: dict, region: Region, target: ImportTarget, w: _Writer) -> Unit:
    data = doc["unit"]
    head = data.get("head") or {}
    values = {
        "code": data.get("code", ""),
        "abbreviation": data.get("abbreviation", ""),
        "bidang_urusan": list(data.get("bidang_urusan") or []),
        "head_name": head.get("name", ""),
        "head_nip": head.get("nip", ""),
        "head_position": head.get("position", ""),
    }
    unit = target.unit
    if unit is None:
        return w.save(Unit(region=region, name=data["name"], **values))  # type: ignore[return-value]
    changed = _fill_blanks(unit, values)
    if changed:
        w.save(unit, update_fields=changed)
    return unit


def _rpjmd(doc: dict, region: Region, unit: Unit, target: ImportTarget, w: _Writer) -> Rpjmd | None:
    """The RPJMD of the file's region and period with the file's entries added where missing.

    Without an rpjmd block the plan gets the region's RPJMD covering the period, if any."""
    start, end = int(doc["period"]["start_year"]), int(doc["period"]["end_year"])
    data = doc.get("rpjmd")
    rpjmd = target.rpjmd if target.region is not None else None
    if data is None:
        return (
            rpjmd
            or region.rpjmds.filter(start_year__lte=start, end_year__gte=end)
            .order_by("-start_year")
            .first()
        )
    values = {"title": data.get("title", ""), "visi": data.get("visi", "")}
    if rpjmd is None:
        rpjmd = w.save(Rpjmd(region=region, start_year=start, end_year=end, **values))  # type: ignore[assignment]
    else:
        changed = _fill_blanks(rpjmd, values)
        if changed:
            w.save(rpjmd, update_fields=changed)
    assert rpjmd is not None  # nosec B101  # type narrowing: both branches set it

    misi = {m.code: m for m in rpjmd.misi.all()}
    w.bulk(
        [
            RpjmdMisi(rpjmd=rpjmd, code=m["code"], text=m["text"])
            for m in _list(data, "misi")
            if m["code"] not in misi
        ],
        RpjmdMisi,
    )
    misi = {m.code: m for m in rpjmd.misi.all()}
    indicators: list[RpjmdIndicator] = []

    def owned(owner: str, obj: Model, node: dict) -> None:
        for i, ind in enumerate(_list(node, "indicators")):
            indicators.append(
                RpjmdIndicator(rpjmd=rpjmd, position=i, data=_strip_x(ind), **{owner: obj})
            )

    tujuan = {t.code: t for t in rpjmd.tujuan.all()}
    new = [
        (RpjmdTujuan(rpjmd=rpjmd, code=t["code"], text=t["text"], misi=misi.get(t.get("misi"))), t)
        for t in _list(data, "tujuan")
        if t["code"] not in tujuan
    ]
    made_t = w.bulk([o for o, _n in new], RpjmdTujuan)
    for made_tujuan, node in zip(made_t, [n for _o, n in new], strict=True):
        owned("tujuan", made_tujuan, node)
        tujuan[made_tujuan.code] = made_tujuan

    sasaran = {s.code: s for s in rpjmd.sasaran.all()}
    new_s = [
        (
            RpjmdSasaran(
                rpjmd=rpjmd, code=s["code"], text=s["text"], tujuan=tujuan.get(s.get("tujuan"))
            ),
            s,
        )
        for s in _list(data, "sasaran")
        if s["code"] not in sasaran
    ]
    made_s = w.bulk([o for o, _n in new_s], RpjmdSasaran)
    for made_sasaran, node in zip(made_s, [n for _o, n in new_s], strict=True):
        owned("sasaran", made_sasaran, node)
        sasaran[made_sasaran.code] = made_sasaran

    programs = {p.code: p for p in rpjmd.programs.all()}
    new_p = [
        (
            RpjmdProgram(
                rpjmd=rpjmd, code=p["code"], name=p["name"], sasaran=sasaran.get(p.get("sasaran"))
            ),
            p,
        )
        for p in _list(data, "programs")
        if p["code"] not in programs
    ]
    made_p = w.bulk([o for o, _n in new_p], RpjmdProgram)
    for made_program, node in zip(made_p, [n for _o, n in new_p], strict=True):
        owned("program", made_program, node)
        programs[made_program.code] = made_program
    w.bulk(indicators, RpjmdIndicator)

    # The programs of the file are assigned to the unit, with its ceilings; one add() per
    # program (forward side) so that simple_history records the m2m change on the program.
    through = RpjmdProgram.units.through
    assigned = set(
        through.objects.filter(unit=unit, rpjmdprogram__rpjmd=rpjmd).values_list(
            "rpjmdprogram_id", flat=True
        )
    )
    existing = set(
        RpjmdProgramCeiling.objects.filter(unit=unit, program__rpjmd=rpjmd).values_list(
            "program_id", "year"
        )
    )
    ceilings = []
    for node in _list(data, "programs"):
        program = programs[node["code"]]
        if program.pk not in assigned:
            attribute(program, actor=w.actor, reason=w.reason)
            program.units.add(unit)
            assigned.add(program.pk)
        for year, amount in sorted((node.get("pagu") or {}).items()):
            if (program.pk, int(year)) not in existing:
                ceilings.append(
                    RpjmdProgramCeiling(
                        program=program, unit=unit, year=int(year), amount=parse_money(amount)
                    )
                )
                existing.add((program.pk, int(year)))
    w.bulk(ceilings, RpjmdProgramCeiling)
    have = set(UnitCeiling.objects.filter(rpjmd=rpjmd, unit=unit).values_list("year", flat=True))
    w.bulk(
        [
            UnitCeiling(rpjmd=rpjmd, unit=unit, year=int(year), amount=parse_money(amount))
            for year, amount in sorted((data.get("unit_pagu") or {}).items())
            if int(year) not in have
        ],
        UnitCeiling,
    )
    return rpjmd


def _chapters(doc: dict, plan: Plan, w: _Writer) -> None:
    chapters = _list(doc, "chapters")
    if not chapters:
        plan_create_skeleton(plan=plan, actor=w.actor)
        return
    created = w.bulk(
        [
            Chapter(
                plan=plan,
                number=c["number"],
                title=c["title"],
                body=sanitize_html(c.get("body", "")),
            )
            for c in chapters
        ],
        Chapter,
    )
    w.bulk(
        [
            Section(
                plan=plan,
                chapter=chapter,
                number=s["number"],
                title=s["title"],
                body=sanitize_html(s.get("body", "")),
                position=i,
            )
            for chapter, data in zip(created, chapters, strict=True)
            for i, s in enumerate(_list(data, "sections"))
        ],
        Section,
    )


def _issues(doc: dict, plan: Plan, w: _Writer) -> dict[str, StrategicIssue]:
    issues = []
    for i, data in enumerate(_list(doc, "strategic_issues")):
        score = data.get("score") or {}
        issues.append(
            StrategicIssue(
                plan=plan,
                ref=data.get("ref", ""),
                text=data["text"],
                rank=data.get("rank"),
                urgency=_score(score.get("urgency")),
                seriousness=_score(score.get("seriousness")),
                growth=_score(score.get("growth")),
                position=i,
            )
        )
    return {issue.ref: issue for issue in w.bulk(issues, StrategicIssue) if issue.ref}


def _score(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _children(kind: str, node: Any) -> list[tuple[str, Any]]:
    """The element children of one file node, in the order of their positions."""
    if kind == ElementKind.TUJUAN:
        return [(ElementKind.SASARAN, o) for o in _list(node, "objectives")]
    if kind == ElementKind.SASARAN:
        return [(ElementKind.STRATEGI, s) for s in _list(node, "strategies")] + [
            (ElementKind.PROGRAM, p) for p in _list(node, "programs")
        ]
    if kind == ElementKind.STRATEGI:
        return [(ElementKind.KEBIJAKAN, text) for text in _list(node, "policies")]
    if kind == ElementKind.PROGRAM:
        return [(ElementKind.KEGIATAN, a) for a in _list(node, "activities")]
    if kind == ElementKind.KEGIATAN:
        return [(ElementKind.SUB_KEGIATAN, s) for s in _list(node, "sub_activities")]
    return []


def _element(
    plan: Plan,
    parent: Element | None,
    kind: str,
    node: Any,
    position: int,
    rpjmd_refs: tuple[dict[str, RpjmdSasaran], dict[str, RpjmdProgram]],
) -> Element:
    if kind == ElementKind.KEBIJAKAN:
        return Element(plan=plan, parent=parent, kind=kind, position=position, text=node)
    sasaran, programs = rpjmd_refs
    element = Element(
        plan=plan,
        parent=parent,
        kind=kind,
        position=position,
        ref=node.get("ref", ""),
        code=node.get("code", ""),
        text=node.get("text", node.get("name", "")),
        statement=node.get("statement", ""),
        unit_in_charge=node.get("unit_in_charge", ""),
        location=node.get("location", ""),
        target_group=node.get("target_group", ""),
        funding_final=parse_money(node.get("funding_final", "")),
        rpjmd_sasaran=sasaran.get(node.get("rpjmd_sasaran", "")),
        rpjmd_program=programs.get(node.get("rpjmd_program", "")),
    )
    return element


def _cascade(
    doc: dict, plan: Plan, rpjmd: Rpjmd | None, issues: dict[str, StrategicIssue], w: _Writer
) -> None:
    """Elements level by level (a level's ids are the next level's parents), then the
    objectives' issue links, indicators with their targets, and funding rows."""
    refs: tuple[dict, dict] = (
        ({s.code: s for s in rpjmd.sasaran.all()}, {p.code: p for p in rpjmd.programs.all()})
        if rpjmd
        else ({}, {})
    )
    made: list[tuple[Element, Any]] = []
    pending: list[tuple[Element | None, str, Any, int]] = [
        (None, ElementKind.TUJUAN, goal, i) for i, goal in enumerate(_list(doc, "goals"))
    ]
    while pending:
        elements = w.bulk(
            [_element(plan, parent, kind, node, pos, refs) for parent, kind, node, pos in pending],
            Element,
        )
        following: list[tuple[Element | None, str, Any, int]] = []
        for element, (_parent, kind, node, _pos) in zip(elements, pending, strict=True):
            made.append((element, node))
            for position, (child_kind, child) in enumerate(_children(kind, node)):
                following.append((element, child_kind, child, position))
        pending = following

    _link_issues(made, issues, w)
    indicators: list[Indicator] = []
    targets: list[tuple[int, dict]] = []
    funding: list[Funding] = []
    for element, node in made:
        if not isinstance(node, dict):
            continue
        for i, data in enumerate(_list(node, "indicators")):
            indicators.append(
                Indicator(
                    element=element,
                    plan=plan,
                    position=i,
                    name=data["name"],
                    unit=data.get("unit", ""),
                    kind=data.get("kind", ""),
                    polarity=data.get("polarity", ""),
                    nature=data.get("nature", ""),
                    baseline=data.get("baseline", ""),
                    baseline_number=_number(data.get("baseline", "")),
                    final=data.get("final", ""),
                    final_number=_number(data.get("final", "")),
                    formula=data.get("formula", ""),
                    data_source=data.get("data_source", ""),
                    is_key=bool(data.get("key", False)),
                    tags=list(data.get("tags") or []),
                )
            )
            targets.append((len(indicators) - 1, data.get("targets") or {}))
        for year, amount in sorted((node.get("funding") or {}).items()):
            funding.append(
                Funding(element=element, plan=plan, year=int(year), amount=parse_money(amount))
            )
    indicators = w.bulk(indicators, Indicator)
    w.bulk(
        [
            IndicatorTarget(
                indicator=indicators[index],
                plan=plan,
                year=int(year),
                value=value,
                number=_number(value),
            )
            for index, values in targets
            for year, value in sorted(values.items())
        ],
        IndicatorTarget,
    )
    w.bulk(funding, Funding)


def _link_issues(made: list[tuple[Element, Any]], issues: dict[str, StrategicIssue], w: _Writer):
    """The objectives' answers_issues as m2m rows, and the same rows in the m2m history of
    the elements' creation records (bulk creation does not write m2m history itself)."""
    links = [
        (element, issues[ref])
        for element, node in made
        if element.kind == ElementKind.SASARAN
        for ref in dict.fromkeys(node.get("answers_issues") or [])
    ]
    if not links:
        return
    through = Element.issues.through
    rows = through.objects.bulk_create(
        [through(element_id=e.pk, strategicissue_id=i.pk) for e, i in links]
    )
    history = Element.history.model
    records = dict(
        history.objects.filter(id__in={e.pk for e, _i in links}, history_type="+").values_list(
            "id", "history_id"
        )
    )
    m2m_history = history.issues.model
    created = m2m_history.objects.bulk_create(
        [
            m2m_history(
                id=row.pk,
                history_id=records[row.element_id],
                element_id=row.element_id,
                strategicissue_id=row.strategicissue_id,
            )
            for row in rows
        ]
    )
    # Written past simple-history, so chained here like every other history row.
    link_history_rows(created)


def _declared_totals(doc: dict, plan: Plan, w: _Writer) -> None:
    w.bulk(
        [
            DeclaredTotal(
                plan=plan,
                code=row["code"],
                name=row.get("name", ""),
                funding=dict(sorted(row["funding"].items())),
                funding_final=row.get("funding_final", ""),
                position=i,
            )
            for i, row in enumerate(_list(doc, "declared_totals"))
        ],
        DeclaredTotal,
    )


def exchange_import(
    *,
    content: bytes,
    filename: str,
    actor: Any,
    region_create: bool = False,
    check_access: bool = False,
) -> Plan:
    """Validate `content` (an exchange file) and create a new plan from it, all or nothing.

    Creates the region only when `region_create` (otherwise a missing region is an error),
    the unit if missing, the RPJMD entries the file has and the database lacks, then the
    plan with chapters (or the default skeleton when the file has none), strategic issues,
    the cascade, indicators, targets, funding and declared totals. The plan's history
    record names `filename`, the SHA-256 of `content` and the actor. With `check_access`
    the actor must be allowed by `import_access_errors` (browser imports).

    Returns the new plan. Raises ExchangeInvalid (ImportNotAllowed for access) with every
    problem; nothing is written then."""
    doc = validated_document(content=content)
    digest = hashlib.sha256(content).hexdigest()
    who = actor.get_username() if _user(actor) else _("baris perintah")
    reason = _("Impor dari berkas %(file)s") % {"file": filename}
    plan_reason = _("Diimpor dari berkas %(file)s (SHA-256 %(sha)s) oleh %(user)s") % {
        "file": filename,
        "sha": digest,
        "user": who,
    }
    writer = _Writer(actor=actor, reason=reason)
    with transaction.atomic():
        target = find_target(doc=doc)
        if check_access:
            problems = import_access_errors(user=actor, target=target, doc=doc)
            if problems:
                raise ImportNotAllowed(errors=problems)
        region = _region(doc, target, writer, region_create)
        unit = _unit(doc, region, target, writer)
        rpjmd = _rpjmd(doc, region, unit, target, writer)
        period = doc["period"]
        start, end = int(period["start_year"]), int(period["end_year"])
        validate_period(start, end)
        plan = Plan(
            unit=unit,
            rpjmd=rpjmd,
            title=_plan_title(doc),
            start_year=start,
            end_year=end,
            baseline_year=period.get("baseline_year"),
            created_by=_user(actor),
        )
        tracked_save(plan, actor=actor, reason=plan_reason)
        _chapters(doc, plan, writer)
        issues = _issues(doc, plan, writer)
        _cascade(doc, plan, rpjmd, issues, writer)
        _declared_totals(doc, plan, writer)
    return plan
