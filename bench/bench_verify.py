"""Benchmark: verify the 10x plan.

    .venv/bin/python bench/bench_verify.py [--scale 10] [--repeat 5] [--database-url URL]

Uses a throwaway database (a temporary SQLite file unless --database-url names another
one: it is migrated and written to). Generates the plan with
/work/shared/interchange/make_large_plan.py, imports it with `import_renstra`, then times
`verify_plan` (median of --repeat runs, each loading the plan afresh) and counts its
queries. Prints seconds and numbers; never fails on a timing (aim: under 2 s at 10x).
"""

import argparse
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

import harness


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="renstra-verify-bench-"))
    harness.django_setup(tmp, args.database_url)
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from renstra.models import Element, Indicator, Plan
    from renstra.selectors.cascade import plan_tree
    from stages.verification import verify_plan

    source = harness.make_plan(args.scale, tmp / f"plan-x{args.scale}.json")
    start = time.perf_counter()
    public_id = harness.import_plan(source)
    print(f"{'import_renstra (setup)':<40} {time.perf_counter() - start:8.3f} s")
    plan = Plan.objects.select_related("unit__region").get(public_id=public_id)
    print(
        f"plan x{args.scale}: {Element.objects.filter(plan=plan).count()} elements, "
        f"{Indicator.objects.filter(plan=plan).count()} indicators, "
        f"{len(plan.years)} years ({connection.vendor})"
    )

    verify_plan(plan)  # warm-up (imports, caches)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        findings = verify_plan(plan)
        times.append(time.perf_counter() - start)
    reset_queries()  # the debug query log is a bounded deque, full after the import
    with CaptureQueriesContext(connection) as queries:
        findings = verify_plan(plan)
    tree = plan_tree(plan)
    rule_times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        verify_plan(plan, tree=tree)
        rule_times.append(time.perf_counter() - start)

    label = f"verify_plan (median of {args.repeat})"
    print(f"{label:<40} {statistics.median(times):8.3f} s")
    print(f"{'  of which rules, tree given (median)':<40} {statistics.median(rule_times):8.3f} s")
    print(f"{'queries per verify_plan':<40} {len(queries):8d}")
    errors = sum(1 for f in findings if f.is_error)
    print(f"findings: {len(findings)} ({errors} errors)")
    for (rule, severity, field), n in sorted(
        Counter((f.rule, f.severity, f.field) for f in findings).items()
    ):
        print(f"  {rule:<4} {severity:<8} {field or '-':<14} {n:6d}")


if __name__ == "__main__":
    main()
