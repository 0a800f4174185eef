"""The verification desk (Bappeda, right `verify`) and the unit's submission page (the
planner answers the returned list, `edit`; the head of unit submits, `approve`).

Every view fetches the plan through `renstra.access.get_plan_for_user`: outsiders get 404,
insiders without the right 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from renstra.access import PlanAccess, get_plan_for_user, plan_access
from renstra.errors import RenstraError
from renstra.models import Element, Plan

from . import verification_desk as desk
from .errors import TransitionForbidden, TransitionNotAllowed
from .forms_desk import AnswerForm, ChecklistForm, DecisionForm, ReviewItemForm, SubmitForm
from .models import ReviewItem, VerificationReview
from .selectors import plan_timeline
from .transitions import stage_label

SUBMITTABLE = ("rancangan", "perubahan", "dikembalikan")


def _language() -> str:
    return get_language() or "id"


def _open_review(plan: Plan) -> VerificationReview:
    review = desk.review_latest(plan)
    if review is None or not review.is_open:
        raise Http404
    review.plan = plan
    return review


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


# --- The desk ------------------------------------------------------------------------------


@login_required
@require_GET
def desk_view(request: HttpRequest, public_id: str) -> HttpResponse:
    plan, access = get_plan_for_user(request.user, public_id, need="verify")
    page = desk.desk_page(plan)
    review = page.review
    is_open = review is not None and review.is_open
    context = {
        "plan": plan,
        "access": access,
        "page": page,
        "stage_label": stage_label(plan.stage),
        "may_start": plan.stage == "diajukan",
        "is_open": is_open,
        "language": _language(),
    }
    if is_open:
        context["checklist_form"] = ChecklistForm(items=page.checklist, language=_language())
        context["item_form"] = ReviewItemForm(elements=page.elements)
        context["decision_form"] = DecisionForm()
    return render(request, "stages/desk.html", context)


@login_required
@require_POST
def desk_start(request: HttpRequest, public_id: str) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, public_id, need="verify")
    try:
        desk.verification_start(plan=plan, actor=request.user)
    except TransitionNotAllowed as error:
        messages.error(request, error.text)
    except TransitionForbidden:
        raise PermissionDenied from None
    else:
        messages.success(request, _("Verifikasi dimulai."))
    return redirect("stages:desk", plan.public_id)


@login_required
@require_POST
def desk_checklist(request: HttpRequest, public_id: str) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, public_id, need="verify")
    review = _open_review(plan)
    form = ChecklistForm(request.POST, items=review.checklist.all(), language=_language())
    if form.is_valid():
        try:
            desk.checklist_set(review=review, actor=request.user, values=form.values())
        except RenstraError as error:
            messages.error(request, error.text)
        else:
            messages.success(request, _("Daftar periksa disimpan."))
    else:
        messages.error(request, _errors(form))
    return redirect(f"{_desk_url(plan)}#checklist-title")


@login_required
@require_POST
def desk_item_add(request: HttpRequest, public_id: str) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, public_id, need="verify")
    review = _open_review(plan)
    element_ids = Element.objects.filter(plan=plan).values_list("pk", flat=True)
    form = ReviewItemForm(request.POST, elements=[(pk, str(pk)) for pk in element_ids])
    if form.is_valid():
        element = None
        if form.cleaned_data["element"]:
            element = Element.objects.get(plan=plan, pk=form.cleaned_data["element"])
        try:
            desk.review_item_add(
                review=review,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                element=element,
                rule=form.cleaned_data["rule"],
                text=form.cleaned_data["text"],
            )
        except RenstraError as error:
            messages.error(request, error.text)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Butir verifikasi ditambahkan."))
    else:
        messages.error(request, _errors(form))
    return redirect(f"{_desk_url(plan)}#items-title")


@login_required
@require_POST
def desk_item_remove(request: HttpRequest, public_id: str, item_id: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, public_id, need="verify")
    review = _open_review(plan)
    item = get_object_or_404(ReviewItem, review=review, pk=item_id)
    item.review = review
    try:
        desk.review_item_remove(item=item, actor=request.user)
    except RenstraError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("Butir verifikasi ditarik."))
    return redirect(f"{_desk_url(plan)}#items-title")


@login_required
@require_POST
def desk_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, public_id, need="verify")
    review = _open_review(plan)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("stages:desk", plan.public_id)
    decide = (
        desk.verification_return
        if form.cleaned_data["decision"] == "return"
        else desk.verification_accept
    )
    try:
        record = decide(review=review, actor=request.user, note=form.cleaned_data["note"])
    except TransitionForbidden:
        raise PermissionDenied from None
    except RenstraError as error:
        messages.error(request, error.text)
        return redirect("stages:desk", plan.public_id)
    messages.success(
        request, _("Rencana kini pada tahap “%(stage)s”.") % {"stage": record.stage_label}
    )
    return redirect("stages:timeline", plan.public_id)


def _desk_url(plan: Plan) -> str:
    return reverse("stages:desk", args=[plan.public_id])


# --- The unit's submission page ------------------------------------------------------------


def _unit_plan(request: HttpRequest, public_id: str) -> tuple[Plan, PlanAccess]:
    plan, access = get_plan_for_user(request.user, public_id)
    if not (access.edit or access.approve):
        raise PermissionDenied
    return plan, access


def _submission_context(plan: Plan, access: PlanAccess, form: SubmitForm | None = None) -> dict:
    review = desk.review_returned(plan)
    items = desk.review_items(review) if review else []
    summary = desk.live_findings(plan)
    answer_forms = [
        (item, AnswerForm(prefix=f"i{item.pk}", initial={"answer": item.answer})) for item in items
    ]
    return {
        "plan": plan,
        "access": access,
        "stage_label": stage_label(plan.stage),
        "summary": summary,
        "review": review,
        "answer_forms": answer_forms,
        "unanswered": sum(1 for item in items if not item.is_answered),
        "may_answer": access.edit and review is not None,
        "may_submit": access.approve and plan.stage in SUBMITTABLE,
        "form": form or SubmitForm(),
        "language": _language(),
        "entries": plan_timeline(plan),
    }


@login_required
@require_GET
def submission(request: HttpRequest, public_id: str) -> HttpResponse:
    plan, access = _unit_plan(request, public_id)
    return render(request, "stages/submission.html", _submission_context(plan, access))


@login_required
@require_POST
def item_answer(request: HttpRequest, public_id: str, item_id: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, public_id, need="edit")
    item = get_object_or_404(
        ReviewItem.objects.select_related("review"), review__plan=plan, pk=item_id
    )
    form = AnswerForm(request.POST, prefix=f"i{item.pk}")
    anchor = f"item-{item.pk}"
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(f"{_submission_url(plan)}#{anchor}")
    try:
        desk.review_item_answer(item=item, actor=request.user, answer=form.cleaned_data["answer"])
    except RenstraError as error:
        messages.error(request, error.text)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tanggapan disimpan."))
    return redirect(f"{_submission_url(plan)}#{anchor}")


@login_required
@require_POST
def submit(request: HttpRequest, public_id: str) -> HttpResponse:
    plan, access = get_plan_for_user(request.user, public_id, need="approve")
    form = SubmitForm(request.POST)
    if form.is_valid():
        service = desk.plan_resubmit if plan.stage == "dikembalikan" else desk.plan_submit
        try:
            record = service(
                plan=plan,
                actor=request.user,
                note=form.cleaned_data["note"],
                reason=form.cleaned_data["reason"],
            )
        except desk.SubmissionNeedsReason as error:
            form.add_error("reason", error.text)
        except TransitionForbidden:
            raise PermissionDenied from None
        except RenstraError as error:
            form.add_error(None, error.text)
        else:
            messages.success(
                request, _("Rencana kini pada tahap “%(stage)s”.") % {"stage": record.stage_label}
            )
            return redirect("stages:timeline", plan.public_id)
    return render(
        request,
        "stages/submission.html",
        _submission_context(plan, access, form),
        status=400,
    )


def _submission_url(plan: Plan) -> str:
    return reverse("stages:submission", args=[plan.public_id])


# --- The workspace panel (provider "workspace_panels") -----------------------------------

PANEL_LIMIT = 100


def workspace_findings_panel(plan: Plan, user) -> list[tuple[str, str, dict]]:
    """The automatic findings of the live plan for the unit and for Bappeda, with counts by
    severity (the first PANEL_LIMIT listed); nothing for other readers."""
    access = plan_access(user, plan)
    if not (access.edit or access.approve or access.verify):
        return []
    summary = desk.live_findings(plan)
    review = desk.review_returned(plan)
    context = {
        "summary": summary,
        "shown": summary.findings[:PANEL_LIMIT],
        "more": max(0, summary.total - PANEL_LIMIT),
        "panel_access": access,
        "returned": review is not None,
        "submittable": plan.stage in SUBMITTABLE,
    }
    return [(_("Temuan verifikasi otomatis"), "stages/includes/workspace_findings.html", context)]
