"""Benchmark: what the archival variant costs — plain PDF vs PDF/A-3a (archival, tagged)
vs PDF/A-3b vs PDF/UA-1, on the sample plan (or a larger one with --scale).

    .venv/bin/python bench/bench_pdf_variants.py [--scale 1] [--repeat 3] [--database-url URL]

Uses a throwaway database (a temporary SQLite file unless --database-url names another
one). Imports /work/shared/interchange/sample-dinkes-contoh.json (scaled with
make_large_plan.py when --scale > 1), freezes a version, builds the document once, then
times `document_pdf` per variant in this process (median of --repeat), and once through
the job's child process (`worker.render_in_child`, as the worker runs it: start-up
included). Prints seconds, size, pages and peak memory of the child; never fails on a
timing.
"""

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

import harness

VARIANTS = [None, "pdf/a-3b", "pdf/a-3a", "pdf/ua-1"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="renstra-pdf-bench-"))
    harness.django_setup(tmp, args.database_url)
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # CSS warnings are not numbers
    from django.utils import timezone

    from renstra.document import build_document, document_pdf
    from renstra.document.jobs import pdf_page_count
    from renstra.document.worker import render_in_child
    from renstra.models import Element, Plan
    from stages.versions import version_content, version_freeze

    source = harness.SAMPLE
    if args.scale > 1:
        source = harness.make_plan(args.scale, tmp / f"plan-x{args.scale}.json")
    public_id = harness.import_plan(source)
    plan = Plan.objects.select_related("unit__region").get(public_id=public_id)
    version = version_freeze(plan=plan, label="Bench", kind="ratified")
    content = version_content(version)
    document = build_document(
        plan=plan,
        content=content,
        version_label=version.label,
        version_date=timezone.now(),
        verify_url="https://renstra.example.go.id/verify/dBenchToken0000000000/",
    )
    elements = Element.objects.filter(plan=plan).count()
    print(f"plan x{args.scale}: {elements} elements, {len(plan.years)} years")
    document_pdf(document)  # warm-up: imports, fonts

    print(
        f"{'variant':<10} {'median s':>9} {'vs plain':>9} "
        f"{'size KB':>9} {'vs plain':>9} {'pages':>6}"
    )
    base_time = base_size = None
    for variant in VARIANTS:
        times, data = [], b""
        for _ in range(args.repeat):
            start = time.perf_counter()
            data = document_pdf(document, pdf_variant=variant)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        size = len(data)
        base_time = base_time or median
        base_size = base_size or size
        print(
            f"{variant or 'pdf':<10} {median:9.3f} {median / base_time:8.2f}x "
            f"{size / 1024:9.1f} {size / base_size:8.2f}x {pdf_page_count(data) or 0:6d}"
        )

    print("\nthrough the worker's child process (start-up included):")
    for variant in (None, "pdf/a-3a"):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result = render_in_child(
            "renstra.document.jobs.pdf_in_child",
            (document, variant),
            out_path=tmp / f"child-{(variant or 'pdf').replace('/', '-')}.pdf",
        )
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(
            f"{variant or 'pdf':<10} {result.seconds:9.3f} s  "
            f"{result.path.stat().st_size / 1024:9.1f} KB  "
            f"peak RSS of children {max(peak, before) / 1024:.0f} MB"
        )


if __name__ == "__main__":
    main()
