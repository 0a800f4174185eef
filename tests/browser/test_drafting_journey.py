"""Drafting in a real browser (issue 2): a planner logs in, rewrites a section in the
rich-text editor, adds a sub kegiatan with an indicator, targets and funding for every plan
year (watching the live total), sees the program total change in the workspace and finds
their changes in the history panels. Then two planners save the same section at once: the
second gets the conflict page with both versions and keeps what they typed.

Every page visited is scanned with axe-core (WCAG 2 A/AA)."""

import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.db.models import Sum
from django.urls import reverse
from playwright.sync_api import expect

from renstra.models import Funding, IndicatorTarget, Section
from renstra.services.roles import role_grant
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, VIEWPORT
from tests.factories import UserFactory, build_cascade

pytestmark = pytest.mark.browser


def path(page) -> str:
    return urlsplit(page.url).path


def rupiah(amount: Decimal | int) -> str:
    """Indonesian notation without the "Rp" prefix: 3500000 → "3.500.000"."""
    return f"{int(amount):,}".replace(",", ".")


def program_totals(program, years) -> dict[int, Decimal]:
    """What the workspace tree should show for `program`: its sub kegiatan funding, per year."""
    rows = (
        Funding.objects.filter(element__parent__parent=program)
        .values("year")
        .annotate(total=Sum("amount"))
    )
    totals = {row["year"]: row["total"] for row in rows}
    return {year: totals.get(year, Decimal(0)) for year in years}


def flash(page):
    """The messages after a redirect (a live region; the page has other status regions)."""
    return page.locator("main .messages[role=status]")


def editor(page, label: str):
    """The ProseMirror area of the rich-text editor labelled `label` (sections.js names it)."""
    return page.get_by_role("textbox", name=label)


def replace_editor_text(page, label: str, text: str) -> None:
    area = editor(page, label)
    area.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    area.press_sequentially(text)
    expect(area).to_have_text(text)


