"""Benchmark: the public consultation pages (no login) at two data sizes.

    .venv/bin/python bench/bench_participation_pages.py [--scale 1] [--consultations 10 100]
        [--requests 10] [--database-url URL]

Uses a throwaway database (a temporary SQLite file unless --database-url names another
one: it is migrated and written to). Imports the sample plan (scaled with
/work/shared/interchange/make_large_plan.py), opens a public consultation on it (which
freezes the consulted version), and adds other units' consultations in the same region.
Then requests, anonymously through django.test.Client, the region page (open and past
consultations) and the consultation page (the consulted draft as the document HTML) and
prints the median and worst server time and the query count of one request, for each
number of consultations. Never fails on a timing.
"""

import argparse
import tempfile
from pathlib import Path

import harness


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--consultations", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="renstra-bench-"))
    harness.django_setup(tmp, args.database_url)
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from renstra.models import Plan, Unit, User
    from renstra.services.plans import plan_create_skeleton
    from renstra.services.roles import role_grant

    source = harness.make_plan(args.scale, tmp / f"plan-x{args.scale}.json")
    plan = Plan.objects.get(public_id=harness.import_plan(source))
    region = plan.unit.region
    admin = User.objects.create(username="bench", is_superuser=True)
    now = timezone.now()

    def open_on(target, title):
        return harness.open_public_consultation(target, admin, title, now)

    consultation = open_on(plan, "Konsultasi publik rancangan Renstra")
    print(f"plan: {plan.elements.count()} elements, scale {args.scale}")
    print(f"{'consultations':>13} {'page':<14} {'median ms':>10} {'worst ms':>9} {'queries':>8}")
    client = Client(HTTP_HOST="localhost")  # in ALLOWED_HOSTS by default
    made = 1
    for target in sorted(args.consultations):
        while made < target:
            unit = Unit.objects.create(
                region=region, name=f"Dinas Bench {made}", code=f"9.99.{made:04d}"
            )
            role_grant(user=admin, role="planner", scope=unit)
            other = Plan.objects.create(
                unit=unit, title=f"Renstra Dinas Bench {made}", start_year=2026, end_year=2030
            )
            plan_create_skeleton(plan=other, actor=admin)
            open_on(other, f"Konsultasi {made}")
            made += 1
        for label, url in (
            ("region", reverse("participation:region", args=[region.pk])),
            ("consultation", consultation.get_absolute_url()),
        ):
            median, worst, queries = harness.measure(client, url, args.requests)
            row = f"{made:>13} {label:<14} {median * 1000:>10.1f} {worst * 1000:>9.1f}"
            print(f"{row} {queries:>8}")


if __name__ == "__main__":
    main()
