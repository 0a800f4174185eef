"""Versions: freeze a whole plan cheaply, open any version read-only, compare two.

Freezing writes one row (`Version`, with its timestamp). The content of a version is the
plan's history as of that moment: for every content model, the latest historical row per
object with ``history_date <= frozen_at`` that is not a deletion. Every content model has
HistoricalRecords (style.md, "History and versions"), so nothing is copied per version;
`bench/bench_versions.py` measures freezing, reading and comparing a large plan.

Caveat: the history is only as complete as the writes that made it. `QuerySet.update()`
and raw SQL leave no historical row (the services never use them on tracked models).
"""

import difflib
import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import F, ForeignObjectRel, Max, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renstra.models import (
    Chapter,
    DeclaredTotal,
    Element,
    ElementKind,
    Funding,
    Indicator,
    IndicatorTarget,
    Plan,
    RpjmdProgram,
    RpjmdSasaran,
    Section,
    StrategicIssue,
)
from renstra.models.plan import BudgetRecord, PerformanceRecord
from renstra.selectors.cascade import PlanTree, build_plan_tree

from .models import Version

# --- Freezing ---------------------------------------------------------------------------


def version_freeze(
    *, plan: Plan, label: str, kind: str = Version.Kind.MANUAL, actor: Any = None
) -> Version:
    """Freeze the plan as it is now: writes one Version row (numbered per plan).

    Returns the version. Takes the plan row lock so that numbers are not raced (the
    transition primitive already holds it)."""
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=plan.pk).values_list("pk").first()
        last = Version.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0
        version = Version(
            plan=plan,
            number=last + 1,
            label=label.strip()[:200] or _("Versi %(n)s") % {"n": last + 1},
            kind=kind,
            stage=Plan.objects.filter(pk=plan.pk).values_list("stage", flat=True).first()
            or plan.stage,
            frozen_at=timezone.now(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        version.full_clean()
        version.save()
    return version


# --- Reading a version -------------------------------------------------------------------


@dataclass
class PlanContent:
    """A whole plan at one moment: what the document and the verification engine need.

    `tree` is a PlanTree exactly like `renstra.selectors.cascade.plan_tree` builds from
    live rows; chapters carry their sections (``chapter.sections.all``), elements their
    linked issues (``element.issues.all``), indicators their targets."""

    plan: Plan
    version: Version | None
    at: datetime | None
    chapters: list[Chapter]
    sections: list[Section]
    issues: list[StrategicIssue]
    declared_totals: list[DeclaredTotal]
    tree: PlanTree
    elements: list[Element] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    targets: list[IndicatorTarget] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    # Previous period (T-C.23, T-C.24 in BAB II).
    performance_records: list[PerformanceRecord] = field(default_factory=list)
    budget_records: list[BudgetRecord] = field(default_factory=list)

    @property
    def is_live(self) -> bool:
        return self.version is None


def _attnames(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _rows_as_of(model: type[models.Model], *, plan_id: int, at: datetime, key: str = "plan_id"):
    """(history_id, instance) of every object of `model` in the plan as of `at`: the
    latest historical row per object, deletions left out. One query."""
    historical = model.history.model  # type: ignore[attr-defined]
    names = _attnames(model)
    qs = historical.objects.filter(**{key: plan_id, "history_date__lte": at})
    if connection.vendor == "postgresql":
        qs = qs.order_by("id", "-history_date", "-history_id").distinct("id")
    else:
        qs = qs.annotate(
            _latest=Window(
                RowNumber(),
                partition_by=[F("id")],
                order_by=[F("history_date").desc(), F("history_id").desc()],
            )
        ).filter(_latest=1)
    result = []
    for row in qs.values_list(*names, "history_type", "history_id"):
        if row[-2] == "-":
            continue
        result.append((row[-1], model.from_db("default", names, row[:-2])))
    return result


def _rows_live(model: type[models.Model], *, plan_id: int, key: str = "plan_id"):
    names = _attnames(model)
    return [
        (None, model.from_db("default", names, row))
        for row in model._default_manager.filter(**{key: plan_id}).values_list(*names)
    ]


def _prefetched(obj: models.Model, name: str, model: type[models.Model], items: list) -> None:
    """Make ``obj.<name>.all()`` return `items` without a query (a prefetch cache)."""
    qs = model._default_manager.all()
    qs._result_cache = list(items)
    # Django's private flag beside _result_cache; django-stubs declares only the latter.
    qs._prefetch_done = True  # type: ignore[attr-defined]
    obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = qs


def _set_related(obj: models.Model, name: str, value) -> None:
    relation = obj._meta.get_field(name)
    if not isinstance(relation, models.ForeignObject):
        raise TypeError(f"{type(obj).__name__}.{name} is not a foreign key")
    relation.set_cached_value(obj, value)


def version_content(version: Version) -> PlanContent:
    """The plan as it was when `version` was frozen, rebuilt from the history in a
    constant number of queries (about a dozen, whatever the plan's size).

    The objects returned are unsaved look-alikes: read them, never save them."""
    return _content(version.plan, version=version, at=version.frozen_at)


def live_content(plan: Plan) -> PlanContent:
    """The plan as it is now, in the same shape as `version_content` (for comparisons
    with the current draft)."""
    return _content(plan, version=None, at=None)


def _content(plan: Plan, *, version: Version | None, at: datetime | None) -> PlanContent:
    live = at is None

    def load(model, key="plan_id", plan_id=plan.pk):
        if live:
            return _rows_live(model, plan_id=plan_id, key=key)
        return _rows_as_of(model, plan_id=plan_id, at=at, key=key)

    if live:
        snapshot_plan = plan
    else:
        rows = load(Plan, key="id")
        snapshot_plan = rows[0][1] if rows else plan
        # Unit and RPJMD are reference data: shown as they are now.
        _set_related(snapshot_plan, "unit", plan.unit)
        if snapshot_plan.rpjmd_id == plan.rpjmd_id and "rpjmd" in plan._state.fields_cache:
            _set_related(snapshot_plan, "rpjmd", plan.rpjmd)

    chapters = sorted((c for _h, c in load(Chapter)), key=lambda c: (c.number, c.pk))
    chapter_by_id = {c.pk: c for c in chapters}
    sections = [s for _h, s in load(Section)]
    sections.sort(
        key=lambda s: (
            chapter_by_id[s.chapter_id].number if s.chapter_id in chapter_by_id else 0,
            s.position,
            s.pk,
        )
    )
    sections_of: dict[int, list[Section]] = defaultdict(list)
    for s in sections:
        _set_related(s, "plan", snapshot_plan)
        if s.chapter_id in chapter_by_id:
            _set_related(s, "chapter", chapter_by_id[s.chapter_id])
        sections_of[s.chapter_id].append(s)
    for c in chapters:
        _set_related(c, "plan", snapshot_plan)
        _prefetched(c, "sections", Section, sections_of.get(c.pk, []))

    issues = sorted((i for _h, i in load(StrategicIssue)), key=lambda i: (i.position, i.pk))
    issue_by_id = {i.pk: i for i in issues}
    declared = sorted((d for _h, d in load(DeclaredTotal)), key=lambda d: (d.position, d.pk))

    element_rows = load(Element)
    elements = sorted((e for _h, e in element_rows), key=lambda e: (e.position, e.pk))
    # Links element → strategic issue: on PostgreSQL/SQLite one query either way.
    links: dict[int, list[int]] = defaultdict(list)
    if live:
        through = Element.issues.through
        for element_id, issue_id in through.objects.filter(element__plan_id=plan.pk).values_list(
            "element_id", "strategicissue_id"
        ):
            links[element_id].append(issue_id)
    else:
        wanted = {h: e.pk for h, e in element_rows}
        m2m = apps.get_model("renstra", "HistoricalElement_issues")
        for history_id, issue_id in m2m.objects.filter(
            history__plan_id=plan.pk, history__history_date__lte=at
        ).values_list("history_id", "strategicissue_id"):
            if history_id in wanted:
                links[wanted[history_id]].append(issue_id)

    sasaran_ids = {e.rpjmd_sasaran_id for e in elements if e.rpjmd_sasaran_id}
    program_ids = {e.rpjmd_program_id for e in elements if e.rpjmd_program_id}
    sasaran = RpjmdSasaran.objects.in_bulk(sasaran_ids) if sasaran_ids else {}
    programs = RpjmdProgram.objects.in_bulk(program_ids) if program_ids else {}
    for e in elements:
        _set_related(e, "plan", snapshot_plan)
        _set_related(e, "rpjmd_sasaran", sasaran.get(e.rpjmd_sasaran_id))
        _set_related(e, "rpjmd_program", programs.get(e.rpjmd_program_id))
        linked = sorted(
            (issue_by_id[i] for i in links.get(e.pk, []) if i in issue_by_id),
            key=lambda i: (i.position, i.pk),
        )
        _prefetched(e, "issues", StrategicIssue, linked)

    indicators = sorted((i for _h, i in load(Indicator)), key=lambda i: (i.position, i.pk))
    targets = sorted((t for _h, t in load(IndicatorTarget)), key=lambda t: (t.year, t.pk))
    targets_of: dict[int, list[IndicatorTarget]] = defaultdict(list)
    for t in targets:
        targets_of[t.indicator_id].append(t)
    element_by_id = {e.pk: e for e in elements}
    indicators_of: dict[int, list[Indicator]] = defaultdict(list)
    for ind in indicators:
        _set_related(ind, "plan", snapshot_plan)
        if ind.element_id in element_by_id:
            _set_related(ind, "element", element_by_id[ind.element_id])
        own = targets_of.get(ind.pk, [])
        for t in own:
            _set_related(t, "indicator", ind)
        _prefetched(ind, "targets", IndicatorTarget, own)
        indicators_of[ind.element_id].append(ind)

    funding_rows = sorted((f for _h, f in load(Funding)), key=lambda f: (f.element_id, f.year))
    funding: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for f in funding_rows:
        funding[f.element_id][f.year] = f.amount

    tree = build_plan_tree(snapshot_plan, elements, indicators_of, funding)
    performance = sorted((r for _h, r in load(PerformanceRecord)), key=lambda r: (r.position, r.pk))
    budgets = sorted((r for _h, r in load(BudgetRecord)), key=lambda r: (r.position, r.pk))
    return PlanContent(
        plan=snapshot_plan,
        version=version,
        at=at,
        chapters=chapters,
        sections=sections,
        issues=issues,
        declared_totals=declared,
        tree=tree,
        elements=elements,
        indicators=indicators,
        targets=targets,
        funding=funding_rows,
        performance_records=performance,
        budget_records=budgets,
    )


def content_digest(content: PlanContent) -> dict[str, list[tuple]]:
    """Every stored value of the content as sorted tuples (for equality checks and
    fingerprints); `revision` counters are left out, they are not content."""

    def rows(objs, model):
        names = [n for n in _attnames(model) if n != "revision"]
        return sorted(tuple(str(getattr(o, n)) for n in names) for o in objs)

    return {
        "plan": rows([content.plan], Plan),
        "chapters": rows(content.chapters, Chapter),
        "sections": rows(content.sections, Section),
        "issues": rows(content.issues, StrategicIssue),
        "declared_totals": rows(content.declared_totals, DeclaredTotal),
        "elements": rows(content.elements, Element),
        "links": sorted((e.pk, i.pk) for e in content.elements for i in e.issues.all()),
        "indicators": rows(content.indicators, Indicator),
        "targets": rows(content.targets, IndicatorTarget),
        "funding": rows(content.funding, Funding),
        "performance_records": rows(content.performance_records, PerformanceRecord),
        "budget_records": rows(content.budget_records, BudgetRecord),
    }


# --- Comparing two versions ---------------------------------------------------------------

_TAG_BREAK = re.compile(r"<(?:/p|br|/li|/h\d|/tr|/td|/th)\b[^>]*>", re.IGNORECASE)


def plain_words(value: str) -> list[str]:
    """The words of an HTML fragment, markup stripped and entities decoded."""
    text = _TAG_BREAK.sub(" ", value or "").replace("<", " <")
    return html.unescape(strip_tags(text)).split()


@dataclass
class Segment:
    op: str  # "equal", "insert", "delete"
    text: str


def redline(old: str, new: str) -> list[Segment]:
    """Word-level redline of two HTML texts (markup stripped): the words of both, in
    order, each run marked equal, deleted or inserted."""
    a, b = plain_words(old), plain_words(new)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", " ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("insert", " ".join(b[j1:j2])))
    return segments


ACTION_LABELS = {
    "added": gettext_lazy("ditambahkan"),
    "removed": gettext_lazy("dihapus"),
    "changed": gettext_lazy("diubah"),
    "moved": gettext_lazy("dipindahkan"),
}
AREA_LABELS = {
    "chapter": gettext_lazy("bab"),
    "section": gettext_lazy("subbab"),
    "issue": gettext_lazy("isu strategis"),
    "element": gettext_lazy("elemen"),
    "indicator": gettext_lazy("indikator"),
    "target": gettext_lazy("target"),
    "funding": gettext_lazy("pendanaan"),
}


@dataclass
class Change:
    """One difference between two versions.

    area: chapter, section, issue, element, indicator, target, funding
    action: added, removed, changed, moved
    """

    area: str
    action: str
    label: str  # where: "1.1 Latar Belakang", "1.02.02.2.01 Kegiatan …"
    field: str = ""
    old: Any = None
    new: Any = None
    year: int | None = None
    segments: list[Segment] | None = None  # word-level redline of a text
    element_key: Any = None  # the element the change belongs to (cascade)

    @property
    def is_text(self) -> bool:
        return self.segments is not None

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def area_label(self) -> str:
        return str(AREA_LABELS.get(self.area, self.area))


@dataclass
class Comparison:
    a: PlanContent
    b: PlanContent
    changes: list[Change]
    funding_totals: dict[int, tuple[Decimal, Decimal]]

    @property
    def document_changes(self) -> list[Change]:
        return [c for c in self.changes if c.area in {"chapter", "section", "issue"}]

    @property
    def cascade_changes(self) -> list[Change]:
        return [c for c in self.changes if c.area not in {"chapter", "section", "issue"}]

    @property
    def totals(self) -> dict[str, int]:
        """How many changes of each kind: ``{"section_changed": 1, "target_changed": 1}``,
        plus ``"all"``."""
        counts: dict[str, int] = defaultdict(int)
        for c in self.changes:
            counts[f"{c.area}_{c.action}"] += 1
        counts["all"] = len(self.changes)
        return dict(counts)

    @property
    def funding_delta(self) -> dict[int, Decimal]:
        return {y: new - old for y, (old, new) in self.funding_totals.items()}

    def by_element(self) -> list[tuple[str, list[Change]]]:
        """Cascade changes grouped by element label, in the order they were found."""
        groups: dict[Any, tuple[str, list[Change]]] = {}
        for c in self.cascade_changes:
            groups.setdefault(c.element_key, (c.label, []))[1].append(c)
        return list(groups.values())


ELEMENT_FIELDS = [
    "kind",
    "code",
    "ref",
    "text",
    "statement",
    "unit_in_charge",
    "location",
    "target_group",
    "funding_final",
    "rpjmd_sasaran_id",
    "rpjmd_program_id",
    "nomenclature_id",
]
INDICATOR_FIELDS = [
    "name",
    "unit",
    "kind",
    "polarity",
    "nature",
    "baseline",
    "final",
    "formula",
    "data_source",
    "is_key",
    "tags",
]
ISSUE_FIELDS = ["ref", "text", "rank", "urgency", "seriousness", "growth"]


def _field_label(model: type[models.Model], name: str) -> str:
    try:
        model_field = model._meta.get_field(name.removesuffix("_id"))
        if isinstance(model_field, ForeignObjectRel):  # a reverse relation has no label
            return name
        return str(model_field.verbose_name)
    except Exception:
        return name


def _element_label(e: Element, kinds: dict[str, str] | None = None) -> str:
    kind = (kinds or {}).get(e.kind) or e.get_kind_display()
    head = e.code or e.ref
    text = e.text if len(e.text) <= 120 else e.text[:117] + "…"
    return f"{kind} {head} {text}".replace("  ", " ").strip()


def version_compare(a: Version | PlanContent, b: Version | PlanContent) -> Comparison:
    """Everything that differs from `a` (older) to `b` (newer).

    Chapters and sections (matched by number) as word-level redlines; strategic issues;
    the cascade cell by cell: elements added, removed, moved (other parent, or another
    place among the siblings both versions share) and changed fields (including linked
    issues), indicators, targets per year (printed value) and funding per year. Children
    of an added or removed element are not listed again. Same-plan versions match rows by
    id; versions of different plans (an amendment and its original) by code/ref/text."""
    ca = a if isinstance(a, PlanContent) else version_content(a)
    cb = b if isinstance(b, PlanContent) else version_content(b)
    same_plan = ca.plan.pk == cb.plan.pk
    changes: list[Change] = []
    changes += _compare_document(ca, cb)
    changes += _compare_issues(ca, cb, same_plan)
    changes += _compare_cascade(ca, cb, same_plan)
    years = sorted(set(ca.tree.years) | set(cb.tree.years))
    funding_totals = {
        y: (ca.tree.totals.get(y, Decimal(0)), cb.tree.totals.get(y, Decimal(0))) for y in years
    }
    return Comparison(a=ca, b=cb, changes=changes, funding_totals=funding_totals)


def _compare_document(ca: PlanContent, cb: PlanContent) -> list[Change]:
    changes: list[Change] = []
    chap_a = {c.number: c for c in ca.chapters}
    chap_b = {c.number: c for c in cb.chapters}
    for number in sorted(set(chap_a) | set(chap_b)):
        old, new = chap_a.get(number), chap_b.get(number)
        label = str(new or old)
        if old is None or new is None:
            changes.append(Change("chapter", "added" if old is None else "removed", label))
            continue
        if old.title != new.title:
            changes.append(Change("chapter", "changed", label, "title", old.title, new.title))
        if plain_words(old.body) != plain_words(new.body):
            changes.append(
                Change("chapter", "changed", label, "body", segments=redline(old.body, new.body))
            )

    def key(content: PlanContent, s: Section):
        chapter = next((c for c in content.chapters if c.pk == s.chapter_id), None)
        return (chapter.number if chapter else 0, s.number)

    sec_a = {key(ca, s): s for s in ca.sections}
    sec_b = {key(cb, s): s for s in cb.sections}
    for k in sorted(set(sec_a) | set(sec_b), key=lambda k: (k[0], _natural(k[1]))):
        before, after = sec_a.get(k), sec_b.get(k)
        label = str(after or before)
        if before is None:
            changes.append(
                Change("section", "added", label, segments=redline("", after.body))  # type: ignore[union-attr]
            )
            continue
        if after is None:
            changes.append(Change("section", "removed", label, segments=redline(before.body, "")))
            continue
        if before.title != after.title:
            changes.append(Change("section", "changed", label, "title", before.title, after.title))
        if plain_words(before.body) != plain_words(after.body):
            changes.append(
                Change(
                    "section", "changed", label, "body", segments=redline(before.body, after.body)
                )
            )
    return changes


def _natural(number: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\s]", number) if p)


def _compare_issues(ca: PlanContent, cb: PlanContent, same_plan: bool) -> list[Change]:
    def key(i: StrategicIssue):
        return i.pk if same_plan else (i.ref or i.text)

    ia = {key(i): i for i in ca.issues}
    ib = {key(i): i for i in cb.issues}
    changes = []
    for k in [*ia, *(k for k in ib if k not in ia)]:
        old, new = ia.get(k), ib.get(k)
        label = str((new or old).text)[:120]  # type: ignore[union-attr]
        if old is None or new is None:
            changes.append(Change("issue", "added" if old is None else "removed", label))
            continue
        for name in ISSUE_FIELDS:
            if getattr(old, name) != getattr(new, name):
                changes.append(
                    Change(
                        "issue",
                        "changed",
                        label,
                        _field_label(StrategicIssue, name),
                        getattr(old, name),
                        getattr(new, name),
                    )
                )
    return changes


def _element_keys(content: PlanContent, same_plan: bool) -> dict[int, Any]:
    """A key per element that identifies it across the two versions."""
    if same_plan:
        return {e.pk: e.pk for e in content.elements}
    keys: dict[int, Any] = {}
    by_id = {e.pk: e for e in content.elements}

    def key(e: Element):
        if e.pk in keys:
            return keys[e.pk]
        if e.code:
            k: Any = ("code", e.kind, e.code)
        elif e.ref:
            k = ("ref", e.kind, e.ref)
        else:
            parent = by_id.get(e.parent_id) if e.parent_id else None
            k = ("text", e.kind, key(parent) if parent else None, e.text)
        keys[e.pk] = k
        return k

    for e in content.elements:
        key(e)
    return keys


def _compare_cascade(ca: PlanContent, cb: PlanContent, same_plan: bool) -> list[Change]:
    ka, kb = _element_keys(ca, same_plan), _element_keys(cb, same_plan)
    ea = {ka[e.pk]: e for e in ca.elements}
    eb = {kb[e.pk]: e for e in cb.elements}
    issue_key_a = {i.pk: (i.pk if same_plan else (i.ref or i.text)) for i in ca.issues}
    issue_key_b = {i.pk: (i.pk if same_plan else (i.ref or i.text)) for i in cb.issues}
    changes: list[Change] = []
    kinds = {value: str(label) for value, label in ElementKind.choices}

    def parent_key(keys, e):
        return keys.get(e.parent_id) if e.parent_id else None

    # Elements in document order of the newer version, then the removed ones.
    order = [kb[n.element.pk] for n in cb.tree.walk()]
    order += [ka[n.element.pk] for n in ca.tree.walk() if ka[n.element.pk] not in eb]
    added = {k for k in eb if k not in ea}
    removed = {k for k in ea if k not in eb}

    # Moves among siblings: the children a parent has in both versions, in both orders;
    # the ones outside the longest common subsequence have moved.
    moved_in_place: set = set()
    parents = {None} | {k for k in eb if k in ea}
    for parent in parents:
        nodes_a = ca.tree.roots if parent is None else ca.tree.by_id[ea[parent].pk].children
        nodes_b = cb.tree.roots if parent is None else cb.tree.by_id[eb[parent].pk].children
        kids_a = [ka[n.element.pk] for n in nodes_a]
        kids_b = [kb[n.element.pk] for n in nodes_b]
        both = set(kids_a) & set(kids_b)
        kids_a = [x for x in kids_a if x in both]
        kids_b = [x for x in kids_b if x in both]
        if kids_a == kids_b:
            continue
        matcher = difflib.SequenceMatcher(a=kids_a, b=kids_b, autojunk=False)
        kept = {kids_b[j + i] for _i, j, size in matcher.get_matching_blocks() for i in range(size)}
        moved_in_place |= both - kept

    for k in order:
        old, new = ea.get(k), eb.get(k)
        label = _element_label(new or old, kinds)  # type: ignore[arg-type]
        if old is None or new is None:
            p = parent_key(kb, new) if new is not None else parent_key(ka, old)
            if p in (added if new is not None else removed):
                continue  # listed with its parent
            changes.append(
                Change("element", "added" if old is None else "removed", label, element_key=k)
            )
            continue
        pa, pb = parent_key(ka, old), parent_key(kb, new)
        if pa != pb:
            changes.append(
                Change(
                    "element",
                    "moved",
                    label,
                    _("induk"),
                    _element_label(ea[pa], kinds) if pa in ea else "—",
                    _element_label(eb[pb], kinds) if pb in eb else "—",
                    element_key=k,
                )
            )
        elif k in moved_in_place:
            changes.append(
                Change(
                    "element",
                    "moved",
                    label,
                    _("urutan"),
                    old.position,
                    new.position,
                    element_key=k,
                )
            )
        for name in ELEMENT_FIELDS:
            va, vb = getattr(old, name), getattr(new, name)
            if va != vb:
                segments = redline(va, vb) if name in {"text", "statement"} else None
                changes.append(
                    Change(
                        "element",
                        "changed",
                        label,
                        _field_label(Element, name),
                        va,
                        vb,
                        segments=segments,
                        element_key=k,
                    )
                )
        links_a = {issue_key_a.get(i.pk) for i in old.issues.all()}
        links_b = {issue_key_b.get(i.pk) for i in new.issues.all()}
        if links_a != links_b:
            texts_a = sorted(str(i.ref or i.text)[:60] for i in old.issues.all())
            texts_b = sorted(str(i.ref or i.text)[:60] for i in new.issues.all())
            changes.append(
                Change(
                    "element",
                    "changed",
                    label,
                    _("isu strategis terkait"),
                    ", ".join(texts_a),
                    ", ".join(texts_b),
                    element_key=k,
                )
            )
        changes += _compare_indicators(ca, cb, old, new, k, label, same_plan)
        changes += _compare_funding(ca, cb, old, new, k, label)
    return changes


def _compare_indicators(ca, cb, old: Element, new: Element, k, label, same_plan) -> list[Change]:
    def ikey(i: Indicator):
        return i.pk if same_plan else (i.position, i.name)

    ia = {ikey(i): i for i in ca.tree.by_id[old.pk].indicators}
    ib = {ikey(i): i for i in cb.tree.by_id[new.pk].indicators}
    changes = []
    for key in [*ib, *(x for x in ia if x not in ib)]:
        io, inew = ia.get(key), ib.get(key)
        ilabel = f"{label} · {(inew or io).name}"  # type: ignore[union-attr]
        if io is None or inew is None:
            changes.append(
                Change(
                    "indicator",
                    "added" if io is None else "removed",
                    ilabel,
                    element_key=k,
                )
            )
            continue
        for name in INDICATOR_FIELDS:
            va, vb = getattr(io, name), getattr(inew, name)
            if va != vb:
                changes.append(
                    Change(
                        "indicator",
                        "changed",
                        ilabel,
                        _field_label(Indicator, name),
                        va,
                        vb,
                        element_key=k,
                    )
                )
        ta = {t.year: t.value for t in io.targets.all()}
        tb = {t.year: t.value for t in inew.targets.all()}
        for year in sorted(set(ta) | set(tb)):
            va, vb = ta.get(year), tb.get(year)
            if va != vb:
                changes.append(
                    Change(
                        "target",
                        "changed"
                        if va is not None and vb is not None
                        else ("added" if va is None else "removed"),
                        ilabel,
                        _("target"),
                        va,
                        vb,
                        year=year,
                        element_key=k,
                    )
                )
    return changes


def _compare_funding(ca, cb, old: Element, new: Element, k, label) -> list[Change]:
    fa = ca.tree.by_id[old.pk].own_funding
    fb = cb.tree.by_id[new.pk].own_funding
    changes = []
    for year in sorted(set(fa) | set(fb)):
        va, vb = fa.get(year), fb.get(year)
        if va != vb:
            changes.append(
                Change(
                    "funding",
                    "changed"
                    if year in fa and year in fb
                    else ("added" if year not in fa else "removed"),
                    label,
                    _("pagu (Rp)"),
                    va,
                    vb,
                    year=year,
                    element_key=k,
                )
            )
    return changes
