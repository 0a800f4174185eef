"""The history panel: who changed which field from what to what, and when."""

import difflib
import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import capfirst

if TYPE_CHECKING:
    from ..models import Element

HIDDEN_FIELDS = {"revision", "baseline_number", "final_number", "number", "plan"}

# Values longer than this (or containing markup) get a word-level summary instead of
# the whole before/after text.
LONG_TEXT = 200
# Unchanged words kept on either side of a change in the summary.
CONTEXT_WORDS = 6
_TAG = re.compile(r"<[a-zA-Z/!]")


@dataclass
class DiffPart:
    kind: str  # "same", "del", "ins", "gap" (unchanged words left out)
    text: str


@dataclass
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any
    # For long or HTML text: the changed words with a little context, else None.
    words: list[DiffPart] | None = None
    removed: int = 0  # words removed (word summary only)
    added: int = 0  # words added (word summary only)


def _words(value: Any) -> list[str]:
    return html.unescape(strip_tags(str(value or "").replace("<", " <"))).split()


def word_diff(old: Any, new: Any) -> tuple[list[DiffPart], int, int]:
    """The words of `new` against `old` (markup stripped), unchanged runs shortened to
    CONTEXT_WORDS on each side of a change; with the number of words removed and added."""
    a, b = _words(old), _words(new)
    parts: list[DiffPart] = []
    removed = added = 0
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            run = a[i1:i2]
            head = run[:CONTEXT_WORDS] if index > 0 else []
            tail = run[-CONTEXT_WORDS:] if index < len(opcodes) - 1 else []
            if len(run) <= len(head) + len(tail):
                parts.append(DiffPart("same", " ".join(run)))
                continue
            if head:
                parts.append(DiffPart("same", " ".join(head)))
            parts.append(DiffPart("gap", "…"))
            if tail:
                parts.append(DiffPart("same", " ".join(tail)))
            continue
        if op in ("delete", "replace"):
            parts.append(DiffPart("del", " ".join(a[i1:i2])))
            removed += i2 - i1
        if op in ("insert", "replace"):
            parts.append(DiffPart("ins", " ".join(b[j1:j2])))
            added += j2 - j1
    return parts, removed, added


def _is_long(value: Any) -> bool:
    return isinstance(value, str) and (len(value) > LONG_TEXT or bool(_TAG.search(value)))


def field_change(model: type[models.Model], name: str, old: Any, new: Any) -> FieldChange:
    change = FieldChange(name, _label(model, name), old, new)
    if _is_long(old) or _is_long(new):
        change.words, change.removed, change.added = word_diff(old, new)
    return change


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _label(model: type[models.Model], name: str) -> str:
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # a field the model no longer has
        return name
    return capfirst(str(getattr(model_field, "verbose_name", name)))


def _entries(
    model: type[models.Model],
    records: list[Any],
    *,
    prefix=lambda record: "",
    created_fields: tuple[str, ...] = (),
) -> list[HistoryEntry]:
    """Entries for historical `records` (newest first, possibly of several objects): each
    record's field changes against the previous record of the same object."""
    older: dict[Any, Any] = {}
    for record in reversed(records):  # oldest first, so each finds its predecessor
        record._previous = older.get(record.id)
        older[record.id] = record
    entries = []
    for record in records:
        changes = []
        previous = record._previous
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                item = field_change(model, change.field, change.old, change.new)
                item.label = f"{prefix(record)}{item.label}"
                changes.append(item)
        elif record.history_type == "+":
            for name in created_fields:
                item = field_change(model, name, None, getattr(record, name))
                item.label = f"{prefix(record)}{item.label}"
                changes.append(item)
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.display_name if user else "—"),
                kind=record.history_type,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def element_history_entries(element: "Element", *, limit: int = 50) -> list[HistoryEntry]:
    """Newest first: the history of a cascade element together with its funding, its
    indicators and their yearly targets, so a planner finds a funding or target change
    under the element where they made it. Four queries, however much history there is."""
    from ..models import Funding, Indicator, IndicatorTarget

    def recent(manager, **filters):
        return list(
            manager.filter(**filters)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[: limit + 1]
        )

    element_records = recent(type(element).history, id=element.pk)
    funding_records = recent(Funding.history, element_id=element.pk)
    indicator_records = recent(Indicator.history, element_id=element.pk)
    indicator_ids = {r.id for r in indicator_records}
    target_records = recent(IndicatorTarget.history, indicator_id__in=indicator_ids)
    names = {r.id: r.name for r in reversed(indicator_records)}
    entries = (
        _entries(type(element), element_records)
        + _entries(
            Funding, funding_records, prefix=lambda r: f"{r.year}: ", created_fields=("amount",)
        )
        + _entries(Indicator, indicator_records, prefix=lambda r: f"{r.name}: ")
        + _entries(
            IndicatorTarget,
            target_records,
            prefix=lambda r: f"{names.get(r.indicator_id, '')} {r.year}: ",
            created_fields=("value",),
        )
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def history_entries(obj: models.Model, *, limit: int = 50) -> list[HistoryEntry]:
    """Newest first: one entry per historical record of `obj`, with the field changes
    against the previous record (long or HTML text as a word-level summary, see
    `word_diff`). One query (records with their users), however many records there are."""
    manager = obj.history  # type: ignore[attr-defined]
    records = list(
        manager.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    model = type(obj)
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                changes.append(field_change(model, change.field, change.old, change.new))
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.display_name if user else "—"),
                kind=record.history_type,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
