"""Benchmark: import the sample plan at 1x and 10x, then render the workspace page.

    DEBUG=1 .venv/bin/python bench/bench_import_workspace.py [--scales 1 10] [--requests 20]

Uses a throwaway database: a temporary SQLite file, or the database DATABASE_URL names
(it is migrated and written to: never point it at real data). The plans are generated with
SHARED_DIR/interchange/make_large_plan.py into a temporary folder, imported with the
exchange importer (timed), then the workspace page (renstra:workspace) is requested
N times as a superuser through django.test.Client. Prints a table: import seconds, median
and worst request time, and the queries of one request. "import CPU s" is the process's
CPU time (meaningful on a busy machine, where wall time includes waiting for a core).
Never fails on a timing.
"""

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import harness


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="renstra-bench-import-"))
    try:
        run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(tmp: Path) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()

    harness.django_setup(tmp, from_env=True)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from renstra.exchange.importer import exchange_import
    from renstra.models import Element, User

    user, _created = User.objects.get_or_create(
        username="bench-root", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="localhost")  # in ALLOWED_HOSTS by default
    client.force_login(user)
    rows = []
    for scale in args.scales:
        path = harness.make_plan(scale, tmp / f"plan-x{scale}.json")
        content = path.read_bytes()
        start, cpu = time.perf_counter(), time.process_time()
        plan = exchange_import(content=content, filename=path.name, actor=user, region_create=True)
        import_seconds = time.perf_counter() - start
        import_cpu = time.process_time() - cpu
        elements = Element.objects.filter(plan=plan).count()
        url = reverse("renstra:workspace", args=[plan.public_id])
        median, worst, queries = harness.measure(client, url, args.requests, warmup=True)
        row = (scale, len(content), elements, import_seconds, import_cpu, median, worst)
        rows.append((*row, queries))

    engine = connection.vendor
    print(f"\nDatabase: {engine}; {args.requests} workspace requests per plan\n")
    header = (
        "scale", "file KB", "elements", "import s", "import CPU s", "median ms", "max ms",
        "queries",
    )  # fmt: skip
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" for _ in header) + "|")
    for scale, size, elements, imp, imp_cpu, median, worst, queries in rows:
        print(
            f"| {scale}x | {size / 1024:.0f} | {elements} | {imp:.2f} | {imp_cpu:.2f} "
            f"| {median * 1000:.1f} "
            f"| {worst * 1000:.1f} | {queries} |"
        )


if __name__ == "__main__":
    main()
