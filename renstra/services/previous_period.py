"""Writers of the previous-period records (T-C.23 performance, T-C.24 budget, BAB II).

Ratios and average growth are computed by the document, never stored."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from ..models import Plan
from ..models.plan import BudgetRecord, PerformanceRecord
from ..values import money_to_exchange
from .history import tracked_delete, tracked_save
from .plans import plan_assert_editable

PERFORMANCE_FIELDS = ["indicator", "target_nspk", "target_ikk", "target_other"]


def _next_position(model, plan: Plan) -> int:
    last = model.objects.filter(plan=plan).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _texts(values: dict[int, str]) -> dict[str, str]:
    return {str(y): (v or "").strip() for y, v in sorted(values.items()) if (v or "").strip()}


def _amounts(values: dict[int, Decimal | None]) -> dict[str, str]:
    return {str(y): money_to_exchange(v) for y, v in sorted(values.items()) if v is not None}


def performance_record_save(
    *,
    plan: Plan,
    actor: Any,
    indicator: str,
    target_nspk: str = "",
    target_ikk: str = "",
    target_other: str = "",
    targets: dict[int, str],
    realisations: dict[int, str],
    record: PerformanceRecord | None = None,
) -> PerformanceRecord:
    """Create (record=None) or update one T-C.23 row. Raises PlanLocked, ValidationError."""
    with transaction.atomic():
        plan_assert_editable(plan)
        if record is None:
            record = PerformanceRecord(plan=plan, position=_next_position(PerformanceRecord, plan))
            reason = "Capaian kinerja periode lalu ditambahkan"
        else:
            reason = "Capaian kinerja periode lalu diubah"
        record.indicator = indicator.strip()
        record.target_nspk = target_nspk.strip()
        record.target_ikk = target_ikk.strip()
        record.target_other = target_other.strip()
        record.targets = _texts(targets)
        record.realisations = _texts(realisations)
        return tracked_save(record, actor=actor, reason=reason)


def performance_record_delete(*, record: PerformanceRecord, actor: Any) -> None:
    with transaction.atomic():
        plan_assert_editable(record.plan)
        tracked_delete(record, actor=actor, reason="Capaian kinerja periode lalu dihapus")


def budget_record_save(
    *,
    plan: Plan,
    actor: Any,
    description: str,
    budgets: dict[int, Decimal | None],
    realisations: dict[int, Decimal | None],
    record: BudgetRecord | None = None,
) -> BudgetRecord:
    """Create (record=None) or update one T-C.24 row; amounts are stored as exact decimal
    strings. Raises PlanLocked, ValidationError."""
    with transaction.atomic():
        plan_assert_editable(plan)
        if record is None:
            record = BudgetRecord(plan=plan, position=_next_position(BudgetRecord, plan))
            reason = "Anggaran periode lalu ditambahkan"
        else:
            reason = "Anggaran periode lalu diubah"
        record.description = description.strip()
        record.budgets = _amounts(budgets)
        record.realisations = _amounts(realisations)
        return tracked_save(record, actor=actor, reason=reason)


def budget_record_delete(*, record: BudgetRecord, actor: Any) -> None:
    with transaction.atomic():
        plan_assert_editable(record.plan)
        tracked_delete(record, actor=actor, reason="Anggaran periode lalu dihapus")
