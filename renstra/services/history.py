"""Attribution for django-simple-history: who changed it and why."""

from typing import Any

from django.db import models


def attribute(obj: models.Model, *, actor: Any, reason: str) -> models.Model:
    """Mark `obj` so that its next save records `actor` and `reason` in the history."""
    obj._history_user = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    return obj


def tracked_save[M: models.Model](
    obj: M, *, actor: Any, reason: str, update_fields: list[str] | None = None
) -> M:
    """full_clean() and save `obj` with history attribution."""
    obj.full_clean()
    attribute(obj, actor=actor, reason=reason)
    obj.save(update_fields=update_fields)
    return obj


def tracked_delete(obj: models.Model, *, actor: Any, reason: str) -> None:
    attribute(obj, actor=actor, reason=reason)
    obj.delete()
