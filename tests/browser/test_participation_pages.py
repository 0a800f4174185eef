"""The participatory flow's own pages in a real browser, each scanned with axe-core:
a citizen signs up and confirms by e-mail, registers an organisation with its document,
the region's administrator verifies it; the planner opens a Forum PD through the form;
anyone reads the public pages; the planner records a proposal and its disposition and
the minutes; the member sees the notification. (Comments have their own journey.)"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from participation.models import Consultation, Organisation
from renstra.models import ElementKind
from tests.factories import ElementFactory

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def path(page) -> str:
    return urlsplit(page.url).path


def test_participation_pages(
    page, login_as, assert_accessible, plan, planner, region, region_admin, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    from tests.participation.helpers import put_in_stage

    put_in_stage(plan, "rancangan")
    tujuan = ElementFactory(plan=plan, kind=ElementKind.TUJUAN, code="T1", text="Tujuan sehat")
    sasaran = ElementFactory(plan=plan, kind=ElementKind.SASARAN, parent=tujuan)
    strategi = ElementFactory(plan=plan, kind=ElementKind.STRATEGI, parent=sasaran)
    kebijakan = ElementFactory(plan=plan, kind=ElementKind.KEBIJAKAN, parent=strategi)
    ElementFactory(
        plan=plan, kind=ElementKind.PROGRAM, parent=kebijakan, code="1.02.02", text="Program Gizi"
    )

    # A citizen signs up; the account works only after the e-mailed link.
    page.goto(reverse("participation:signup"))
    assert_accessible(page)
    page.get_by_label("Nama lengkap").fill("Rina Wulandari")
    page.get_by_label("Nama pengguna").fill("rina")
    page.get_by_label("Alamat e-mail").fill("rina@example.org")
    page.get_by_label("Kata sandi", exact=True).fill("kopi-tubruk-pagi-42")
    page.get_by_label("Ulangi kata sandi").fill("kopi-tubruk-pagi-42")
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa e-mail Anda")
    assert_accessible(page)
    link = re.search(r"https?://\S+/akun/konfirmasi/\S+/", mail.outbox[-1].body).group(0)
    page.goto(urlsplit(link).path)
    assert path(page) == reverse("login")
    from renstra.models import User

    rina = User.objects.get(username="rina")
    login_as(page, rina, password="kopi-tubruk-pagi-42")

    # She registers her organisation with its document.
    page.goto(reverse("participation:organisation_register"))
    assert_accessible(page)
    page.get_by_label("Daerah").select_option(str(region.pk))
    page.get_by_label("Nama organisasi").fill("Komunitas Peduli Gizi")
    page.get_by_label("Jenis organisasi").select_option("cbo")
    document = Path(tmp_path) / "akta.pdf"
    document.write_bytes(PDF)
    page.get_by_label("Dokumen registrasi").set_input_files(str(document))
    page.get_by_role("button", name="Daftarkan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Komunitas Peduli Gizi")
    expect(page.get_by_text("Menunggu verifikasi", exact=True)).to_be_visible()
    assert_accessible(page)
    organisation = Organisation.objects.get(name="Komunitas Peduli Gizi")

    # The region's administrator verifies it from the queue.
    page.context.clear_cookies()
    login_as(page, region_admin)
    page.goto(reverse("participation:organisations"))
    assert_accessible(page)
    page.get_by_role("link", name="Komunitas Peduli Gizi").click()
    assert path(page) == reverse("participation:organisation_review", args=[organisation.pk])
    assert_accessible(page)
    page.get_by_label("Setujui").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    organisation.refresh_from_db()
    assert organisation.is_verified

    # The planner opens a Forum PD for verified organisations.
    page.context.clear_cookies()
    login_as(page, planner)
    page.goto(reverse("participation:plan_consultations", args=[plan.public_id]))
    assert_accessible(page)
    page.get_by_label("Jenis konsultasi").select_option("forum_pd")
    page.get_by_label("Judul").fill("Forum PD Dinas Kesehatan 2026")
    page.get_by_label("Dibuka mulai (WIB)").fill("2026-01-05T09:00")
    page.get_by_label("Ditutup pada (WIB)").fill("2036-01-05T15:00")
    page.get_by_label("Peserta").select_option("verified")
    page.get_by_label("Tempat").fill("Aula Dinas Kesehatan")
    page.get_by_label("Agenda").fill("Paparan rancangan; diskusi")
    page.get_by_role("button", name="Buka konsultasi").click()
    consultation = Consultation.objects.get()
    assert path(page) == reverse("participation:consultation_manage", args=[consultation.public_id])
    assert_accessible(page)

    # Anyone reads the public pages (no login).
    page.context.clear_cookies()
    page.goto(reverse("participation:public_index"))
    assert_accessible(page)
    page.get_by_role("link", name=region.name).click()
    assert_accessible(page)
    page.get_by_role("link", name="Forum PD Dinas Kesehatan 2026").click()
    # The page's own h1 comes first; the consulted document has its cover title.
    expect(page.get_by_role("heading", level=1).first).to_have_text("Forum PD Dinas Kesehatan 2026")
    expect(page.get_by_text("Aula Dinas Kesehatan")).to_be_visible()
    expect(page.get_by_role("link", name="Unduh rancangan (PDF)")).to_be_visible()
    assert_accessible(page)

    # The planner records a proposal, answers it with the program, records the minutes.
    login_as(page, planner)
    page.goto(reverse("participation:proposals", args=[plan.public_id]))
    form = page.get_by_role("region", name="Catat usulan")
    form.get_by_label("Sumber", exact=True).select_option("forum_pd")
    form.get_by_label("Pengusul", exact=True).fill("Komunitas Peduli Gizi")
    form.get_by_label("Lokasi").fill("Kecamatan Cibeber")
    form.get_by_label("Uraian usulan").fill("Makanan tambahan untuk balita")
    form.get_by_role("button", name="Simpan usulan").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Tindak lanjuti")).click()
    assert_accessible(page)
    page.get_by_label("Diakomodasi oleh").check()
    page.get_by_label("Program/kegiatan/sub kegiatan").select_option(
        label="Program 1.02.02 Program Gizi"
    )
    page.get_by_role("button", name="Simpan tindak lanjut").click()
    expect(page.get_by_role("cell", name=re.compile("Diakomodasi: Program"))).to_be_visible()

    page.goto(reverse("participation:minutes", args=[consultation.public_id]))
    assert_accessible(page)
    page.get_by_label("Nomor berita acara").fill("BA/01/FPD/2026")
    page.get_by_label("Butir kesepakatan").fill("Tujuan dipertajam [T1]")
    page.get_by_label("Daftar hadir").fill("Rina Wulandari; Ketua; Komunitas Peduli Gizi")
    page.get_by_label("Penanda tangan").fill("Kepala Dinas; Kepala; Dinas Kesehatan")
    page.get_by_role("button", name="Simpan berita acara dan tutup forum").click()
    expect(page.get_by_role("link", name="Unduh PDF")).to_be_visible()
    plan.refresh_from_db()
    assert plan.stage == "rancangan"

    # The member sees the notification that the forum opened for her organisation.
    page.context.clear_cookies()
    login_as(page, rina, password="kopi-tubruk-pagi-42")
    header_link = page.get_by_role("link", name=re.compile("Notifikasi"))
    # The organisation's verification and the forum's opening.
    expect(header_link).to_contain_text("2 belum dibaca")
    header_link.click()
    expect(page.locator("main strong", has_text="Konsultasi dibuka: Forum PD")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Buka Konsultasi dibuka")).click()
    assert path(page) == consultation.get_absolute_url()
    expect(page.get_by_role("link", name=re.compile("Notifikasi"))).to_contain_text(
        "1 belum dibaca"
    )
