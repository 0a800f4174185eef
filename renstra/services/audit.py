"""The hash chain over a plan's history (models/audit.py): appending links and verifying.

Which history rows belong to a plan is found from the models themselves, so the flows'
history (stages, participation, legislation) is chained without the core importing them:
a history model is chained when the model it records has a foreign-key path to `Plan`
(`Section.plan`, `TeamMember.decree.plan`, `Element.issues` through `element.plan`, …).
Reference data (region, unit, RPJMD, nomenclature) belongs to no plan and is not chained.

Links are appended by `link_history_rows`, called from simple-history's
`post_create_historical_record` / `post_create_historical_m2m_records` signals and, for
`bulk_create_with_history` / `bulk_update_with_history` (which send no signal), from a hook
on `HistoryManager.bulk_history_create` (`install_bulk_hook`)."""

import datetime
import functools
import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router, transaction

from ..models import Plan
from ..models.audit import GENESIS_HASH, AuditChainHead, AuditLink

MAX_PATH_LENGTH = 3


# --- which history models are chained, and how a row finds its plan -------------------


def is_history_model(model: type[models.Model]) -> bool:
    return hasattr(model, "instance_type") and model._meta.pk.name in (
        "history_id",
        "m2m_history_id",
    )


@cache
def plan_paths(history_model: type[models.Model]) -> tuple[tuple[str, ...], ...]:
    """The foreign-key paths (field names) from the recorded model to `Plan`, shortest
    first; `((),)` for the plan itself, `()` when the model belongs to no plan."""
    base = history_model.instance_type  # type: ignore[attr-defined]
    if base is Plan:
        return ((),)
    found: list[tuple[str, ...]] = []
    frontier: list[tuple[type[models.Model], tuple[str, ...]]] = [(base, ())]
    for _depth in range(MAX_PATH_LENGTH):
        next_frontier = []
        for model, path in frontier:
            for field in model._meta.concrete_fields:
                if not field.is_relation or not (field.many_to_one or field.one_to_one):
                    continue
                target = field.related_model
                if target is None or isinstance(target, str):
                    continue
                if target is Plan:
                    found.append((*path, field.name))
                elif target._meta.app_label in _PLAN_APPS and target is not model:
                    next_frontier.append((target, (*path, field.name)))
        frontier = next_frontier
    return tuple(sorted(found, key=len))


# The apps whose models can sit between a history row and its plan (users, content types
# and reference data never do).
_PLAN_APPS = {"renstra", "stages", "participation", "legislation"}


def chained_history_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if is_history_model(m) and plan_paths(m)]


def _parent_plan_id(model: type[models.Model], pk: Any, rest: tuple[str, ...]) -> int | None:
    """Follow `rest` from the `model` row `pk`: the live row, else its latest history row
    (the parent may have been deleted in the same cascade). Only the few models without
    their own `plan` column take this path (team members, checklist items, m2m rows)."""
    field = model._meta.get_field(rest[0])
    assert isinstance(field, models.ForeignKey)  # nosec B101  # plan_paths follows only these
    value = model._default_manager.filter(pk=pk).values_list(field.attname, flat=True).first()
    if value is None and hasattr(model, "history"):
        value = (
            model.history.model.objects.filter(**{model._meta.pk.attname: pk})  # type: ignore[attr-defined]
            .order_by("-history_id")
            .values_list(field.attname, flat=True)
            .first()
        )
    if value is not None and len(rest) > 1:
        value = _parent_plan_id(field.related_model, value, rest[1:])  # type: ignore[arg-type]
    return value


def plan_id_of(row: models.Model) -> int | None:
    """The plan a history row belongs to (None: it belongs to none)."""
    model = type(row)
    for path in plan_paths(model):
        if not path:
            return row.id  # type: ignore[attr-defined]
        field = model.instance_type._meta.get_field(path[0])  # type: ignore[attr-defined]
        value = getattr(row, field.attname)
        if value is None:
            continue
        if len(path) == 1:
            return value
        plan_id = _parent_plan_id(field.related_model, value, path[1:])
        if plan_id is not None:
            return plan_id
    return None


# --- the hash -------------------------------------------------------------------------


_SIMPLE_TYPES = {
    # Field classes whose stored value is already this Python type (the common case, which
    # skips to_python): anything else (a string assigned to an integer field, …) is
    # converted as the database would return it.
    models.CharField: str,
    models.TextField: str,
    models.SlugField: str,
    models.EmailField: str,
    models.URLField: str,
    models.IntegerField: int,
    models.BigIntegerField: int,
    models.SmallIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.PositiveBigIntegerField: int,
    models.AutoField: int,
    models.BigAutoField: int,
    models.BooleanField: bool,
}


