"""Pages of the legislative flow: the unit's DPRD page (submit, answer, finish), the DPRD
member's review page (the version, notes, the commission's letter and approval), the
ratification checklist and form, and the political coverage of a plan."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renstra.access import get_plan_for_user
from renstra.document import build_document, document_html
from renstra.errors import PlanLocked, RenstraError
from renstra.models import Element
from renstra.selectors.cascade import plan_tree
from stages.errors import TransitionForbidden, TransitionNotAllowed
from stages.models import Version

from . import selectors, services
from .errors import LegislationError
from .forms import (
    ApproveForm,
    DprdSubmitForm,
    FlagshipLinkForm,
    LetterForm,
    LetterItemFormSet,
    NoteForm,
    RatifyForm,
    ResponseForm,
)
from .models import Ratification, RecommendationItem


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _site_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


# --- The unit's DPRD page ----------------------------------------------------------------


def _plan_dprd_context(plan, access, **forms: Any) -> dict:
    letters = selectors.plan_letters(plan)
    for letter in letters:
        for item in letter.items.all():
            setattr(item, "answer", selectors.response_of(item))  # noqa: B010
    commissions = services.partner_commissions(plan)
    may_submit = plan.stage == "reviu_selesai" and (access.approve or access.administer)
    may_respond = (access.edit or access.approve) and plan.stage != services.RATIFIED_STAGE
    context = {
        "plan": plan,
        "access": access,
        "reviews": selectors.plan_reviews(plan),
        "open_review": selectors.open_review(plan),
        "letters": letters,
        "may_submit": may_submit,
        "may_finish": plan.stage == services.DPRD_STAGE and (access.approve or access.administer),
        "may_respond": may_respond,
        "response_form": ResponseForm(plan=plan) if may_respond else None,
        # Options of the answer forms, read once for every item on the page.
        "element_options": list(Element.objects.filter(plan=plan).order_by("position", "id"))
        if may_respond
        else [],
        "version_options": list(Version.objects.filter(plan=plan).order_by("-number"))
        if may_respond
        else [],
        "setting": services.region_setting(plan.unit.region),
    }
    if may_submit:
        default_end = timezone.localdate() + timedelta(days=context["setting"].review_window_days)
        context["submit_form"] = forms.get("submit_form") or DprdSubmitForm(
            commissions=commissions, initial={"window_end": default_end}
        )
        context["no_commission"] = not commissions.exists()
    context.update(forms)
    return context


@login_required
@require_GET
def plan_dprd(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    return render(request, "legislation/plan_dprd.html", _plan_dprd_context(plan, access))


@login_required
@require_POST
def dprd_submit(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    if not (access.approve or access.administer):
        raise PermissionDenied
    form = DprdSubmitForm(request.POST, commissions=services.partner_commissions(plan))
    if form.is_valid():
        try:
            review = services.dprd_submit(
                plan=plan,
                actor=request.user,
                commission=form.cleaned_data["commission"],
                window_end=form.cleaned_data["window_end"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        except (TransitionNotAllowed, LegislationError) as exc:
            form.add_error(None, exc.text)
        except TransitionForbidden:
            raise PermissionDenied from None
        else:
            messages.success(
                request,
                _("Rencana diajukan ke DPRD (versi %(n)s); %(c)s telah diberi tahu.")
                % {"n": review.version.number, "c": review.commission},
            )
            return redirect("legislation:plan_dprd", plan.public_id)
    context = _plan_dprd_context(plan, access, submit_form=form)
    return render(request, "legislation/plan_dprd.html", context, status=400)


@login_required
@require_POST
def dprd_finish(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    if not (access.approve or access.administer):
        raise PermissionDenied
    try:
        services.dprd_finish(plan=plan, actor=request.user, note=request.POST.get("note", ""))
    except TransitionNotAllowed as exc:
        messages.error(request, exc.text)
    except TransitionForbidden:
        raise PermissionDenied from None
    else:
        messages.success(request, _("Pembahasan DPRD selesai; rencana siap ditetapkan."))
    return redirect("legislation:plan_dprd", plan.public_id)


@login_required
@require_POST
def item_respond(request, item_id: int):
    try:
        item = RecommendationItem.objects.select_related("letter__plan").get(pk=item_id)
    except RecommendationItem.DoesNotExist:
        raise Http404 from None
    plan, access = get_plan_for_user(request.user, item.letter.plan.public_id)
    if not (access.edit or access.approve):
        raise PermissionDenied
    form = ResponseForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.item_respond(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        except LegislationError as exc:
            form.add_error(None, exc.text)
        else:
            messages.success(
                request,
                _("Tanggapan atas butir %(n)s disimpan.") % {"n": item.position},
            )
            return redirect(
                reverse("legislation:plan_dprd", args=[plan.public_id]) + f"#butir-{item.pk}"
            )
    context = _plan_dprd_context(plan, access, failed_item=item.pk, failed_form=form)
    return render(request, "legislation/plan_dprd.html", context, status=400)


# --- The DPRD member's pages -------------------------------------------------------------


@login_required
@require_GET
def member_home(request):
    reviews = list(selectors.reviews_for_member(request.user))
    now = timezone.now()
    return render(request, "legislation/member_home.html", {"reviews": reviews, "now": now})


def _review_context(request, review, access, **forms: Any) -> dict:
    now = timezone.now()
    window_open = review.window_open(now)
    letters = [
        letter for letter in selectors.plan_letters(review.plan) if letter.review_id == review.pk
    ]
    for letter in letters:
        for item in letter.items.all():
            setattr(item, "answer", selectors.response_of(item))  # noqa: B010
    setting = services.region_setting(review.plan.unit.region)
    context = {
        "review": review,
        "plan": review.plan,
        "access": access,
        # Internal notes are the DPRD's own: only its members read them.
        "notes": list(selectors.review_notes(review, public_only=not access.note)),
        "letters": letters,
        "window_open": window_open,
        "setting": setting,
        "unanswered": len(services.unanswered_items(review.plan)),
    }
    if access.note and window_open:
        context["note_form"] = forms.get("note_form") or NoteForm(plan=review.plan)
    if access.commission and review.plan.stage != services.RATIFIED_STAGE:
        context["letter_form"] = forms.get("letter_form") or LetterForm()
        context["item_formset"] = forms.get("item_formset") or LetterItemFormSet(
            prefix="butir", form_kwargs={"plan": review.plan}
        )
        if setting.dprd_approval_required and not review.is_approved:
            context["approve_form"] = forms.get("approve_form") or ApproveForm()
    return context


@login_required
@require_GET
def review_detail(request, review_id: int):
    review, access = selectors.get_review_for_user(request.user, review_id)
    return render(request, "legislation/review.html", _review_context(request, review, access))


@login_required
@require_GET
def review_document(request, review_id: int):
    """The reviewed (frozen) version on screen, for the DPRD."""
    from stages.versions import version_content

    review, _access = selectors.get_review_for_user(request.user, review_id)
    version = review.version
    version.plan = review.plan
    document = build_document(
        plan=review.plan,
        content=version_content(version),
        version_label=version.label,
        version_date=version.frozen_at,
    )
    return render(
        request,
        "legislation/review_document.html",
        {
            "review": review,
            "plan": review.plan,
            "document": document,
            "document_html": mark_safe(document_html(document, for_print=False)),
        },
    )


@login_required
@require_POST
def note_add(request, review_id: int):
    review, access = selectors.get_review_for_user(request.user, review_id, need="note")
    form = NoteForm(request.POST, plan=review.plan)
    if form.is_valid():
        data = form.cleaned_data
        spec = services.NoteTargetSpec(
            target=data["target"],
            section=data["section"],
            element=data["element"],
            indicator=data["indicator"],
            year=data["year"],
        )
        try:
            services.note_add(
                review=review,
                actor=request.user,
                kind=data["kind"],
                text=data["text"],
                visibility=data["visibility"],
                spec=spec,
                location=data["location"],
                proposed_volume=data["proposed_volume"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        except LegislationError as exc:
            form.add_error(None, exc.text)
        else:
            messages.success(request, _("Catatan disimpan."))
            return redirect("legislation:review", review.pk)
    context = _review_context(request, review, access, note_form=form)
    context["note_form"] = form
    return render(request, "legislation/review.html", context, status=400)


@login_required
@require_POST
def letter_issue(request, review_id: int):
    review, access = selectors.get_review_for_user(request.user, review_id, need="commission")
    form = LetterForm(request.POST)
    formset = LetterItemFormSet(request.POST, prefix="butir", form_kwargs={"plan": review.plan})
    if form.is_valid() and formset.is_valid():
        items = [
            (f.cleaned_data.get("text", ""), list(f.cleaned_data.get("elements") or []))
            for f in formset.forms
            if f.cleaned_data.get("text", "").strip()
        ]
        try:
            letter = services.letter_issue(
                review=review,
                actor=request.user,
                number=form.cleaned_data["number"],
                date=form.cleaned_data["date"],
                summary=form.cleaned_data["summary"],
                items=items,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        except LegislationError as exc:
            form.add_error(None, exc.text)
        else:
            messages.success(
                request,
                _("Surat rekomendasi %(n)s diterbitkan dengan %(c)s butir.")
                % {"n": letter.number, "c": len(items)},
            )
            return redirect("legislation:review", review.pk)
    context = _review_context(request, review, access, letter_form=form, item_formset=formset)
    return render(request, "legislation/review.html", context, status=400)


@login_required
@require_POST
def review_approve(request, review_id: int):
    review, access = selectors.get_review_for_user(request.user, review_id, need="commission")
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.dprd_approve(
                review=review, actor=request.user, reference=form.cleaned_data["reference"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        except LegislationError as exc:
            form.add_error(None, exc.text)
        else:
            messages.success(request, _("Persetujuan DPRD dicatat."))
            return redirect("legislation:review", review.pk)
    context = _review_context(request, review, access, approve_form=form)
    return render(request, "legislation/review.html", context, status=400)


# --- Ratification -----------------------------------------------------------------------


def _ratify_context(plan, access, form, findings_reason: str = "") -> dict:
    ratification = (
        Ratification.objects.filter(plan=plan).select_related("document", "version").first()
    )
    context = {"plan": plan, "access": access, "ratification": ratification, "form": form}
    if ratification is None:
        checklist = services.ratification_checklist(plan, findings_reason=findings_reason)
        context.update(
            {
                "checklist": checklist,
                "complete": all(p.met for p in checklist),
                "ready_stage": plan.stage == "reviu_selesai",
            }
        )
    return context


@login_required
@require_http_methods(["GET", "POST"])
def ratify(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    form = RatifyForm(request.POST or None, request.FILES or None)
    if request.method == "GET":
        return render(request, "legislation/ratify.html", _ratify_context(plan, access, form))
    if not access.ratify:
        raise PermissionDenied
    if form.is_valid():
        data = form.cleaned_data
        try:
            ratification = services.plan_ratify(
                plan=plan,
                actor=request.user,
                perkada_number=data["perkada_number"],
                perkada_date=data["perkada_date"],
                signatory=data["signatory"],
                signatory_title=data["signatory_title"],
                signed_scan=data["signed_scan"],
                findings_reason=data["findings_reason"],
                site_url=_site_url(request),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        except (TransitionNotAllowed, RenstraError) as exc:
            form.add_error(None, exc.text)
        except TransitionForbidden:
            raise PermissionDenied from None
        else:
            messages.success(
                request,
                _("Renstra ditetapkan dengan Perkada %(n)s.") % {"n": ratification.perkada_number},
            )
            return redirect("legislation:ratify", plan.public_id)
    reason = request.POST.get("findings_reason", "")
    context = _ratify_context(plan, access, form, findings_reason=reason)
    return render(request, "legislation/ratify.html", context, status=400)


@login_required
@require_POST
def ratification_document(request, public_id: str):
    """Ask again for the official PDF (when its render failed)."""
    plan, _access = get_plan_for_user(request.user, public_id, need="ratify")
    ratification = Ratification.objects.filter(plan=plan).select_related("version").first()
    if ratification is None:
        raise Http404
    document = services.ratification_document_request(
        ratification=ratification, actor=request.user, site_url=_site_url(request)
    )
    return redirect(document.get_absolute_url())


# --- Political coverage -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def coverage(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    form = None
    status = 200
    if access.edit and not plan.locked:
        form = FlagshipLinkForm(request.POST or None, plan=plan)
    if request.method == "POST":
        if form is None:
            if not access.edit:
                raise PermissionDenied
            messages.error(request, PlanLocked.message)
            return redirect("legislation:coverage", plan.public_id)
        if form.is_valid():
            try:
                services.flagship_links_set(
                    plan=plan,
                    element=form.cleaned_data["element"],
                    flagships=list(form.cleaned_data["flagships"]),
                    actor=request.user,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            except RenstraError as exc:
                form.add_error(None, exc.text)
            else:
                messages.success(request, _("Keterkaitan program unggulan disimpan."))
                return redirect("legislation:coverage", plan.public_id)
        status = 400
    tree = plan_tree(plan, with_indicators=False)
    result = selectors.plan_coverage(plan, tree)
    links: dict[int, list[int]] = {}
    for element_id, flagship_id in selectors.flagship_links_at(plan):
        links.setdefault(element_id, []).append(flagship_id)
    goals = [n for n in tree.walk() if n.element.kind in {"tujuan", "sasaran"}]
    return render(
        request,
        "legislation/coverage.html",
        {
            "plan": plan,
            "access": access,
            "coverage": result,
            "form": form,
            "goals": goals,
            "links": links,
        },
        status=status,
    )
