"""Comment pages of a consultation: the consulted draft with its comments, writing a
comment (passage, element, cell, plan), replies, reports, moderation, official
responses, the public response matrix (HTML, CSV, XLSX), attachments, and a plan's
comments placed in a later version.

Consultations are public (reading needs no account); writing needs a login and is
checked by the services (window, audience); moderating and responding need the right
on the plan (`ConsultationAccess`): outsiders 404, insiders without it 403."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renstra.access import get_plan_for_user
from renstra.errors import RenstraError
from renstra.models import Element, Section
from stages.models import Version

from .access import ConsultationAccess, get_consultation_for_user
from .errors import ConsultationNotOpen, NotInAudience
from .exports import matrix_csv, matrix_xlsx
from .forms_comments import (
    CommentForm,
    ModerationForm,
    ReplyForm,
    ReportForm,
    ResponseForm,
    sentence_options,
)
from .models import Comment, CommentAttachment, CommentTarget, Consultation, ModerationAction
from .selectors.comments import (
    consultation_comment_page,
    plan_comments_in_version,
    response_matrix,
)
from .services import comments as comment_services
from .services.consultations import (
    consultation_assert_can_comment,
    consultation_commenting_organisations,
)
from .services.responses import comment_respond


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _may_comment(request: HttpRequest, consultation: Consultation) -> tuple[bool, str]:
    """Whether the person may write now, and if not, why (shown instead of the form)."""
    try:
        consultation_assert_can_comment(consultation=consultation, user=request.user)
    except (ConsultationNotOpen, NotInAudience) as error:
        return False, error.text
    return True, ""


def _comment(consultation: Consultation, pk: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("author", "organisation", "consultation__plan"),
        consultation=consultation,
        pk=pk,
    )


def _initial(request: HttpRequest) -> dict:
    """Pre-fill the form from links on the page (comment on this element / cell)."""
    initial: dict[str, Any] = {}
    target = request.GET.get("target")
    if target in CommentTarget.values:
        initial["target"] = target
    for name in ("section", "element", "indicator", "year"):
        value = request.GET.get(name, "")
        if value.isdigit():
            initial[name] = int(value)
    return initial


def _render_page(
    request: HttpRequest,
    consultation: Consultation,
    access: ConsultationAccess,
    *,
    form: CommentForm | None = None,
    reply_form: ReplyForm | None = None,
    reply_to: Comment | None = None,
    status: int = 200,
) -> HttpResponse:
    thread = request.GET.get("utas") or (reply_to.root_id or reply_to.pk if reply_to else None)
    page = consultation_comment_page(
        consultation,
        page_number=request.GET.get("halaman", 1),
        section_id=request.GET.get("subbab"),
        target=request.GET.get("jenis"),
        thread_id=thread,
    )
    may_comment, why_not = _may_comment(request, consultation)
    if may_comment:
        if form is None:
            organisations = consultation_commenting_organisations(
                consultation=consultation, user=request.user
            )
            form = CommentForm(initial=_initial(request), organisations=organisations)
        form.offer(page.content, sentence_options(page.sections))
    user_id = request.user.pk if request.user.is_authenticated else None
    return render(
        request,
        "participation/comments/page.html",
        {
            "consultation": consultation,
            "plan": consultation.plan,
            "access": access,
            "page": page,
            "form": form if may_comment else None,
            "may_comment": may_comment,
            "why_not": why_not,
            "reply_form": reply_form,
            "reply_to": reply_to,
            "user_id": user_id,
            "targets": CommentTarget.choices,
            "filter_target": request.GET.get("jenis", ""),
            "filter_section": request.GET.get("subbab", ""),
        },
        status=status,
    )


@require_GET
def comments(request: HttpRequest, public_id: str) -> HttpResponse:
    consultation, access = get_consultation_for_user(request.user, public_id)
    return _render_page(request, consultation, access)


@login_required
@require_POST
def comment_create(request: HttpRequest, public_id: str) -> HttpResponse:
    consultation, access = get_consultation_for_user(request.user, public_id)
    may_comment, why_not = _may_comment(request, consultation)
    if not may_comment:
        messages.error(request, why_not)
        return _render_page(request, consultation, access, status=403)
    organisations = consultation_commenting_organisations(
        consultation=consultation, user=request.user
    )
    form = CommentForm(request.POST, request.FILES, organisations=organisations)
    if form.is_valid():
        organisation = next(
            (o for o in organisations if o.pk == form.cleaned_data.get("organisation")), None
        )
        try:
            comment = comment_services.comment_create(
                consultation=consultation,
                user=request.user,
                body=form.cleaned_data["body"],
                organisation=organisation,
                attachment=form.cleaned_data.get("attachment"),
                **form.anchor(),
            )
        except RenstraError as error:
            form.add_error(None, error.text)
        else:
            messages.success(request, _("Komentar Anda telah dikirim."))
            return redirect(comment.get_absolute_url())
    messages.error(request, _("Komentar belum dikirim: %(errors)s") % {"errors": _errors(form)})
    return _render_page(request, consultation, access, form=form, status=400)


@login_required
@require_POST
def comment_reply(request: HttpRequest, public_id: str, pk: int) -> HttpResponse:
    consultation, access = get_consultation_for_user(request.user, public_id)
    parent = _comment(consultation, pk)
    form = ReplyForm(request.POST, request.FILES, prefix=f"balas-{parent.pk}")
    if form.is_valid():
        try:
            reply = comment_services.comment_reply(
                parent=parent,
                user=request.user,
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data.get("attachment"),
            )
        except RenstraError as error:
            form.add_error(None, error.text)
        else:
            messages.success(request, _("Balasan Anda telah dikirim."))
            return redirect(reply.get_absolute_url())
    messages.error(request, _("Balasan belum dikirim: %(errors)s") % {"errors": _errors(form)})
    return _render_page(request, consultation, access, reply_form=form, reply_to=parent, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def comment_report(request: HttpRequest, public_id: str, pk: int) -> HttpResponse:
    consultation, access = get_consultation_for_user(request.user, public_id)
    comment = _comment(consultation, pk)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                comment_services.comment_report(
                    comment=comment, user=request.user, reason=form.cleaned_data["reason"]
                )
            except RenstraError as error:
                form.add_error(None, error.text)
            else:
                messages.success(
                    request, _("Terima kasih. Laporan Anda diteruskan kepada moderator.")
                )
                return redirect(comment.get_absolute_url())
        status = 400
    return render(
        request,
        "participation/comments/report.html",
        {"consultation": consultation, "comment": comment, "form": form, "access": access},
        status=status,
    )


@login_required
@require_GET
def moderation(request: HttpRequest, public_id: str) -> HttpResponse:
    consultation, access = get_consultation_for_user(request.user, public_id, need="moderate")
    queue = list(
        Comment.objects.filter(consultation=consultation)
        .exclude(state=Comment.State.VISIBLE, reports__isnull=True)
        .select_related("author", "organisation")
        .prefetch_related("reports")
        .distinct()
        .order_by("state", "created_at", "id")
    )
    log = list(
        ModerationAction.objects.filter(comment__consultation=consultation)
        .select_related("actor")
        .order_by("-created_at", "-id")[:200]
    )
    return render(
        request,
        "participation/comments/moderation.html",
        {
            "consultation": consultation,
            "access": access,
            "queue": queue,
            "log": log,
            "form": ModerationForm(),
        },
    )


@login_required
@require_POST
def comment_moderate(request: HttpRequest, public_id: str, pk: int) -> HttpResponse:
    consultation, _access = get_consultation_for_user(request.user, public_id, need="moderate")
    comment = _comment(consultation, pk)
    form = ModerationForm(request.POST)
    if form.is_valid():
        service = (
            comment_services.comment_hide
            if form.cleaned_data["action"] == "hide"
            else comment_services.comment_unhide
        )
        try:
            service(comment=comment, moderator=request.user, reason=form.cleaned_data["reason"])
        except RenstraError as error:
            messages.error(request, error.text)
        else:
            messages.success(request, _("Keputusan moderasi disimpan."))
    else:
        messages.error(request, _errors(form))
    return redirect(reverse("participation:moderation", args=[consultation.public_id]))


@login_required
@require_http_methods(["GET", "POST"])
def comment_response(request: HttpRequest, public_id: str, pk: int) -> HttpResponse:
    consultation, access = get_consultation_for_user(request.user, public_id, need="respond")
    comment = _comment(consultation, pk)
    if comment.root_id:
        raise Http404
    plan = consultation.plan
    versions = list(Version.objects.filter(plan=plan).order_by("-number"))
    current = getattr(comment, "response", None)
    initial = {"revision": current.revision if current else 0}
    if current:
        initial.update(
            kind=current.kind,
            reason=current.reason,
            applied_version=current.applied_version.number if current.applied_version else None,
            applied_section=current.applied_section_id,
            applied_element=current.applied_element_id,
        )
    form = ResponseForm(
        request.POST or None,
        initial=initial,
        versions=versions,
        sections=Section.objects.filter(plan=plan).select_related("chapter"),
        elements=Element.objects.filter(plan=plan).order_by("kind", "code", "position", "id"),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            by_number = {v.number: v for v in versions}
            try:
                comment_respond(
                    comment=comment,
                    actor=request.user,
                    kind=data["kind"],
                    reason=data["reason"],
                    applied_version=by_number.get(data.get("applied_version") or 0),
                    applied_section_id=data.get("applied_section"),
                    applied_element_id=None
                    if data.get("applied_section")
                    else data.get("applied_element"),
                    revision=data.get("revision"),
                )
            except RenstraError as error:
                form.add_error(None, error.text)
                current = getattr(
                    Comment.objects.select_related("response").get(pk=comment.pk),
                    "response",
                    None,
                )
            else:
                messages.success(request, _("Tanggapan resmi disimpan; pengirim diberi tahu."))
                return redirect(comment.get_absolute_url())
        status = 400
    return render(
        request,
        "participation/comments/response.html",
        {
            "consultation": consultation,
            "access": access,
            "comment": comment,
            "current": current,
            "form": form,
        },
        status=status,
    )


def _matrix_title(consultation: Consultation) -> str:
    return _("Matriks tanggapan: %(title)s") % {"title": consultation.title}


@require_GET
def response_matrix_view(request: HttpRequest, public_id: str) -> HttpResponse:
    consultation, access = get_consultation_for_user(request.user, public_id)
    return render(
        request,
        "participation/comments/matrix.html",
        {
            "consultation": consultation,
            "access": access,
            "rows": response_matrix(consultation),
            "title": _matrix_title(consultation),
        },
    )


def _export_name(consultation: Consultation, ext: str) -> str:
    return f"matriks-tanggapan-{consultation.public_id}.{ext}"


@require_GET
def response_matrix_csv(request: HttpRequest, public_id: str) -> HttpResponse:
    consultation, _access = get_consultation_for_user(request.user, public_id)
    body = matrix_csv(response_matrix(consultation), base_url=request.build_absolute_uri("/")[:-1])
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(consultation, "csv")}"'
    return response


@require_GET
def response_matrix_xlsx(request: HttpRequest, public_id: str) -> HttpResponse:
    consultation, _access = get_consultation_for_user(request.user, public_id)
    body = matrix_xlsx(
        response_matrix(consultation),
        title=_matrix_title(consultation),
        base_url=request.build_absolute_uri("/")[:-1],
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(consultation, "xlsx")}"'
    return response


@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(
        CommentAttachment.objects.select_related("comment__consultation"), pk=pk
    )
    comment = item.comment
    _consultation, access = get_consultation_for_user(request.user, comment.consultation.public_id)
    if comment.is_hidden and not (access.moderate or comment.author_id == request.user.pk):
        raise Http404
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_GET
def plan_version_comments(request: HttpRequest, public_id: str, number: int) -> HttpResponse:
    plan, access = get_plan_for_user(request.user, public_id)
    version = get_object_or_404(Version, plan=plan, number=number)
    version.plan = plan
    view = plan_comments_in_version(plan, version)
    return render(
        request,
        "participation/comments/plan_version.html",
        {
            "plan": plan,
            "access": access,
            "version": version,
            "view": view,
            "versions": Version.objects.filter(plan=plan).order_by("number"),
        },
    )


urlpatterns = [
    path("konsultasi/<str:public_id>/komentar/", comments, name="comments"),
    path("konsultasi/<str:public_id>/komentar/kirim/", comment_create, name="comment_create"),
    path(
        "konsultasi/<str:public_id>/komentar/<int:pk>/balas/",
        comment_reply,
        name="comment_reply",
    ),
    path(
        "konsultasi/<str:public_id>/komentar/<int:pk>/laporkan/",
        comment_report,
        name="comment_report",
    ),
    path(
        "konsultasi/<str:public_id>/komentar/<int:pk>/moderasi/",
        comment_moderate,
        name="comment_moderate",
    ),
    path(
        "konsultasi/<str:public_id>/komentar/<int:pk>/tanggapan/",
        comment_response,
        name="comment_response",
    ),
    path("konsultasi/<str:public_id>/moderasi/", moderation, name="moderation"),
    path("konsultasi/<str:public_id>/matriks/", response_matrix_view, name="response_matrix"),
    path(
        "konsultasi/<str:public_id>/matriks.csv",
        response_matrix_csv,
        name="response_matrix_csv",
    ),
    path(
        "konsultasi/<str:public_id>/matriks.xlsx",
        response_matrix_xlsx,
        name="response_matrix_xlsx",
    ),
    path("lampiran/<int:pk>/", attachment, name="comment_attachment"),
    path(
        "rencana/<str:public_id>/versi/<int:number>/komentar/",
        plan_version_comments,
        name="plan_version_comments",
    ),
]