def _canonical_value(field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if type(value) is _SIMPLE_TYPES.get(type(field)):
        return value
    if isinstance(field, models.JSONField):
        return value
    value = field.to_python(value)
    if isinstance(value, Decimal):
        places = getattr(field, "decimal_places", None)
        if places is not None:
            value = value.quantize(Decimal(1).scaleb(-places))
        return str(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name
    return value


@cache
def _stored_fields(model: type[models.Model]) -> tuple[tuple[str, models.Field], ...]:
    return tuple((field.attname, field) for field in model._meta.concrete_fields)


def canonical_json(row: models.Model) -> str:
    """Every stored field of the history row, in a form that does not depend on whether the
    row was just written or read back from the database."""
    model = type(row)
    fields = {
        attname: _canonical_value(field, getattr(row, attname))
        for attname, field in _stored_fields(model)
    }
    payload = {"model": model._meta.label_lower, "row": fields}
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link_hash(previous_hash: str, row: models.Model) -> str:
    return hashlib.sha256((previous_hash + canonical_json(row)).encode()).hexdigest()


# --- appending --------------------------------------------------------------------------


def _lock_head(plan_id: int, using: str) -> AuditChainHead:
    manager = AuditChainHead.objects.using(using)
    head = manager.select_for_update().filter(plan_id=plan_id).first()
    if head is None:
        # Two first writers may race here: one insert wins, the other is ignored, and both
        # then wait for the same row lock.
        manager.bulk_create([AuditChainHead(plan_id=plan_id)], ignore_conflicts=True)
        head = manager.select_for_update().get(plan_id=plan_id)
    return head


def _append(rows: list[models.Model], using: str) -> None:
    by_plan: dict[int, list[models.Model]] = defaultdict(list)
    for row in rows:
        plan_id = plan_id_of(row)
        if plan_id is not None:
            by_plan[plan_id].append(row)
    # Plans in a fixed order, so two transactions touching the same plans never deadlock.
    for plan_id in sorted(by_plan):
        head = _lock_head(plan_id, using)
        links = []
        content_types = ContentType.objects.db_manager(using)
        for row in by_plan[plan_id]:
            digest = link_hash(head.hash, row)
            head.sequence += 1
            links.append(
                AuditLink(
                    plan_id=plan_id,
                    sequence=head.sequence,
                    content_type_id=content_types.get_for_model(
                        type(row), for_concrete_model=False
                    ).pk,
                    history_id=row.pk,
                    previous_hash=head.hash,
                    hash=digest,
                )
            )
            head.hash = digest
        AuditLink.objects.using(using).bulk_create(links)
        head.save(using=using, update_fields=["sequence", "hash"])


def link_history_rows(rows: Iterable[models.Model], *, using: str | None = None) -> None:
    """Append one link per history row that belongs to a plan, in the caller's transaction
    (the rows must already be saved). Changes: AuditLink rows, the plans' chain heads."""
    rows = [row for row in rows if plan_paths(type(row))]
    if not rows:
        return
    using = using or router.db_for_write(AuditLink)
    if connections[using].in_atomic_block:
        _append(rows, using)
    else:
        # A save outside any transaction (autocommit): the row is already committed; the
        # link follows in its own short transaction.
        with transaction.atomic(using=using):
            _append(rows, using)


def on_history_record(sender, history_instance, using=None, **kwargs) -> None:
    link_history_rows([history_instance], using=using)


def on_m2m_history_records(sender, created_rows, **kwargs) -> None:
    link_history_rows(created_rows)


def install_bulk_hook() -> None:
    """`bulk_history_create` (used by bulk_create_with_history / bulk_update_with_history)
    sends no signal; wrap it once so bulk-written history is chained like the rest."""
    from simple_history.manager import HistoryManager

    original = HistoryManager.bulk_history_create
    if getattr(original, "_renstra_audit", False):
        return

    @functools.wraps(original)
    def bulk_history_create(self, objs, *args, **kwargs):
        created = original(self, objs, *args, **kwargs)
        if created:
            link_history_rows(created, using=router.db_for_write(self.model))
        return created

    bulk_history_create._renstra_audit = True  # type: ignore[attr-defined]
    HistoryManager.bulk_history_create = bulk_history_create  # type: ignore[method-assign]


# --- verifying --------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    plan_id: int
    sequence: int | None
    kind: str  # changed | deleted | missing_link | relinked | truncated | unlinked
    detail: str

    def __str__(self) -> str:
        where = f"plan {self.plan_id}"
        if self.sequence is not None:
            where += f", link #{self.sequence}"
        return f"{where}: {self.kind}: {self.detail}"


@dataclass(frozen=True)
class ChainReport:
    plan_id: int
    links: int
    head_hash: str
    first_break: Break | None


def _links(plan_id: int, chunk: int = 2000) -> Iterator[list[AuditLink]]:
    last = 0
    while True:
        batch = list(
            AuditLink.objects.filter(plan_id=plan_id, sequence__gt=last).order_by("sequence")[
                :chunk
            ]
        )
        if not batch:
            return
        yield batch
        last = batch[-1].sequence


def _rows_for(batch: list[AuditLink]) -> dict[tuple[int, int], models.Model]:
    wanted: dict[int, list[int]] = defaultdict(list)
    for link in batch:
        wanted[link.content_type_id].append(link.history_id)
    rows = {}
    for ct_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        for row in model._default_manager.filter(pk__in=ids):
            rows[(ct_id, row.pk)] = row
    return rows


def _describe(link: AuditLink) -> str:
    model = ContentType.objects.get_for_id(link.content_type_id).model_class()
    name = model._meta.label if model else f"content type {link.content_type_id}"
    return f"{name} history_id={link.history_id}"


def _unlinked_rows(plan_id: int) -> Iterator[tuple[type[models.Model], Any]]:
    """History rows of the plan that have no link (inserted behind the application's back)."""
    for model in chained_history_models():
        ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
        linked = AuditLink.objects.filter(content_type=ct).values("history_id")
        for path in plan_paths(model):
            lookup = {"id": plan_id} if not path else {"__".join(path) + "_id": plan_id}
            qs = model._default_manager.filter(**lookup).exclude(pk__in=linked)
            for pk in qs.values_list("pk", flat=True)[:1]:
                yield model, pk


def verify_plan_chain(plan_id: int) -> ChainReport:
    """Recompute the plan's chain; the report names the first broken link (None: intact).
    Reads only."""
    previous = GENESIS_HASH
    expected = 1
    count = 0
    for batch in _links(plan_id):
        rows = _rows_for(batch)
        for link in batch:
            count += 1
            if link.sequence != expected:
                return ChainReport(
                    plan_id,
                    count,
                    previous,
                    Break(
                        plan_id,
                        expected,
                        "missing_link",
                        f"link #{expected} is missing (next is #{link.sequence})",
                    ),
                )
            if link.previous_hash != previous:
                return ChainReport(
                    plan_id,
                    count,
                    previous,
                    Break(
                        plan_id,
                        link.sequence,
                        "relinked",
                        f"{_describe(link)}: previous hash does not match link "
                        f"#{link.sequence - 1}",
                    ),
                )
            row = rows.get((link.content_type_id, link.history_id))
            if row is None:
                return ChainReport(
                    plan_id,
                    count,
                    previous,
                    Break(plan_id, link.sequence, "deleted", f"{_describe(link)} was deleted"),
                )
            if link_hash(previous, row) != link.hash:
                return ChainReport(
                    plan_id,
                    count,
                    previous,
                    Break(
                        plan_id,
                        link.sequence,
                        "changed",
                        f"{_describe(link)} was changed after it was recorded",
                    ),
                )
            previous = link.hash
            expected += 1
    head = AuditChainHead.objects.filter(plan_id=plan_id).first()
    if head is not None and (head.sequence != expected - 1 or head.hash != previous):
        return ChainReport(
            plan_id,
            count,
            previous,
            Break(
                plan_id,
                expected,
                "truncated",
                f"the chain ends at #{expected - 1} but its head says #{head.sequence}",
            ),
        )
    for model, pk in _unlinked_rows(plan_id):
        return ChainReport(
            plan_id,
            count,
            previous,
            Break(
                plan_id,
                None,
                "unlinked",
                f"{model._meta.label} history_id={pk} is not in the chain",
            ),
        )
    return ChainReport(plan_id, count, previous, None)


def chained_plan_ids() -> list[int]:
    """Every plan that has a chain or a plan row (a deleted plan's chain is verified too)."""
    ids = set(AuditChainHead.objects.values_list("plan_id", flat=True))
    ids.update(Plan.objects.values_list("id", flat=True))
    return sorted(ids)


def link_existing_rows(batch_size: int = 2000) -> int:
    """Link every chained history row that has no link yet, oldest first (the one-off after
    upgrading to a version with the chain). Returns how many rows were linked."""
    pending: list[tuple[Any, str, Any, type[models.Model]]] = []
    for model in chained_history_models():
        ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
        linked = AuditLink.objects.filter(content_type=ct).values("history_id")
        date_field = (
            "history_date" if model._meta.pk.name == "history_id" else "history__history_date"
        )
        for pk, date in model._default_manager.exclude(pk__in=linked).values_list("pk", date_field):
            pending.append((date, model._meta.label, pk, model))
    pending.sort(key=lambda item: (item[0], item[1], item[2]))
    with transaction.atomic():
        for start in range(0, len(pending), batch_size):
            chunk = pending[start : start + batch_size]
            by_model: dict[type[models.Model], list[Any]] = defaultdict(list)
            for _date, _label, pk, model in chunk:
                by_model[model].append(pk)
            fetched = {
                (model, row.pk): row
                for model, pks in by_model.items()
                for row in model._default_manager.filter(pk__in=pks)
            }
            link_history_rows([fetched[(model, pk)] for _d, _l, pk, model in chunk])
    return len(pending)
