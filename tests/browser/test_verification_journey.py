"""The technocratic flow in a real browser: the head of unit submits (with a reason, the
automatic verification still has errors) → Bappeda's verifier starts the verification,
ticks the checklist, adds a finding on an element and returns the plan → the planner fixes
the element and answers the item → the head resubmits → the verifier accepts → the
timeline shows each record with its actor. Every page visited is scanned with axe."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stages import services
from stages.models import ReviewItem
from tests.factories import build_cascade

pytestmark = pytest.mark.browser


def path(page) -> str:
    return urlsplit(page.url).path


def switch_user(page, login_as, user):
    page.context.clear_cookies()
    login_as(page, user)


def test_submit_return_answer_resubmit_accept(
    page, login_as, assert_accessible, plan, planner, head, verifier
):
    made = build_cascade(plan)
    sub = made["sub_kegiatan"][0]
    services.plan_start_drafting(plan=plan, actor=planner, note="SK tim terbit")
    services.plan_refine_draft(plan=plan, actor=planner, note="Surat edaran diterima")
    submission_url = reverse("stages:submission", args=[plan.public_id])
    desk_url = reverse("stages:desk", args=[plan.public_id])
    timeline_url = reverse("stages:timeline", args=[plan.public_id])

    # The planner sees the current findings on the workspace, each linked to its element.
    login_as(page, planner)
    page.goto(reverse("renstra:workspace", args=[plan.public_id]))
    panel = page.get_by_role("region", name="Temuan verifikasi otomatis")
    expect(panel).to_be_visible()
    expect(panel.locator(".severity-error").first).to_contain_text("galat")
    element_links = panel.locator("ul.findings a")
    expect(element_links.first).to_have_attribute("href", re.compile(r"/rencana/.+/kaskade/\d+/$"))
    assert_accessible(page)

    # The head submits: errors remain, so a written reason is required.
    switch_user(page, login_as, head)
    page.goto(submission_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pengajuan ke Bappeda")
    assert_accessible(page)
    page.get_by_label("Surat pengantar / catatan pengajuan").fill("Nomor 050/12/2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan", exact=True).click()
    # Refused (400): the form comes back with the error on the reason.
    assert path(page) == reverse("stages:submit", args=[plan.public_id])
    expect(page.locator(".field.has-error")).to_contain_text("Tuliskan alasan")
    assert_accessible(page)
    page.get_by_label("Alasan mengajukan meskipun masih ada temuan galat").fill(
        "Tautan RPJMD menunggu Perda RPJMD."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan", exact=True).click()
    assert path(page) == timeline_url
    expect(page.locator(".stage-current")).to_have_text("Diajukan ke Bappeda")
    assert_accessible(page)

    # The verifier takes it up, ticks a checklist item and returns it with a finding.
    switch_user(page, login_as, verifier)
    page.goto(desk_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Meja verifikasi Bappeda")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Mulai verifikasi").click()
    page.get_by_label("Catatan V17").fill("SPM kesehatan tercakup.")
    page.get_by_label(re.compile(r"^V17 ·")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan daftar periksa").click()
    expect(page.get_by_label("Catatan V17")).to_have_value("SPM kesehatan tercakup.")
    page.get_by_label("Jenis", exact=True).select_option("finding")
    page.get_by_label("Elemen", exact=True).select_option(str(sub.pk))
    page.get_by_label("Aturan (bila ada)").select_option("V19")
    page.get_by_label("Uraian temuan atau rekomendasi").fill("Lokasi terlalu umum.")
    with page.expect_navigation():
        page.get_by_role("button", name="Tambah butir").click()
    items = page.locator("ol.review-items")
    expect(items).to_contain_text("Lokasi terlalu umum.")
    expect(items.get_by_role("link", name=re.compile("Sub kegiatan uji 1"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Catatan umum verifikasi").fill("Perbaiki lokasi sub kegiatan.")
    with page.expect_navigation():
        page.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    assert path(page) == timeline_url
    expect(page.locator(".stage-current")).to_have_text("Dikembalikan untuk perbaikan")
    assert_accessible(page)

    # The planner fixes the element and answers the item.
    switch_user(page, login_as, planner)
    page.goto(submission_url)
    returned = page.get_by_role("region", name="Daftar perbaikan dari Bappeda")
    expect(returned).to_contain_text("Lokasi terlalu umum.")
    expect(returned).to_contain_text("Perbaiki lokasi sub kegiatan.")
    assert_accessible(page)
    with page.expect_navigation():
        returned.get_by_role("link", name=re.compile("Sub kegiatan uji 1")).click()
    form = page.locator("#element-form")
    form.get_by_label("Lokasi", exact=True).fill("Kecamatan Uji Barat")
    with page.expect_navigation():
        form.get_by_role("button", name="Simpan elemen").click()
    expect(page.locator("#element-form").get_by_label("Lokasi", exact=True)).to_have_value(
        "Kecamatan Uji Barat"
    )
    assert_accessible(page)
    page.goto(submission_url)
    page.get_by_label("Tanggapan atas butir 1").fill("Lokasi diperinci per kecamatan.")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan tanggapan").click()
    expect(page.get_by_label("Tanggapan atas butir 1")).to_have_value(
        "Lokasi diperinci per kecamatan."
    )
    assert_accessible(page)

    # The head resubmits.
    switch_user(page, login_as, head)
    page.goto(submission_url)
    page.get_by_label("Alasan mengajukan meskipun masih ada temuan galat").fill(
        "Tautan RPJMD menunggu Perda RPJMD."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan kembali").click()
    assert path(page) == timeline_url
    expect(page.locator(".stage-current")).to_have_text("Diajukan ke Bappeda")
    assert_accessible(page)

    # The verifier starts again and accepts.
    switch_user(page, login_as, verifier)
    page.goto(desk_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Mulai verifikasi").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Terima", exact=True).click()
    assert path(page) == timeline_url
    expect(page.locator(".stage-current")).to_have_text("Diterima Bappeda")
    assert_accessible(page)

    # The timeline: every record with its actor.
    expected = [
        ("Rancangan awal", planner),
        ("Rancangan", planner),
        ("Diajukan ke Bappeda", head),
        ("Verifikasi Bappeda", verifier),
        ("Dikembalikan untuk perbaikan", verifier),
        ("Diajukan ke Bappeda", head),
        ("Verifikasi Bappeda", verifier),
        ("Diterima Bappeda", verifier),
    ]
    rows = page.locator("table.timeline tbody tr")
    expect(rows).to_have_count(len(expected) + 1)  # + the plan's first stage (persiapan)
    for index, (label, actor) in enumerate(expected, start=1):
        row = rows.nth(index)
        expect(row.get_by_role("rowheader")).to_contain_text(label)
        expect(row.locator("td").nth(1)).to_contain_text(actor.display_name)

    item = ReviewItem.objects.get(review__plan=plan)
    assert item.answer == "Lokasi diperinci per kecamatan." and item.answered_by == planner
    sub.refresh_from_db()
    assert sub.location == "Kecamatan Uji Barat"
