"""The Renstra document (domain.md §5): HTML for the screen, and PDF through WeasyPrint.

    document = build_document(plan=plan, content=content, version_label="Rancangan",
                              version_date=now, ratification=None)
    html = document_html(document, for_print=False)   # screen (the page links the CSS)
    pdf = document_pdf(document, pdf_variant=None)    # bytes

`content` is duck-typed (the core never imports a flow): `stages.versions.PlanContent` of a
frozen version, or `live_document_content(plan)` for the live draft.
"""

from .build import build_document, head_of_region
from .content import DocumentContent, live_document_content
from .parts import AppendixPart, DocChapter, DocSection, DocTable, Document, Ratification
from .render import document_html, document_pdf

# Part of the content key of rendered files: bump when the output changes for the same
# content (renstra.document.jobs does not re-use files rendered by another version).
RENDERER_VERSION = "1"

__all__ = [
    "RENDERER_VERSION",
    "AppendixPart",
    "DocChapter",
    "DocSection",
    "DocTable",
    "Document",
    "DocumentContent",
    "Ratification",
    "build_document",
    "document_html",
    "document_pdf",
    "head_of_region",
    "live_document_content",
]
