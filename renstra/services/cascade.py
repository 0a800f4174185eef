"""Writing the cascade: elements, indicators, yearly targets, funding, strategic issues.

Every function here is a write: it refuses a locked plan (`PlanLocked`), validates with
`full_clean()`, records the actor and a change reason in the history, and runs in one
transaction. Multi-row writes go through simple-history's bulk helpers.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ForeignObjectRel, Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..errors import EditConflict, ElementInUse, InvalidMove
from ..models import (
    Element,
    ElementKind,
    Funding,
    Indicator,
    IndicatorTarget,
    NomenclatureItem,
    Plan,
    StrategicIssue,
)
from ..models.cascade import ALLOWED_PARENT, FUNDED_KINDS
from ..values import parse_number
from .history import attribute, tracked_delete, tracked_save
from .plans import plan_assert_editable
from .revisions import revised_update

ELEMENT_FIELDS = frozenset(
    {
        "text",
        "ref",
        "code",
        "statement",
        "unit_in_charge",
        "location",
        "target_group",
        "rpjmd_sasaran",
        "rpjmd_program",
        "nomenclature",
    }
)
INDICATOR_FIELDS = frozenset(
    {
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
    }
)
ISSUE_FIELDS = frozenset({"text", "ref", "rank", "urgency", "seriousness", "growth"})

# Which nomenclature level fits which element kind (keyed by the string Element.kind holds).
NOMENCLATURE_KIND: dict[str, str] = {
    ElementKind.PROGRAM: NomenclatureItem.Kind.PROGRAM,
    ElementKind.KEGIATAN: NomenclatureItem.Kind.KEGIATAN,
    ElementKind.SUB_KEGIATAN: NomenclatureItem.Kind.SUB_KEGIATAN,
}


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _kind_label(kind: str | None) -> str:
    return str(ElementKind(kind).label) if kind else _("tingkat teratas")


def _check_fields(changes: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")


def _check_parent(*, plan: Plan, kind: str, parent: Element | None) -> None:
    """Raise InvalidMove unless an element of `kind` may sit under `parent` in `plan`."""
    if kind not in ElementKind.values:
        raise InvalidMove(_("Jenis elemen tidak dikenal: %(kind)s.") % {"kind": kind})
    if parent is not None and parent.plan_id != plan.pk:
        raise InvalidMove(_("Elemen induk berasal dari rencana lain."))
    expected = ALLOWED_PARENT[kind]
    actual = parent.kind if parent is not None else None
    if expected != actual:
        raise InvalidMove(
            _("%(kind)s harus berada di bawah %(expected)s, bukan di bawah %(actual)s.")
            % {
                "kind": _kind_label(kind),
                "expected": _kind_label(expected),
                "actual": _kind_label(actual),
            }
        )


def _check_links(element: Element) -> None:
    """The RPJMD and nomenclature links must belong to the plan's RPJMD and fit the kind."""
    plan = element.plan
    errors: dict[str, str] = {}
    if element.rpjmd_sasaran_id is not None:
        if element.kind not in (ElementKind.TUJUAN, ElementKind.SASARAN):
            errors["rpjmd_sasaran"] = _("Hanya tujuan dan sasaran yang mengacu sasaran RPJMD.")
        elif element.rpjmd_sasaran is None or element.rpjmd_sasaran.rpjmd_id != plan.rpjmd_id:
            errors["rpjmd_sasaran"] = _("Sasaran RPJMD ini bukan dari RPJMD rencana ini.")
    if element.rpjmd_program_id is not None:
        if element.kind != ElementKind.PROGRAM:
            errors["rpjmd_program"] = _("Hanya program yang mengacu program RPJMD.")
        elif element.rpjmd_program is None or element.rpjmd_program.rpjmd_id != plan.rpjmd_id:
            errors["rpjmd_program"] = _("Program RPJMD ini bukan dari RPJMD rencana ini.")
    if element.nomenclature is not None and (
        NOMENCLATURE_KIND.get(element.kind) != element.nomenclature.kind
    ):
        errors["nomenclature"] = _("Nomenklatur ini tidak sesuai dengan jenis elemen.")
    if errors:
        raise ValidationError(errors)


def _next_position(queryset: models.QuerySet) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _siblings(element: Element) -> models.QuerySet[Element]:
    return Element.objects.filter(plan_id=element.plan_id, parent_id=element.parent_id)


# ---------------------------------------------------------------- elements


