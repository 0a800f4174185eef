"""Reports and moderation: hidden after the configured number of reports, moderators
notified, hide/unhide with a reason, every step logged; the moderation page's access."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from participation.errors_comments import ModerationError
from participation.models import Comment, ModerationAction, Notification
from participation.services.comments import (
    comment_create,
    comment_hide,
    comment_report,
    comment_unhide,
)
from tests.factories import UserFactory
from tests.participation.comment_helpers import setup_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(plan, planner):
    cache.clear()
    consultation, _section, _org, member = setup_consultation(plan, planner)
    comment = comment_create(consultation=consultation, user=member, body="Iklan!", target="plan")
    return consultation, member, comment


def test_hidden_after_threshold_until_a_moderator_decides(setup, planner, settings):
    settings.RENSTRA_COMMENT_REPORT_THRESHOLD = 2
    _consultation, member, comment = setup
    with pytest.raises(ModerationError):
        comment_report(comment=comment, user=member, reason="sendiri")
    a, b = UserFactory(), UserFactory()
    comment_report(comment=comment, user=a, reason="Promosi")
    with pytest.raises(ModerationError) as error:
        comment_report(comment=comment, user=a, reason="lagi")
    assert error.value.text == str(ModerationError.already_reported)
    assert Comment.objects.get(pk=comment.pk).state == "visible"
    comment_report(comment=comment, user=b, reason="Spam")
    assert Comment.objects.get(pk=comment.pk).state == "reported"
    assert Notification.objects.filter(user=planner, kind="report").count() == 2
    comment_unhide(comment=comment, moderator=planner, reason="Bukan spam")
    assert Comment.objects.get(pk=comment.pk).state == "visible"
    comment_hide(comment=comment, moderator=planner, reason="Ternyata promosi")
    actions = list(
        ModerationAction.objects.filter(comment=comment).values_list("action", flat=True)
    )
    assert actions == ["report", "report", "auto_hide", "unhide", "hide"]
    with pytest.raises(ModerationError):
        comment_hide(comment=comment, moderator=planner, reason="")


def test_hidden_text_not_shown_to_the_public(client, setup, planner):
    consultation, _member, comment = setup
    comment_hide(comment=comment, moderator=planner, reason="Spam")
    html = client.get(reverse("participation:comments", args=[consultation.public_id])).content
    assert b"Iklan!" not in html
    assert b"disembunyikan oleh moderator" in html


def test_moderation_page_access(client, setup, planner, outsider, region_admin):
    consultation, member, comment = setup
    url = reverse("participation:moderation", args=[consultation.public_id])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(region_admin)
    assert client.get(url).status_code == 200
    client.force_login(planner)
    post = reverse("participation:comment_moderate", args=[consultation.public_id, comment.pk])
    client.post(post, {"action": "hide", "reason": "Spam"})
    assert Comment.objects.get(pk=comment.pk).state == "hidden"
    client.force_login(member)
    assert client.post(post, {"action": "unhide", "reason": "x"}).status_code in (403, 404)
