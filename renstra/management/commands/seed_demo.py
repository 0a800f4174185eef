from django.conf import settings
from django.core.management.base import BaseCommand

from renstra.services.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Load the demo region, unit, plan and one account per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="where it runs")

    def handle(self, *args, **options):
        base = options["base_url"].rstrip("/")
        result = demo_seed()
        plan = result.plan
        state = "dimuat" if result.created_plan else "sudah ada"
        self.stdout.write(f"Rencana demo ({state}): {plan.title}")
        self.stdout.write(f"  {base}{plan.get_absolute_url()}")
        self.stdout.write(f"Akun demo (kata sandi semua akun: {DEMO_PASSWORD}):")
        for username, role, scope in result.accounts:
            self.stdout.write(f"  {username:<12} {role} — {scope}")
        self.stdout.write(f"Masuk di {base}/masuk/")
        if settings.RENSTRA_REQUIRE_2FA:
            self.stdout.write(
                "Catatan: akun admin, superuser dan Sekda (pengesah) wajib verifikasi dua "
                "langkah (TOTP): setelah masuk, pindai kode QR dengan aplikasi autentikator. "
                "Untuk demo tanpa TOTP: RENSTRA_REQUIRE_2FA=0 (make run melakukannya)."
            )
        else:
            self.stdout.write(
                "Catatan: verifikasi dua langkah (TOTP) DIMATIKAN untuk demo ini "
                "(RENSTRA_REQUIRE_2FA=0). Di produksi akun admin, superuser dan Sekda wajib "
                "memakainya."
            )
