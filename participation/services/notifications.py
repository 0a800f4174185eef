"""Notifications: in-app always; by e-mail immediately or in a daily digest, as each
person chooses. Mail goes out after the transaction commits (never for a rolled-back
change)."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Notification, NotificationSettings


def absolute_url(url: str) -> str:
    """`url` with the site's public address in front (RENSTRA_PUBLIC_URL) for e-mail."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{settings.RENSTRA_PUBLIC_URL}{url}"


def notification_delivery(user: Any) -> str:
    row = NotificationSettings.objects.filter(user=user).values_list("delivery", flat=True)
    return next(iter(row), NotificationSettings.Delivery.IMMEDIATE)


def notify(
    *,
    user: Any,
    kind: str,
    subject: str,
    body: str = "",
    url: str = "",
    key: str = "",
) -> Notification | None:
    """Create an in-app notification for `user` and, when the person chose immediate
    delivery and has an e-mail address, send it by mail once the transaction commits.

    `kind` is a `Notification.Kind`; `url` a path on this site (the link in the app and
    the mail). A non-empty `key` makes the call idempotent: a second notification with the
    same key for the same person is not created (returns None). Returns the notification."""
    if user is None or not getattr(user, "pk", None):
        return None
    if kind not in Notification.Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    notification = Notification(
        user=user, kind=kind, subject=subject[:300], body=body, url=url[:500], key=key[:100]
    )
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:  # the same key written concurrently
        return None
    if user.email and notification_delivery(user) == NotificationSettings.Delivery.IMMEDIATE:
        transaction.on_commit(lambda: _mail_one(notification.pk))
    return notification


def _mail_one(notification_id: int) -> None:
    notification = (
        Notification.objects.select_related("user")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None or not notification.user.email:
        return
    context = {"notification": notification, "link": absolute_url(notification.url)}
    send_mail(
        subject=notification.subject,
        message=render_to_string("participation/email/notification.txt", context),
        from_email=None,
        recipient_list=[notification.user.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def notification_mark_read(*, user: Any, notification_id: int | None = None) -> int:
    """Mark one of `user`'s notifications (or all, when no id) read. Returns how many."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
    return rows.update(read_at=timezone.now())


def notification_settings_set(*, user: Any, delivery: str) -> NotificationSettings:
    """Set how `user` receives e-mail: immediate, daily digest, or none."""
    row, _created = NotificationSettings.objects.get_or_create(user=user)
    row.delivery = delivery
    row.full_clean()
    row.save(update_fields=["delivery"])
    return row


def send_notification_digests(*, now: datetime | None = None) -> int:
    """Mail each person who chose the daily digest one message with their notifications
    not yet mailed, at most once per 20 hours (so a daily run is idempotent and a late run
    still sends). Marks them mailed. Returns the number of digests sent."""
    now = now or timezone.now()
    sent = 0
    rows = NotificationSettings.objects.filter(
        delivery=NotificationSettings.Delivery.DIGEST
    ).select_related("user")
    for row in rows:
        if row.last_digest_at and now - row.last_digest_at < timedelta(hours=20):
            continue
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update()
                .filter(user=row.user, emailed_at__isnull=True, created_at__lte=now)
                .order_by("created_at", "id")
            )
            if not pending or not row.user.email:
                continue
            context = {
                "user": row.user,
                "items": [(n, absolute_url(n.url)) for n in pending],
            }
            send_mail(
                subject=_("Ringkasan notifikasi Renstra (%(count)s)") % {"count": len(pending)},
                message=render_to_string("participation/email/digest.txt", context),
                from_email=None,
                recipient_list=[row.user.email],
            )
            Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
            row.last_digest_at = now
            row.save(update_fields=["last_digest_at"])
            sent += 1
    return sent
