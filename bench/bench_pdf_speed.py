"""Benchmark: the document's PDF at 1x and 10x — our cold render, our warm re-render after a
one-section edit, and Chromium's print-to-PDF of the same HTML; seconds and peak memory.

    DEBUG=1 .venv/bin/python bench/bench_pdf_speed.py [--scales 1 10] [--chromium /usr/bin/chromium]

Uses a throwaway database (a temporary SQLite file unless DATABASE_URL names another one:
it is migrated and written to, never point it at real data). For each scale it generates
the plan with SHARED_DIR/interchange/make_large_plan.py, imports it, then:

- cold: a fresh process (as the worker's task) builds the document of the live draft and
  renders it the way the background task does (`renstra.document.assemble.render_assembled`:
  parts in parallel child processes, an empty parts cache), and writes the print HTML and
  its stylesheet to a folder for Chromium (not timed);
- warm: one section is edited through the service (`section_update`, with an actor and the
  history), then a fresh process renders again with the cache the cold render left;
- chromium: `chromium --headless --print-to-pdf` of the same HTML file (browser start-up
  included; the flags of the issue);
- one pass: for reference, the whole document in one WeasyPrint pass in the measuring
  process (`document_pdf`, what the render did before the parts).

Seconds are wall time of the render (document build + PDF; the interpreter and Django
start-up of the measuring process are not counted for ours). Peak MB is the largest sum of
resident memory over the whole process tree (the measuring process and its render children,
or Chromium and its helpers), polled every 20 ms from /proc. CPU s is the user+system time
of the tree (getrusage of the waited children: it includes the measuring process's
interpreter and Django start-up, and every render child). On a
machine shared with other work, wall time includes waiting for a core; compare CPU s too.
Never fails on a timing.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import harness

ROOT = Path(__file__).resolve().parent.parent
VERIFY_URL = "https://renstra.example.go.id/verify/dBenchToken0000000000/"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
]
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _pss(pid: int) -> int:
    """Proportional set size in bytes (shared pages split between the processes sharing
    them, so a tree's sum is not inflated by the libraries every helper maps); RSS where
    smaps_rollup is not readable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    with open(f"/proc/{pid}/statm") as fh:
        return int(fh.read().split()[1]) * PAGE_SIZE


class TreeMonitor:
    """Peak resident memory and CPU time of a process and all its descendants."""

    def __init__(self, pid: int, interval: float = 0.02):
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    stat = fh.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(entry))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                try:
                    total += _pss(pid)
                    with open(f"/proc/{pid}/stat") as fh:
                        fields = fh.read().rsplit(")", 1)[1].split()
                    self.cpu[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
                except (OSError, ValueError, IndexError):
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)


