"""What the benchmarks share: paths, a throwaway database, the scaled plan, one page measured.

    import harness  # the scripts in bench/ (their folder is on sys.path when run)

    tmp = Path(tempfile.mkdtemp(prefix="renstra-bench-"))
    harness.django_setup(tmp, args.database_url)  # Django set up, the database migrated
    public_id = harness.import_plan(harness.make_plan(args.scale, tmp / "plan.json"))
    median, worst, queries = harness.measure(client, url, args.requests)

Only the standard library is imported at module level: Django is set up by
`django_setup`, and the other helpers import it when called.
"""

import io
import os
import statistics
import subprocess
import sys
import time
from contextlib import redirect_stdout
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RENSTRA_SHARED_DIR", ROOT.parent / "shared"))
INTERCHANGE = SHARED / "interchange"
SAMPLE = INTERCHANGE / "sample-dinkes-contoh.json"


def django_setup(tmp: Path, database_url: str | None = None, *, from_env: bool = False) -> None:
    """Set Django up on a throwaway database and migrate it.

    The database is `database_url`, else (with `from_env`) the DATABASE_URL of the
    environment, else a new SQLite file in `tmp`. It is migrated and written to: never
    point it at real data. DEBUG defaults to 1 and the settings to renstra.settings. The
    TOTP second factor is off by default (RENSTRA_REQUIRE_2FA=0): the benchmarks measure
    pages, and a superuser without a device would be sent to enrolment instead.
    """
    sqlite = f"sqlite:///{tmp / 'bench.sqlite3'}"
    if from_env and not database_url:
        os.environ.setdefault("DATABASE_URL", sqlite)
    else:
        os.environ["DATABASE_URL"] = database_url or sqlite
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("RENSTRA_REQUIRE_2FA", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renstra.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_plan(scale: int, out: Path, *, source: Path = SAMPLE, **run_options) -> Path:
    """Write the sample plan scaled `scale` times (make_large_plan.py) to `out`; return it.

    `run_options` go to subprocess.run (e.g. capture_output=True).
    """
    subprocess.run(
        [
            sys.executable,
            str(INTERCHANGE / "make_large_plan.py"),
            str(source),
            "--scale",
            str(scale),
            "-o",
            str(out),
        ],
        check=True,
        **run_options,
    )
    return out


def import_plan(source: Path) -> str:
    """Import `source` with `import_renstra --region-create`; return the plan's public id."""
    from django.core.management import call_command

    out = io.StringIO()
    with redirect_stdout(out):
        call_command("import_renstra", str(source), "--region-create", stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def measure(client, url: str, requests: int, *, warmup: bool = False):
    """Request `url` `requests` times with `client` (each must answer 200).

    Returns the median and worst seconds and the number of queries of one more request.
    With `warmup`, one request first that is not counted.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if warmup:
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), max(times), len(queries.captured_queries)


def open_public_consultation(plan, actor, title: str, now):
    """Move `plan` on to the draft (rancangan) if it is earlier, and open a public
    consultation on it from an hour before `now` for 14 days."""
    from participation.services.consultations import consultation_open
    from stages.services import transition

    for stage in ("rancangan_awal", "rancangan"):
        if plan.stage != stage and plan.stage in ("persiapan", "rancangan_awal"):
            transition(plan=plan, to_stage=stage, actor=actor)
    return consultation_open(
        plan=plan,
        actor=actor,
        kind="public",
        title=title,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=14),
        audience="public",
    )
