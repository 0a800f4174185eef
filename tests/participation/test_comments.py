"""Comments: anchoring to a passage (and finding it again in a later version), threads,
attachments checked by content, the rate limit, the window checked on every write, the
comment page's query count at 20 and 2,000 comments, and the page's access."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from participation.anchors import Passage, locate, mark_passages, plain_text
from participation.errors import ConsultationNotOpen
from participation.errors_comments import AttachmentRejected, CommentInvalid, RateLimited
from participation.models import Comment, CommentAttachment, Notification
from participation.selectors.comments import (
    consultation_comment_page,
    plan_comments_in_version,
    unanswered_comment_count,
)
from participation.services.comments import comment_create, comment_reply
from stages.versions import version_freeze
from tests.participation.comment_helpers import setup_consultation, write_section

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def setup(plan, planner):
    return setup_consultation(plan, planner)


def passage(consultation, user, section, quote, **kwargs):
    return comment_create(
        consultation=consultation,
        user=user,
        body=kwargs.pop("body", "Mohon data per desa."),
        target="section",
        section_id=section.pk,
        quote=quote,
        **kwargs,
    )


def test_plain_text_matches_text_content_and_marks_keep_it():
    html = "<p>Satu &amp; dua.</p><p>Tiga <strong>empat</strong> lima.</p>"
    text = plain_text(html)
    assert text == "Satu & dua.Tiga empat lima."
    start, end = locate(text, "empat lima")
    marked = mark_passages(html, [Passage(start, end, 7, "Komentar #7")])
    assert plain_text(marked, sanitized=True) == text
    assert '<mark class="comment-mark">empat</mark>' in marked
    assert 'href="#komentar-7"' in marked


def test_locate_picks_the_occurrence_nearest_the_old_position():
    text = "air bersih. air bersih. air bersih."
    assert locate(text, "air bersih", 13) == (12, 22)
    assert locate(text, "air   bersih.", 0) == (0, 11)  # whitespace forgiven
    assert locate(text, "air kotor", 0) is None


def test_passage_comment_is_anchored_to_the_consulted_version(setup):
    consultation, section, org, member = setup
    comment = passage(consultation, member, section, "posyandu perlu diperkuat", position=3)
    text = plain_text(section.body)
    assert comment.position == text.index("posyandu perlu diperkuat")
    assert comment.version == consultation.version
    assert comment.organisation == org
    assert comment.where_label.startswith("1.1")
    assert comment.history.first().history_user == member


def test_quote_not_in_the_section_is_refused_and_nothing_written(setup):
    consultation, section, _org, member = setup
    with pytest.raises(CommentInvalid) as error:
        passage(consultation, member, section, "kalimat yang tidak ada")
    assert error.value.text == str(CommentInvalid.quote_missing)
    assert not Comment.objects.exists()


def test_cells_and_elements_are_checked_against_the_version(setup, plan):
    consultation, _section, _org, member = setup
    with pytest.raises(CommentInvalid):
        comment_create(
            consultation=consultation, user=member, body="x", target="element", element_id=999999
        )
    with pytest.raises(CommentInvalid):
        comment_create(consultation=consultation, user=member, body="", target="plan")


def test_every_write_rechecks_the_window(setup):
    consultation, section, _org, member = setup
    late = consultation.ends_at + timedelta(seconds=1)
    with pytest.raises(ConsultationNotOpen):
        passage(consultation, member, section, "posyandu", at=late)
    root = passage(consultation, member, section, "posyandu")
    with pytest.raises(ConsultationNotOpen):
        comment_reply(parent=root, user=member, body="Tambahan", at=late)
    assert Comment.objects.count() == 1


def test_reply_threads_and_notifies_the_author(setup, planner):
    consultation, section, _org, member = setup
    root = passage(consultation, member, section, "posyandu")
    reply = comment_reply(parent=root, user=planner, body="Data per desa ada di lampiran.")
    nested = comment_reply(parent=reply, user=member, body="Terima kasih.")
    assert reply.root == root and nested.root == root and nested.parent == reply
    assert Notification.objects.filter(user=member, kind="comment_reply").count() == 1
    assert Notification.objects.filter(user=planner, kind="comment_reply").count() == 1


def test_attachment_type_is_read_from_the_content(setup, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    consultation, section, _org, member = setup
    fake = SimpleUploadedFile("laporan.pdf", b"<script>alert(1)</script>", "application/pdf")
    with pytest.raises(AttachmentRejected) as error:
        passage(consultation, member, section, "posyandu", attachment=fake)
    assert error.value.text == str(AttachmentRejected.bad_type)
    assert not Comment.objects.exists()
    ok = SimpleUploadedFile("<img src=x onerror=alert(1)>foto\u202e.exe", PNG, "text/html")
    comment = passage(consultation, member, section, "posyandu", attachment=ok)
    stored = CommentAttachment.objects.get(comment=comment)
    assert stored.content_type == "image/png"
    assert stored.name == "foto.png"
    assert "foto" not in stored.file.name and stored.file.name.endswith(".png")
    pdf = SimpleUploadedFile("Kajian.PDF", PDF, "application/octet-stream")
    assert passage(consultation, member, section, "desa", attachment=pdf).attachments.get().name


def test_attachment_size_limit_from_settings(setup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RENSTRA_COMMENT_ATTACHMENT_MAX_BYTES = 20
    consultation, section, _org, member = setup
    with pytest.raises(AttachmentRejected):
        passage(
            consultation,
            member,
            section,
            "posyandu",
            attachment=SimpleUploadedFile("a.png", PNG, "image/png"),
        )


@override_settings(RENSTRA_COMMENT_RATE=(2, 600))
def test_rate_limit_per_person(setup, planner):
    consultation, section, _org, member = setup
    passage(consultation, member, section, "posyandu")
    passage(consultation, member, section, "desa")
    with pytest.raises(RateLimited):
        passage(consultation, member, section, "stunting")
    assert Comment.objects.count() == 2
    # Another person has a counter of their own.
    comment_create(consultation=consultation, user=planner, body="Catatan unit", target="plan")


def test_comment_on_version_n_is_placed_in_version_n_plus_1(setup, plan, planner):
    consultation, section, _org, member = setup
    kept = passage(consultation, member, section, "posyandu perlu diperkuat")
    gone = passage(consultation, member, section, "naik setiap tahun")
    # Version N+1: text added before the kept passage, the other sentence rewritten.
    write_section(
        plan,
        "<p>Pendahuluan baru ditambahkan. Angka stunting masih tinggi di desa terpencil. "
        "Pelayanan posyandu perlu diperkuat dengan kader terlatih.</p>"
        "<p>Anggaran kesehatan dinaikkan bertahap.</p>",
    )
    later = version_freeze(plan=plan, label="Rancangan setelah konsultasi", actor=planner)
    view = plan_comments_in_version(plan, later)
    placed = {p.comment.pk: p for p in view.placed[section.pk]}
    assert kept.pk in placed and placed[kept.pk].status == "moved"
    new_text = plain_text(section.__class__.objects.get(pk=section.pk).body)
    assert placed[kept.pk].start == new_text.index("posyandu perlu diperkuat")
    assert [p.comment.pk for p in view.changed] == [gone.pk]
    body = next(s.body for s in view.sections if s.section.pk == section.pk)
    assert f'href="#komentar-{kept.pk}"' in body and f"#komentar-{gone.pk}" not in body

    # The page says so, in the browser language: "passage changed" with the original quote.
    client_page = plan_comments_in_version(plan, consultation.version)
    assert {p.comment.pk for p in client_page.placed[section.pk]} == {kept.pk, gone.pk}


def test_plan_version_page_shows_passage_changed(client, setup, plan, planner):
    consultation, section, _org, member = setup
    gone = passage(consultation, member, section, "naik setiap tahun")
    write_section(plan, "<p>Teks yang sama sekali baru.</p>")
    later = version_freeze(plan=plan, label="v2", actor=planner)
    client.force_login(planner)
    response = client.get(
        reverse("participation:plan_version_comments", args=[plan.public_id, later.number])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bagian teks telah berubah" in html
    assert f'id="komentar-{gone.pk}"' in html and "naik setiap tahun" in html


def test_plan_version_page_access(client, setup, plan, outsider, citizen):
    consultation, *_ = setup
    url = reverse(
        "participation:plan_version_comments", args=[plan.public_id, consultation.version.number]
    )
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(citizen)
    assert client.get(url).status_code == 404


def test_comment_page_access_and_posting(client, setup, citizen, outsider):
    consultation, section, _org, member = setup
    url = reverse("participation:comments", args=[consultation.public_id])
    assert client.get(url).status_code == 200  # public
    post = reverse("participation:comment_create", args=[consultation.public_id])
    assert client.post(post, {"target": "plan", "body": "x"}).status_code == 302  # login
    client.force_login(member)
    response = client.post(
        post,
        {
            "target": "section",
            "section": section.pk,
            "quote": "tidak ada di teks",
            "body": "Teks yang saya ketik tetap ada",
        },
    )
    assert response.status_code == 400
    assert "Teks yang saya ketik tetap ada" in response.content.decode()
    assert str(CommentInvalid.quote_missing) in response.content.decode()
    passage_value = f"{section.pk}:0:46"
    response = client.post(
        post, {"target": "section", "passage": passage_value, "body": "Kalimat pertama"}
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.quote == "Angka stunting masih tinggi di desa terpencil."
    assert comment.position == 0


def test_posting_does_not_rebuild_the_consulted_version(client, setup, monkeypatch):
    """The form only parses ids and the service checks the anchor against the version:
    a successful post reads single rows of the version, never its whole content (which
    costs a plan-sized rebuild on every comment at a consultation's deadline)."""
    consultation, section, _org, member = setup
    client.force_login(member)

    def rebuild(*args, **kwargs):
        raise AssertionError("the whole version was rebuilt for a comment post")

    monkeypatch.setattr("stages.versions._content", rebuild)
    post = reverse("participation:comment_create", args=[consultation.public_id])
    for data in (
        {"target": "plan", "body": "Tentang rencana"},
        {"target": "section", "passage": f"{section.pk}:0:46", "body": "Tentang kalimat"},
    ):
        assert client.post(post, data).status_code == 302
    assert Comment.objects.count() == 2


def test_unknown_sentence_is_refused_and_the_typed_text_kept(client, setup):
    consultation, section, _org, member = setup
    client.force_login(member)
    post = reverse("participation:comment_create", args=[consultation.public_id])
    for value in ("abc", f"{section.pk}:46:0", f"{section.pk}:0"):
        response = client.post(
            post, {"target": "section", "passage": value, "body": "Teks saya tetap ada"}
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "Kalimat yang dipilih tidak dikenal." in page
        assert "Teks saya tetap ada" in page
        assert "Angka stunting masih tinggi" in page  # the pickers are offered again
    # A sentence span outside the section's text gives no quote: refused by the service.
    response = client.post(
        post, {"target": "section", "passage": f"{section.pk}:5000:5040", "body": "Di luar"}
    )
    assert response.status_code == 400
    assert str(CommentInvalid.quote_empty) in response.content.decode()
    assert not Comment.objects.exists()


def test_closed_consultation_refuses_posts(client, plan, planner):
    now = timezone.now()
    consultation, _section, _org, member = setup_consultation(
        plan, planner, starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=3)
    )
    client.force_login(member)
    response = client.post(
        reverse("participation:comment_create", args=[consultation.public_id]),
        {"target": "plan", "body": "terlalu cepat"},
    )
    assert response.status_code == 403
    assert not Comment.objects.exists()


def _many(consultation, member, section, n):
    version = consultation.version
    roots = Comment.objects.bulk_create(
        Comment(
            consultation=consultation,
            plan_id=consultation.plan_id,
            version=version,
            author=member,
            target="section",
            section_id=section.pk,
            quote="posyandu",
            position=60,
            where_label="1.1",
            body=f"Komentar {i}",
        )
        for i in range(n)
    )
    Comment.objects.bulk_create(
        Comment(
            consultation=consultation,
            plan_id=consultation.plan_id,
            version=version,
            author=member,
            parent=root,
            root=root,
            target="section",
            section_id=section.pk,
            quote="posyandu",
            where_label="1.1",
            body="Balasan",
        )
        for root in roots[:: max(1, n // 10)]
        for _ in range(5)
    )


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_comment_page_query_count_does_not_grow(client, setup, plan, planner):
    consultation, section, _org, member = setup
    url = reverse("participation:comments", args=[consultation.public_id])
    client.force_login(member)
    _many(consultation, member, section, 20)
    small, _ = _count_queries(client, url)
    _many(consultation, member, section, 1980)
    large, response = _count_queries(client, url)
    assert Comment.objects.filter(root__isnull=True).count() == 2000
    assert small == large
    assert "Halaman 1 dari 80" in response.content.decode()
    assert unanswered_comment_count(consultation) == 2000
    page = consultation_comment_page(consultation)
    assert len(page.threads) == 25 and all(len(t.replies) <= 3 for t in page.threads)
