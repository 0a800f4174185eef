"""The public portal: anonymous pages, 404 for anything not ratified, no internal DPRD
note on any public page, caching headers, constant queries, no script needed."""

import gzip
import hashlib
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from legislation.portal.cache import page_key, plan_stamp, stamp_key
from tests.factories import ElementFactory, PlanFactory, UnitFactory, build_cascade
from tests.legislation.portal_helpers import consultation, dprd_review, ratify
from tests.stages.helpers import place

pytestmark = pytest.mark.django_db

INTERNAL = "RAHASIA-DPRD-7f3a9c"
PUBLIC = "CATATAN-TERBUKA-51b2"
ANSWER = "JAWABAN-UNIT-9d0e"
COMMENT = "MASUKAN-WARGA-2c41"
HIDDEN = "MASUKAN-DISEMBUNYIKAN-e88f"
RESPONSE = "TANGGAPAN-RESMI-0a7d"


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ratified(plan, dprd_member, citizen):
    build_cascade(plan, programs=2, kegiatan=2, subs=2)
    consultation(plan, citizen, visible=COMMENT, hidden=HIDDEN, answer=RESPONSE)
    dprd_review(plan, dprd_member, internal=INTERNAL, public=PUBLIC, answer=ANSWER)
    ratify(plan)
    plan.refresh_from_db()
    return plan


def plan_urls(plan) -> list[str]:
    return [
        reverse(f"portal:{name}", args=[plan.public_id])
        for name in ("plan", "document", "pdf", "data_json", "data_csv")
    ]


def html_text(response) -> str:
    return response.content.decode("utf-8")


# --- Anonymous access --------------------------------------------------------------------


def test_every_page_is_open_to_anonymous_visitors(client, ratified, region):
    pages = [reverse("portal:index"), reverse("portal:region", args=[region.pk])]
    for url in pages + plan_urls(ratified):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "_auth_user_id" not in client.session


def test_html_pages_need_no_script_and_set_no_cookie(client, ratified, region):
    pages = [
        reverse("portal:index"),
        reverse("portal:region", args=[region.pk]),
        reverse("portal:plan", args=[ratified.public_id]),
        reverse("portal:document", args=[ratified.public_id]),
    ]
    for url in pages:
        response = client.get(url)
        text = html_text(response)
        assert "<script" not in text.lower(), url
        assert "csrfmiddlewaretoken" not in text, url
        assert not response.cookies, url  # nothing personal: the same page for everyone
        assert "<main" in text and 'lang="id"' in text


def test_plan_page_shows_ratification_pdf_cascade_dprd_and_timeline(client, ratified):
    text = html_text(client.get(reverse("portal:plan", args=[ratified.public_id])))
    ratification = ratified.ratification
    assert ratification.perkada_number in text
    assert ratified.unit.name in text
    sha = ratification.document.sha256
    assert sha in text
    assert reverse("verify_code", args=[sha]) in text
    assert reverse("portal:pdf", args=[ratified.public_id]) in text
    # The cascade with funding: every sub kegiatan 1.000.000 a year; 8 of them.
    assert "Sub kegiatan uji 2" in text
    assert "8.000.000" in text  # yearly total
    assert f"{8_000_000 * len(ratified.years):,}".replace(",", ".") in text  # period total
    # The DPRD: the letter, its item and the unit's answer; the public note.
    assert "170/45/DPRD" in text and ANSWER in text and "Diterima sebagian" in text
    assert PUBLIC in text
    # The consultation's response matrix, without the hidden comment's text.
    assert f"Konsultasi publik {ratified.title}" in text
    assert COMMENT in text and RESPONSE in text and "Tidak diterima" in text
    assert HIDDEN not in text
    # The process timeline (stage names, not actors).
    assert "Penetapan" in text


def test_region_page_lists_units_ratified_plans_and_consultations(
    client, ratified, region, unit, citizen
):
    draft_unit = UnitFactory(region=region, name="Dinas Tanpa Renstra")
    draft = PlanFactory(unit=draft_unit, title="Rancangan yang belum ditetapkan")
    consultation(draft, citizen, visible="x", hidden="y", answer="z", title="Konsultasi dinas lain")
    response = client.get(reverse("portal:region", args=[region.pk]))
    text = html_text(response)
    assert ratified.title in text and unit.name in text
    assert reverse("portal:plan", args=[ratified.public_id]) in text
    assert draft_unit.name in text
    assert draft.title not in text and draft.public_id not in text
    # Consultations are public whatever the plan's stage: both are listed as past.
    past = [c.title for c in response.context["consultations"]["past"]]
    assert f"Konsultasi publik {ratified.title}" in past and "Konsultasi dinas lain" in past
    assert "Konsultasi dinas lain" in text


