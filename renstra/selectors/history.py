"""The history panel: who changed which field from what to what, and when."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models

HIDDEN_FIELDS = {"revision", "baseline_number", "final_number", "number", "plan"}


@dataclass
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field the model no longer has
        return name


def history_entries(obj: models.Model, *, limit: int = 50) -> list[HistoryEntry]:
    """Newest first: one entry per historical record of `obj`, with the field changes
    against the previous record. Two queries (records with their users)."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
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
                changes.append(
                    FieldChange(change.field, _label(model, change.field), change.old, change.new)
                )
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
