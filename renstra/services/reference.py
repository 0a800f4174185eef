"""RPJMD reference maintenance by the region's administrators (admin Bappeda).

Who may: superusers and holders of `administer_region` on the RPJMD's region. Lookups
go through `rpjmd_for_user` (outsider 404, region member without the right 403); the
writers below assume that check was made by their caller and record the actor and a
reason in the history. Deletes raise ReferenceInUse while anything (a plan's element, a
program, a tujuan) refers to the row.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ForeignObjectRel, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.core import ObjectPermissionChecker

from ..access import regions_for_user
from ..errors import RenstraError
from ..models import (
    Element,
    Region,
    Rpjmd,
    RpjmdIndicator,
    RpjmdMisi,
    RpjmdProgram,
    RpjmdProgramCeiling,
    RpjmdSasaran,
    RpjmdTujuan,
    Unit,
    UnitCeiling,
)
from .history import attribute, tracked_delete, tracked_save

REGION_PERMS = {
    "view_region_plans",
    "verify_region_plans",
    "review_region_plans",
    "dprd_review_region",
    "ratify_region_plans",
    "administer_region",
}

# The three lists edited by code and text, and the optional parent each may point at.
ReferenceItem = RpjmdMisi | RpjmdTujuan | RpjmdSasaran
ITEM_MODELS: dict[str, type[ReferenceItem]] = {
    "misi": RpjmdMisi,
    "tujuan": RpjmdTujuan,
    "sasaran": RpjmdSasaran,
}
ITEM_PARENT = {"tujuan": "misi", "sasaran": "tujuan"}


class ReferenceInUse(RenstraError):
    message = gettext_lazy("Data acuan ini tidak dapat dihapus karena masih dirujuk.")


# --- Access -----------------------------------------------------------------------------


def administered_regions(user) -> QuerySet[Region]:
    """The regions whose reference data `user` maintains (every region for a superuser)."""
    if user.is_superuser:
        return Region.objects.all()
    return regions_for_user(user, "renstra.administer_region")


def assert_may_administer_some(user) -> None:
    """Raise Http404 for a user with no region role at all, PermissionDenied for a region
    member who administers none."""
    if user.is_superuser or administered_regions(user).exists():
        return
    if any(regions_for_user(user, f"renstra.{p}").exists() for p in REGION_PERMS):
        raise PermissionDenied
    raise Http404


def assert_may_administer(user, region: Region) -> None:
    """Http404 when `user` has no right on `region`, PermissionDenied without
    `administer_region`."""
    if user.is_superuser:
        return
    perms = set(ObjectPermissionChecker(user).get_perms(region))
    if not perms & REGION_PERMS:
        raise Http404
    if "administer_region" not in perms:
        raise PermissionDenied


def rpjmd_for_user(user, pk: int) -> Rpjmd:
    """The RPJMD `pk` if `user` administers its region; else Http404/PermissionDenied."""
    try:
        rpjmd = Rpjmd.objects.select_related("region").get(pk=pk)
    except (Rpjmd.DoesNotExist, ValueError):
        raise Http404 from None
    assert_may_administer(user, rpjmd.region)
    return rpjmd


# --- Reads ------------------------------------------------------------------------------


def rpjmds_for_admin(user) -> QuerySet[Rpjmd]:
    """RPJMDs of the regions `user` administers, with counts for the list (one query)."""
    return (
        Rpjmd.objects.filter(region__in=administered_regions(user))
        .select_related("region")
        .annotate(
            n_misi=models.Count("misi", distinct=True),
            n_sasaran=models.Count("sasaran", distinct=True),
            n_programs=models.Count("programs", distinct=True),
            n_plans=models.Count("plans", distinct=True),
        )
        .order_by("region__name", "-start_year")
    )


def rpjmd_years(rpjmd: Rpjmd) -> list[int]:
    return list(range(rpjmd.start_year, rpjmd.end_year + 1))


# --- RPJMD ------------------------------------------------------------------------------


@transaction.atomic
def rpjmd_save(
    *,
    actor: Any,
    rpjmd: Rpjmd | None = None,
    region: Region | None = None,
    title: str,
    start_year: int,
    end_year: int,
    visi: str = "",
) -> Rpjmd:
    """Create an RPJMD of `region` (rpjmd None) or change `rpjmd`. Returns it; raises
    ValidationError (period order, one RPJMD per region and period)."""
    creating = rpjmd is None
    if rpjmd is None:
        rpjmd = Rpjmd(region=region)
    rpjmd.title, rpjmd.start_year, rpjmd.end_year, rpjmd.visi = (
        title.strip(),
        start_year,
        end_year,
        visi.strip(),
    )
    return tracked_save(
        rpjmd, actor=actor, reason=_("RPJMD dibuat") if creating else _("RPJMD diubah")
    )


# --- Misi, tujuan, sasaran ------------------------------------------------------------


@transaction.atomic
def reference_item_save(
    *,
    actor: Any,
    rpjmd: Rpjmd,
    kind: str,
    code: str,
    text: str,
    item: ReferenceItem | None = None,
    parent: models.Model | None = None,
) -> ReferenceItem:
    """Create (item None) or change a misi, tujuan or sasaran of `rpjmd`; `parent` is the
    tujuan's misi or the sasaran's tujuan. Returns it; ValidationError on a duplicate code."""
    model = ITEM_MODELS[kind]
    creating = item is None
    if item is None:
        item = model(rpjmd=rpjmd)
    item.code, item.text = code.strip(), text.strip()
    if kind in ITEM_PARENT:
        setattr(item, ITEM_PARENT[kind], parent)
    label = str(model._meta.verbose_name)
    reason = (_("%(what)s ditambahkan") if creating else _("%(what)s diubah")) % {"what": label}
    return tracked_save(item, actor=actor, reason=reason)


def _references(obj: models.Model, *, owned: Iterable[type[models.Model]] = ()) -> list[str]:
    """Human descriptions of the rows that refer to `obj` (history rows and `owned` kinds,
    which are deleted with it, aside): plans by title, other rows by kind and count."""
    found: list[str] = []
    owned = set(owned)
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
        if related in owned or hasattr(related, "instance_type") or related._meta.auto_created:
            continue
        rows = related._default_manager.filter(**{rel.field.name: obj})
        if related is Element:
            titles = sorted(set(rows.values_list("plan__title", flat=True)))
            found += [_("rencana “%(title)s”") % {"title": t} for t in titles]
        elif (n := rows.count()) > 0:
            found.append(f"{n} {related._meta.verbose_name}")
    return found


def _delete(obj: models.Model, *, actor: Any, owned: Iterable[type[models.Model]] = ()) -> None:
    refs = _references(obj, owned=owned)
    if refs:
        raise ReferenceInUse(
            _("“%(what)s” tidak dapat dihapus karena masih dirujuk oleh: %(refs)s.")
            % {"what": str(obj)[:80], "refs": "; ".join(refs)}
        )
    label = str(obj._meta.verbose_name)
    tracked_delete(obj, actor=actor, reason=_("%(what)s dihapus") % {"what": label})


@transaction.atomic
def reference_item_delete(*, actor: Any, item: models.Model) -> None:
    """Delete a misi, tujuan or sasaran with its indicators. Raises ReferenceInUse while a
    plan, a program or a lower level refers to it."""
    _delete(item, actor=actor, owned=[RpjmdIndicator])


# --- Programs and ceilings --------------------------------------------------------------


@transaction.atomic
def program_save(
    *,
    actor: Any,
    rpjmd: Rpjmd,
    code: str,
    name: str,
    sasaran: RpjmdSasaran | None = None,
    units: Iterable[Unit] = (),
    program: RpjmdProgram | None = None,
) -> RpjmdProgram:
    """Create (program None) or change an RPJMD program and the units it is assigned to
    (units of the RPJMD's region only: ValidationError otherwise). Returns it."""
    units = list(units)
    if any(u.region_id != rpjmd.region_id for u in units):
        raise ValidationError({"units": _("Perangkat daerah harus dari daerah RPJMD ini.")})
    creating = program is None
    if program is None:
        program = RpjmdProgram(rpjmd=rpjmd)
    program.code, program.name, program.sasaran = code.strip(), name.strip(), sasaran
    reason = _("Program RPJMD ditambahkan") if creating else _("Program RPJMD diubah")
    tracked_save(program, actor=actor, reason=reason)
    attribute(program, actor=actor, reason=reason)
    program.units.set(units)
    return program


@transaction.atomic
def program_delete(*, actor: Any, program: RpjmdProgram) -> None:
    """Delete a program with its indicators and ceilings. Raises ReferenceInUse while a
    plan's program links to it."""
    _delete(program, actor=actor, owned=[RpjmdIndicator, RpjmdProgramCeiling])


def _save_grid[C: UnitCeiling | RpjmdProgramCeiling](
    *,
    actor: Any,
    model: type[C],
    existing: Mapping[tuple[int, int], C],
    amounts: dict[tuple[int, int], Decimal | None],
    scope: dict[str, Any],
    reason: str,
) -> int:
    changed = 0
    for (unit_id, year), amount in amounts.items():
        row = existing.get((unit_id, year))
        if amount is None:
            if row is not None:
                tracked_delete(row, actor=actor, reason=reason)
                changed += 1
            continue
        if row is None:
            row = model(unit_id=unit_id, year=year, amount=amount, **scope)
            tracked_save(row, actor=actor, reason=reason)
            changed += 1
        elif row.amount != amount:
            row.amount = amount
            tracked_save(row, actor=actor, reason=reason, update_fields=["amount"])
            changed += 1
    return changed


@transaction.atomic
def unit_ceilings_save(
    *, actor: Any, rpjmd: Rpjmd, amounts: dict[tuple[int, int], Decimal | None]
) -> int:
    """Set the units' total indicative ceilings: `amounts[(unit_id, year)]`, None clears
    the cell. Returns how many cells changed."""
    existing = {(c.unit_id, c.year): c for c in UnitCeiling.objects.filter(rpjmd=rpjmd)}
    return _save_grid(
        actor=actor,
        model=UnitCeiling,
        existing=existing,
        amounts=amounts,
        scope={"rpjmd": rpjmd},
        reason=_("Pagu indikatif perangkat daerah diubah"),
    )


@transaction.atomic
def program_ceilings_save(
    *, actor: Any, program: RpjmdProgram, amounts: dict[tuple[int, int], Decimal | None]
) -> int:
    """Set a program's ceilings per assigned unit and year (None clears the cell).
    Returns how many cells changed."""
    existing = {(c.unit_id, c.year): c for c in RpjmdProgramCeiling.objects.filter(program=program)}
    return _save_grid(
        actor=actor,
        model=RpjmdProgramCeiling,
        existing=existing,
        amounts=amounts,
        scope={"program": program},
        reason=_("Pagu program RPJMD diubah"),
    )