def test_planner_drafts_a_section_and_a_funded_sub_kegiatan(
    page, login_as, assert_accessible, planner, plan
):
    made = build_cascade(plan)  # 1 program, 1 kegiatan, 2 sub kegiatan x Rp 1.000.000 a year
    program, kegiatan = made["program"][0], made["kegiatan"][0]
    years = plan.years
    before = program_totals(program, years)
    # Amounts differ per year, so a total landing in the wrong year would show.
    amounts = {year: Decimal(1_500_000 + 250_000 * i) for i, year in enumerate(years)}
    targets = {year: f"{60 + 5 * i}" for i, year in enumerate(years)}
    section = Section.objects.get(plan=plan, number="1.1")
    new_text = "Latar belakang ditulis ulang oleh perencana dalam uji peramban."

    # Log in through the real form; the plan list, then the workspace.
    login_as(page, planner)
    assert path(page) == reverse("renstra:plan_list")
    assert_accessible(page)
    page.get_by_role("link", name=plan.title).click()
    workspace_path = reverse("renstra:workspace", args=[plan.public_id])
    assert path(page) == workspace_path
    program_cells = (
        page.get_by_role("region", name="Kaskade kinerja")
        .get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name=re.compile(program.text)))
        .get_by_role("cell")
    )
    expect(program_cells).to_have_text([rupiah(before[y]) for y in years])
    assert_accessible(page)

    # --- The section: type into the rich-text editor, save, see the message and the text.
    page.get_by_role("navigation", name="Bab dan subbab").get_by_role(
        "link", name=f"{section.number} {section.title}"
    ).click()
    section_path = reverse(
        "renstra:section_detail", args=[plan.public_id, section.chapter.number, section.pk]
    )
    assert path(page) == section_path
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{section.number} {section.title}")
    expect(editor(page, "Isi subbab")).to_be_editable()
    assert_accessible(page)

    replace_editor_text(page, "Isi subbab", new_text)
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan", exact=True).click()
    assert path(page) == section_path
    expect(flash(page)).to_contain_text(f"Subbab {section.number} disimpan.")
    expect(editor(page, "Isi subbab")).to_have_text(new_text)
    assert_accessible(page)

    page.reload()
    expect(editor(page, "Isi subbab")).to_have_text(new_text)
    section.refresh_from_db()
    assert new_text in section.body
    history = page.get_by_role("region", name="Riwayat perubahan")
    latest = history.get_by_role("listitem").first
    expect(latest.locator(".history-user")).to_have_text(planner.display_name)
    expect(latest).to_contain_text("mengubah")
    expect(latest.locator("ins")).to_contain_text("ditulis ulang oleh perencana")
    assert_accessible(page)

    # --- A new sub kegiatan under the existing kegiatan.
    page.goto(workspace_path)
    page.get_by_role("link", name=re.compile(kegiatan.text)).click()
    assert path(page) == reverse("renstra:element_detail", args=[plan.public_id, kegiatan.pk])
    assert_accessible(page)
    page.get_by_role("link", name="Tambah Sub kegiatan").click()
    assert path(page) == reverse("renstra:element_new", args=[plan.public_id])
    expect(page.get_by_role("heading", level=1)).to_have_text("Tambah Sub kegiatan")
    assert_accessible(page)

    code = f"{kegiatan.code}.0003"
    text = "Sub kegiatan baru dari uji peramban"
    page.get_by_label("Kode", exact=True).fill(code)
    page.get_by_label("Nama Sub kegiatan").fill(text)
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan", exact=True).click()
    expect(flash(page)).to_contain_text("Sub kegiatan ditambahkan.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{code} {text}")
    sub_path = path(page)
    sub = kegiatan.children.get(code=code)
    assert sub_path == reverse("renstra:element_detail", args=[plan.public_id, sub.pk])
    assert_accessible(page)

    # An indicator with a target for every plan year.
    indicators = page.get_by_role("region", name="Indikator dan target")
    indicators.get_by_text("Tambah indikator", exact=True).first.click()
    indicator_name = "Persentase puskesmas terakreditasi"
    page.get_by_label("Indikator", exact=True).fill(indicator_name)
    page.get_by_label("Satuan").fill("%")
    page.get_by_label(re.compile(r"^Kondisi awal")).fill("55")
    for year in years:
        page.get_by_label(re.compile(rf"^{year} — target")).fill(targets[year])
    page.get_by_label(re.compile(r"^Kondisi akhir")).fill(targets[years[-1]])
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Tambah indikator").click()
    expect(flash(page)).to_contain_text("Indikator ditambahkan.")
    added = page.get_by_role("article", name=re.compile(indicator_name))
    expect(added).to_be_visible()
    for year in years:
        expect(added.get_by_label(re.compile(rf"^{year} — target"))).to_have_value(targets[year])
    assert {
        t.year: t.value for t in IndicatorTarget.objects.filter(indicator__element=sub)
    } == targets
    assert_accessible(page)

    # Funding for every year, typed in Rupiah; the total follows as you type.
    funding = page.get_by_role("region", name="Pendanaan indikatif")
    live_total = funding.locator("output[data-grid-total]")
    running = Decimal(0)
    for year in years:
        cell = funding.get_by_label(re.compile(rf"^{year} — pagu"))
        cell.click()
        cell.press_sequentially(rupiah(amounts[year]))
        running += amounts[year]
        expect(live_total).to_have_text(f"Rp {rupiah(running)}")
    assert running == sum(amounts.values())
    assert_accessible(page)
    with page.expect_navigation():
        funding.get_by_role("button", name="Simpan pendanaan").click()
    assert path(page) == sub_path
    expect(flash(page)).to_contain_text("Pendanaan disimpan.")
    funding = page.get_by_role("region", name="Pendanaan indikatif")
    for year in years:
        expect(funding.get_by_label(re.compile(rf"^{year} — pagu"))).to_have_value(
            rupiah(amounts[year])
        )
    expect(funding.locator("output[data-grid-total]")).to_have_text(f"Rp {rupiah(running)}")
    # The new sub kegiatan's history names the planner.
    history = page.get_by_role("region", name="Riwayat perubahan")
    expect(history.locator(".history-user").first).to_have_text(planner.display_name)
    expect(history.get_by_role("listitem").last).to_contain_text("membuat")
    assert_accessible(page)

    # --- The workspace tree: the program total grew by the new funding, year by year.
    page.goto(workspace_path)
    after = program_totals(program, years)
    assert after == {year: before[year] + amounts[year] for year in years}
    assert (before[years[0]], after[years[0]]) == (Decimal(2_000_000), Decimal(3_500_000))
    expect(program_cells).to_have_text([rupiah(after[y]) for y in years])
    sub_row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile(text))
    )
    expect(sub_row.get_by_role("cell")).to_have_text([rupiah(amounts[y]) for y in years])
    assert_accessible(page)


