"""Render a plan's document to PDF synchronously.

    python manage.py render_renstra PLAN_ID [--version LABEL|NUMBER] [--variant pdf/a-3a]
        [--one-pass] -o OUT.pdf

PLAN_ID is the plan's public_id; without --version the live draft is rendered. Frozen
versions come from the flow that owns them (provider slot "document_content"). A plain PDF
is rendered in parts by child processes (renstra.document.assemble, parts cached); a
--variant (PDF/A) or --one-pass renders the whole document in one WeasyPrint pass here."""

import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from renstra.document import build_document, document_pdf, live_document_content
from renstra.document.assemble import render_assembled
from renstra.document.worker import RenderFailed
from renstra.models import Plan
from renstra.providers import collect, providers


class Command(BaseCommand):
    help = "Render a plan's Renstra document (live draft or a frozen version) to PDF."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version names a plan version (it replaces Django's, which prints Django's).
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("plan_id", help="the plan's public_id")
        parser.add_argument("--version", help="version number or label (default: live draft)")
        parser.add_argument("--variant", default=None, help="WeasyPrint pdf_variant")
        parser.add_argument(
            "--one-pass", action="store_true", help="one WeasyPrint pass in this process"
        )
        parser.add_argument("-o", "--output", required=True, help="PDF file to write")

    def handle(self, *args, plan_id, version, variant, output, one_pass, **options):
        translation.activate("id")
        try:
            plan = Plan.objects.select_related("unit__region", "rpjmd").get(public_id=plan_id)
        except Plan.DoesNotExist:
            raise CommandError(f"Unknown plan: {plan_id}") from None
        started = time.monotonic()
        if version:
            info = self._version(plan, version)
            content = self._content(plan, info.number)
            label, when = info.label, info.frozen_at
        else:
            content = live_document_content(plan)
            label, when = "Rancangan terkini", timezone.now()
        document = build_document(
            plan=plan, content=content, version_label=label, version_date=when
        )
        if variant or one_pass:
            data = document_pdf(document, pdf_variant=variant)
        else:
            with tempfile.TemporaryDirectory(prefix="renstra-render-") as tmp:
                try:
                    result = render_assembled(document, out_path=Path(tmp) / "document.pdf")
                except RenderFailed as exc:
                    raise CommandError(f"Render failed ({exc.reason}): {exc}") from None
                data = result.path.read_bytes()
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: {len(data)} bytes in {time.monotonic() - started:.1f} s")

    def _version(self, plan, wanted: str):
        versions = collect("document_versions", plan)
        for v in versions:
            if (wanted.isdigit() and v.number == int(wanted)) or v.label == wanted:
                return v
        raise CommandError(f"Unknown version: {wanted}")

    def _content(self, plan, number: int):
        for provider in providers("document_content"):
            content = provider(plan, number)
            if content is not None:
                return content
        raise CommandError("No provider for frozen versions is installed.")
