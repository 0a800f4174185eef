"""Persiapan page: the drafting team decree, its members and the work agenda."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renstra.access import get_plan_for_user
from renstra.errors import PlanLocked

from . import preparation
from .forms_preparation import AgendaItemForm, TeamDecreeForm, TeamMemberForm
from .models import AgendaItem, TeamMember


def _page_url(plan) -> str:
    return reverse("stages:preparation", args=[plan.public_id])


def _render_page(request, plan, access, *, status=200, **forms):
    decree, agenda = preparation.plan_preparation(plan)
    today = preparation.today_jakarta()
    for item in agenda:
        item.overdue = item.is_overdue(today)
    may_edit = access.edit and not plan.locked
    if may_edit:
        forms.setdefault(
            "decree_form",
            TeamDecreeForm(
                initial={
                    "number": decree.number,
                    "date": decree.date,
                    "signed_by": decree.signed_by,
                    "note": decree.note,
                }
                if decree
                else None
            ),
        )
        forms.setdefault("member_form", TeamMemberForm(prefix="member"))
        forms.setdefault("agenda_form", AgendaItemForm(prefix="agenda"))
    return render(
        request,
        "stages/preparation/page.html",
        {
            "plan": plan,
            "access": access,
            "decree": decree,
            "members": list(decree.members.all()) if decree else [],
            "agenda": agenda,
            "today": today,
            "may_edit": may_edit,
            **forms,
        },
        status=status,
    )


def _refused(request, plan, exc: PlanLocked):
    messages.error(request, exc.text)
    return redirect(_page_url(plan))


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_GET
def preparation_page(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    return _render_page(request, plan, access)


@login_required
@require_POST
def decree_save(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id, need="edit")
    form = TeamDecreeForm(request.POST)
    if form.is_valid():
        try:
            preparation.team_decree_save(plan=plan, actor=request.user, **form.cleaned_data)
        except PlanLocked as exc:
            return _refused(request, plan, exc)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("SK tim penyusun disimpan."))
            return redirect(_page_url(plan))
    return _render_page(request, plan, access, status=400, decree_form=form)


@login_required
@require_POST
def member_add(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id, need="edit")
    form = TeamMemberForm(request.POST, prefix="member")
    if form.is_valid():
        try:
            preparation.team_member_add(plan=plan, actor=request.user, **form.cleaned_data)
        except PlanLocked as exc:
            return _refused(request, plan, exc)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Anggota tim ditambahkan."))
            return redirect(_page_url(plan))
    return _render_page(request, plan, access, status=400, member_form=form)


def _member(plan, pk: int) -> TeamMember:
    try:
        return TeamMember.objects.select_related("decree__plan").get(pk=pk, decree__plan=plan)
    except TeamMember.DoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, public_id: str, pk: int):
    plan, access = get_plan_for_user(request.user, public_id, need="edit")
    member = _member(plan, pk)
    form = TeamMemberForm(
        request.POST or None,
        initial={
            "name": member.name,
            "position": member.position,
            "role": member.role,
            "order": member.order,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            preparation.team_member_update(
                member=member,
                actor=request.user,
                name=data["name"],
                position=data["position"],
                role=data["role"],
                order=data["order"] if data["order"] is not None else member.order,
            )
        except PlanLocked as exc:
            return _refused(request, plan, exc)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Anggota tim diubah."))
            return redirect(_page_url(plan))
    return render(
        request,
        "stages/preparation/member_edit.html",
        {"plan": plan, "access": access, "member": member, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def member_delete(request, public_id: str, pk: int):
    plan, _access = get_plan_for_user(request.user, public_id, need="edit")
    member = _member(plan, pk)
    try:
        preparation.team_member_delete(member=member, actor=request.user)
    except PlanLocked as exc:
        return _refused(request, plan, exc)
    messages.success(request, _("Anggota tim dihapus."))
    return redirect(_page_url(plan))


@login_required
@require_POST
def agenda_add(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id, need="edit")
    form = AgendaItemForm(request.POST, prefix="agenda")
    if form.is_valid():
        try:
            preparation.agenda_item_add(plan=plan, actor=request.user, **form.cleaned_data)
        except PlanLocked as exc:
            return _refused(request, plan, exc)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Agenda kerja ditambahkan."))
            return redirect(_page_url(plan))
    return _render_page(request, plan, access, status=400, agenda_form=form)


def _agenda_item(plan, pk: int) -> AgendaItem:
    try:
        return AgendaItem.objects.select_related("plan").get(pk=pk, plan=plan)
    except AgendaItem.DoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def agenda_edit(request, public_id: str, pk: int):
    plan, access = get_plan_for_user(request.user, public_id, need="edit")
    item = _agenda_item(plan, pk)
    form = AgendaItemForm(
        request.POST or None,
        initial={
            "activity": item.activity,
            "planned_start": item.planned_start,
            "planned_end": item.planned_end,
            "responsible": item.responsible,
            "done_on": item.done_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            preparation.agenda_item_update(item=item, actor=request.user, **form.cleaned_data)
        except PlanLocked as exc:
            return _refused(request, plan, exc)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Agenda kerja diubah."))
            return redirect(_page_url(plan))
    return render(
        request,
        "stages/preparation/agenda_edit.html",
        {"plan": plan, "access": access, "item": item, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def agenda_delete(request, public_id: str, pk: int):
    plan, _access = get_plan_for_user(request.user, public_id, need="edit")
    item = _agenda_item(plan, pk)
    try:
        preparation.agenda_item_delete(item=item, actor=request.user)
    except PlanLocked as exc:
        return _refused(request, plan, exc)
    messages.success(request, _("Agenda kerja dihapus."))
    return redirect(_page_url(plan))