@transaction.atomic
def element_create(
    *,
    plan: Plan,
    kind: str,
    text: str,
    actor: Any,
    parent: Element | None = None,
    reason: str = "",
    **fields: Any,
) -> Element:
    """Create an element of `kind` under `parent`, after its last sibling.

    `fields` are further element fields (code, ref, statement, unit_in_charge, location,
    target_group, rpjmd_sasaran, rpjmd_program, nomenclature). Returns the element.
    Raises PlanLocked, InvalidMove (kind does not fit the parent), ValidationError."""
    plan_assert_editable(plan)
    _check_fields(fields, ELEMENT_FIELDS - {"text"})
    _check_parent(plan=plan, kind=kind, parent=parent)
    element = Element(
        plan=plan,
        parent=parent,
        kind=kind,
        text=text,
        position=_next_position(Element.objects.filter(plan=plan, parent=parent)),
        **fields,
    )
    _check_links(element)
    return tracked_save(
        element,
        actor=actor,
        reason=reason or _("%(kind)s ditambahkan") % {"kind": _kind_label(kind)},
    )


@transaction.atomic
def element_update(
    *,
    element: Element,
    expected_revision: int,
    changes: Mapping[str, Any],
    actor: Any,
    issues: Iterable[StrategicIssue] | None = None,
    reason: str = "",
) -> Element:
    """Apply `changes` (element fields) and, when given, the strategic `issues` it answers.

    Returns the saved element (revision + 1 when anything changed). Raises PlanLocked,
    EditConflict (someone saved since `expected_revision`), ValidationError."""
    plan_assert_editable(element.plan)
    _check_fields(changes, ELEMENT_FIELDS)
    reason = reason or _("Elemen diubah")
    # Lock the element row only (`of`): without it the joined plan row is locked FOR UPDATE
    # too, which serialises every editor of the plan and deadlocks two editors that each
    # hold the plan's FOR KEY SHARE lock from plan_assert_editable.
    locked = (
        Element.objects.select_for_update(of=("self",)).select_related("plan").get(pk=element.pk)
    )
    if locked.revision != expected_revision:
        raise EditConflict(current=locked)
    probe = Element(**{**{f.attname: getattr(locked, f.attname) for f in Element._meta.fields}})
    probe.plan = locked.plan
    for name, value in changes.items():
        setattr(probe, name, value)
    _check_links(probe)

    issues_changed = False
    if issues is not None:
        wanted = {i.pk for i in issues}
        if any(i.plan_id != locked.plan_id for i in issues):
            raise ValidationError({"issues": _("Isu strategis berasal dari rencana lain.")})
        if wanted != set(locked.issues.values_list("pk", flat=True)):
            # The history row written by the save below records the new set; the
            # m2m signal's own rows would duplicate it.
            locked.skip_history_when_saving = True  # type: ignore[attr-defined]
            locked.issues.set(wanted)
            issues_changed = True

    saved = revised_update(
        Element,
        pk=element.pk,
        expected_revision=expected_revision,
        changes=dict(changes),
        actor=actor,
        reason=reason,
    )
    if issues_changed and saved.revision == expected_revision:
        saved.revision += 1
        tracked_save(saved, actor=actor, reason=reason, update_fields=["revision"])
    return saved


def _renumber(rows: list[Element], *, actor: Any, reason: str) -> None:
    changed = []
    for index, row in enumerate(rows):
        if row.position != index:
            row.position = index
            changed.append(row)
    if changed:
        bulk_update_with_history(
            changed,
            Element,
            ["position"],
            default_user=_user(actor),
            default_change_reason=reason,
        )


