"""The unit's pages: a plan's consultations (open one), managing a consultation (close
it), recording a forum's minutes, the plan's proposals and their disposition.

Plans are found through `get_plan_for_user` / consultations through
`get_consultation_for_user`: outsiders 404, insiders without the right 403."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from renstra.access import get_plan_for_user
from renstra.errors import EditConflict, RenstraError
from renstra.models import Element
from stages.errors import TransitionForbidden
from stages.transitions import get_transition

from .access import get_consultation_for_user
from .forms import CloseForm, ConsultationForm, DisposeForm, MinutesForm, ProposalForm
from .models import Minutes, Proposal
from .selectors.consultations import consultation_phase, plan_consultations
from .selectors.proposals import plan_proposals
from .services.consultations import consultation_close, consultation_open, unanswered_count
from .services.minutes import AttendeeInput, PointInput, SignatoryInput, minutes_record
from .services.proposals import proposal_create, proposal_dispose
from .stages import FORUM_STAGE, PUBLIC_STAGE


def _can_open(plan) -> dict[str, bool]:
    return {
        "forum": get_transition(plan.stage, FORUM_STAGE) is not None,
        "public": get_transition(plan.stage, PUBLIC_STAGE) is not None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def plan_consultations_page(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    can_open = _can_open(plan)
    form = None
    status = 200
    if access.edit:
        form = ConsultationForm(request.POST or None, region=plan.unit.region)
    if request.method == "POST":
        if not access.edit or form is None:  # the form exists only with the edit right
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                consultation = consultation_open(
                    plan=plan,
                    actor=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    audience=data["audience"],
                    invited_organisations=data["invited_organisations"],
                    place=data["place"],
                    online_link=data["online_link"],
                    agenda=data["agenda"],
                )
            except TransitionForbidden:
                raise PermissionDenied from None
            except RenstraError as error:
                form.add_error(None, error.text)
            else:
                messages.success(request, _("Konsultasi dibuka."))
                return redirect("participation:consultation_manage", consultation.public_id)
        status = 400
    return render(
        request,
        "participation/manage/plan_consultations.html",
        {
            "plan": plan,
            "access": access,
            "consultations": plan_consultations(plan),
            "form": form,
            "can_open": can_open,
        },
        status=status,
    )


@login_required
def consultation_manage(request, public_id: str):
    consultation, access = get_consultation_for_user(request.user, public_id, need="manage")
    return render(
        request,
        "participation/manage/consultation.html",
        {
            "consultation": consultation,
            "plan": consultation.plan,
            "access": access,
            "phase": consultation_phase(consultation),
            "unanswered": unanswered_count(consultation),
            "close_form": CloseForm(),
            "minutes": Minutes.objects.filter(consultation=consultation).first(),
        },
    )


@login_required
@require_POST
def consultation_close_view(request, public_id: str):
    consultation, _access = get_consultation_for_user(request.user, public_id, need="manage")
    form = CloseForm(request.POST)
    answered = form.is_valid() and form.cleaned_data["answered"]
    try:
        consultation_close(consultation=consultation, actor=request.user, answered=answered)
    except TransitionForbidden:
        raise PermissionDenied from None
    except RenstraError as error:
        messages.error(request, error.text)
    else:
        messages.success(
            request,
            _("Konsultasi ditutup; semua masukan telah dijawab.")
            if answered
            else _("Konsultasi ditutup."),
        )
    return redirect("participation:consultation_manage", consultation.public_id)


LINE_CODES = re.compile(r"\[([^\[\]]+)\]\s*$")


def _minutes_inputs(form: MinutesForm, plan):
    """Points, attendees and signatories from the form's lines; element codes in square
    brackets at the end of a point are looked up in the plan (unknown: a form error)."""
    points: list[PointInput] = []
    codes_needed: set[str] = set()
    raw_points = []
    for line in form.cleaned_data["points"].splitlines():
        text = line.strip()
        if not text:
            continue
        codes: list[str] = []
        match = LINE_CODES.search(text)
        if match:
            codes = [c.strip() for c in match.group(1).split(",") if c.strip()]
            text = text[: match.start()].strip()
        codes_needed.update(codes)
        raw_points.append((text, codes))
    elements = {
        e.code: e for e in Element.objects.filter(plan=plan, code__in=codes_needed) if e.code
    }
    unknown = sorted(codes_needed - set(elements))
    if unknown:
        form.add_error(
            "points",
            _("Kode elemen tidak ditemukan dalam rencana ini: %(codes)s")
            % {"codes": ", ".join(unknown)},
        )
    for text, codes in raw_points:
        points.append(PointInput(text=text, elements=[elements[c] for c in codes if c in elements]))

    def parts(value: str, n: int) -> list[list[str]]:
        rows = []
        for line in value.splitlines():
            if line.strip():
                cells = [c.strip() for c in line.split(";")]
                rows.append((cells + [""] * n)[:n])
        return rows

    attendees = [
        AttendeeInput(name=n, role=r, organisation_name=o)
        for n, r, o in parts(form.cleaned_data["attendees"], 3)
    ]
    signatories = [
        SignatoryInput(name=n, position=p, representing=r)
        for n, p, r in parts(form.cleaned_data["signatories"], 3)
    ]
    return points, attendees, signatories


@login_required
@require_http_methods(["GET", "POST"])
def minutes_page(request, public_id: str):
    consultation, _access = get_consultation_for_user(request.user, public_id, need="manage")
    existing = Minutes.objects.filter(consultation=consultation).first()
    if existing is not None:
        messages.info(request, _("Berita acara forum ini sudah dicatat."))
        return redirect("participation:consultation_manage", consultation.public_id)
    if not consultation.is_forum:
        messages.error(request, _("Berita acara hanya untuk Forum Perangkat Daerah."))
        return redirect("participation:consultation_manage", consultation.public_id)
    form = MinutesForm(
        request.POST or None,
        initial={"place": consultation.place, "held_on": timezone.localdate()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            points, attendees, signatories = _minutes_inputs(form, consultation.plan)
            if not form.errors:
                try:
                    minutes_record(
                        consultation=consultation,
                        actor=request.user,
                        number=form.cleaned_data["number"],
                        held_on=form.cleaned_data["held_on"],
                        place=form.cleaned_data["place"],
                        chair=form.cleaned_data["chair"],
                        summary=form.cleaned_data["summary"],
                        points=points,
                        attendees=attendees,
                        signatories=signatories,
                    )
                except RenstraError as error:
                    form.add_error(None, error.text)
                else:
                    messages.success(
                        request, _("Berita acara dicatat; Forum Perangkat Daerah ditutup.")
                    )
                    return redirect("participation:consultation_manage", consultation.public_id)
        status = 400
    return render(
        request,
        "participation/manage/minutes.html",
        {"consultation": consultation, "plan": consultation.plan, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposals_page(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    form = ProposalForm(request.POST or None, region=plan.unit.region) if access.edit else None
    status = 200
    if request.method == "POST":
        if not access.edit or form is None:  # the form exists only with the edit right
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                proposal_create(
                    plan=plan,
                    actor=request.user,
                    source=data["source"],
                    reference=data["reference"],
                    organisation=data["organisation"],
                    proposer_name=data["proposer_name"],
                    location=data["location"],
                    description=data["description"],
                    volume=data["volume"],
                )
            except RenstraError as error:
                form.add_error(None, error.text)
            else:
                messages.success(request, _("Usulan dicatat."))
                return redirect("participation:proposals", plan.public_id)
        status = 400
    source = request.GET.get("sumber", "")
    state = request.GET.get("status", "")
    return render(
        request,
        "participation/manage/proposals.html",
        {
            "plan": plan,
            "access": access,
            "form": form,
            "proposals": plan_proposals(
                plan,
                source=source if source in Proposal.Source.values else "",
                status=state if state in Proposal.Status.values else "",
            ),
            "sources": Proposal.Source.choices,
            "statuses": Proposal.Status.choices,
            "source": source,
            "state": state,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_dispose_page(request, public_id: str, pk: int):
    plan, _access = get_plan_for_user(request.user, public_id, need="edit")
    proposal = get_object_or_404(Proposal.objects.select_related("element"), plan=plan, pk=pk)
    initial = {
        "outcome": "declined" if proposal.status == Proposal.Status.DECLINED else "answered",
        "element": proposal.element_id,
        "decline_reason": proposal.decline_reason,
        "note": proposal.disposition_note,
        "revision": proposal.revision,
    }
    form = DisposeForm(request.POST or None, plan=plan, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            answered = data["outcome"] == "answered"
            try:
                proposal_dispose(
                    proposal=proposal,
                    actor=request.user,
                    element=data["element"] if answered else None,
                    decline_reason="" if answered else data["decline_reason"],
                    note=data["note"],
                    revision=data["revision"],
                )
            except EditConflict as error:
                form.add_error(None, error.text)
                status = 409
            except RenstraError as error:
                form.add_error(None, error.text)
            else:
                messages.success(request, _("Tindak lanjut usulan disimpan."))
                return redirect("participation:proposals", plan.public_id)
        status = 409 if status == 409 else 400
    return render(
        request,
        "participation/manage/proposal_dispose.html",
        {"plan": plan, "proposal": proposal, "form": form},
        status=status,
    )


urlpatterns = [
    path(
        "rencana/<str:public_id>/konsultasi/",
        plan_consultations_page,
        name="plan_consultations",
    ),
    path("rencana/<str:public_id>/usulan/", proposals_page, name="proposals"),
    path(
        "rencana/<str:public_id>/usulan/<int:pk>/",
        proposal_dispose_page,
        name="proposal_dispose",
    ),
    path("konsultasi/<str:public_id>/kelola/", consultation_manage, name="consultation_manage"),
    path("konsultasi/<str:public_id>/tutup/", consultation_close_view, name="consultation_close"),
    path("konsultasi/<str:public_id>/berita-acara/", minutes_page, name="minutes"),
]
