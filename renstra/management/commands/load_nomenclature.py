from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from renstra.services.nomenclature import LEVELS, nomenclature_load_csv


class Command(BaseCommand):
    help = "Muat daftar nomenklatur (CSV: kind?, code, name, indicator, unit) sebagai versi baru."

    def add_base_argument(self, parser, *args, **kwargs):
        # --version names the nomenclature version here, not the Django version.
        if "--version" not in args:
            super().add_base_argument(parser, *args, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas CSV")
        parser.add_argument("--version", dest="version_name", required=True, help="nama versi")
        parser.add_argument("--level", choices=LEVELS, default="kabkota")
        parser.add_argument("--decree", default="", help="dasar hukum (mis. Kepmendagri ...)")

    def handle(self, *args, file, version_name, level, decree, **options):
        try:
            version = nomenclature_load_csv(
                path_or_file=file, version_name=version_name, level=level, decree=decree
            )
        except FileNotFoundError as exc:
            raise CommandError(f"Berkas tidak ditemukan: {file}") from exc
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(f"{version}: {version.items.count()} baris dimuat.")
