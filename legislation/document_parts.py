"""What the legislative flow contributes to the document (provider slots):

- "document_appendix": the political coverage (misi and flagship programs ↔ goals, targets,
  programs; the unserved flagged) and the DPRD's recommendations with the unit's answers;
- "document_ratification": the Perkada of a ratified version (the ratification page, and no
  RANCANGAN watermark).
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from renstra.document import AppendixPart
from renstra.document.parts import Ratification as DocRatification
from renstra.models import Plan
from renstra.selectors.cascade import plan_tree

from .models import Ratification
from .selectors import flagship_links_at, plan_coverage, plan_letters


def _part(title: str, template: str, context: dict) -> AppendixPart:
    # Rendered here: the part is plain data (the PDF is rendered in a child process).
    return AppendixPart(title=title, html=mark_safe(render_to_string(template, context)))


def coverage_part(plan: Plan, version: Any) -> AppendixPart | None:
    if not plan.rpjmd_id:
        return None
    if version is not None:
        from stages.versions import version_content

        version.plan = plan
        tree = version_content(version).tree
    else:
        tree = plan_tree(plan, with_indicators=False)
    coverage = plan_coverage(plan, tree, links=flagship_links_at(plan, version))
    return _part(
        _("Keterkaitan dengan misi dan program unggulan kepala daerah"),
        "legislation/document/coverage.html",
        {"coverage": coverage},
    )


def recommendations_part(plan: Plan, version: Any) -> AppendixPart | None:
    letters = plan_letters(plan, version=version)
    if not letters:
        return None
    return _part(
        _("Rekomendasi DPRD dan tanggapan perangkat daerah"),
        "legislation/document/recommendations.html",
        {"letters": letters},
    )


def document_appendix(plan: Plan, version: Any) -> list[AppendixPart]:
    """The legislative parts of the appendix for `plan` at `version` (None: live)."""
    return [p for p in (coverage_part(plan, version), recommendations_part(plan, version)) if p]


def document_ratification(plan: Plan, version: Any) -> DocRatification | None:
    """The Perkada printed on the ratification page of the ratified version; None for any
    other version (and the live draft), which keeps its RANCANGAN watermark."""
    if version is None:
        return None
    found = Ratification.objects.filter(plan_id=plan.pk, version_id=version.pk).first()
    if found is None:
        return None
    return DocRatification(
        number=found.perkada_number,
        date=found.perkada_date,
        head_title=found.signatory_title,
        head_name=found.signatory,
    )
