"""Public pages (no account, no JavaScript needed): consultations per region, open and
past; a consultation's page with the consulted draft as the document HTML and its PDF;
a forum's minutes as PDF."""

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from renstra.document import RENDERER_VERSION, build_document, document_html
from renstra.document.jobs import DocumentUnavailable, document_request
from renstra.models import Region
from stages.versions import version_content

from .access import get_consultation_for_user
from .minutes_pdf import minutes_pdf
from .models import Minutes
from .selectors.consultations import (
    consultation_phase,
    region_consultations,
    regions_with_consultations,
)

DRAFT_CACHE_SECONDS = 24 * 3600


@require_GET
def public_index(request):
    return render(
        request, "participation/public/index.html", {"regions": regions_with_consultations()}
    )


@require_GET
def region_page(request, region_id: int):
    region = get_object_or_404(Region, pk=region_id)
    return render(
        request,
        "participation/public/region.html",
        {"region": region, "now": timezone.now(), **region_consultations(region)},
    )


def consulted_draft_html(plan, version) -> str:
    """The consulted version as the document's screen HTML, without the process appendix
    (readers come for the draft). A frozen version never changes, so the HTML is cached
    per plan, version, renderer and language (building it reads the version's content from
    the history: seconds for a large plan)."""
    key = ":".join(
        [
            "participation:draft",
            plan.public_id,
            str(version.number),
            str(version.frozen_at.timestamp()),
            RENDERER_VERSION,
            get_language() or "",
        ]
    )
    html = cache.get(key)
    if html is None:
        document = build_document(
            plan=plan,
            content=version_content(version),
            version_label=version.label,
            version_date=version.frozen_at,
            appendix=[],
        )
        html = document_html(document, for_print=False)
        cache.set(key, html, DRAFT_CACHE_SECONDS)
    return html


@require_GET
def consultation_detail(request, public_id: str):
    consultation, access = get_consultation_for_user(request.user, public_id)
    plan, version = consultation.plan, consultation.version
    version.plan = plan
    minutes = Minutes.objects.filter(consultation=consultation).first()
    return render(
        request,
        "participation/public/consultation.html",
        {
            "consultation": consultation,
            "plan": plan,
            "version": version,
            "access": access,
            "minutes": minutes,
            "phase": consultation_phase(consultation),
            "document_html": mark_safe(consulted_draft_html(plan, version)),
        },
    )


@require_GET
def consultation_pdf(request, public_id: str):
    """The consulted version as PDF: served from storage once rendered; until then a page
    that says so and reloads itself (a meta refresh, no script)."""
    consultation, _access = get_consultation_for_user(request.user, public_id)
    try:
        document_file = document_request(
            plan=consultation.plan,
            version_number=consultation.version.number,
            actor=request.user,
            site_url=f"{request.scheme}://{request.get_host()}",
        )
    except DocumentUnavailable as error:
        raise Http404(error.text) from None
    if document_file.is_done and document_file.file:
        response = FileResponse(
            document_file.file.open("rb"),
            as_attachment=True,
            filename=f"renstra-konsultasi-v{consultation.version.number}.pdf",
            content_type="application/pdf",
        )
        response["X-Content-SHA256"] = document_file.sha256
        return response
    return render(
        request,
        "participation/public/pdf_pending.html",
        {"consultation": consultation, "document_file": document_file},
        status=202,
    )


@require_GET
def minutes_download(request, public_id: str):
    consultation, _access = get_consultation_for_user(request.user, public_id)
    minutes = get_object_or_404(
        Minutes.objects.prefetch_related("points__elements", "attendees", "signatories"),
        consultation=consultation,
    )
    minutes.consultation = consultation
    data = minutes_pdf(minutes)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="berita-acara-{consultation.public_id}.pdf"'
    )
    return response


urlpatterns = [
    path("", public_index, name="public_index"),
    path("daerah/<int:region_id>/", region_page, name="region"),
    path("konsultasi/<str:public_id>/", consultation_detail, name="consultation_detail"),
    path("konsultasi/<str:public_id>/dokumen.pdf", consultation_pdf, name="consultation_pdf"),
    path(
        "konsultasi/<str:public_id>/berita-acara.pdf",
        minutes_download,
        name="minutes_pdf",
    ),
]
