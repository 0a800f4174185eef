"""Browser import of an exchange file: upload → preview (or the errors) → confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..exchange.errors import ExchangeInvalid, ImportNotAllowed
from ..exchange.forms import ImportUploadForm
from ..exchange.importer import (
    exchange_import,
    find_target,
    import_access_errors,
    summarize,
    user_may_import,
)
from ..exchange.uploads import UploadMissing, upload_discard, upload_load, upload_store
from ..exchange.validation import validated_document


def _require_importer(request) -> None:
    if not user_may_import(user=request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _require_importer(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            doc = validated_document(content=content)
        except ExchangeInvalid as exc:
            return render(
                request,
                "renstra/exchange/import_upload.html",
                {"form": form, "errors": exc.errors, "filename": upload.name},
            )
        problems = import_access_errors(user=request.user, target=find_target(doc=doc), doc=doc)
        if problems:
            return render(
                request,
                "renstra/exchange/import_upload.html",
                {"form": form, "errors": problems, "filename": upload.name},
                status=403,
            )
        token = upload_store(session=request.session, content=content, filename=upload.name)
        return redirect("renstra:import_preview", token=token)
    return render(request, "renstra/exchange/import_upload.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, token: str):
    _require_importer(request)
    try:
        content, filename = upload_load(session=request.session, token=token)
    except UploadMissing:
        raise Http404 from None
    if request.method == "POST":
        try:
            plan = exchange_import(
                content=content, filename=filename, actor=request.user, check_access=True
            )
        except ExchangeInvalid as exc:
            upload_discard(session=request.session, token=token)
            status = 403 if isinstance(exc, ImportNotAllowed) else 200
            return render(
                request,
                "renstra/exchange/import_upload.html",
                {"form": ImportUploadForm(), "errors": exc.errors, "filename": filename},
                status=status,
            )
        upload_discard(session=request.session, token=token)
        messages.success(request, _("Rencana berhasil diimpor dari %(file)s.") % {"file": filename})
        return redirect(plan)
    try:
        doc = validated_document(content=content)
    except ExchangeInvalid as exc:
        upload_discard(session=request.session, token=token)
        return render(
            request,
            "renstra/exchange/import_upload.html",
            {"form": ImportUploadForm(), "errors": exc.errors, "filename": filename},
        )
    summary = summarize(doc=doc)
    return render(
        request,
        "renstra/exchange/import_preview.html",
        {"summary": summary, "filename": filename, "token": token},
    )


urlpatterns = [
    # Two segments, so that it never reads as a plan's public_id (<str:public_id>/).
    path("impor/berkas/", import_upload, name="import_upload"),
    path("impor/berkas/<str:token>/", import_preview, name="import_preview"),
]
