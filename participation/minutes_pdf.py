"""The minutes (berita acara) of a forum as a PDF, through WeasyPrint with the document's
static-only fetcher and stylesheet (nothing is fetched from the network)."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from renstra.document.render import BASE_URL, StaticOnlyFetcher

from .models import Minutes

STYLESHEET = "css/document.css"


def minutes_html(minutes: Minutes) -> str:
    """The whole print page of the minutes (expects points/attendees/signatories
    prefetched and `minutes.consultation` with its plan)."""
    consultation = minutes.consultation
    return render_to_string(
        "participation/minutes/print.html",
        {
            "minutes": minutes,
            "consultation": consultation,
            "plan": consultation.plan,
            "points": list(minutes.points.all()),
            "attendees": list(minutes.attendees.all()),
            "signatories": list(minutes.signatories.all()),
            "stylesheet": settings.STATIC_URL.lstrip("/") + STYLESHEET,
        },
    )


def minutes_pdf(minutes: Minutes) -> bytes:
    html = HTML(string=minutes_html(minutes), base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    return html.write_pdf()
