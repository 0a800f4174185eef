"""The public portal (no account needed; no JavaScript; Indonesian unless `?lang=en` or
the visitor's language choice). Pages of a ratified plan are cached (`cache.py`)."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from renstra.document import build_document, document_html
from renstra.document.parts import Ratification as RatificationPage
from renstra.models import DocumentFile, ElementKind
from renstra.selectors.cascade import PlanTree
from stages.versions import version_content

from . import opendata
from .cache import (
    Entry,
    immutable_response,
    immutable_seconds,
    language_query,
    listing_seconds,
    plan_stamp,
    portal_language,
    public_headers,
)
from .selectors import (
    RatifiedPlan,
    plan_public_consultations,
    portal_region,
    portal_regions,
    public_recommendations,
    public_region_consultations,
    public_timeline,
    region_units,
)

HTML = "text/html; charset=utf-8"


def _listing(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    lang, explicit = portal_language(request)
    context |= {"q": language_query(lang, explicit), "lang": lang, "path": request.path}
    response = render(request, template, context)
    public_headers(response, max_age=listing_seconds(), lang=lang, explicit=explicit)
    return response


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every region, with how many ratified plans it has."""
    return _listing(request, "legislation/portal/index.html", {"regions": portal_regions()})


@require_safe
def region(request: HttpRequest, region_id: int) -> HttpResponse:
    """A region: its units and their ratified plans, and its consultations."""
    found = portal_region(region_id)
    return _listing(
        request,
        "legislation/portal/region.html",
        {
            "region": found,
            "units": region_units(found),
            "consultations": public_region_consultations(found),
        },
    )


# --- A ratified plan --------------------------------------------------------------------


def _page(template: str, rp: RatifiedPlan, lang: str, q: str, **context) -> Entry:
    # Rendered without the request: the page is the same for every visitor.
    html = render_to_string(
        template,
        {"rp": rp, "plan": rp.plan, "lang": lang, "q": q, **context},
    )
    return Entry(body=html.encode("utf-8"), content_type=HTML)


@dataclass
class TableRow:
    """One row of the plan page's cascade table: an element (with its money per year) or
    one of its indicators (with its target per year)."""

    depth: int
    kind: str = ""
    kind_label: str = ""
    code: str = ""
    text: str = ""
    funded: bool = False
    amounts: list = field(default_factory=list)
    total: Decimal = Decimal(0)
    indicator: Any = None
    targets: list[str] = field(default_factory=list)


def cascade_table(tree: PlanTree) -> list[TableRow]:
    """The cascade in document order, each element followed by its indicators. No queries."""
    rows: list[TableRow] = []
    labels = dict(ElementKind.choices)
    for node in tree.walk():
        element = node.element
        funded = node.funded
        rows.append(
            TableRow(
                depth=node.depth,
                kind=element.kind,
                kind_label=str(labels.get(element.kind, element.kind)),
                code=element.code or element.ref,
                text=element.text,
                funded=funded,
                amounts=[node.totals.get(y) if funded else None for y in tree.years],
                total=node.total,
            )
        )
        for indicator in node.indicators:
            by_year = {t.year: t.value for t in indicator.targets.all()}
            rows.append(
                TableRow(
                    depth=node.depth,
                    indicator=indicator,
                    targets=[by_year.get(y, "") for y in tree.years],
                )
            )
    return rows


def _plan_page(rp: RatifiedPlan, lang: str, q: str) -> Entry:
    tree = version_content(rp.version).tree
    return _page(
        "legislation/portal/plan.html",
        rp,
        lang,
        q,
        path=reverse("portal:plan", args=[rp.public_id]),
        tree=tree,
        years=tree.years,
        rows=cascade_table(tree),
        year_totals=[tree.totals.get(y) for y in tree.years],
        timeline=public_timeline(rp.plan),
        recommendations=public_recommendations(rp.plan),
        consultations=plan_public_consultations(rp.plan),
        stem=opendata.file_stem(rp.plan),
    )


@require_safe
def plan(request: HttpRequest, public_id: str) -> HttpResponse:
    """A ratified plan: ratification, official PDF, cascade, consultations, the DPRD's
    recommendations with the answers, the process."""
    return immutable_response(request, public_id=public_id, part="plan", build=_plan_page)


def _document_page(rp: RatifiedPlan, lang: str, q: str) -> Entry:
    ratification = rp.ratification
    document = build_document(
        plan=rp.plan,
        content=version_content(rp.version),
        version_label=rp.version.label,
        version_date=rp.version.frozen_at,
        ratification=RatificationPage(
            number=ratification.perkada_number,
            date=ratification.perkada_date,
            head_title=ratification.signatory_title,
            head_name=ratification.signatory,
        ),
        verify_url=f"/verify/{rp.official_sha256}/" if rp.official_sha256 else None,
    )
    return _page(
        "legislation/portal/document.html",
        rp,
        lang,
        q,
        path=reverse("portal:document", args=[rp.public_id]),
        document_html=mark_safe(document_html(document, for_print=False)),
    )


@require_safe
def document(request: HttpRequest, public_id: str) -> HttpResponse:
    """The ratified version's document as HTML (the same builder as the PDF)."""
    return immutable_response(request, public_id=public_id, part="document", build=_document_page)


def _json(rp: RatifiedPlan, lang: str, q: str) -> Entry:
    return Entry(
        body=opendata.exchange_json(rp.plan),
        content_type="application/json; charset=utf-8",
        filename=opendata.file_stem(rp.plan) + ".json",
    )


@require_safe
def data_json(request: HttpRequest, public_id: str) -> HttpResponse:
    """Open data: the plan in the exchange format (renstra-exchange 1)."""
    return immutable_response(request, public_id=public_id, part="json", build=_json)


def _csv(rp: RatifiedPlan, lang: str, q: str) -> Entry:
    return Entry(
        body=opendata.cascade_csv(version_content(rp.version).tree),
        content_type="text/csv; charset=utf-8",
        filename=opendata.file_stem(rp.plan) + "-kaskade.csv",
    )


@require_safe
def data_csv(request: HttpRequest, public_id: str) -> HttpResponse:
    """Open data: the cascade as CSV (one row per element × indicator × year)."""
    return immutable_response(request, public_id=public_id, part="csv", build=_csv)


@require_GET
def pdf(request: HttpRequest, public_id: str) -> HttpResponseBase:
    """The official PDF (PDF/A) as stored at ratification, with its SHA-256."""
    stamp, _rp = plan_stamp(public_id)
    if not stamp.pdf_name:
        raise Http404(_("PDF resmi belum tersedia."))
    etag = f'"{stamp.sha256}"'
    response: HttpResponseBase
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        storage = DocumentFile._meta.get_field("file").storage
        try:
            handle = storage.open(stamp.pdf_name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=stamp.pdf_filename,
            content_type="application/pdf",
        )
        response["X-Content-SHA256"] = stamp.sha256
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={immutable_seconds()}"
    return response
