"""Daily: tell the audience of consultations closing within two days (idempotent)."""

from django.core.management.base import BaseCommand

from participation.services.consultations import send_consultation_reminders


class Command(BaseCommand):
    help = "Notify the audience of consultations that close within two days (once each)."

    def handle(self, *args, **options):
        created = send_consultation_reminders()
        self.stdout.write(f"{created} reminder(s) created")
