"""The legislative–political flow in a real browser: the head of unit submits the plan to
the DPRD → a member of the partner commission writes a recommendation → the commission
issues its letter → the ratifier sees the DPRD precondition unmet → the planner answers
the item and the head closes the consultation → the ratifier sees the checklist complete
and ratifies by Perkada → the worker renders the official PDF/A → the public portal
shows the plan and its official PDF, whose SHA-256 the verify page confirms. Every page
visited is scanned with axe."""

import hashlib
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from legislation.models import Ratification
from renstra.document import jobs
from tests.legislation.helpers import commission_for, dprd_member, technocratic_done

pytestmark = pytest.mark.browser


def path(page) -> str:
    return urlsplit(page.url).path


def switch_user(page, login_as, user):
    page.context.clear_cookies()
    login_as(page, user)


def test_dprd_letter_answer_ratify_publish(
    page, login_as, assert_accessible, plan, planner, head, ratifier
):
    member = dprd_member(plan.unit.region, "komisi4_dprd")
    commission_for(plan.unit, [member], name="Komisi IV")
    technocratic_done(plan)
    dprd_url = reverse("legislation:plan_dprd", args=[plan.public_id])
    ratify_url = reverse("legislation:ratify", args=[plan.public_id])

    # The head of unit submits the plan to the DPRD with a review window.
    login_as(page, head)
    page.goto(dprd_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pembahasan DPRD")
    assert_accessible(page)
    page.get_by_label("Masa telaah berakhir (tanggal)").fill("2035-01-31")
    page.get_by_label("Surat pengantar / catatan").fill("Nomor 050/77/2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan ke DPRD").click()
    expect(page.locator(".messages")).to_contain_text("Rencana diajukan ke DPRD")
    expect(
        page.get_by_role("link", name=re.compile(r"^v\d+ Versi konsultasi DPRD"))
    ).to_be_visible()
    assert_accessible(page)

    # A member of the partner commission reads it and writes a public recommendation.
    switch_user(page, login_as, member)
    page.goto(reverse("legislation:member_home"))
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name=plan.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Telaah DPRD")
    assert_accessible(page)
    page.get_by_label("Jenis catatan").select_option("recommendation")
    page.get_by_label("Keterbukaan").select_option("public")
    page.get_by_label("Isi catatan").fill("Tambahkan indikator cakupan imunisasi dasar.")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan catatan").click()
    expect(page.locator(".messages")).to_contain_text("Catatan disimpan.")
    expect(page.get_by_text("Tambahkan indikator cakupan imunisasi dasar.")).to_be_visible()
    assert_accessible(page)

    # The commission issues its formal letter with that recommendation as item 1.
    page.get_by_label("Nomor surat").fill("170/45/DPRD/2026")
    page.get_by_label("Tanggal surat").fill("2026-01-20")
    page.locator("#id_butir-0-text").fill("Tambahkan indikator cakupan imunisasi dasar.")
    with page.expect_navigation():
        page.get_by_role("button", name="Terbitkan surat").click()
    expect(page.locator(".messages")).to_contain_text("170/45/DPRD/2026")
    assert_accessible(page)

    # The ratifier sees the DPRD precondition unmet.
    switch_user(page, login_as, ratifier)
    page.goto(ratify_url)
    dprd = page.locator("#checklist li[data-code=dprd]")
    expect(dprd).to_have_class(re.compile(r"\bunmet\b"))
    expect(dprd).to_contain_text("170/45/DPRD/2026 #1")
    expect(page.locator("#checklist-state")).to_have_text("Penetapan belum dapat dilakukan.")
    assert_accessible(page)

    # The planner answers the item; the head closes the DPRD consultation.
    switch_user(page, login_as, planner)
    page.goto(dprd_url)
    page.get_by_text("Tanggapi butir ini (1)").click()
    page.get_by_label("Diterima", exact=True).check()
    page.get_by_label("Perubahan yang dilakukan").fill("Indikator imunisasi dasar ditambahkan.")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan tanggapan").click()
    expect(page.locator(".messages")).to_contain_text("Tanggapan atas butir 1 disimpan.")
    expect(page.locator(".answer").first).to_contain_text("Diterima")
    switch_user(page, login_as, head)
    page.goto(dprd_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Selesaikan pembahasan DPRD").click()
    expect(page.locator(".messages")).to_contain_text("Pembahasan DPRD selesai")
    assert_accessible(page)

    # The ratifier sees the checklist complete and ratifies.
    switch_user(page, login_as, ratifier)
    page.goto(ratify_url)
    expect(page.locator("#checklist li.unmet")).to_have_count(0)
    expect(page.locator("#checklist li.met")).to_have_count(5)
    expect(page.locator("#checklist-state")).to_have_text("Semua syarat terpenuhi.")
    assert_accessible(page)
    page.get_by_label("Nomor Perkada").fill("12 Tahun 2026")
    page.get_by_label("Tanggal Perkada").fill("2026-02-01")
    page.get_by_label("Nama penandatangan").fill("H. Ahmad Bupati")
    page.get_by_label("Jabatan penandatangan").fill("Bupati Uji")
    with page.expect_navigation():
        page.get_by_role("button", name="Tetapkan", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(
        "Renstra ditetapkan dengan Perkada 12 Tahun 2026"
    )
    expect(page.get_by_role("heading", name="Telah ditetapkan")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Sedang disusun.")
    assert_accessible(page)
    # The background worker renders the official PDF/A (its task, run here).
    ratification = Ratification.objects.get(plan=plan)
    document = jobs.document_render(document_file_id=ratification.document_id)
    assert document.is_done, document.error
    ratification.refresh_from_db()
    sha = ratification.document_sha256
    assert sha == document.sha256
    page.reload()
    expect(page.locator("main")).to_contain_text(sha)
    assert_accessible(page)

    # The public portal (no account) shows the plan, its Perkada and the verified PDF.
    page.context.clear_cookies()
    page.goto(reverse("portal:plan", args=[plan.public_id]))
    expect(page.get_by_role("heading", level=1)).to_contain_text(plan.title)
    expect(page.locator("main")).to_contain_text("12 Tahun 2026")
    expect(page.locator("main")).to_contain_text(sha)
    expect(page.locator("main")).to_contain_text("Tambahkan indikator cakupan imunisasi dasar.")
    assert_accessible(page)
    pdf_link = page.get_by_role("link", name="Unduh PDF resmi (PDF/A)")
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.ok
    assert hashlib.sha256(response.body()).hexdigest() == sha
    with page.expect_navigation():
        page.get_by_role("link", name="Periksa keaslian PDF ini").click()
    assert path(page) == reverse("verify_code", args=[sha])
    expect(page.locator("main")).to_contain_text(plan.title)
    assert_accessible(page)
