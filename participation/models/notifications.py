"""In-app notifications (and their e-mail), and each person's delivery choice."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        CONSULTATION_OPENED = "consultation_opened", _("Konsultasi dibuka untuk organisasi Anda")
        CONSULTATION_CLOSING = "consultation_closing", _("Konsultasi segera ditutup")
        COMMENT_REPLY = "comment_reply", _("Balasan atas masukan Anda")
        COMMENT_RESPONSE = "comment_response", _("Tanggapan resmi atas masukan Anda")
        REPORT = "report", _("Laporan masukan untuk dimoderasi")
        ORGANISATION = "organisation", _("Organisasi dan keanggotaan")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    subject = models.CharField(_("judul"), max_length=300)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    # Makes a notification idempotent (e.g. "closing:<consultation id>"): a second one with
    # the same key for the same person is not created.
    key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("dikirim lewat e-mail pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notification_user_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["user", "created_at"],
                name="notification_unmailed",
                condition=models.Q(emailed_at__isnull=True),
            ),
            models.Index(fields=["user", "-created_at"], name="notification_user_created"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationSettings(models.Model):
    """How a person receives notifications by e-mail (in-app they always appear)."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Segera, satu e-mail per notifikasi")
        DIGEST = "digest", _("Ringkasan harian")
        NONE = "none", _("Tidak lewat e-mail")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    delivery = models.CharField(
        _("pengiriman e-mail"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    last_digest_at = models.DateTimeField(_("ringkasan terakhir"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengaturan notifikasi")
        verbose_name_plural = _("pengaturan notifikasi")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delivery__in=["immediate", "digest", "none"]),
                name="notificationsettings_delivery_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_delivery_display()}"
