"""Benchmark: the audit hash chain's cost on importing the 10x plan, and audit_verify.

    .venv/bin/python bench/bench_audit_chain.py [--scale 10] [--rounds 2]

Uses a throwaway database (a temporary SQLite file, or DATABASE_URL: it is migrated and
written to, never point it at real data). Imports the generated plan (make_large_plan.py)
`rounds` times with the chain and `rounds` times without it (its signal receivers
disconnected and the bulk hook unwrapped), alternating, and prints median wall and CPU
seconds, queries, history rows and links, then times `verify_plan_chain` on one plan.
Never fails on a timing.
"""

import argparse
import shutil
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import harness


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="renstra-bench-audit-"))
    try:
        run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def chain_disabled():
    from simple_history.manager import HistoryManager
    from simple_history.signals import (
        post_create_historical_m2m_records,
        post_create_historical_record,
    )

    from renstra.services import audit

    post_create_historical_record.disconnect(dispatch_uid="renstra_audit_chain")
    post_create_historical_m2m_records.disconnect(dispatch_uid="renstra_audit_chain_m2m")
    wrapped = HistoryManager.bulk_history_create
    HistoryManager.bulk_history_create = wrapped.__wrapped__
    try:
        yield
    finally:
        HistoryManager.bulk_history_create = wrapped
        post_create_historical_record.connect(
            audit.on_history_record, dispatch_uid="renstra_audit_chain"
        )
        post_create_historical_m2m_records.connect(
            audit.on_m2m_history_records, dispatch_uid="renstra_audit_chain_m2m"
        )


def run(tmp: Path) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    harness.django_setup(tmp, from_env=True)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from renstra.exchange.importer import exchange_import
    from renstra.models import AuditLink, User
    from renstra.services.audit import chained_history_models, verify_plan_chain

    user, _created = User.objects.get_or_create(
        username="bench-root", defaults={"is_superuser": True, "is_staff": True}
    )
    path = harness.make_plan(args.scale, tmp / f"plan-x{args.scale}.json")
    content = path.read_bytes()

    def history_rows() -> int:
        return sum(m._default_manager.count() for m in chained_history_models())

    results: dict[str, list[tuple[float, float, int, int, int]]] = {"with": [], "without": []}
    last_plan = None
    for _round in range(args.rounds):
        for mode in ("without", "with"):
            rows_before, links_before = history_rows(), AuditLink.objects.count()
            ctx = chain_disabled() if mode == "without" else _null()
            with ctx, CaptureQueriesContext(connection) as queries:
                start, cpu = time.perf_counter(), time.process_time()
                plan = exchange_import(
                    content=content, filename=path.name, actor=user, region_create=True
                )
                wall, cpu = time.perf_counter() - start, time.process_time() - cpu
            results[mode].append(
                (
                    wall,
                    cpu,
                    len(queries),
                    history_rows() - rows_before,
                    AuditLink.objects.count() - links_before,
                )
            )
            if mode == "with":
                last_plan = plan

    print(f"\nDatabase: {connection.vendor}; {args.scale}x plan ({len(content) / 1024:.0f} KB), "
          f"{args.rounds} imports each\n")  # fmt: skip
    header = ("audit chain", "median import s", "median CPU s", "queries", "history rows", "links")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" for _ in header) + "|")
    medians = {}
    for mode in ("without", "with"):
        rows = results[mode]
        wall = statistics.median(r[0] for r in rows)
        cpu = statistics.median(r[1] for r in rows)
        medians[mode] = (wall, cpu)
        print(
            f"| {mode} | {wall:.2f} | {cpu:.2f} | {rows[-1][2]} | {rows[-1][3]} | {rows[-1][4]} |"
        )
    wall_pct = (medians["with"][0] / medians["without"][0] - 1) * 100
    cpu_pct = (medians["with"][1] / medians["without"][1] - 1) * 100
    print(f"\nOverhead of the chain: {wall_pct:+.0f}% wall, {cpu_pct:+.0f}% CPU")

    start = time.perf_counter()
    report = verify_plan_chain(last_plan.pk)
    took = time.perf_counter() - start
    state = "intact" if report.first_break is None else f"BROKEN: {report.first_break}"
    print(f"verify_plan_chain: {report.links} links in {took:.2f} s ({state})")


@contextmanager
def _null():
    yield


if __name__ == "__main__":
    main()
