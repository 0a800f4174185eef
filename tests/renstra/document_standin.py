"""A small stand-in for the document (build_document / document_pdf) used by the document
job tests: a real PDF made by WeasyPrint from a few lines of HTML, with the verify QR code.
Its functions are importable by dotted path, because the render child imports them."""

import time
from dataclasses import dataclass

from renstra.document.jobs import pdf_page_count
from renstra.document.qr import verify_qr_svg


@dataclass
class StandInDocument:
    title: str
    version_label: str
    verify_url: str
    sleep: float = 0.0
    allocate_mb: int = 0


def build_document(*, plan, content, version_label, version_date, ratification=None, verify_url=""):
    body = "".join(c.title for c in getattr(content, "chapters", []))
    return StandInDocument(
        title=f"{plan.title} {body}", version_label=str(version_label), verify_url=verify_url
    )


def pdf_in_child(argument):
    from weasyprint import HTML

    document, pdf_variant = argument
    if document.sleep:
        time.sleep(document.sleep)
    if document.allocate_mb:
        hog = bytearray(document.allocate_mb * 1024 * 1024)
        hog[-1] = 1
    qr = verify_qr_svg(document.verify_url) if document.verify_url else ""
    html = (
        f"<html lang='id'><head><title>{document.title}</title></head><body>"
        f"<h1>{document.title}</h1><p>{document.version_label}</p>"
        f"<p style='break-before: page'>{qr}</p></body></html>"
    )
    data = HTML(string=html).write_pdf(pdf_variant=pdf_variant)
    return data, {"pages": pdf_page_count(data)}
