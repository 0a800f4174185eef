"""Invalidating a ratified plan's cached pages when something they show changes after all.

The plan itself and its DPRD record are immutable once ratified, but a moderator may still
hide a comment (or an answer may be corrected) in a consultation whose response matrix the
plan page publishes; the official PDF's hash arrives after the ratification. Any save or
delete of those rows drops the plan's cached stamp and records the time, so the next
request builds new pages under new keys (new ETag, later Last-Modified). Connected from
LegislationConfig.ready()."""

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from renstra.models import Plan

from .cache import plan_changed
from .selectors import RATIFIED_STAGE


def _plan_id(instance: Any) -> int | None:
    if getattr(instance, "plan_id", None):
        return instance.plan_id
    for name in ("comment", "item", "letter", "review"):
        related = getattr(instance, f"{name}_id", None)
        if related:
            owner = getattr(instance, name, None)
            return _plan_id(owner) if owner is not None else None
    return None


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    plan_id = _plan_id(instance)
    if plan_id is None:
        return

    def drop() -> None:
        public_id = (
            Plan.objects.filter(pk=plan_id, stage=RATIFIED_STAGE)
            .values_list("public_id", flat=True)
            .first()
        )
        if public_id:
            plan_changed(public_id)

    # After the commit: a request between the write and the commit would cache the old rows.
    transaction.on_commit(drop)


def connect() -> None:
    from participation.models import Comment, Consultation
    from participation.models.comments import OfficialResponse

    from ..models import (
        ItemResponse,
        Ratification,
        RecommendationItem,
        RecommendationLetter,
        ReviewNote,
    )

    models = (
        Comment,
        OfficialResponse,
        Consultation,
        Ratification,
        ReviewNote,
        RecommendationLetter,
        RecommendationItem,
        ItemResponse,
    )
    for model in models:
        uid = f"portal-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-delete")
    m2m_changed.connect(
        _changed, sender=RecommendationItem.elements.through, dispatch_uid="portal-item-elements"
    )