def test_index_counts_ratified_plans(client, ratified, region):
    PlanFactory(unit=ratified.unit)  # a draft: not counted
    response = client.get(reverse("portal:index"))
    assert list(response.context["regions"]) == [region]
    assert response.context["regions"][0].ratified_count == 1


# --- 404 for anything not public ---------------------------------------------------------


def test_unknown_region_and_plan_are_404(client, ratified, region):
    assert client.get(reverse("portal:region", args=[region.pk + 999])).status_code == 404
    assert client.get(reverse("portal:plan", args=["tidak-ada"])).status_code == 404


@pytest.mark.parametrize("stage", ["rancangan", "reviu_selesai", "penetapan"])
def test_a_plan_that_is_not_ratified_is_404_on_every_portal_url(client, plan, stage, planner):
    """penetapan without the Perkada record is not ratified either."""
    build_cascade(plan)
    place(plan, stage)
    for url in plan_urls(plan):
        assert client.get(url).status_code == 404, url
    client.force_login(planner)  # an insider gets no more from the portal
    for url in plan_urls(plan):
        assert client.get(url).status_code == 404, url


def test_a_404_is_not_cached_a_later_ratification_shows_at_once(client, plan):
    build_cascade(plan)
    url = reverse("portal:plan", args=[plan.public_id])
    assert client.get(url).status_code == 404
    ratify(plan)
    assert client.get(url).status_code == 200


