"""The last line of defence for locked plans, below the services and the admin.

Services call `renstra.services.plans.plan_assert_editable` (a clear PlanLocked before
any work); these model signals refuse any save or delete of a locked plan's content that
goes through the ORM's model methods (the admin, a shell, a forgotten service), and any
change at all to a ratified (final-stage) plan row. Signals do not see
`QuerySet.update()`, `bulk_create`/`bulk_update` or raw SQL: on PostgreSQL the triggers of
migration 0002_plan_content_guard refuse those too.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, pre_delete, pre_save

from renstra.errors import PlanLocked
from renstra.models import (
    Chapter,
    DeclaredTotal,
    Element,
    Funding,
    Indicator,
    IndicatorTarget,
    Plan,
    Section,
    StrategicIssue,
)

from .transitions import all_stages

CONTENT_MODELS = (
    Chapter,
    Section,
    StrategicIssue,
    DeclaredTotal,
    Element,
    Indicator,
    IndicatorTarget,
    Funding,
)


def _locked(plan_id) -> bool:
    return bool(plan_id) and Plan.objects.filter(pk=plan_id, locked=True).exists()


def _final_codes() -> list[str]:
    return [s.code for s in all_stages() if s.final]


def refuse_locked_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata
        return
    plans = Q(pk=instance.plan_id)
    if instance.pk and not instance._state.adding:
        # Moving a row out of a locked plan is a change to that plan too.
        plans |= Q(pk__in=sender._default_manager.filter(pk=instance.pk).values("plan_id"))
    if Plan.objects.filter(plans, locked=True).exists():
        raise PlanLocked


def refuse_locked_delete(sender, instance, origin=None, **kwargs):
    if isinstance(origin, Plan):
        return  # the plan itself is being deleted: its own guard decides
    if _locked(instance.plan_id):
        raise PlanLocked


def refuse_locked_links(sender, instance, action, **kwargs):
    if action in {"pre_add", "pre_remove", "pre_clear"} and _locked(instance.plan_id):
        raise PlanLocked


def refuse_final_plan_change(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding or not instance.pk:
        return
    if Plan.objects.filter(pk=instance.pk, stage__in=_final_codes()).exists():
        raise PlanLocked(_final_message())


def refuse_final_plan_delete(sender, instance, **kwargs):
    if Plan.objects.filter(pk=instance.pk, locked=True).exists():
        raise PlanLocked


def _final_message():
    from django.utils.translation import gettext as _

    return _("Rencana ini sudah ditetapkan; tidak ada yang dapat diubah. Mulai perubahan Renstra.")


def connect() -> None:
    for model in CONTENT_MODELS:
        pre_save.connect(refuse_locked_save, sender=model, dispatch_uid=f"stages-lock-{model}")
        pre_delete.connect(
            refuse_locked_delete, sender=model, dispatch_uid=f"stages-lock-del-{model}"
        )
    m2m_changed.connect(
        refuse_locked_links, sender=Element.issues.through, dispatch_uid="stages-lock-links"
    )
    pre_save.connect(refuse_final_plan_change, sender=Plan, dispatch_uid="stages-final-plan")
    pre_delete.connect(refuse_final_plan_delete, sender=Plan, dispatch_uid="stages-final-del")
