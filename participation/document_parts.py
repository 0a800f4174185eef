"""The participatory flow's appendix parts (provider slot "document_appendix"): the
consultation summary (input per section and organisation, responses by kind, proposals)
and the proposal coverage table. Rendered here: the parts are plain data."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from renstra.document import AppendixPart
from renstra.models import Plan

from .selectors.consultations import consultation_summaries
from .selectors.proposals import proposal_coverage


def _part(title: str, template: str, context: dict) -> AppendixPart:
    return AppendixPart(title=title, html=mark_safe(render_to_string(template, context)))


def document_appendix(plan: Plan, version) -> list[AppendixPart]:
    """For a version: what had happened by its freezing time; for the live draft: now.
    Nothing when the plan had no consultation and no proposal."""
    at = version.frozen_at if version is not None else None
    parts = []
    summaries = consultation_summaries(plan, until=at)
    if summaries:
        parts.append(
            _part(
                _("Ringkasan konsultasi dan Forum Perangkat Daerah"),
                "participation/document/summary.html",
                {"summaries": summaries},
            )
        )
    coverage = proposal_coverage(plan, at=at)
    if coverage:
        counts = {
            "answered": sum(1 for r in coverage if r["status"] == "answered"),
            "declined": sum(1 for r in coverage if r["status"] == "declined"),
            "open": sum(1 for r in coverage if r["status"] == "open"),
        }
        parts.append(
            _part(
                _("Usulan dan tindak lanjutnya"),
                "participation/document/coverage.html",
                {"rows": coverage, "counts": counts, "total": len(coverage)},
            )
        )
    return parts