def test_official_pdf_is_the_stored_file_with_its_hash(client, ratified):
    document_file = ratified.ratification.document
    response = client.get(reverse("portal:pdf", args=[ratified.public_id]))
    data = b"".join(response.streaming_content)
    assert data == document_file.file.open("rb").read()
    assert response["X-Content-SHA256"] == document_file.sha256
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["ETag"] == f'"{document_file.sha256}"'
    again = client.get(
        reverse("portal:pdf", args=[ratified.public_id]), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_without_the_official_file_the_page_says_so_and_the_pdf_is_404(client, plan):
    build_cascade(plan)
    ratify(plan, with_pdf=False)
    text = html_text(client.get(reverse("portal:plan", args=[plan.public_id])))
    assert "PDF resmi sedang disiapkan" in text
    assert client.get(reverse("portal:pdf", args=[plan.public_id])).status_code == 404


# --- Internal DPRD notes never appear ---------------------------------------------------


PUBLIC_PREFIXES = ("/publik/", "/verify/", "/partisipasi/konsultasi/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.links.append(value)


def crawl(client, start: str, limit: int = 200) -> dict[str, bytes]:
    """Every page reachable from `start` inside the portal, the verify pages and the
    participatory flow's public consultation pages, with and without ?lang=en."""
    seen: dict[str, bytes] = {}
    queue = [start, start + "?lang=en"]
    while queue and len(seen) < limit:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        if url.startswith("/partisipasi/"):
            assert response.status_code < 500, (url, response.status_code)
        else:
            assert response.status_code in (200, 404), (url, response.status_code)
        body = (
            b"".join(response.streaming_content) if response.streaming else bytes(response.content)
        )
        seen[url] = body
        if "html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.links:
            link = urldefrag(link)[0]
            parsed = urlparse(link)
            if parsed.netloc or not parsed.path.startswith(PUBLIC_PREFIXES):
                continue
            target = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if target not in seen:
                queue.append(target)
    return seen


def test_internal_dprd_notes_appear_on_no_public_page(client, ratified, region, dprd_member):
    other = PlanFactory(unit=UnitFactory(region=region))
    build_cascade(other)
    dprd_review(other, dprd_member, internal=INTERNAL + "-2", public=PUBLIC + "-2", answer="ok")
    ratify(other, perkada="13 Tahun 2026")

    pages = crawl(client, reverse("portal:index"))
    plan_pages = [u for u in pages if u.startswith("/publik/rencana/")]
    # The crawl reached both plans' pages, documents and files in both languages.
    for plan in (ratified, other):
        for url in plan_urls(plan):
            assert url in pages, url
    assert len(plan_pages) >= 14
    assert any(url.startswith("/verify/") for url in pages)
    assert any(url.startswith("/partisipasi/konsultasi/") for url in pages)
    everything = b"\n".join(pages.values())
    # The test can fail: the public note and the unit's answer are there.
    assert PUBLIC.encode() in everything and ANSWER.encode() in everything
    assert INTERNAL.encode() not in everything
    assert COMMENT.encode() in everything and HIDDEN.encode() not in everything
    assert b"(letak)" not in everything  # the internal note's location label either


# --- Caching ----------------------------------------------------------------------------


def test_plan_responses_are_public_immutable_and_conditional(client, ratified):
    for url in plan_urls(ratified):
        if url.endswith("/pdf/"):
            continue
        response = client.get(url)
        assert response["Cache-Control"].startswith("public, max-age=")
        assert response["ETag"] and response["Last-Modified"]
        assert "Cookie" in response["Vary"]  # the language may come from the cookie
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304, url
        later = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
        assert later.status_code == 304, url


def test_language_in_the_address_changes_the_etag_and_drops_vary_cookie(client, ratified):
    url = reverse("portal:plan", args=[ratified.public_id])
    indonesian = client.get(url)
    english = client.get(url + "?lang=en")
    assert english["ETag"] != indonesian["ETag"]
    assert english["Content-Language"] == "en"
    assert "Cookie" not in english.get("Vary", "")
    text = html_text(english)
    assert 'lang="en"' in text
    assert "Official document" in text
    # Links keep the chosen language.
    assert reverse("portal:document", args=[ratified.public_id]) + "?lang=en" in text


def test_clients_accepting_gzip_get_the_compressed_page(client, ratified):
    for url in plan_urls(ratified):
        if url.endswith("/pdf/"):
            continue
        plain = client.get(url)
        packed = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip, deflate")
        assert packed["Content-Encoding"] == "gzip"
        assert "Content-Encoding" not in plain
        assert gzip.decompress(packed.content) == plain.content
        assert len(packed.content) < len(plain.content)
        assert packed["ETag"] != plain["ETag"]
        assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
        again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
        assert again.status_code == 304


def test_a_cached_plan_page_costs_no_query(client, ratified):
    url = reverse("portal:plan", args=[ratified.public_id])
    first = client.get(url)
    with CaptureQueriesContext(connection) as hit:
        second = client.get(url)
    assert len(hit) == 0, [q["sql"] for q in hit]
    assert second.content == first.content
    assert cache.get(stamp_key(ratified.public_id)) is not None


def _misses(client, plan) -> dict[str, int]:
    counts = {}
    for url in plan_urls(plan):
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[url.rsplit("/", 2)[-2] if url.endswith("/") else url.rsplit("/", 1)[-1]] = len(ctx)
    return counts


def test_query_counts_do_not_grow_with_the_plan(client, unit, dprd_member, citizen):
    small = PlanFactory(unit=unit)
    build_cascade(small, programs=1, kegiatan=1, subs=1)
    consultation(small, citizen, visible="a", hidden="b", answer="c")
    dprd_review(small, dprd_member, internal="a", public="b", answer="c")
    ratify(small)
    large = PlanFactory(unit=unit)
    build_cascade(large, programs=6, kegiatan=4, subs=3)
    consultation(large, citizen, visible="d", hidden="e", answer="f", comments=40)
    dprd_review(large, dprd_member, internal="d", public="e", answer="f")
    ratify(large)
    small_counts, large_counts = _misses(client, small), _misses(client, large)
    assert list(small_counts.values()) == list(large_counts.values()), (
        small_counts,
        large_counts,
    )


def test_region_page_queries_do_not_grow_with_units_and_plans(client, region, unit):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("portal:region", args=[region.pk])).status_code == 200
        return len(ctx)

    plan = PlanFactory(unit=unit)
    ratify(plan)
    one = count()
    for i in range(4):
        other = PlanFactory(unit=UnitFactory(region=region))
        ratify(other, perkada=f"{20 + i} Tahun 2026")
        PlanFactory(unit=other.unit)  # and a draft
    assert count() == one
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("portal:index"))
    assert len(ctx) == 1


def test_document_page_is_the_ratified_version_with_the_perkada(client, ratified):
    text = html_text(client.get(reverse("portal:document", args=[ratified.public_id])))
    assert "Sub kegiatan uji 1" in text
    assert "12 Tahun 2026" in text
    assert re.search(r"T-C\.27", text)
    assert reverse("verify_code", args=[ratified.ratification.document.sha256]) in text


# --- With the legislative flow's own ratification -----------------------------------------


