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
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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

    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renstra.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from renstra.exchange.importer import exchange_import
    from renstra.models import Element, User

    call_command("migrate", verbosity=0)
    user, _created = User.objects.get_or_create(
        username="bench-root", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="localhost")  # in ALLOWED_HOSTS by default
    client.force_login(user)
    interchange = settings.SHARED_DIR / "interchange"
    rows = []
    for scale in args.scales:
        path = tmp / f"plan-x{scale}.json"
        subprocess.run(
            [
                sys.executable,
                str(interchange / "make_large_plan.py"),
                str(interchange / "sample-dinkes-contoh.json"),
                "--scale",
                str(scale),
                "-o",
                str(path),
            ],
            check=True,
        )
        content = path.read_bytes()
        start, cpu = time.perf_counter(), time.process_time()
        plan = exchange_import(content=content, filename=path.name, actor=user, region_create=True)
        import_seconds = time.perf_counter() - start
        import_cpu = time.process_time() - cpu
        elements = Element.objects.filter(plan=plan).count()
        url = reverse("renstra:workspace", args=[plan.public_id])
        assert client.get(url).status_code == 200  # warm-up
        times = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        median = statistics.median(times)
        row = (scale, len(content), elements, import_seconds, import_cpu, median, max(times))
        rows.append((*row, len(captured)))

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
