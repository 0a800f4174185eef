"""Link history rows recorded before the audit chain existed (run once after upgrading).

    python manage.py audit_link_existing

Rows are linked in the order they were recorded. Run it only right after the upgrade that
added the chain: afterwards every unlinked row is, by definition, one inserted behind the
application's back, which `audit_verify` reports and this command would seal."""

from django.core.management.base import BaseCommand

from renstra.services.audit import link_existing_rows


class Command(BaseCommand):
    help = "Chain history rows recorded before the audit chain existed (once, after upgrading)."

    def handle(self, *args, **options):
        count = link_existing_rows()
        self.stdout.write(f"{count} history row(s) linked.")