def test_ratified_through_the_service_the_plan_appears_then_its_pdf(
    client, plan, ratifier, settings, monkeypatch
):
    """plan_ratify (the PDF rendered by the worker afterwards): the portal shows the plan
    at once, says the PDF is being prepared, and serves it with its hash once stored."""
    import renstra.document
    from legislation import services
    from renstra.document import jobs
    from tests.legislation.helpers import ratify_kwargs, technocratic_done
    from tests.renstra import document_standin

    settings.RENSTRA_PORTAL_PENDING_SECONDS = 0  # do not keep a stamp without the PDF
    monkeypatch.setattr(renstra.document, "build_document", document_standin.build_document)
    monkeypatch.setattr(jobs, "RENDER_FUNCTION", "tests.renstra.document_standin.pdf_in_child")
    build_cascade(plan)
    technocratic_done(plan)
    url = reverse("portal:plan", args=[plan.public_id])
    assert client.get(url).status_code == 404
    ratification = services.plan_ratify(
        plan=plan,
        actor=ratifier,
        **ratify_kwargs(findings_reason="Temuan otomatis pada data uji dicatat."),
    )

    text = html_text(client.get(url))
    assert "12 Tahun 2026" in text and "PDF resmi sedang disiapkan" in text
    assert client.get(reverse("portal:pdf", args=[plan.public_id])).status_code == 404

    document = jobs.document_render(document_file_id=ratification.document_id)
    services.ratification_document_stored(ratification=ratification, document=document)
    text = html_text(client.get(url))
    assert document.sha256 in text and "PDF resmi sedang disiapkan" not in text
    response = client.get(reverse("portal:pdf", args=[plan.public_id]))
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == document.sha256 == response["X-Content-SHA256"]
    verify = client.get(reverse("verify_code", args=[document.sha256]))
    assert verify.status_code == 200


def _building_elsewhere(url, client, plan):
    """Fill the cache once, then make it look as if another process were building the
    page: the entry gone, the build lock taken. Returns (key, the identity entry)."""
    client.get(url)
    stamp, _rp = plan_stamp(plan.public_id)
    key = page_key(stamp, "plan", "id", False)
    entry = cache.get(key + ":identity")
    assert entry is not None
    cache.delete(key + ":identity")
    assert cache.add(key + ":building", 1)
    return key, entry


def test_a_page_being_built_elsewhere_is_waited_for_not_built_again(client, ratified, monkeypatch):
    import threading

    from legislation.portal import views

    url = reverse("portal:plan", args=[ratified.public_id])
    key, entry = _building_elsewhere(url, client, ratified)

    def fail(*args, **kwargs):
        raise AssertionError("built twice")

    monkeypatch.setattr(views, "_plan_page", fail)
    threading.Timer(0.3, lambda: cache.set(key + ":identity", entry)).start()
    response = client.get(url)
    assert response.status_code == 200 and response.content == entry.body


def test_when_the_other_builder_never_delivers_the_page_is_built_after_the_wait(
    client, ratified, settings
):
    settings.RENSTRA_PORTAL_BUILD_WAIT_SECONDS = 0.2
    url = reverse("portal:plan", args=[ratified.public_id])
    _key, entry = _building_elsewhere(url, client, ratified)
    response = client.get(url)
    assert response.status_code == 200 and response.content == entry.body


def test_markup_in_plan_content_and_notes_is_shown_as_text(client, plan, dprd_member, citizen):
    made = build_cascade(plan)
    ElementFactory(
        plan=plan,
        kind="sub_kegiatan",
        parent=made["kegiatan"][0],
        code="1.02.02.2.01.0007",
        text='<script>alert("kaskade")</script>',
    )
    consultation(plan, citizen, visible="<img src=x onerror=alert(1)>", hidden="h", answer="a")
    note = "<script>alert('dprd')</script>"
    dprd_review(plan, dprd_member, internal="i", public=note, answer="b")
    ratify(plan)
    for name in ("plan", "document"):
        text = html_text(client.get(reverse(f"portal:{name}", args=[plan.public_id])))
        assert "<script" not in text and "<img src=x" not in text, name
    text = html_text(client.get(reverse("portal:plan", args=[plan.public_id])))
    assert "&lt;script&gt;alert(&quot;kaskade&quot;)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&lt;script&gt;alert(&#x27;dprd&#x27;)&lt;/script&gt;" in text


def test_a_comment_hidden_after_ratification_leaves_the_cached_page(
    client, ratified, planner, django_capture_on_commit_callbacks
):
    from participation.models import Comment
    from participation.services.comments import comment_hide

    url = reverse("portal:plan", args=[ratified.public_id])
    before = client.get(url)
    assert COMMENT in html_text(before)
    comment = Comment.objects.get(body=COMMENT)
    with django_capture_on_commit_callbacks(execute=True):
        comment_hide(comment=comment, moderator=planner, reason="Memuat data pribadi.")
    after = client.get(url)
    assert after.status_code == 200
    assert COMMENT not in html_text(after) and "disembunyikan oleh moderator" in html_text(after)
    assert after["ETag"] != before["ETag"]
    stale = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert stale.status_code == 200  # the old copy is no longer current
