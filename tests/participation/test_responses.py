"""Official responses: kinds, the link required when accepted, optimistic concurrency,
history, the commenter notified, the unanswered count, the response page's access."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from participation.errors_comments import ResponseInvalid
from participation.models import Notification, OfficialResponse
from participation.selectors.comments import unanswered_comment_count
from participation.services.comments import comment_create, comment_hide, comment_reply
from participation.services.responses import comment_respond
from tests.participation.comment_helpers import setup_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def setup(plan, planner):
    consultation, section, _org, member = setup_consultation(plan, planner)
    comment = comment_create(
        consultation=consultation,
        user=member,
        body="Tambahkan target kader posyandu.",
        target="section",
        section_id=section.pk,
        quote="kader terlatih",
    )
    return consultation, section, member, comment


def test_partly_accepted_needs_a_link_and_notifies(setup, planner):
    consultation, section, member, comment = setup
    with pytest.raises(ResponseInvalid) as error:
        comment_respond(comment=comment, actor=planner, kind="partly", reason="Sebagian")
    assert error.value.text == str(ResponseInvalid.link_required)
    assert unanswered_comment_count(consultation) == 1
    response = comment_respond(
        comment=comment,
        actor=planner,
        kind="partly",
        reason="Target kader ditambahkan untuk 2027.",
        applied_version=consultation.version,
        applied_section_id=section.pk,
    )
    assert response.applied_label.startswith("1.1")
    assert unanswered_comment_count(consultation) == 0
    note = Notification.objects.get(user=member, kind="comment_response")
    assert "Diterima sebagian" in note.subject
    assert response.history.first().history_user == planner


def test_noted_needs_no_link_and_edits_are_optimistic(setup, planner, head):
    _consultation, _section, _member, comment = setup
    first = comment_respond(comment=comment, actor=planner, kind="noted", reason="Dicatat.")
    assert first.applied_version is None and first.revision == 1
    comment_respond(
        comment=comment,
        actor=planner,
        kind="not_accepted",
        reason="Di luar kewenangan.",
        revision=1,
    )
    with pytest.raises(ResponseInvalid) as error:
        comment_respond(comment=comment, actor=planner, kind="noted", reason="Basi", revision=1)
    assert error.value.text == str(ResponseInvalid.conflict)
    current = OfficialResponse.objects.get(comment=comment)
    assert current.kind == "not_accepted" and current.revision == 2
    assert current.history.count() == 2


def test_replies_get_no_response_and_hidden_inputs_do_not_block(setup, planner):
    consultation, _section, _member, comment = setup
    reply = comment_reply(parent=comment, user=planner, body="Kami pelajari.")
    with pytest.raises(ResponseInvalid):
        comment_respond(comment=reply, actor=planner, kind="noted", reason="x")
    comment_hide(comment=comment, moderator=planner, reason="Spam")
    assert unanswered_comment_count(consultation) == 0


def test_response_page_access(client, setup, planner, outsider, citizen):
    consultation, section, member, comment = setup
    url = reverse("participation:comment_response", args=[consultation.public_id, comment.pk])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 404  # sees no plan: outsider
    client.force_login(planner)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "partly",
            "reason": "Sebagian diterapkan",
            "applied_version": consultation.version.number,
            "applied_section": section.pk,
            "revision": 0,
        },
    )
    assert response.status_code == 302
    assert OfficialResponse.objects.get(comment=comment).kind == "partly"
