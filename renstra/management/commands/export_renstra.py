"""python manage.py export_renstra PLAN_ID [-o FILE]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from renstra.exchange.exporter import exchange_export_json
from renstra.models import Plan


class Command(BaseCommand):
    help = "Ekspor satu rencana (menurut public_id) ke format pertukaran Renstra (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", help="public_id rencana")
        parser.add_argument("-o", "--output", help="berkas tujuan (bawaan: keluaran standar)")

    def handle(self, *args, **options):
        try:
            plan = Plan.objects.get(public_id=options["plan_id"])
        except Plan.DoesNotExist:
            raise CommandError(f"Rencana {options['plan_id']!r} tidak ditemukan.") from None
        text = exchange_export_json(plan=plan)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            # The JSON as is: no extra newline after the one the export ends with.
            self.stdout.write(text, ending="")
