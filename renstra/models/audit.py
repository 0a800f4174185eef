"""Tamper evidence for the audit history: every history row of a plan, chained by hash.

Each history record (simple-history) that belongs to a plan gets one `AuditLink`, written in
the same transaction as the record: `hash = sha256(previous_hash + canonical JSON of the
row)`, where `previous_hash` is the hash of the plan's previous link. Editing, deleting or
inserting a history row behind the application's back breaks the chain at that row, and
`manage.py audit_verify` reports it. Written only by `renstra.audit`.

The plan is referenced without a database constraint and is never cascaded: the chain of a
deleted plan stays, as its history does."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .plan import Plan

GENESIS_HASH = "0" * 64


class AuditChainHead(models.Model):
    """The last link of a plan's chain. Writers lock this row (SELECT … FOR UPDATE) before
    appending, so two transactions never append after the same link (no fork)."""

    plan = models.OneToOneField(
        Plan,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("ujung rantai audit")
        verbose_name_plural = _("ujung rantai audit")

    def __str__(self) -> str:
        return f"{self.plan_id} #{self.sequence}"


class AuditLink(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    sequence = models.PositiveBigIntegerField()
    # The history model (Historical…) and the primary key of the row in it.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    history_id = models.BigIntegerField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("mata rantai audit")
        verbose_name_plural = _("mata rantai audit")
        constraints = [
            models.UniqueConstraint(fields=["plan", "sequence"], name="audit_link_plan_sequence"),
            models.UniqueConstraint(
                fields=["content_type", "history_id"], name="audit_link_history_row"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} #{self.sequence}"
