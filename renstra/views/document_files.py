"""The document as a file: request a PDF, watch it being rendered, download it, and the
public page that says whether a PDF was issued by this system."""

import base64
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..access import get_plan_for_user
from ..document.jobs import (
    DocumentUnavailable,
    default_variant,
    document_request,
    plan_versions,
    verify_url,
)
from ..document.storage import stream_sha256
from ..models import DocumentFile

SHA256_RE = re.compile(r"[0-9a-f]{64}")


@login_required
@require_GET
def document_files(request, public_id: str):
    """The plan's rendered files and the form to ask for one."""
    plan, access = get_plan_for_user(request.user, public_id)
    versions = plan_versions(plan)
    files = DocumentFile.objects.filter(plan=plan).select_related("requested_by")
    return render(
        request,
        "renstra/document_files/list.html",
        {
            "plan": plan,
            "access": access,
            "versions": [(v, default_variant(v)) for v in reversed(versions)],
            "files": files,
        },
    )


@login_required
@require_POST
def document_request_view(request, public_id: str):
    """Ask for the PDF of a version ("version": a number, or empty for the live draft);
    redirects to its progress page (at once to a file rendered before)."""
    plan, _access = get_plan_for_user(request.user, public_id)
    raw = request.POST.get("version", "").strip()
    if raw and not raw.isdigit():
        raise Http404
    try:
        document_file = document_request(
            plan=plan,
            version_number=int(raw) if raw else None,
            variant=request.POST.get("variant") or None,
            actor=request.user,
            site_url=f"{request.scheme}://{request.get_host()}",
        )
    except DocumentUnavailable as error:
        messages.error(request, error.text)
        return redirect("renstra:document_files", plan.public_id)
    return redirect(document_file)


def _plan_file(request, public_id: str, pk: int):
    plan, access = get_plan_for_user(request.user, public_id)
    document_file = get_object_or_404(DocumentFile, plan=plan, pk=pk)
    document_file.plan = plan
    return plan, access, document_file


@login_required
@require_GET
def document_progress(request, public_id: str, pk: int):
    """The file's progress; htmx polls the status fragment until it is done or failed."""
    plan, access, document_file = _plan_file(request, public_id, pk)
    template = "renstra/document_files/progress.html"
    if request.htmx:
        template += "#status"
    return render(
        request, template, {"plan": plan, "access": access, "document_file": document_file}
    )


@login_required
@require_GET
def document_download(request, public_id: str, pk: int):
    """The stored file, once done (404 before), with its SHA-256 in a header."""
    _plan, _access, document_file = _plan_file(request, public_id, pk)
    if not document_file.is_done:
        raise Http404
    response = FileResponse(
        document_file.file.open("rb"),
        as_attachment=True,
        filename=document_file.filename,
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = document_file.sha256
    response["Digest"] = f"sha-256={_b64(document_file.sha256)}"
    response["Cache-Control"] = "private, max-age=0"
    return response


def _b64(hex_digest: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_digest)).decode()


def _issued(**lookup) -> DocumentFile | None:
    return (
        DocumentFile.objects.filter(status=DocumentFile.Status.DONE, **lookup)
        .select_related("plan__unit__region")
        .first()
    )


@require_http_methods(["GET", "POST"])
def verify(request):
    """Public (no login): upload a PDF, or look a SHA-256 up, to learn whether this system
    issued it. The upload is hashed server-side and not kept."""
    context: dict = {"max_mb": settings.RENSTRA_VERIFY_MAX_BYTES // (1024 * 1024)}
    status = 200
    if request.method == "POST":
        context["checked"] = True
        upload = request.FILES.get("file")
        typed = request.POST.get("sha256", "").strip().lower()
        if upload is not None:
            if upload.size > settings.RENSTRA_VERIFY_MAX_BYTES:
                context["error"] = _("Berkas terlalu besar untuk diperiksa.")
                status = 413
            else:
                hashed = stream_sha256(upload, limit=settings.RENSTRA_VERIFY_MAX_BYTES)
                if hashed is None:
                    context["error"] = _("Berkas terlalu besar untuk diperiksa.")
                    status = 413
                else:
                    context["sha256"] = hashed[0]
                    context["uploaded_name"] = upload.name
                    context["document_file"] = _issued(sha256=hashed[0])
        elif SHA256_RE.fullmatch(typed):
            return redirect("verify_code", typed)
        else:
            context["error"] = _("Pilih berkas PDF, atau isikan SHA-256 (64 digit heksadesimal).")
            status = 400
    return render(request, "renstra/document_files/verify.html", context, status=status)


@require_GET
def verify_code(request, code: str):
    """Public (no login): /verify/<sha256>/ — was a file with this SHA-256 issued here?
    /verify/<token>/ — the address in a document's QR code: which document it belongs to
    (the QR cannot carry the hash of the file it is printed in)."""
    code = code.strip()
    by_hash = bool(SHA256_RE.fullmatch(code.lower()))
    document_file = _issued(sha256=code.lower()) if by_hash else _issued(verify_token=code)
    context = {
        "checked": True,
        "by_hash": by_hash,
        "by_token": not by_hash,
        "sha256": code.lower() if by_hash else "",
        "document_file": document_file,
        "max_mb": settings.RENSTRA_VERIFY_MAX_BYTES // (1024 * 1024),
        "verify_url": verify_url(document_file) if document_file else "",
    }
    return render(
        request,
        "renstra/document_files/verify.html",
        context,
        status=200 if document_file else 404,
    )


urlpatterns = [
    path("<str:public_id>/pdf/", document_files, name="document_files"),
    path("<str:public_id>/pdf/minta/", document_request_view, name="document_request"),
    path("<str:public_id>/pdf/<int:pk>/", document_progress, name="document_progress"),
    path("<str:public_id>/pdf/<int:pk>/unduh/", document_download, name="document_download"),
]

verify_urlpatterns = [
    path("verify/", verify, name="verify"),
    path("verify/<str:code>/", verify_code, name="verify_code"),
]