def _second_page(browser, live_url, browser_problems):
    """A page in another browser context (own cookies), set up like the `page` fixture."""
    context = browser.new_context(
        base_url=live_url, viewport=VIEWPORT, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    other = context.new_page()
    other.on(
        "console",
        lambda msg: (
            browser_problems.append(f"console (2nd context): {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    other.on("pageerror", lambda e: browser_problems.append(f"page error (2nd context): {e}"))
    return context, other


def test_concurrent_section_edits_show_the_conflict_and_keep_the_typed_text(
    page, browser, live_url, browser_problems, login_as, assert_accessible, unit, planner, plan
):
    colleague = UserFactory(username="perencana_dua")
    role_grant(user=colleague, role="planner", scope=unit)
    section = Section.objects.get(plan=plan, number="1.2")
    section_path = reverse(
        "renstra:section_detail", args=[plan.public_id, section.chapter.number, section.pk]
    )
    theirs = "Versi rekan: landasan hukum menurut Permendagri 86 tahun 2017."
    mine = "Versi saya: landasan hukum termasuk peraturan daerah terbaru."

    context, other = _second_page(browser, live_url, browser_problems)
    try:
        # Both open the same section before either saves.
        login_as(page, planner)
        page.goto(section_path)
        expect(editor(page, "Isi subbab")).to_be_editable()
        login_as(other, colleague)
        other.goto(section_path)
        expect(editor(other, "Isi subbab")).to_be_editable()

        # The colleague saves first.
        replace_editor_text(other, "Isi subbab", theirs)
        with other.expect_navigation():
            other.get_by_role("button", name="Simpan", exact=True).click()
        expect(flash(other)).to_contain_text(f"Subbab {section.number} disimpan.")

        # The planner, still on the old revision, saves second: the conflict page.
        replace_editor_text(page, "Isi subbab", mine)
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Simpan", exact=True).click()
        assert navigation.value.status == 409
        conflict = page.get_by_role("alert").filter(
            has=page.get_by_role("heading", name="Terjadi benturan suntingan")
        )
        expect(conflict).to_be_visible()
        saved = conflict.get_by_role("region", name="Versi tersimpan")
        expect(saved).to_contain_text(theirs)
        expect(saved).to_contain_text(colleague.display_name)
        expect(conflict.get_by_role("region", name="Versi Anda (belum disimpan)")).to_be_visible()
        # What the planner typed is still in the editor, ready to be saved knowingly.
        expect(editor(page, "Isi subbab")).to_have_text(mine)
        section.refresh_from_db()
        assert theirs in section.body and mine not in section.body
        assert_accessible(page)

        # Saving again deliberately puts the planner's text on top.
        with page.expect_navigation():
            page.get_by_role("button", name="Simpan versi saya").click()
        assert path(page) == section_path
        expect(flash(page)).to_contain_text(f"Subbab {section.number} disimpan.")
        expect(editor(page, "Isi subbab")).to_have_text(mine)
        history = page.get_by_role("region", name="Riwayat perubahan")
        users = history.locator(".history-user")
        expect(users.nth(0)).to_have_text(planner.display_name)
        expect(users.nth(1)).to_have_text(colleague.display_name)
        assert_accessible(page)
    finally:
        context.close()
