"""The cascade in the browser: element pages with indicators, targets and funding, the
nomenclature picker, and the strategic issues list.

Reading needs the plan's "view" right (a Bappeda verifier reads); every POST needs "edit"
(403 otherwise) and is refused while the plan is locked."""

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from ..access import PlanAccess, get_plan_for_user
from ..errors import EditConflict, ElementInUse, InvalidMove, PlanLocked
from ..forms_cascade import (
    ElementCreateForm,
    ElementForm,
    FundingForm,
    IndicatorForm,
    IssueForm,
    MoveForm,
    NomenclatureSearchForm,
)
from ..models import Element, ElementKind, Indicator, NomenclatureItem, Plan, StrategicIssue
from ..models.cascade import ALLOWED_PARENT
from ..selectors.elements import ElementPage, element_page, nomenclature_search
from ..selectors.history import element_history_entries, history_entries
from ..services.cascade import (
    NOMENCLATURE_KIND,
    element_create,
    element_delete,
    element_move,
    element_update,
    funding_set,
    indicator_create,
    indicator_delete,
    indicator_update,
    issue_create,
    issue_delete,
    issue_update,
)


def _need(request: HttpRequest) -> str:
    return "view" if request.method in ("GET", "HEAD") else "edit"


def _element_url(plan: Plan, element_id: int, anchor: str = "") -> str:
    url = reverse("renstra:element_detail", args=[plan.public_id, element_id])
    return f"{url}#{anchor}" if anchor else url


