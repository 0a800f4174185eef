"""Optimistic concurrency for content rows that carry a `revision` counter.

An editor's form carries the revision it was opened at. Saving locks the row, compares,
and either applies the change (revision + 1) or raises EditConflict with the current row:
exactly one of two editors who started from the same revision wins; nothing is overwritten.
"""

from typing import Any

from django.db import models, transaction

from ..errors import EditConflict
from .history import tracked_save


def revised_update[M: models.Model](
    model: type[M],
    *,
    pk: int,
    expected_revision: int,
    changes: dict[str, Any],
    actor: Any,
    reason: str,
) -> M:
    """Apply `changes` to the row `pk` if it is still at `expected_revision`.

    Returns the saved object. Raises EditConflict (with `.current`, the row as it is now)
    when someone saved it since; ValidationError when the changed row is invalid.
    Call inside a transaction (the services do)."""
    with transaction.atomic():
        obj = model._default_manager.select_for_update().get(pk=pk)
        if obj.revision != expected_revision:  # type: ignore[attr-defined]
            raise EditConflict(current=obj)
        changed = [name for name, value in changes.items() if getattr(obj, name) != value]
        if not changed:
            return obj
        for name in changed:
            setattr(obj, name, changes[name])
        obj.revision += 1  # type: ignore[attr-defined]
        tracked_save(obj, actor=actor, reason=reason, update_fields=[*changed, "revision"])
        return obj