@transaction.atomic
def element_move(
    *,
    element: Element,
    actor: Any,
    direction: Literal["up", "down"] | None = None,
    parent: Element | None = None,
) -> Element:
    """Move `element` one place up or down among its siblings (`direction`), or under a new
    `parent` (appended after its last child). Returns the element.

    Moving does not change the element's revision: an editor open on it stays valid.
    Raises PlanLocked, InvalidMove (no such place, or the new parent's kind does not fit)."""
    plan_assert_editable(element.plan)
    element = Element.objects.select_for_update().get(pk=element.pk)
    if (direction is None) == (parent is None):
        raise InvalidMove(_("Pilih arah (naik/turun) atau induk baru."))
    if direction is not None:
        if direction not in ("up", "down"):
            raise InvalidMove
        siblings = list(_siblings(element).select_for_update().order_by("position", "id"))
        index = next(i for i, s in enumerate(siblings) if s.pk == element.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            raise InvalidMove(_("Elemen sudah berada di ujung urutan."))
        siblings[index], siblings[other] = siblings[other], siblings[index]
        _renumber(siblings, actor=actor, reason=_("Urutan elemen diubah"))
        return next(s for s in siblings if s.pk == element.pk)

    assert parent is not None  # nosec B101  # type narrowing: set on every branch above
    _check_parent(plan=element.plan, kind=element.kind, parent=parent)
    if parent.pk == element.parent_id:
        return element
    old_siblings = list(
        _siblings(element).exclude(pk=element.pk).select_for_update().order_by("position", "id")
    )
    element.parent = parent
    element.position = _next_position(Element.objects.filter(parent=parent))
    tracked_save(
        element,
        actor=actor,
        reason=_("Dipindahkan ke %(parent)s") % {"parent": parent},
        update_fields=["parent", "position"],
    )
    _renumber(old_siblings, actor=actor, reason=_("Urutan elemen diubah"))
    return element


def _references(obj: models.Model, *, owned: set[type[models.Model]]) -> list[str]:
    """Names of the kinds of rows (other than `owned` ones and history rows) that point
    at `obj` through a foreign key or many-to-many field. Any later model that refers to
    an element (comments, findings, proposals) is found without this code knowing it."""
    found = []
    for rel in obj._meta.get_fields(include_hidden=True):
        # Reverse relations (the only auto-created, non-concrete relation fields).
        if not (
            isinstance(rel, ForeignObjectRel)
            and rel.auto_created
            and not rel.concrete
            and rel.is_relation
        ):
            continue
        related = rel.related_model
        if related in owned or hasattr(related, "instance_type"):  # history rows
            continue
        if related._meta.auto_created:  # the through table of our own m2m field
            continue
        field_name = rel.field.name
        if related._default_manager.filter(**{field_name: obj}).exists():
            found.append(str(related._meta.verbose_name))
    return found


@transaction.atomic
def element_delete(*, element: Element, actor: Any, reason: str = "") -> None:
    """Delete `element` with its indicators, targets and funding (each recorded in the
    history with `actor`). Raises PlanLocked, and ElementInUse when it has children or
    anything else refers to it or to one of its indicators."""
    plan_assert_editable(element.plan)
    element = Element.objects.select_for_update().get(pk=element.pk)
    children = element.children.count()
    if children:
        raise ElementInUse(
            _("Elemen ini masih memiliki %(n)s elemen turunan; hapus atau pindahkan dulu.")
            % {"n": children}
        )
    refs = _references(element, owned={Element, Indicator, Funding})
    indicators = list(element.indicators.all())
    for indicator in indicators:
        refs += _references(indicator, owned={IndicatorTarget})
    if refs:
        raise ElementInUse(
            _("Elemen ini tidak dapat dihapus karena masih dirujuk oleh: %(refs)s.")
            % {"refs": ", ".join(sorted(set(refs)))}
        )
    reason = reason or _("%(kind)s dihapus") % {"kind": _kind_label(element.kind)}
    for target in IndicatorTarget.objects.filter(indicator__element=element):
        tracked_delete(target, actor=actor, reason=reason)
    for indicator in indicators:
        tracked_delete(indicator, actor=actor, reason=reason)
    for row in element.funding.all():
        tracked_delete(row, actor=actor, reason=reason)
    attribute(element, actor=actor, reason=reason)
    element.delete()


# ---------------------------------------------------------------- indicators


def _derive_numbers(values: dict[str, Any]) -> dict[str, Any]:
    if "baseline" in values:
        values["baseline_number"] = parse_number(values["baseline"])
    if "final" in values:
        values["final_number"] = parse_number(values["final"])
    return values


@transaction.atomic
def indicator_create(
    *,
    element: Element,
    name: str,
    actor: Any,
    targets: Mapping[int, str] | None = None,
    reason: str = "",
    **fields: Any,
) -> Indicator:
    """Add an indicator to `element` (after its last one), with optional yearly `targets`.

    `fields` are further indicator fields (unit, kind, polarity, nature, baseline, final,
    formula, data_source, is_key, tags); numbers are derived from baseline and final.
    Returns the indicator. Raises PlanLocked, ValidationError (the element's level has no
    indicators, a year outside the plan, an invalid field)."""
    plan_assert_editable(element.plan)
    _check_fields(fields, INDICATOR_FIELDS - {"name"})
    if not element.has_indicators:
        raise ValidationError(
            _("%(kind)s tidak memiliki indikator.") % {"kind": _kind_label(element.kind)}
        )
    values = _derive_numbers({"name": name, **fields})
    indicator = Indicator(
        element=element,
        plan_id=element.plan_id,
        position=_next_position(Indicator.objects.filter(element=element)),
        **values,
    )
    tracked_save(indicator, actor=actor, reason=reason or _("Indikator ditambahkan"))
    if targets:
        indicator_targets_set(indicator=indicator, values=targets, actor=actor, reason=reason)
    return indicator


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    expected_revision: int,
    changes: Mapping[str, Any],
    actor: Any,
    targets: Mapping[int, str] | None = None,
    reason: str = "",
) -> Indicator:
    """Apply `changes` to the indicator and, when given, its yearly `targets` (see
    indicator_targets_set). Returns the indicator (revision + 1 when anything changed).
    Raises PlanLocked, EditConflict, ValidationError."""
    plan_assert_editable(indicator.plan)
    _check_fields(changes, INDICATOR_FIELDS)
    reason = reason or _("Indikator diubah")
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if locked.revision != expected_revision:
        raise EditConflict(current=locked)
    targets_changed = False
    if targets is not None:
        targets_changed = bool(
            indicator_targets_set(indicator=locked, values=targets, actor=actor, reason=reason)
        )
    saved = revised_update(
        Indicator,
        pk=indicator.pk,
        expected_revision=expected_revision,
        changes=_derive_numbers(dict(changes)),
        actor=actor,
        reason=reason,
    )
    if targets_changed and saved.revision == expected_revision:
        saved.revision += 1
        tracked_save(saved, actor=actor, reason=reason, update_fields=["revision"])
    return saved


