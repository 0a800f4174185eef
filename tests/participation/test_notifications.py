"""Notifications: in-app always, by e-mail immediately (after commit) or in a daily
digest; idempotent keys; the list page, marking read, the unread count in the header."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from participation.models import Notification, NotificationSettings
from participation.services.notifications import (
    notification_settings_set,
    notify,
    send_notification_digests,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(user, **kwargs):
    options = {
        "kind": "comment_response",
        "subject": "Tanggapan resmi atas komentar Anda",
        "body": "Diterima sebagian.",
        "url": "/partisipasi/konsultasi/x/komentar/",
    }
    options.update(kwargs)
    return notify(user=user, **options)


def test_immediate_mail_after_commit(django_capture_on_commit_callbacks, settings):
    settings.RENSTRA_PUBLIC_URL = "https://renstra.example.go.id"
    user = UserFactory(email="lsm@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = _notify(user)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["lsm@example.org"]]
    assert "https://renstra.example.go.id/partisipasi/konsultasi/x/komentar/" in mail.outbox[0].body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_key_makes_it_idempotent_and_unknown_kinds_fail():
    user = UserFactory()
    assert _notify(user, key="k1") is not None
    assert _notify(user, key="k1") is None
    assert Notification.objects.filter(user=user).count() == 1
    with pytest.raises(ValueError):
        _notify(user, kind="unknown")


def test_digest_collects_and_is_idempotent(django_capture_on_commit_callbacks):
    user = UserFactory(email="digest@example.org")
    notification_settings_set(user=user, delivery="digest")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user, subject="Satu")
        _notify(user, subject="Dua")
    assert mail.outbox == []  # no immediate mail
    assert send_notification_digests() == 1
    assert len(mail.outbox) == 1
    assert "Satu" in mail.outbox[0].body and "Dua" in mail.outbox[0].body
    assert send_notification_digests() == 0  # same day: nothing again
    _notify(user, subject="Tiga")
    assert send_notification_digests(now=timezone.now() + timedelta(days=1)) == 1
    assert "Tiga" in mail.outbox[1].body and "Satu" not in mail.outbox[1].body
    out = []
    call_command("send_notification_digests", stdout=type("S", (), {"write": out.append})())
    assert "0 digest" in out[0]


def test_none_delivery_sends_nothing(django_capture_on_commit_callbacks):
    user = UserFactory()
    notification_settings_set(user=user, delivery="none")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    assert mail.outbox == []
    assert Notification.objects.filter(user=user).count() == 1


def test_page_access_mark_read_and_header_count(client):
    url = reverse("participation:notifications")
    assert client.get(url).status_code == 302
    user = UserFactory()
    other = UserFactory()
    mine = _notify(user, subject="Untuk saya")
    _notify(other, subject="Untuk orang lain")
    client.force_login(user)
    body = client.get(url).content.decode()
    assert "Untuk saya" in body and "Untuk orang lain" not in body
    assert 'class="badge">1<' in body
    # Marking another person's notification does nothing.
    theirs = Notification.objects.get(user=other)
    client.post(reverse("participation:notifications_read"), {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.post(
        reverse("participation:notifications_read"), {"id": mine.pk, "next": mine.url}
    )
    assert response["Location"] == mine.url
    mine.refresh_from_db()
    assert mine.is_read
    assert 'class="badge">' not in client.get(url).content.decode()
    # An outside address is not followed.
    other_note = _notify(user, subject="Lagi")
    response = client.post(
        reverse("participation:notifications_read"),
        {"id": other_note.pk, "next": "//evil.example/"},
    )
    assert response["Location"] == url


def test_settings_form(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("participation:notifications")
    assert client.post(url, {"delivery": "x"}).status_code == 400
    client.post(url, {"delivery": "digest"})
    assert NotificationSettings.objects.get(user=user).delivery == "digest"


def test_list_queries_constant(client, django_assert_max_num_queries):
    user = UserFactory()
    for i in range(2):
        _notify(user, subject=f"N{i}")
    client.force_login(user)
    url = reverse("participation:notifications")
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for i in range(2, 25):
        _notify(user, subject=f"N{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(url).content.decode()
    assert "N24" in body
