"""Daily: mail the digest to people who chose it (idempotent within 20 hours)."""

from django.core.management.base import BaseCommand

from participation.services.notifications import send_notification_digests


class Command(BaseCommand):
    help = "Mail each person who chose the daily digest their notifications not yet mailed."

    def handle(self, *args, **options):
        sent = send_notification_digests()
        self.stdout.write(f"{sent} digest(s) sent")
