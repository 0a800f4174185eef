"""Verify the hash chain over the plans' history (tamper evidence).

    python manage.py audit_verify [PLAN_ID]

PLAN_ID is the plan's public_id (or its numeric id, e.g. for a deleted plan); without it
every plan is verified. Prints each plan's link count and head hash (worth recording
outside the database, e.g. in the ratification minutes), and the first broken link. Exits
with status 1 when any chain is broken."""

from django.core.management.base import BaseCommand, CommandError

from renstra.models import Plan
from renstra.services.audit import chained_plan_ids, verify_plan_chain


class Command(BaseCommand):
    help = "Recompute the audit history's hash chain and report the first broken link."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", nargs="?", help="the plan's public_id or numeric id")

    def handle(self, *args, plan_id=None, **options):
        if plan_id:
            plan = Plan.objects.filter(public_id=plan_id).values_list("id", flat=True).first()
            if plan is None and plan_id.isdigit():
                plan = int(plan_id)
            if plan is None:
                raise CommandError(f"Unknown plan: {plan_id}")
            plan_ids = [plan]
        else:
            plan_ids = chained_plan_ids()
        broken = 0
        for pid in plan_ids:
            report = verify_plan_chain(pid)
            if report.first_break is None:
                self.stdout.write(f"plan {pid}: OK, {report.links} links, head {report.head_hash}")
            else:
                broken += 1
                self.stdout.write(f"plan {pid}: BROKEN after {report.links} links")
                self.stderr.write(f"First broken link: {report.first_break}")
        if broken:
            raise CommandError(f"{broken} of {len(plan_ids)} audit chain(s) broken.")
        self.stdout.write(self.style.SUCCESS(f"{len(plan_ids)} audit chain(s) intact."))
