"""python manage.py import_renstra FILE.json [--region-create] [--as USERNAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from renstra.exchange.errors import ExchangeInvalid
from renstra.exchange.importer import exchange_import


class Command(BaseCommand):
    help = "Impor satu berkas pertukaran Renstra (JSON) sebagai rencana baru."

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas renstra-exchange (JSON)")
        parser.add_argument(
            "--region-create",
            action="store_true",
            help="buat daerah bila belum terdaftar (tanpa ini daerah yang tidak ada adalah galat)",
        )
        parser.add_argument(
            "--as", dest="username", help="nama pengguna yang dicatat sebagai pengimpor"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        actor = None
        if options["username"]:
            try:
                actor = get_user_model().objects.get_by_natural_key(options["username"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"Pengguna {options['username']!r} tidak ditemukan.") from None
        try:
            plan = exchange_import(
                content=content,
                filename=path.name,
                actor=actor,
                region_create=options["region_create"],
            )
        except ExchangeInvalid as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{path.name}: {len(exc.errors)} kesalahan; tidak ada yang diimpor."
            ) from None
        self.stdout.write(plan.public_id)
