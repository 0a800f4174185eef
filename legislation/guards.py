"""Locks below the services (see stages/guards.py for the core's content models).

- Flagship links are plan content: refused on a locked plan like the cascade.
- The previous-period records (T-C.23, T-C.24) are plan content the core's guards did not
  cover: the same signals are connected for them here (the triggers of this app's
  migration 0001 cover the paths signals do not see, on PostgreSQL).
- The legislative record of a ratified plan (review, notes, letters, answers, the
  ratification itself) is the published record: no save or delete once the plan is final,
  except the official document's hash written once after the ratification is stored.
"""

from django.db.models.signals import m2m_changed, pre_delete, pre_save

from renstra.models import Plan
from renstra.models.plan import BudgetRecord, PerformanceRecord
from stages.guards import refuse_locked_delete, refuse_locked_save
from stages.transitions import all_stages

from .errors import PlanRatified


def _final(plan_id) -> bool:
    finals = [s.code for s in all_stages() if s.final]
    return bool(plan_id) and Plan.objects.filter(pk=plan_id, stage__in=finals).exists()


def _plan_id(instance) -> int | None:
    if hasattr(instance, "plan_id"):
        return instance.plan_id
    if hasattr(instance, "letter_id"):  # RecommendationItem
        from .models import RecommendationLetter

        return (
            RecommendationLetter.objects.filter(pk=instance.letter_id)
            .values_list("plan_id", flat=True)
            .first()
        )
    if hasattr(instance, "item_id"):  # ItemResponse
        from .models import RecommendationItem

        return (
            RecommendationItem.objects.filter(pk=instance.item_id)
            .values_list("letter__plan_id", flat=True)
            .first()
        )
    return None


# Written once, after the official PDF of a ratified plan is stored.
_AFTER_RATIFICATION = {"document", "document_sha256"}


def refuse_final_record_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    from .models import Ratification

    if sender is Ratification:
        if instance._state.adding:
            return  # written in the same transaction as the move into penetapan
        if update_fields and set(update_fields) <= _AFTER_RATIFICATION:
            stored = Ratification.objects.filter(pk=instance.pk).values("document_sha256").first()
            if stored and not stored["document_sha256"]:
                return
    if _final(_plan_id(instance)):
        raise PlanRatified


def refuse_final_record_delete(sender, instance, origin=None, **kwargs):
    if isinstance(origin, Plan):
        return
    if _final(_plan_id(instance)):
        raise PlanRatified


def refuse_final_links(sender, instance, action, **kwargs):
    if action in {"pre_add", "pre_remove", "pre_clear"} and _final(_plan_id(instance)):
        raise PlanRatified


def connect() -> None:
    from .models import (
        DprdReview,
        FlagshipLink,
        ItemResponse,
        Ratification,
        RecommendationItem,
        RecommendationLetter,
        ReviewNote,
    )

    for model in (FlagshipLink, PerformanceRecord, BudgetRecord):
        pre_save.connect(refuse_locked_save, sender=model, dispatch_uid=f"legis-lock-{model}")
        pre_delete.connect(
            refuse_locked_delete, sender=model, dispatch_uid=f"legis-lock-del-{model}"
        )
    for model in (
        DprdReview,
        ReviewNote,
        RecommendationLetter,
        RecommendationItem,
        ItemResponse,
        Ratification,
    ):
        pre_save.connect(
            refuse_final_record_save, sender=model, dispatch_uid=f"legis-final-{model}"
        )
        pre_delete.connect(
            refuse_final_record_delete, sender=model, dispatch_uid=f"legis-final-del-{model}"
        )
    m2m_changed.connect(
        refuse_final_links,
        sender=RecommendationItem.elements.through,
        dispatch_uid="legis-final-item-elements",
    )
