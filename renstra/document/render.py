"""The document as HTML (screen and print) and as PDF (WeasyPrint)."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .parts import Document

# A made-up origin: relative URLs in the print HTML resolve against it, and the fetcher
# serves only our static files under it. Nothing is ever fetched from the network.
BASE_URL = "https://renstra.invalid/"
STYLESHEET = "css/document.css"


def static_file(path: str) -> Path | None:
    """The file of a static path ("css/document.css"): from the app's static folders
    (development, tests) or STATIC_ROOT (after collectstatic); None if it is not there."""
    found = finders.find(path)
    if found:
        return Path(found)
    root = getattr(settings, "STATIC_ROOT", None)
    if root:
        candidate = (Path(root) / path).resolve()
        if candidate.is_file() and Path(root).resolve() in candidate.parents:
            return candidate
    return None


class StaticOnlyFetcher(URLFetcher):
    """Serves `data:` URIs and our own static files; refuses everything else (no remote
    fonts, images or stylesheets, whatever the HTML asks for)."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "https"})

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
        if url.startswith(prefix):
            relative = url[len(prefix) :].split("?")[0].split("#")[0]
            path = static_file(relative) if ".." not in relative else None
            if path is not None:
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": mime})
        raise ValueError(f"not served to the PDF renderer: {url}")


def _qr_data_uri(url: str) -> str:
    try:
        from .qr import verify_qr_data_uri
    except ImportError:  # the QR module is optional for the document itself
        return ""
    return verify_qr_data_uri(url)


def document_html(document: Document, *, for_print: bool) -> str:
    """The document's HTML. For the screen (`for_print=False`): an <article> to place in
    a page that links static/css/document.css (no inline style or script, for the CSP).
    For print: a whole HTML page whose stylesheet the PDF renderer loads through
    `StaticOnlyFetcher`."""
    verify_url = document.extra.get("verify_url", "")
    context = {
        "doc": document,
        "for_print": for_print,
        "verify_url": verify_url,
        "verify_qr": _qr_data_uri(verify_url) if verify_url and for_print else "",
    }
    body = render_to_string("renstra/document/document.html", context)
    if not for_print:
        return body
    return render_to_string(
        "renstra/document/print.html",
        {
            "doc": document,
            "body": body,
            "stylesheet": settings.STATIC_URL.lstrip("/") + STYLESHEET,
        },
    )


def document_layout(document: Document, *, pdf_variant: str | None = None):
    """The document laid out in pages (a WeasyPrint Document: `.pages`, `.write_pdf()`)."""
    html = HTML(
        string=document_html(document, for_print=True),
        base_url=BASE_URL,
        url_fetcher=StaticOnlyFetcher(),
    )
    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    return html.render(**options)


def document_pdf(document: Document, *, pdf_variant: str | None = None) -> bytes:
    """The PDF of the document (WeasyPrint; `pdf_variant` e.g. "pdf/a-3a")."""
    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    return document_layout(document, pdf_variant=pdf_variant).write_pdf(**options)
