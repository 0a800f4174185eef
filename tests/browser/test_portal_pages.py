"""The public portal in a real browser, JavaScript switched off: an anonymous visitor goes
from the region to a ratified plan, its document and open data; every page passes the
axe-core scan (WCAG 2 A/AA) in Indonesian and in English."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import build_cascade
from tests.legislation.portal_helpers import consultation, dprd_review, ratify

pytestmark = pytest.mark.browser


@pytest.fixture
def ratified(plan, dprd_member, citizen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    build_cascade(plan, programs=2, kegiatan=1, subs=2)
    consultation(
        plan,
        citizen,
        visible="Mohon target imunisasi dinaikkan.",
        hidden="x",
        answer="Target sudah sesuai RPJMD.",
    )
    dprd_review(
        plan,
        dprd_member,
        internal="catatan internal",
        public="catatan terbuka",
        answer="Indikator ditambahkan pada sasaran 1.",
    )
    ratify(plan)
    yield plan
    cache.clear()


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        locale="id-ID",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_visitor_without_javascript_reads_a_ratified_plan(no_js_page, ratified, region):
    page = no_js_page
    page.goto(reverse("portal:index"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("link", name=region.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(region.name)
    page.get_by_role("link", name=ratified.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ratified.title)
    expect(page.get_by_text("12 Tahun 2026").first).to_be_visible()
    expect(page.get_by_role("table").nth(0)).to_contain_text("Sub kegiatan uji 2")
    expect(page.get_by_role("link", name="Periksa keaslian PDF ini")).to_be_visible()
    page.get_by_role("link", name="Baca dokumen Renstra (HTML)").click()
    expect(page.locator("article").first).to_contain_text("Sub kegiatan uji 1")


def test_portal_pages_pass_the_accessibility_scan(page, assert_accessible, ratified, region):
    urls = [
        reverse("portal:index"),
        reverse("portal:region", args=[region.pk]),
        reverse("portal:plan", args=[ratified.public_id]),
        reverse("portal:document", args=[ratified.public_id]),
    ]
    for url in urls:
        for suffix in ("", "?lang=en"):
            page.goto(url + suffix)
            expect(page.locator("main")).to_be_visible()
            assert_accessible(page)
    page.goto(reverse("portal:plan", args=[ratified.public_id]) + "?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Official document")).to_be_visible()
