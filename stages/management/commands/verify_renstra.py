"""verify_renstra PLAN_ID [--version LABEL] [--format text|json]

Runs every automatic verification rule on a plan. Exit status: 0 when there is no
error-severity finding, 1 when there is one, 2 for a usage error (unknown plan or version)."""

import json

from django.core.management.base import BaseCommand, CommandError

from renstra.models import Plan
from stages.verification import verify_plan

CURRENT = "current"


class Command(BaseCommand):
    help = "Verifikasi otomatis sebuah Renstra (aturan V1–V21 domain.md §7)."

    def add_base_argument(self, parser, *args, **kwargs):
        # Django's own --version (print Django's version) would clash with the plan version.
        if "--version" in args:
            return
        super().add_base_argument(parser, *args, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("plan_id", help="public_id rencana")
        parser.add_argument(
            "--version",
            dest="version_label",
            default=CURRENT,
            help="label versi; sementara hanya 'current' (rencana saat ini)",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        label = options["version_label"] or CURRENT
        if label != CURRENT:
            raise CommandError(
                f"Versi “{label}” tidak dikenal: hanya 'current' yang dapat diverifikasi "
                f"(versi beku belum tersedia). / Unknown version “{label}”: only 'current' "
                "can be verified until frozen versions exist.",
                returncode=2,
            )
        plan = (
            Plan.objects.select_related("unit__region").filter(public_id=options["plan_id"]).first()
        )
        if plan is None:
            raise CommandError(
                f"Rencana “{options['plan_id']}” tidak ditemukan. / Plan not found.",
                returncode=2,
            )
        findings = verify_plan(plan)
        if options["format"] == "json":
            payload = {
                "plan": plan.public_id,
                "version": label,
                "findings": [f.to_json() for f in findings],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_text(plan, label, findings))
        if any(f.is_error for f in findings):
            raise SystemExit(1)


SEVERITY_ID = {"error": "KESALAHAN", "warning": "peringatan"}


def render_text(plan, label, findings) -> str:
    """A plain table in Indonesian, one row per finding."""
    header = ["Aturan", "Tingkat", "Letak", "Indikator", "Tahun", "Kolom", "Temuan"]
    rows = [
        [
            f.rule,
            SEVERITY_ID.get(f.severity, f.severity),
            f.where,
            _clip(f.indicator or "", 40),
            str(f.year or ""),
            f.field or "",
            f.message,
        ]
        for f in findings
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]

    def line(cells):
        fixed = [c.ljust(w) for c, w in zip(cells[:-1], widths, strict=True)]
        return "  ".join([*fixed, cells[-1]]).rstrip()

    errors = sum(1 for f in findings if f.is_error)
    out = [
        f"Verifikasi: {plan.title}",
        f"Rencana: {plan.public_id}   Versi: {label}",
        "",
    ]
    if rows:
        out.append(line(header))
        out.append(line(["-" * w for w in widths] + ["-" * 6]))
        out.extend(line(r) for r in rows)
        out.append("")
    out.append(f"{errors} kesalahan, {len(findings) - errors} peringatan.")
    return "\n".join(out)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