def measured(
    command: list[str], env: dict[str, str] | None = None
) -> tuple[float, float, float, str]:
    """Run `command`; (wall seconds, peak MB of the tree, CPU seconds, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    with TreeMonitor(process.pid) as monitor:
        out, err = process.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Waited descendants (getrusage), or the processes seen alive (a browser's helpers are
    # not all waited for by the process we started), whichever saw more.
    waited = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpu = max(waited, sum(monitor.cpu.values()))
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{err.decode(errors='replace')[-2000:]}")
    return seconds, monitor.peak / 2**20, cpu, out.decode()


def child(args) -> None:
    """--child: build and render one plan's document, print the numbers as JSON."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from django.utils import timezone, translation

    from renstra.document import (
        build_document,
        document_html,
        document_pdf,
        live_document_content,
    )
    from renstra.document.assemble import render_assembled
    from renstra.document.render import STYLESHEET, static_file
    from renstra.models import Plan

    translation.activate("id")
    started = time.perf_counter()
    plan = Plan.objects.select_related("unit__region", "rpjmd").get(public_id=args.plan)
    document = build_document(
        plan=plan,
        content=live_document_content(plan),
        version_label="Bench",
        version_date=timezone.now(),
        verify_url=VERIFY_URL,
    )
    built = time.perf_counter() - started
    if args.one_pass:
        data = document_pdf(document)
        Path(args.out).write_bytes(data)
        info = {"pages": None, "parts": 1, "rendered_parts": 1}
    else:
        result = render_assembled(document, out_path=Path(args.out), directory=Path(args.cache))
        info = result.info
    seconds = time.perf_counter() - started
    if args.html:
        folder = Path(args.html)
        (folder / "static" / "css").mkdir(parents=True, exist_ok=True)
        shutil.copy(static_file(STYLESHEET), folder / "static" / "css" / "document.css")
        (folder / "document.html").write_text(document_html(document, for_print=True))
    print(json.dumps({"seconds": seconds, "build": built, **info}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--html", help=argparse.SUPPRESS)
    parser.add_argument("--one-pass", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renstra.settings")
    if args.child:
        child(args)
        return
    tmp = Path(tempfile.mkdtemp(prefix="renstra-bench-pdf-"))
    try:
        run(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args, tmp: Path) -> None:
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    harness.django_setup(tmp, from_env=True)
    from renstra.exchange.importer import exchange_import
    from renstra.models import Element, Section, User
    from renstra.services.sections import section_update

    user, _created = User.objects.get_or_create(
        username="bench-pdf", defaults={"is_superuser": True, "is_staff": True}
    )
    rows = []
    for scale in args.scales:
        source = harness.make_plan(scale, tmp / f"plan-x{scale}.json")
        plan = exchange_import(
            content=source.read_bytes(), filename=source.name, actor=user, region_create=True
        )
        elements = Element.objects.filter(plan=plan).count()
        cache = tmp / f"cache-x{scale}"
        html = tmp / f"html-x{scale}"
        cache.mkdir()
        html.mkdir()
        base = [sys.executable, str(Path(__file__).resolve()), "--child", "--plan"]
        base += [plan.public_id, "--cache", str(cache)]
        env = dict(os.environ)

        one_s, one_mb, one_cpu, out = measured(
            [*base, "--one-pass", "--out", str(tmp / f"one-pass-x{scale}.pdf")], env
        )
        one = json.loads(out.strip().splitlines()[-1])
        cold_wall, cold_mb, cold_cpu, out = measured(
            [*base, "--out", str(tmp / f"cold-x{scale}.pdf"), "--html", str(html)], env
        )
        cold = json.loads(out.strip().splitlines()[-1])

        section = (
            Section.objects.filter(chapter__plan=plan)
            .order_by("chapter__number", "position", "id")
            .first()
        )
        section_update(
            section=section,
            title=section.title,
            body=section.body + "<p>Kalimat tambahan untuk uji kecepatan.</p>",
            expected_revision=section.revision,
            actor=user,
        )
        _warm_wall, warm_mb, warm_cpu, out = measured(
            [*base, "--out", str(tmp / f"warm-x{scale}.pdf")], env
        )
        warm = json.loads(out.strip().splitlines()[-1])

        profile = tmp / f"chromium-profile-x{scale}"
        chrome_s, chrome_mb, chrome_cpu, _out = measured(
            [
                args.chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={tmp / f'chromium-x{scale}.pdf'}",
                str(html / "document.html"),
            ]
        )
        rows.append(
            {
                "scale": scale,
                "elements": elements,
                "pages": cold["pages"],
                "cold": (cold["seconds"], cold_mb, cold_cpu, cold_wall),
                "warm": (warm["seconds"], warm_mb, warm_cpu, warm["rendered_parts"]),
                "parts": cold["parts"],
                "chromium": (chrome_s, chrome_mb, chrome_cpu),
                "one": (one["seconds"], one_mb, one_cpu),
            }
        )

    load = os.getloadavg()
    print(f"\nload average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", end="")
    print(f" on {os.cpu_count()} cores\n")
    header = (
        "scale", "elements", "pages", "parts", "cold s", "cold CPU s", "cold peak MB",
        "warm s", "warm CPU s", "warm parts", "warm peak MB", "Chromium s", "Chromium CPU s",
        "Chromium peak MB", "one pass s", "one pass CPU s", "one pass peak MB",
        "cold/Chromium", "warm/cold",
    )  # fmt: skip
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" for _ in header) + "|")
    for r in rows:
        cold_s, cold_mb, cold_cpu, _wall = r["cold"]
        warm_s, warm_mb, warm_cpu, warm_parts = r["warm"]
        chrome_s, chrome_mb, chrome_cpu = r["chromium"]
        one_s, one_mb, one_cpu = r["one"]
        print(
            f"| {r['scale']}x | {r['elements']} | {r['pages']} | {r['parts']} "
            f"| {cold_s:.1f} | {cold_cpu:.1f} | {cold_mb:.0f} "
            f"| {warm_s:.1f} | {warm_cpu:.1f} | {warm_parts} | {warm_mb:.0f} "
            f"| {chrome_s:.1f} | {chrome_cpu:.1f} | {chrome_mb:.0f} "
            f"| {one_s:.1f} | {one_cpu:.1f} | {one_mb:.0f} "
            f"| {cold_s / chrome_s:.2f} | {warm_s / cold_s:.2f} |"
        )


if __name__ == "__main__":
    main()
