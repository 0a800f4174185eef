"""XSS payloads through every text input of the comment flow: comment body, quote, reply,
report reason, moderation reason, response reason, attachment name. None is stored with
markup; every page shows them as text (the browser check is in
tests/browser/test_participation_journey.py)."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participation.models import (
    Comment,
    CommentAttachment,
    CommentReport,
    ModerationAction,
    OfficialResponse,
)
from participation.services.comments import (
    clean_text,
    comment_create,
    comment_hide,
    comment_reply,
    comment_report,
)
from participation.services.responses import comment_respond
from tests.factories import UserFactory
from tests.participation.comment_helpers import setup_consultation, write_section

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '"><script>alert(document.cookie)</script>',
    '<a href="javascript:alert(1)">klik</a>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<iframe src=javascript:alert(1)></iframe>",
    "<body onload=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "<style>*{background:url(javascript:alert(1))}</style>",
]
TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")


def has_markup(text: str) -> bool:
    return bool(TAG.search(text or ""))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_clean_text_leaves_no_markup(payload):
    cleaned = clean_text(f"Catatan {payload} akhir", limit=5000)
    assert not has_markup(cleaned)
    assert cleaned.startswith("Catatan") and cleaned.endswith("akhir")


def test_every_input_of_the_flow(client, plan, planner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RENSTRA_COMMENT_RATE = (1000, 600)
    settings.RENSTRA_COMMENT_REPORT_THRESHOLD = 100
    cache.clear()
    consultation, section, _org, member = setup_consultation(plan, planner)
    # A section text that literally contains a payload (escaped in the HTML): a quote of it.
    write_section(plan, "<p>Teks &lt;b&gt;tebal&lt;/b&gt; dan posyandu.</p>")
    for i, payload in enumerate(PAYLOADS):
        comment = comment_create(
            consultation=consultation,
            user=member,
            body=f"Komentar {i} {payload}",
            target="section",
            section_id=section.pk,
            quote="posyandu",
            attachment=SimpleUploadedFile(f"{payload}.png", b"\x89PNG\r\n\x1a\n0000", "image/png"),
        )
        reply = comment_reply(parent=comment, user=planner, body=f"Balasan {payload}")
        comment_report(comment=comment, user=UserFactory(), reason=f"Laporan {payload}")
        comment_respond(comment=comment, actor=planner, kind="noted", reason=f"Alasan {payload}")
        if i % 2:
            comment_hide(comment=reply, moderator=planner, reason=f"Moderasi {payload}")
    stored = [
        *Comment.objects.values_list("body", flat=True),
        *Comment.objects.values_list("quote", flat=True),
        *CommentReport.objects.values_list("reason", flat=True),
        *ModerationAction.objects.values_list("reason", flat=True),
        *OfficialResponse.objects.values_list("reason", flat=True),
        *CommentAttachment.objects.values_list("name", flat=True),
    ]
    assert stored and not [s for s in stored if has_markup(s)]

    client.force_login(planner)
    pages = [
        reverse("participation:comments", args=[consultation.public_id]),
        reverse("participation:response_matrix", args=[consultation.public_id]),
        reverse("participation:moderation", args=[consultation.public_id]),
        reverse(
            "participation:plan_version_comments",
            args=[plan.public_id, consultation.version.number],
        ),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        for needle in ("<script>alert", "onerror=alert", "onload=alert", 'href="javascript:'):
            assert needle not in html, (url, needle)


def test_quote_typed_with_markup_is_refused_or_cleaned(client, plan, planner):
    cache.clear()
    consultation, section, _org, member = setup_consultation(plan, planner)
    client.force_login(member)
    response = client.post(
        reverse("participation:comment_create", args=[consultation.public_id]),
        {
            "target": "section",
            "section": section.pk,
            "quote": "<script>alert(1)</script>posyandu",
            "body": "<img src=x onerror=alert(1)>isi",
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.quote == "posyandu" and comment.body == "isi"