@transaction.atomic
def indicator_delete(*, indicator: Indicator, actor: Any, reason: str = "") -> None:
    """Delete the indicator and its targets, recorded in the history.
    Raises PlanLocked, ElementInUse (something else refers to the indicator)."""
    plan_assert_editable(indicator.plan)
    refs = _references(indicator, owned={IndicatorTarget})
    if refs:
        raise ElementInUse(
            _("Indikator ini tidak dapat dihapus karena masih dirujuk oleh: %(refs)s.")
            % {"refs": ", ".join(sorted(set(refs)))}
        )
    reason = reason or _("Indikator dihapus")
    for target in indicator.targets.all():
        tracked_delete(target, actor=actor, reason=reason)
    tracked_delete(indicator, actor=actor, reason=reason)


def _check_years(plan: Plan, years: Iterable[int]) -> None:
    outside = sorted(set(years) - set(plan.years))
    if outside:
        raise ValidationError(
            _("Tahun %(years)s di luar periode rencana %(start)s–%(end)s.")
            % {
                "years": ", ".join(str(y) for y in outside),
                "start": plan.start_year,
                "end": plan.end_year,
            }
        )


@transaction.atomic
def indicator_targets_set(
    *, indicator: Indicator, values: Mapping[int, str], actor: Any, reason: str = ""
) -> list[IndicatorTarget]:
    """Set the yearly targets of `indicator` from `values` ({year: text as printed}).

    The text is kept as typed (trimmed); its number is derived with parse_number ("0,75" →
    0.75, "A" → None). Years not in `values` are left alone; a blank text on an existing
    year blanks it, on a missing year creates nothing. Returns the rows created or changed.
    Raises PlanLocked, ValidationError (a year outside the plan, a text too long)."""
    plan = indicator.plan
    plan_assert_editable(plan)
    _check_years(plan, values)
    reason = reason or _("Target indikator diubah")
    existing = {t.year: t for t in IndicatorTarget.objects.filter(indicator=indicator)}
    created, updated = [], []
    for year, raw in sorted(values.items()):
        text = (raw or "").strip()
        number = parse_number(text)
        row = existing.get(year)
        if row is None:
            if not text:
                continue
            row = IndicatorTarget(
                indicator=indicator, plan_id=indicator.plan_id, year=year, value=text, number=number
            )
            created.append(row)
        elif row.value != text or row.number != number:
            row.value, row.number = text, number
            updated.append(row)
        else:
            continue
        row.full_clean(
            exclude=["indicator", "plan"], validate_unique=False, validate_constraints=False
        )
    user = _user(actor)
    if created:
        bulk_create_with_history(
            created, IndicatorTarget, default_user=user, default_change_reason=reason
        )
    if updated:
        bulk_update_with_history(
            updated,
            IndicatorTarget,
            ["value", "number"],
            default_user=user,
            default_change_reason=reason,
        )
    return created + updated


