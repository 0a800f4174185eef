"""Stage pages: the plan's timeline and transitions, its versions, and comparisons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renstra.access import get_plan_for_user
from renstra.providers import providers

from .errors import TransitionForbidden, TransitionNotAllowed
from .forms import CompareForm, FreezeForm, TransitionForm
from .models import Version
from .selectors import available_transitions, plan_lock_reason, plan_timeline, plan_versions
from .services import transition
from .transitions import get_transition, stage_label
from .versions import version_compare, version_content, version_freeze

# Moves out of these stages belong to the verification desk (stages/views_desk.py).
DESK_STAGES = ("diajukan", "verifikasi")


def _may_freeze(access) -> bool:
    return access.edit or access.approve or access.verify or access.review


@login_required
@require_GET
def timeline(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    versions = list(plan_versions(plan))
    for v in versions:
        v.plan = plan
    return render(
        request,
        "stages/timeline.html",
        {
            "plan": plan,
            "access": access,
            "entries": plan_timeline(plan),
            "stage_label": stage_label(plan.stage),
            "lock_reason": plan_lock_reason(plan),
            "moves": available_transitions(plan, access),
            "versions": versions,
            "may_freeze": _may_freeze(access),
            "freeze_form": FreezeForm(),
            "note_form": TransitionForm(),
        },
    )


@login_required
@require_POST
def transition_view(request, public_id: str, to_stage: str):
    plan, access = get_plan_for_user(request.user, public_id)
    move = get_transition(plan.stage, to_stage)
    if move is not None and not access.allows(move.need):
        raise PermissionDenied
    if move is not None and (to_stage == "diajukan" or move.source in DESK_STAGES):
        # Submission (reason for errors, answers) and verification go through their pages.
        target = "stages:submission" if to_stage == "diajukan" else "stages:desk"
        messages.info(request, _("Langkah ini dilakukan melalui halamannya sendiri."))
        return redirect(target, plan.public_id)
    if move is not None:
        # A flow that does a move through its own page (a consultation opened with its
        # window and audience, minutes that close a forum) names that page.
        for page in providers("transition_page"):
            url = page(plan, move)
            if url:
                messages.info(request, _("Langkah ini dilakukan melalui halamannya sendiri."))
                return redirect(url)
    form = TransitionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        record = transition(plan=plan, to_stage=to_stage, actor=request.user, note=note)
    except TransitionNotAllowed as error:
        messages.error(request, error.text)
        return redirect("stages:timeline", plan.public_id)
    except TransitionForbidden:
        raise PermissionDenied from None
    messages.success(
        request, _("Rencana kini pada tahap “%(stage)s”.") % {"stage": record.stage_label}
    )
    return redirect("stages:timeline", record.plan.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def versions(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    if request.method == "POST":
        if not _may_freeze(access):
            raise PermissionDenied
        form = FreezeForm(request.POST)
        if form.is_valid():
            version = version_freeze(
                plan=plan, label=form.cleaned_data["label"], actor=request.user
            )
            messages.success(request, _("Versi %(n)s dibekukan.") % {"n": version.number})
            return redirect(version)
        messages.error(request, _("Beri label untuk versi ini."))
    return redirect("stages:timeline", plan.public_id)


def _version(plan, number) -> Version:
    try:
        return Version.objects.select_related("created_by").get(plan=plan, number=number)
    except Version.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
def version_detail(request, public_id: str, number: int):
    plan, access = get_plan_for_user(request.user, public_id)
    version = _version(plan, number)
    version.plan = plan
    content = version_content(version)
    return render(
        request,
        "stages/version_detail.html",
        {"plan": plan, "access": access, "version": version, "content": content},
    )


@login_required
@require_GET
def compare(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    all_versions = list(plan_versions(plan))
    form = CompareForm(request.GET or None)
    comparison = None
    a = b = None
    if form.is_valid():
        by_number = {v.number: v for v in all_versions}
        a, b = by_number.get(form.cleaned_data["a"]), by_number.get(form.cleaned_data["b"])
        if a is None or b is None:
            raise Http404
        a.plan = b.plan = plan
        comparison = version_compare(a, b)
    return render(
        request,
        "stages/compare.html",
        {
            "plan": plan,
            "access": access,
            "versions": all_versions,
            "form": form,
            "a": a,
            "b": b,
            "comparison": comparison,
        },
    )
