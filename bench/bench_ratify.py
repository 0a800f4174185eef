"""Benchmark: the ratification of the sample plan at 1x and 10x.

    .venv/bin/python bench/bench_ratify.py [--scales 1 10] [--repeat 3] [--database-url URL]

Uses a throwaway database (a temporary SQLite file unless --database-url names another
one: it is migrated and written to). For each scale: generates the plan with
/work/shared/interchange/make_large_plan.py, imports it, records what the other flows
leave behind (verification accepted, inspectorate review closed, forum minutes), then
times the ratification checklist (median of --repeat runs, with its queries), the
political coverage, and `plan_ratify` itself — the move into penetapan plus the official
PDF/A rendered right away (LEGISLATION_RATIFY_RENDER="now"), with its pages and size.
Prints numbers; never fails on a timing.
"""

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import harness


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="renstra-ratify-bench-"))
    harness.django_setup(tmp, args.database_url)
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from legislation import services
    from legislation.selectors import plan_coverage
    from participation.models import Consultation, Minutes
    from renstra.models import Element, Plan, User
    from renstra.selectors.cascade import plan_tree
    from renstra.services.roles import role_grant
    from stages.models import InspectorateReviewResult, StageRecord, VerificationReview, Version
    from stages.transitions import get_stage
    from stages.versions import version_freeze

    settings.MEDIA_ROOT = str(tmp / "media")
    settings.LEGISLATION_RATIFY_RENDER = "now"
    print(f"database: {connection.vendor}")
    print(
        f"{'scale':>5} {'elements':>8} {'checklist s':>11} {'queries':>7} "
        f"{'coverage s':>10} {'ratify+PDF s':>12} {'pages':>5} {'PDF kB':>7}"
    )
    for scale in args.scales:
        source = harness.make_plan(scale, tmp / f"plan-x{scale}.json")
        plan = Plan.objects.get(public_id=harness.import_plan(source))
        ratifier, _ = User.objects.get_or_create(username=f"bupati{scale}")
        role_grant(user=ratifier, role="ratifier", scope=plan.unit.region)

        now = timezone.now()
        forum = version_freeze(plan=plan, label="Forum PD", kind=Version.Kind.CONSULTATION)
        consultation = Consultation.objects.create(
            plan=plan,
            version=forum,
            kind=Consultation.Kind.FORUM_PD,
            title="Forum PD",
            starts_at=now - timedelta(days=30),
            ends_at=now - timedelta(days=29),
        )
        Minutes.objects.create(consultation=consultation, number="BA/1", held_on=date(2026, 1, 5))
        verified = version_freeze(plan=plan, label="Diverifikasi", kind=Version.Kind.VERIFIED)
        VerificationReview.objects.create(
            plan=plan,
            version=verified,
            opened_at=now - timedelta(days=20),
            decision="accepted",
            decided_at=now - timedelta(days=10),
        )
        reviewed = version_freeze(plan=plan, label="Reviu", kind=Version.Kind.REVIEW)
        InspectorateReviewResult.objects.create(
            plan=plan, version=reviewed, result="memadai", summary="Memadai", closed_at=now
        )
        StageRecord.objects.filter(plan=plan, closed_at__isnull=True).update(closed_at=now)
        StageRecord.objects.create(
            plan=plan, stage="reviu_selesai", flow="technocratic", opened_at=now
        )
        Plan.objects.filter(pk=plan.pk).update(
            stage="reviu_selesai", locked=get_stage("reviu_selesai").locked
        )
        plan.refresh_from_db()

        times, queries = [], 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                services.ratification_checklist(plan, findings_reason="bench")
                times.append(time.perf_counter() - start)
            queries = len(captured)
        start = time.perf_counter()
        plan_coverage(plan, plan_tree(plan, with_indicators=False))
        coverage_seconds = time.perf_counter() - start

        start = time.perf_counter()
        ratification = services.plan_ratify(
            plan=plan,
            actor=ratifier,
            perkada_number=f"{scale} Tahun 2026",
            perkada_date=date(2026, 2, 1),
            signatory="Bupati",
            findings_reason="bench",
        )
        ratify_seconds = time.perf_counter() - start
        document = ratification.document
        document.refresh_from_db()
        elements = Element.objects.filter(plan=plan).count()
        print(
            f"{scale:>5} {elements:>8} {statistics.median(times):>11.3f} {queries:>7} "
            f"{coverage_seconds:>10.3f} {ratify_seconds:>12.2f} {document.pages or 0:>5} "
            f"{(document.size or 0) / 1024:>7.0f}"
            + ("" if document.is_done else f"  (render {document.status}: {document.error})")
        )


if __name__ == "__main__":
    main()