# ---------------------------------------------------------------- funding


def element_is_funding_leaf(element: Element) -> bool:
    """True when funding is entered on `element`: a funded kind without funded children
    (the same rule as selectors.cascade.plan_tree)."""
    return (
        element.kind in FUNDED_KINDS and not element.children.filter(kind__in=FUNDED_KINDS).exists()
    )


@transaction.atomic
def funding_set(
    *,
    element: Element,
    amounts: Mapping[int, Decimal | None],
    actor: Any,
    reason: str = "",
) -> list[Funding]:
    """Set the indicative funding of a funding leaf per year ({year: Rupiah or None}).

    None blanks an existing year and creates nothing for a missing one. Negative amounts
    are stored (imported documents have them; verification flags them); the form refuses
    them. Returns the rows created or changed. Raises PlanLocked, ValidationError (not a
    funding leaf, a year outside the plan, an amount too large)."""
    plan = element.plan
    plan_assert_editable(plan)
    if not element_is_funding_leaf(element):
        raise ValidationError(
            _(
                "Pendanaan diisi pada elemen terbawah (sub kegiatan, atau kegiatan tanpa sub "
                "kegiatan); pagu induknya adalah jumlah dari elemen di bawahnya."
            )
        )
    _check_years(plan, amounts)
    reason = reason or _("Pendanaan diubah")
    existing = {f.year: f for f in Funding.objects.filter(element=element)}
    created, updated = [], []
    for year, amount in sorted(amounts.items()):
        if amount is not None:
            amount = Decimal(amount).quantize(Decimal("0.01"))
        row = existing.get(year)
        if row is None:
            if amount is None:
                continue
            row = Funding(element=element, plan_id=element.plan_id, year=year, amount=amount)
            created.append(row)
        elif row.amount != amount:
            row.amount = amount
            updated.append(row)
        else:
            continue
        # The foreign keys are ours (validating them would query per row); blank is None.
        row.full_clean(
            exclude=["element", "plan", *(["amount"] if amount is None else [])],
            validate_unique=False,
            validate_constraints=False,
        )
    user = _user(actor)
    if created:
        bulk_create_with_history(created, Funding, default_user=user, default_change_reason=reason)
    if updated:
        bulk_update_with_history(
            updated, Funding, ["amount"], default_user=user, default_change_reason=reason
        )
    return created + updated


# ---------------------------------------------------------------- strategic issues


@transaction.atomic
def issue_create(*, plan: Plan, text: str, actor: Any, reason: str = "", **fields: Any):
    """Add a strategic issue (BAB III.5) at the end of the plan's list. `fields`: ref, rank,
    urgency, seriousness, growth. Returns the issue. Raises PlanLocked, ValidationError."""
    plan_assert_editable(plan)
    _check_fields(fields, ISSUE_FIELDS - {"text"})
    issue = StrategicIssue(
        plan=plan,
        text=text,
        position=_next_position(StrategicIssue.objects.filter(plan=plan)),
        **fields,
    )
    return tracked_save(issue, actor=actor, reason=reason or _("Isu strategis ditambahkan"))


@transaction.atomic
def issue_update(
    *,
    issue: StrategicIssue,
    expected_revision: int,
    changes: Mapping[str, Any],
    actor: Any,
    reason: str = "",
) -> StrategicIssue:
    """Apply `changes` to the issue. Returns it. Raises PlanLocked, EditConflict,
    ValidationError (e.g. a code already used in the plan)."""
    plan_assert_editable(issue.plan)
    _check_fields(changes, ISSUE_FIELDS)
    return revised_update(
        StrategicIssue,
        pk=issue.pk,
        expected_revision=expected_revision,
        changes=dict(changes),
        actor=actor,
        reason=reason or _("Isu strategis diubah"),
    )


@transaction.atomic
def issue_delete(*, issue: StrategicIssue, actor: Any, reason: str = "") -> None:
    """Delete the issue. Raises PlanLocked, ElementInUse (elements still answer it)."""
    plan_assert_editable(issue.plan)
    answered = issue.answered_by.count()
    if answered:
        raise ElementInUse(
            _("Isu ini masih dijawab oleh %(n)s elemen kaskade; lepaskan kaitannya dulu.")
            % {"n": answered}
        )
    tracked_delete(issue, actor=actor, reason=reason or _("Isu strategis dihapus"))
