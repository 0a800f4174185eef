"""Inspectorate review pages: the reviewer's notes and closing, the unit's answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from renstra.access import get_plan_for_user

from . import inspectorate
from .errors import TransitionForbidden, TransitionNotAllowed
from .forms_inspectorate import AnswerForm, CloseReviewForm, NoteForm
from .models import InspectorateNote, InspectorateReviewResult


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _context(plan, access) -> dict:
    notes = list(inspectorate.plan_notes(plan))
    for note in notes:
        note.plan = plan
    in_review = plan.stage == inspectorate.REVIEW_STAGE
    return {
        "plan": plan,
        "access": access,
        "notes": notes,
        "in_review": in_review,
        "unanswered": sum(1 for n in notes if not n.is_answered),
        "results": list(
            InspectorateReviewResult.objects.filter(plan=plan)
            .select_related("version", "closed_by")
            .order_by("-closed_at")
        ),
    }


def _review_url(plan) -> str:
    return reverse("stages:inspectorate_review", args=[plan.public_id])


def _answers_url(plan) -> str:
    return reverse("stages:inspectorate_answers", args=[plan.public_id])


def _render_review(request, plan, access, *, status=200, note_form=None, close_form=None):
    context = _context(plan, access)
    if context["in_review"]:
        context["note_form"] = note_form or NoteForm(plan=plan)
        context["close_form"] = close_form or CloseReviewForm()
    return render(request, "stages/inspectorate/review.html", context, status=status)


@login_required
@require_GET
def review_page(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id, need="review")
    return _render_review(request, plan, access)


@login_required
@require_POST
def note_add(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id, need="review")
    form = NoteForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            inspectorate.note_add(plan=plan, actor=request.user, **form.cleaned_data)
        except inspectorate.ReviewNotOpen as exc:
            messages.error(request, exc.text)
            return redirect(_review_url(plan))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Catatan reviu disimpan."))
            return redirect(_review_url(plan))
    return _render_review(request, plan, access, status=400, note_form=form)


@login_required
@require_POST
def review_close(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id, need="review")
    form = CloseReviewForm(request.POST)
    if form.is_valid():
        try:
            outcome = inspectorate.review_close(plan=plan, actor=request.user, **form.cleaned_data)
        except (inspectorate.ReviewNotOpen, TransitionNotAllowed) as exc:
            messages.error(request, exc.text)
            return redirect(_review_url(plan))
        except TransitionForbidden:
            raise PermissionDenied from None
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Reviu ditutup dengan hasil “%(result)s”.")
                % {"result": outcome.get_result_display()},
            )
            return redirect("stages:timeline", plan.public_id)
    return _render_review(request, plan, access, status=400, close_form=form)


def _answer_access(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    if not (access.edit or access.approve):
        raise PermissionDenied
    return plan, access


def _render_answers(request, plan, access, *, status=200, failed=None):
    context = _context(plan, access)
    for note in context["notes"]:
        if failed is not None and note.pk == failed[0]:
            note.form = failed[1]
        else:
            note.form = AnswerForm(
                prefix=f"note{note.pk}", initial={"answer": note.answer} if note.answer else None
            )
    return render(request, "stages/inspectorate/answers.html", context, status=status)


@login_required
@require_GET
def answers_page(request, public_id: str):
    plan, access = _answer_access(request, public_id)
    return _render_answers(request, plan, access)


@login_required
@require_POST
def note_answer(request, public_id: str, pk: int):
    plan, access = _answer_access(request, public_id)
    try:
        note = InspectorateNote.objects.select_related("plan").get(pk=pk, plan=plan)
    except InspectorateNote.DoesNotExist:
        raise Http404 from None
    form = AnswerForm(request.POST, prefix=f"note{note.pk}")
    if form.is_valid():
        try:
            inspectorate.note_answer(note=note, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Jawaban disimpan."))
            return redirect(f"{_answers_url(plan)}#note-{note.pk}")
    return _render_answers(request, plan, access, status=400, failed=(note.pk, form))
