"""The previous period (BAB II, T-C.23 and T-C.24): the planner enters the rows here.

GET needs the right to view the plan; every change needs the right to edit it."""

from collections.abc import Callable
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ..access import get_plan_for_user
from ..document.tables import previous_years
from ..errors import PlanLocked
from ..models.plan import BudgetRecord, PerformanceRecord
from ..services.previous_period import (
    budget_record_delete,
    budget_record_save,
    performance_record_delete,
    performance_record_save,
)
from ..values import format_rupiah, parse_rupiah_input


class RupiahField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        try:
            return parse_rupiah_input(value)
        except ValueError:
            raise forms.ValidationError(_("Tulis jumlah rupiah, mis. 1.234.567.")) from None


class PerformanceForm(forms.Form):
    indicator = forms.CharField(
        label=gettext_lazy("Indikator kinerja sesuai tugas dan fungsi"), widget=forms.Textarea
    )
    target_nspk = forms.CharField(label=gettext_lazy("Target NSPK"), required=False)
    target_ikk = forms.CharField(label=gettext_lazy("Target IKK"), required=False)
    target_other = forms.CharField(label=gettext_lazy("Target indikator lainnya"), required=False)

    def __init__(self, *args, years: list[int], record: PerformanceRecord | None = None, **kw):
        if record is not None and "initial" not in kw:
            kw["initial"] = {
                "indicator": record.indicator,
                "target_nspk": record.target_nspk,
                "target_ikk": record.target_ikk,
                "target_other": record.target_other,
                **{f"target_{y}": record.targets.get(str(y), "") for y in years},
                **{f"real_{y}": record.realisations.get(str(y), "") for y in years},
            }
        super().__init__(*args, **kw)
        self.years = years
        for y in years:
            self.fields[f"target_{y}"] = forms.CharField(
                label=_("Target Renstra %(y)s") % {"y": y}, required=False, max_length=100
            )
        for y in years:
            self.fields[f"real_{y}"] = forms.CharField(
                label=_("Realisasi %(y)s") % {"y": y}, required=False, max_length=100
            )

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "indicator": d["indicator"],
            "target_nspk": d["target_nspk"],
            "target_ikk": d["target_ikk"],
            "target_other": d["target_other"],
            "targets": {y: d[f"target_{y}"] for y in self.years},
            "realisations": {y: d[f"real_{y}"] for y in self.years},
        }


class BudgetForm(forms.Form):
    description = forms.CharField(label=gettext_lazy("Uraian"))

    def __init__(self, *args, years: list[int], record: BudgetRecord | None = None, **kw):
        if record is not None and "initial" not in kw:

            def shown(values, y):
                raw = values.get(str(y))
                return format_rupiah(Decimal(raw), prefix=False) if raw else ""

            kw["initial"] = {
                "description": record.description,
                **{f"budget_{y}": shown(record.budgets, y) for y in years},
                **{f"real_{y}": shown(record.realisations, y) for y in years},
            }
        super().__init__(*args, **kw)
        self.years = years
        for y in years:
            self.fields[f"budget_{y}"] = RupiahField(
                label=_("Anggaran %(y)s (Rp)") % {"y": y}, required=False
            )
        for y in years:
            self.fields[f"real_{y}"] = RupiahField(
                label=_("Realisasi %(y)s (Rp)") % {"y": y}, required=False
            )

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "description": d["description"],
            "budgets": {y: d[f"budget_{y}"] for y in self.years},
            "realisations": {y: d[f"real_{y}"] for y in self.years},
        }


# Per kind: the row model, its form and its save service (each takes its own kind's rows).
KINDS: dict[
    str,
    tuple[
        type[PerformanceRecord] | type[BudgetRecord],
        Callable[..., PerformanceForm | BudgetForm],
        Callable[..., PerformanceRecord | BudgetRecord],
    ],
] = {
    "kinerja": (PerformanceRecord, PerformanceForm, performance_record_save),
    "anggaran": (BudgetRecord, BudgetForm, budget_record_save),
}


def _page(request, plan, access, *, forms_by_kind=None, status=200):
    from ..document.tables import table_tc23, table_tc24

    years = previous_years(plan)
    performance = list(plan.performance_records.all())
    budgets = list(plan.budget_records.all())
    editable = access.edit and not plan.locked
    forms_by_kind = forms_by_kind or {}
    return render(
        request,
        "renstra/previous_period/page.html",
        {
            "plan": plan,
            "access": access,
            "years": years,
            "editable": editable,
            "performance": performance,
            "budgets": budgets,
            "tc23": table_tc23(plan, performance),
            "tc24": table_tc24(plan, budgets),
            "performance_form": forms_by_kind.get("kinerja") or PerformanceForm(years=years),
            "budget_form": forms_by_kind.get("anggaran") or BudgetForm(years=years),
        },
        status=status,
    )


@login_required
def previous_period_page(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    return _page(request, plan, access)


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request, public_id: str, kind: str, pk: int | None = None):
    if kind not in KINDS:
        return redirect("renstra:previous_period", public_id)
    plan, access = get_plan_for_user(request.user, public_id, need="edit")
    model, form_class, save = KINDS[kind]
    record = get_object_or_404(model, plan=plan, pk=pk) if pk else None
    years = previous_years(plan)
    form = form_class(request.POST or None, years=years, record=record)
    if request.method == "POST" and form.is_valid():
        try:
            save(plan=plan, actor=request.user, record=record, **form.service_kwargs())
        except PlanLocked as error:
            messages.error(request, error.text)
            return redirect("renstra:previous_period", plan.public_id)
        messages.success(request, _("Tersimpan."))
        return redirect("renstra:previous_period", plan.public_id)
    if record is None:
        return _page(
            request, plan, access, forms_by_kind={kind: form}, status=400 if form.errors else 200
        )
    return render(
        request,
        "renstra/previous_period/edit.html",
        {"plan": plan, "form": form, "record": record, "kind": kind},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def record_delete(request, public_id: str, kind: str, pk: int):
    if kind not in KINDS:
        return redirect("renstra:previous_period", public_id)
    plan, _access = get_plan_for_user(request.user, public_id, need="edit")
    try:
        if kind == "kinerja":
            performance = get_object_or_404(PerformanceRecord, plan=plan, pk=pk)
            performance.plan = plan
            performance_record_delete(record=performance, actor=request.user)
        else:
            budget = get_object_or_404(BudgetRecord, plan=plan, pk=pk)
            budget.plan = plan
            budget_record_delete(record=budget, actor=request.user)
    except PlanLocked as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("Baris dihapus."))
    return redirect("renstra:previous_period", plan.public_id)


urlpatterns = [
    path("<str:public_id>/periode-lalu/", previous_period_page, name="previous_period"),
    path(
        "<str:public_id>/periode-lalu/<slug:kind>/baru/",
        record_edit,
        name="previous_period_add",
    ),
    path(
        "<str:public_id>/periode-lalu/<slug:kind>/<int:pk>/",
        record_edit,
        name="previous_period_edit",
    ),
    path(
        "<str:public_id>/periode-lalu/<slug:kind>/<int:pk>/hapus/",
        record_delete,
        name="previous_period_delete",
    ),
]
