"""The appendix "Riwayat Penyusunan" of the document (provider slot "document_appendix"):
the stage records with actors and dates, the changes since the consultation draft, and
the verification result. Registered in StagesConfig.ready(); the core only asks."""

from collections import Counter

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from renstra.document import AppendixPart
from renstra.models import Plan

from .models import StageRecord, VerificationReview, Version
from .selectors import _name
from .verification.engine import verify_content
from .verification.findings import ERROR, WARNING
from .versions import live_content, version_compare, version_content

# How many changed elements are listed one by one (the counts are always complete).
MAX_CHANGES_LISTED = 200


def _part(title: str, template: str, context: dict) -> AppendixPart:
    # Rendered here, so the part is plain data (the PDF is rendered in a child process).
    return AppendixPart(title=title, html=mark_safe(render_to_string(template, context)))


def baseline_version(plan: Plan, version: Version | None) -> Version | None:
    """What a version is compared with: the latest consultation draft before it, else the
    first frozen version (None when there is nothing earlier)."""
    earlier = Version.objects.filter(plan=plan)
    if version is not None:
        earlier = earlier.filter(number__lt=version.number)
    earlier = earlier.order_by("number")
    consultation = earlier.filter(kind=Version.Kind.CONSULTATION).last()
    return consultation or earlier.first()


def stage_records_part(plan: Plan, version: Version | None) -> AppendixPart:
    records = StageRecord.objects.filter(plan=plan).select_related(
        "opened_by", "closed_by", "version"
    )
    if version is not None:
        records = records.filter(opened_at__lte=version.frozen_at)
    rows = [
        {
            "stage": r.stage_label,
            "flow": r.get_flow_display(),
            "opened_at": r.opened_at,
            "opened_by": _name(r.opened_by),
            "closed_at": r.closed_at
            if version is None or (r.closed_at and r.closed_at <= version.frozen_at)
            else None,
            "closed_by": _name(r.closed_by) if r.closed_at else "",
            "note": r.note,
            "version": str(r.version) if r.version_id else "",
        }
        for r in records.order_by("opened_at", "id")
    ]
    return _part(
        _("Riwayat tahapan penyusunan"), "stages/document/stage_records.html", {"rows": rows}
    )


def changes_part(plan: Plan, version: Version | None, content) -> AppendixPart:
    base = baseline_version(plan, version)
    context: dict = {"base": base, "version": version}
    if base is not None:
        base.plan = plan
        comparison = version_compare(version_content(base), content)
        totals = comparison.totals
        context.update(
            {
                "total": totals.get("all", 0),
                "counts": list(
                    Counter(f"{c.area_label} {c.action_label}" for c in comparison.changes).items()
                ),
                "changes": comparison.changes[:MAX_CHANGES_LISTED],
                "more": max(0, len(comparison.changes) - MAX_CHANGES_LISTED),
                "funding": comparison.funding_totals,
            }
        )
    return _part(
        _("Perubahan sejak rancangan yang dikonsultasikan"),
        "stages/document/changes.html",
        context,
    )


def verification_part(plan: Plan, version: Version | None, content) -> AppendixPart:
    findings = verify_content(content)
    by_severity = Counter(f.severity for f in findings)
    by_rule = Counter(f"{f.rule}|{f.severity}" for f in findings)
    rules = sorted(
        ((k.split("|")[0], k.split("|")[1], n) for k, n in by_rule.items()),
        key=lambda r: (int(r[0][1:]) if r[0][1:].isdigit() else 99, r[0]),
    )
    reviews = VerificationReview.objects.filter(plan=plan, decided_at__isnull=False)
    if version is not None:
        reviews = reviews.filter(decided_at__lte=version.frozen_at)
    review = reviews.select_related("decided_by", "version").order_by("-decided_at").first()
    return _part(
        _("Hasil verifikasi"),
        "stages/document/verification.html",
        {
            "errors": by_severity.get(ERROR, 0),
            "warnings": by_severity.get(WARNING, 0),
            "rules": rules,
            "review": review,
            "reviewer": _name(review.decided_by) if review else "",
        },
    )


def document_appendix(plan: Plan, version: Version | None) -> list[AppendixPart]:
    """The appendix parts for `plan` at `version` (None: the live draft)."""
    if version is not None:
        version.plan = plan
        content = version_content(version)
    else:
        content = live_content(plan)
    return [
        stage_records_part(plan, version),
        changes_part(plan, version, content),
        verification_part(plan, version, content),
    ]
