"""Benchmark: freeze, open and compare versions of the 10x plan.

    .venv/bin/python bench/bench_versions.py [--scale 10] [--database-url URL]

Uses a throwaway database (a temporary SQLite file unless --database-url names another
one: it is migrated and written to). Generates the plan with
/work/shared/interchange/make_large_plan.py, imports it with `import_renstra`, then times
version_freeze, version_content, version_compare and, for comparison, copying the whole
plan (what a copy-per-version design would pay on every freeze). Prints seconds; never
fails on a timing.
"""

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import harness


def timed(label, fn, repeat=3):
    best, result = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"{label:<44} {best:8.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="renstra-bench-"))
    harness.django_setup(tmp, args.database_url)
    from django.db import connection

    from renstra.models import Element, Indicator, IndicatorTarget, Plan, Section
    from renstra.services.history import tracked_save
    from stages.services import plan_amendment_create
    from stages.versions import version_compare, version_content, version_freeze

    source = harness.make_plan(args.scale, tmp / f"plan-x{args.scale}.json")
    start = time.perf_counter()
    public_id = harness.import_plan(source)
    print(f"{'import_renstra (setup)':<44} {time.perf_counter() - start:8.3f} s")
    plan = Plan.objects.get(public_id=public_id)
    print(
        f"plan {public_id} on {connection.vendor}: "
        f"{Element.objects.filter(plan=plan).count()} elements, "
        f"{Indicator.objects.filter(plan=plan).count()} indicators, "
        f"{IndicatorTarget.objects.filter(plan=plan).count()} targets, "
        f"{Section.objects.filter(plan=plan).count()} sections"
    )

    a = timed("version_freeze", lambda: version_freeze(plan=plan, label="A", actor=None))
    # One target and one sentence differ between A and B.
    target = IndicatorTarget.objects.filter(plan=plan).order_by("pk").first()
    target.value = f"{target.value}1"
    tracked_save(target, actor=None, reason="bench")
    section = Section.objects.filter(plan=plan).order_by("pk").first()
    section.body = (section.body or "") + "<p>Satu kalimat baru untuk perbandingan.</p>"
    tracked_save(section, actor=None, reason="bench")
    b = version_freeze(plan=plan, label="B", actor=None)

    content = timed("version_content (whole plan rebuilt)", lambda: version_content(a))
    print(f"  rebuilt: {len(content.elements)} elements, {len(content.targets)} targets")
    comparison = timed("version_compare (two versions)", lambda: version_compare(a, b))
    print(f"  changes: {comparison.totals}")
    timed(
        "copy of the whole plan (copy-per-version)",
        lambda: plan_amendment_create(source=plan, actor=None),
        repeat=1,
    )
    if not args.database_url:
        connection.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