def _element(plan: Plan, element_id: int) -> Element:
    element = get_object_or_404(Element, plan=plan, pk=element_id)
    element.plan = plan
    return element


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (settings.MIDDLEWARE)."""

    htmx: HtmxDetails


def _add_errors(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields where it names one."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _locked(request: HttpRequest, exc: PlanLocked, url: str) -> HttpResponse:
    messages.error(request, exc.text)
    return redirect(url)


def _next_or(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _conflict(
    request: HttpRequest,
    *,
    plan: Plan,
    form: BaseForm,
    current_values: Sequence[tuple[str | Promise, Any, Any]],
    title: str,
    back_url: str,
) -> HttpResponse:
    """409: the saved version beside what the user typed; the form (re-armed with the
    current revision) lets the user save theirs knowingly."""
    return render(
        request,
        "renstra/cascade/conflict.html",
        {
            "plan": plan,
            "form": form,
            "rows": current_values,
            "title": title,
            "back_url": back_url,
            "message": EditConflict.message,
        },
        status=409,
    )


def _rearm(form_class, request: HttpRequest, *, prefix: str = "", revision: int, **kwargs):
    data = request.POST.copy()
    data[f"{prefix}-revision" if prefix else "revision"] = str(revision)
    form = form_class(data, prefix=prefix or None, with_revision=True, **kwargs)
    form.is_valid()
    return form


def _display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, list | tuple) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return "; ".join(str(i) for i in items) or "—"
    return str(value)


# ---------------------------------------------------------------- element page


def _render_element(
    request: HttpRequest,
    page: ElementPage,
    access: PlanAccess,
    *,
    element_form: ElementForm | None = None,
    indicator_form: tuple[int, IndicatorForm] | None = None,
    new_indicator_form: IndicatorForm | None = None,
    funding_form: FundingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    plan, element, years = page.plan, page.element, page.years
    can_edit = access.edit and not plan.locked
    context: dict[str, Any] = {
        "plan": plan,
        "access": access,
        "page": page,
        "element": element,
        "node": page.node,
        "can_edit": can_edit,
        "history": element_history_entries(element),
        "history_id": f"element-{element.pk}",
        "rpjmd_sasaran": element.rpjmd_sasaran,
        "rpjmd_program": element.rpjmd_program,
    }
    if can_edit:
        context["element_form"] = element_form or ElementForm(
            initial=ElementForm.initial_for(element),
            plan=plan,
            kind=element.kind,
            with_revision=True,
        )
        forms = []
        for indicator in page.indicators:
            if indicator_form and indicator_form[0] == indicator.pk:
                form = indicator_form[1]
            else:
                form = IndicatorForm(
                    initial=IndicatorForm.initial_for(indicator),
                    prefix=f"ind{indicator.pk}",
                    years=years,
                    with_revision=True,
                )
            forms.append((indicator, form))
        context["indicator_forms"] = forms
        if element.has_indicators:
            context["new_indicator_form"] = new_indicator_form or IndicatorForm(
                prefix="new", years=years
            )
        if page.node.is_funding_leaf:
            context["funding_form"] = funding_form or FundingForm(
                initial=FundingForm.initial_for(page.node.own_funding), years=years
            )
        context["add_kinds"] = [(k, ElementKind(k).label) for k in page.child_kinds]
    else:
        context["indicator_forms"] = [(indicator, None) for indicator in page.indicators]
    return render(request, "renstra/cascade/element.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def element_detail(request: HttpRequest, public_id: str, element_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request.user, public_id, need=_need(request))
    page = element_page(plan, element_id)
    element = page.element
    if request.method == "GET":
        return _render_element(request, page, access)
    form = ElementForm(request.POST, plan=plan, kind=element.kind, with_revision=True)
    if form.is_valid():
        try:
            element_update(
                element=element,
                expected_revision=form.cleaned_data["revision"],
                changes=form.changes(),
                issues=form.cleaned_data.get("issues") if "issues" in form.fields else None,
                actor=request.user,
            )
        except PlanLocked as exc:
            return _locked(request, exc, _element_url(plan, element.pk))
        except EditConflict as exc:
            current = exc.current
            rows = [
                (
                    form[name].label,
                    _display(form.cleaned_data.get(name)),
                    _display(getattr(current, name) if name != "issues" else current.issues),
                )
                for name in form.fields
                if name != "revision" and not form[name].is_hidden
            ]
            return _conflict(
                request,
                plan=plan,
                form=_rearm(
                    ElementForm, request, revision=current.revision, plan=plan, kind=element.kind
                ),
                current_values=rows,
                title=str(element),
                back_url=_element_url(plan, element.pk),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Perubahan elemen disimpan."))
            return redirect(_element_url(plan, element.pk))
    return _render_element(request, page, access, element_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def element_new(request: HttpRequest, public_id: str) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, public_id, need="edit")
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind", ElementKind.TUJUAN)
    if kind not in ElementKind.values:
        kind = ElementKind.TUJUAN
    parent = None
    if ALLOWED_PARENT[kind] is not None:
        parent = get_object_or_404(
            Element, plan=plan, pk=source.get("parent") or 0, kind=ALLOWED_PARENT[kind]
        )
    back_url = _element_url(plan, parent.pk) if parent else plan.get_absolute_url()
    form = ElementCreateForm(
        request.POST if request.method == "POST" else None,
        initial={"kind": kind, "parent": parent.pk if parent else None},
        plan=plan,
        kind=kind,
    )
    if request.method == "POST" and form.is_valid():
        try:
            element = element_create(
                plan=plan,
                kind=kind,
                parent=parent,
                text=form.cleaned_data["text"],
                actor=request.user,
                **form.changes(),
            )
        except PlanLocked as exc:
            return _locked(request, exc, back_url)
        except InvalidMove as exc:
            form.add_error(None, exc.text)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("%(kind)s ditambahkan.") % {"kind": element.get_kind_display()}
            )
            return redirect(_element_url(plan, element.pk))
    return render(
        request,
        "renstra/cascade/element_new.html",
        {
            "plan": plan,
            "form": form,
            "kind_label": ElementKind(kind).label,
            "parent": parent,
            "back_url": back_url,
            "locked": plan.locked,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def element_move_view(request: HttpRequest, public_id: str, element_id: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, public_id, need="edit")
    element = _element(plan, element_id)
    back = _next_or(request, _element_url(plan, element.pk))
    form = MoveForm(request.POST, element=element)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(str(message) for message in error))
        return redirect(back)
    try:
        element_move(
            element=element,
            direction=form.cleaned_data["direction"] or None,
            parent=form.cleaned_data["parent"],
            actor=request.user,
        )
    except PlanLocked as exc:
        return _locked(request, exc, back)
    except InvalidMove as exc:
        messages.error(request, exc.text)
    else:
        messages.success(request, _("Elemen dipindahkan."))
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def element_delete_view(request: HttpRequest, public_id: str, element_id: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, public_id, need="edit")
    element = _element(plan, element_id)
    back = _element_url(plan, element.pk)
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        after = (
            _element_url(plan, element.parent_id) if element.parent_id else plan.get_absolute_url()
        )
        try:
            element_delete(element=element, actor=request.user)
        except PlanLocked as exc:
            return _locked(request, exc, back)
        except ElementInUse as exc:
            messages.error(request, exc.text)
            return redirect(back)
        messages.success(request, _("Elemen dihapus."))
        return redirect(after)
    return render(
        request,
        "renstra/cascade/confirm_delete.html",
        {
            "plan": plan,
            "what": f"{element.get_kind_display()}: {element}",
            "action": reverse("renstra:element_delete", args=[plan.public_id, element.pk]),
            "back_url": back,
            "consequence": _(
                "Indikator, target dan pendanaan elemen ini ikut terhapus. "
                "Riwayatnya tetap tersimpan."
            ),
        },
    )


# ---------------------------------------------------------------- indicators and funding


@login_required
@require_POST
def indicator_new(request: HttpRequest, public_id: str, element_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request.user, public_id, need="edit")
    page = element_page(plan, element_id)
    form = IndicatorForm(request.POST, prefix="new", years=page.years)
    if form.is_valid():
        changes = form.changes()
        try:
            indicator = indicator_create(
                element=page.element,
                actor=request.user,
                targets=form.targets(),
                **changes,
            )
        except PlanLocked as exc:
            return _locked(request, exc, _element_url(plan, element_id))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Indikator ditambahkan."))
            return redirect(_element_url(plan, element_id, f"ind-{indicator.pk}"))
    return _render_element(request, page, access, new_indicator_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(
    request: HttpRequest, public_id: str, element_id: int, indicator_id: int
) -> HttpResponse:
    plan, access = get_plan_for_user(request.user, public_id, need=_need(request))
    if request.method == "GET":
        return redirect(_element_url(plan, element_id, f"ind-{indicator_id}"))
    page = element_page(plan, element_id)
    indicator = next((i for i in page.indicators if i.pk == indicator_id), None)
    if indicator is None:
        return render(request, "404.html", status=404)
    indicator.plan = plan
    prefix = f"ind{indicator.pk}"
    form = IndicatorForm(request.POST, prefix=prefix, years=page.years, with_revision=True)
    if form.is_valid():
        try:
            indicator_update(
                indicator=indicator,
                expected_revision=form.cleaned_data["revision"],
                changes=form.changes(),
                targets=form.targets(),
                actor=request.user,
            )
        except PlanLocked as exc:
            return _locked(request, exc, _element_url(plan, element_id))
        except EditConflict as exc:
            current = exc.current
            theirs = {t.year: t.value for t in current.targets.all()}
            rows = [
                (
                    form[name].label,
                    _display(form.cleaned_data.get(name)),
                    _display(getattr(current, name)),
                )
                for name in form.changes()
            ] + [
                (
                    form[f"target_{y}"].label,
                    _display(form.cleaned_data.get(f"target_{y}")),
                    _display(theirs.get(y)),
                )
                for y in page.years
            ]
            return _conflict(
                request,
                plan=plan,
                form=_rearm(
                    IndicatorForm,
                    request,
                    prefix=prefix,
                    revision=current.revision,
                    years=page.years,
                ),
                current_values=rows,
                title=indicator.name,
                back_url=_element_url(plan, element_id, f"ind-{indicator.pk}"),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Indikator disimpan."))
            return redirect(_element_url(plan, element_id, f"ind-{indicator.pk}"))
    return _render_element(request, page, access, indicator_form=(indicator.pk, form), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete_view(
    request: HttpRequest, public_id: str, element_id: int, indicator_id: int
) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, public_id, need="edit")
    indicator = get_object_or_404(Indicator, plan=plan, element_id=element_id, pk=indicator_id)
    indicator.plan = plan
    back = _element_url(plan, element_id)
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        try:
            indicator_delete(indicator=indicator, actor=request.user)
        except PlanLocked as exc:
            return _locked(request, exc, back)
        except ElementInUse as exc:
            messages.error(request, exc.text)
            return redirect(back)
        messages.success(request, _("Indikator dihapus."))
        return redirect(back)
    return render(
        request,
        "renstra/cascade/confirm_delete.html",
        {
            "plan": plan,
            "what": _("Indikator: %(name)s") % {"name": indicator.name},
            "action": reverse(
                "renstra:indicator_delete", args=[plan.public_id, element_id, indicator.pk]
            ),
            "back_url": back,
            "consequence": _("Target tahunan indikator ini ikut terhapus."),
        },
    )


@login_required
@require_POST
def funding_edit(request: HttpRequest, public_id: str, element_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request.user, public_id, need="edit")
    page = element_page(plan, element_id)
    form = FundingForm(request.POST, years=page.years)
    if form.is_valid():
        try:
            funding_set(element=page.element, amounts=form.amounts(), actor=request.user)
        except PlanLocked as exc:
            return _locked(request, exc, _element_url(plan, element_id))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Pendanaan disimpan."))
            return redirect(_element_url(plan, element_id, "pendanaan"))
    return _render_element(request, page, access, funding_form=form, status=400)


# ---------------------------------------------------------------- nomenclature picker


@login_required
@require_GET
def nomenclature_search_view(
    request: HtmxHttpRequest, public_id: str, element_id: int
) -> HttpResponse:
    """Matching nomenclature rows for the element's level: an htmx fragment, or a plain
    page whose "Gunakan" buttons post the choice (works without JavaScript)."""
    plan, access = get_plan_for_user(request.user, public_id)
    element = get_object_or_404(Element.objects.select_related("parent"), plan=plan, pk=element_id)
    form = NomenclatureSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    prefix = element.parent.code if element.parent and element.parent.code else ""
    results = (
        nomenclature_search(
            plan, kind=NOMENCLATURE_KIND.get(element.kind), query=query, prefix=prefix
        )
        if element.kind in NOMENCLATURE_KIND
        else []
    )
    context = {
        "plan": plan,
        "element": element,
        "form": form,
        "results": results,
        "query": query,
        "can_edit": access.edit and not plan.locked,
    }
    template = "renstra/cascade/nomenclature_search.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@login_required
@require_POST
def nomenclature_pick(request: HttpRequest, public_id: str, element_id: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, public_id, need="edit")
    element = _element(plan, element_id)
    item = get_object_or_404(NomenclatureItem, pk=request.POST.get("item") or 0)
    back = _element_url(plan, element.pk)
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        revision = element.revision
    try:
        element_update(
            element=element,
            expected_revision=revision,
            changes={"code": item.code, "text": item.name, "nomenclature": item},
            actor=request.user,
            reason=_("Nomenklatur dipilih"),
        )
    except PlanLocked as exc:
        return _locked(request, exc, back)
    except EditConflict:
        messages.error(request, EditConflict.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Kode dan nama diambil dari nomenklatur."))
    return redirect(back)


# ---------------------------------------------------------------- strategic issues


@login_required
@require_http_methods(["GET", "POST"])
def issue_list(request: HttpRequest, public_id: str) -> HttpResponse:
    plan, access = get_plan_for_user(request.user, public_id, need=_need(request))
    form = IssueForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        try:
            issue_create(plan=plan, actor=request.user, **form.changes())
        except PlanLocked as exc:
            return _locked(request, exc, reverse("renstra:issue_list", args=[plan.public_id]))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Isu strategis ditambahkan."))
            return redirect("renstra:issue_list", plan.public_id)
    issues = plan.issues.prefetch_related("answered_by").order_by("position", "id")
    return render(
        request,
        "renstra/cascade/issues.html",
        {
            "plan": plan,
            "issues": issues,
            "form": form,
            "can_edit": access.edit and not plan.locked,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue_edit(request: HttpRequest, public_id: str, issue_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request.user, public_id, need=_need(request))
    issue = get_object_or_404(StrategicIssue, plan=plan, pk=issue_id)
    issue.plan = plan
    list_url = reverse("renstra:issue_list", args=[plan.public_id])
    if request.method == "POST":
        form = IssueForm(request.POST, with_revision=True)
        if form.is_valid():
            try:
                issue_update(
                    issue=issue,
                    expected_revision=form.cleaned_data["revision"],
                    changes=form.changes(),
                    actor=request.user,
                )
            except PlanLocked as exc:
                return _locked(request, exc, list_url)
            except EditConflict as exc:
                current = exc.current
                rows = [
                    (
                        form[name].label,
                        _display(form.cleaned_data.get(name)),
                        _display(getattr(current, name)),
                    )
                    for name in form.changes()
                ]
                return _conflict(
                    request,
                    plan=plan,
                    form=_rearm(IssueForm, request, revision=current.revision),
                    current_values=rows,
                    title=issue.text,
                    back_url=list_url,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Isu strategis disimpan."))
                return redirect(list_url)
    else:
        form = IssueForm(instance=issue, initial={"revision": issue.revision}, with_revision=True)
    return render(
        request,
        "renstra/cascade/issue_edit.html",
        {
            "plan": plan,
            "issue": issue,
            "form": form,
            "can_edit": access.edit and not plan.locked,
            "history": history_entries(issue),
            "history_id": f"issue-{issue.pk}",
            "list_url": list_url,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue_delete_view(request: HttpRequest, public_id: str, issue_id: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, public_id, need="edit")
    issue = get_object_or_404(StrategicIssue, plan=plan, pk=issue_id)
    issue.plan = plan
    list_url = reverse("renstra:issue_list", args=[plan.public_id])
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        try:
            issue_delete(issue=issue, actor=request.user)
        except PlanLocked as exc:
            return _locked(request, exc, list_url)
        except ElementInUse as exc:
            messages.error(request, exc.text)
            return redirect(list_url)
        messages.success(request, _("Isu strategis dihapus."))
        return redirect(list_url)
    return render(
        request,
        "renstra/cascade/confirm_delete.html",
        {
            "plan": plan,
            "what": _("Isu strategis: %(text)s") % {"text": issue.text},
            "action": reverse("renstra:issue_delete", args=[plan.public_id, issue.pk]),
            "back_url": list_url,
            "consequence": "",
        },
    )


_E = "<str:public_id>/kaskade/<int:element_id>/"
urlpatterns = [
    path("<str:public_id>/kaskade/baru/", element_new, name="element_new"),
    path(_E, element_detail, name="element_detail"),
    path(_E + "pindah/", element_move_view, name="element_move"),
    path(_E + "hapus/", element_delete_view, name="element_delete"),
    path(_E + "indikator/", indicator_new, name="indicator_new"),
    path(_E + "indikator/<int:indicator_id>/", indicator_edit, name="indicator_edit"),
    path(
        _E + "indikator/<int:indicator_id>/hapus/",
        indicator_delete_view,
        name="indicator_delete",
    ),
    path(_E + "pendanaan/", funding_edit, name="funding_edit"),
    path(_E + "nomenklatur/", nomenclature_search_view, name="nomenclature_search"),
    path(_E + "nomenklatur/pilih/", nomenclature_pick, name="nomenclature_pick"),
    path("<str:public_id>/isu/", issue_list, name="issue_list"),
    path("<str:public_id>/isu/<int:issue_id>/", issue_edit, name="issue_edit"),
    path("<str:public_id>/isu/<int:issue_id>/hapus/", issue_delete_view, name="issue_delete"),
]
