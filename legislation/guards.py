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
    if _final(instance.plan_id):
        raise PlanRatified


def refuse_final_record_delete(sender, instance, origin=None, **kwargs):
    if isinstance(origin, Plan):
        return
    if _final(instance.plan_id):
        raise PlanRatified


def refuse_final_links(sender, instance, action, **kwargs):
    """Links of a recommendation item to elements (instance: the item)."""
    if action in {"pre_add", "pre_remove", "pre_clear"} and _final(
        plan_id_of(instance, [["letter", "plan"]])
    ):
        raise PlanRatified


# Records that may still change once a plan is ratified: the public's comments stay under
# moderation (reports, hiding) after the consultation; everything else is the record.
STILL_MODERATED = {
    "participation.comment",
    "participation.commentattachment",
    "participation.commentreport",
    "participation.moderationaction",
}
_SPECIAL = {"renstra.plan", "legislation.ratification"}


def plan_paths(model, depth: int = 0) -> list[list[str]]:
    """Every chain of foreign keys from `model` to its plan (["plan"], ["decree", "plan"],
    ["item", "letter", "plan"]), non-nullable first."""
    if depth > 3:
        return []
    fields = sorted(
        (f for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one),
        key=lambda f: f.null,
    )
    paths: list[list[str]] = []
    for f in fields:
        related = f.related_model
        if related is Plan:
            if f.name == "plan":
                paths.append(["plan"])
            continue
        if related is model or related._meta.app_label not in _FLOW_APPS:
            continue
        paths.extend([f.name, *rest] for rest in plan_paths(related, depth + 1))
    return paths


_FLOW_APPS = {"renstra", "stages", "participation", "legislation"}


def plan_id_of(instance, paths: list[list[str]]) -> int | None:
    """The plan `instance` belongs to, through the first of `paths` that leads to one."""
    for path in paths:
        if path == ["plan"]:
            found = instance.plan_id
        else:
            first = instance._meta.get_field(path[0])
            related_id = getattr(instance, first.attname)
            if related_id is None:
                continue
            found = (
                first.related_model._default_manager.filter(pk=related_id)
                .values_list("__".join(path[1:]), flat=True)
                .first()
            )
        if found is not None:
            return found
    return None


def refuse_final_plan_record(sender, instance, raw=False, **kwargs):
    """Any save or delete of a record of a ratified plan (its history would move)."""
    if raw or sender not in _PATHS:
        return
    if _final(plan_id_of(instance, _PATHS[sender])):
        raise PlanRatified


def refuse_final_plan_record_delete(sender, instance, origin=None, **kwargs):
    if isinstance(origin, Plan) or sender not in _PATHS:
        return
    if _final(plan_id_of(instance, _PATHS[sender])):
        raise PlanRatified


_PATHS: dict = {}


def connect_plan_records() -> None:
    """Guard every history-tracked record that belongs to a plan (directly or through its
    parent: the team decree's members, a verification's checklist, the minutes' points),
    apart from the content models (locked by the stages guards), the plan row itself, the
    ratification (written once after the move) and the comments still under moderation."""
    from django.apps import apps

    for model in apps.get_models():
        label = model._meta.label_lower
        if (
            model._meta.app_label not in _FLOW_APPS
            or label in _SPECIAL
            or label in STILL_MODERATED
            or not hasattr(model, "history")
            or model._meta.auto_created
            or model.__name__.startswith("Historical")
        ):
            continue
        paths = plan_paths(model)
        if not paths:
            continue
        _PATHS[model] = sorted(paths, key=len)
        pre_save.connect(
            refuse_final_plan_record, sender=model, dispatch_uid=f"legis-final-any-{label}"
        )
        pre_delete.connect(
            refuse_final_plan_record_delete,
            sender=model,
            dispatch_uid=f"legis-final-any-del-{label}",
        )


def connect() -> None:
    from .models import FlagshipLink, Ratification, RecommendationItem

    for model in (FlagshipLink, PerformanceRecord, BudgetRecord):
        pre_save.connect(refuse_locked_save, sender=model, dispatch_uid=f"legis-lock-{model}")
        pre_delete.connect(
            refuse_locked_delete, sender=model, dispatch_uid=f"legis-lock-del-{model}"
        )
    pre_save.connect(
        refuse_final_record_save, sender=Ratification, dispatch_uid="legis-final-ratification"
    )
    pre_delete.connect(
        refuse_final_record_delete, sender=Ratification, dispatch_uid="legis-final-del-ratif"
    )
    connect_plan_records()
    m2m_changed.connect(
        refuse_final_links,
        sender=RecommendationItem.elements.through,
        dispatch_uid="legis-final-item-elements",
    )
