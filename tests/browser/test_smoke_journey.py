"""First journeys in a real browser: login, plan list, workspace, keyboard, language.

Each page visited is scanned with axe-core (WCAG 2 A/AA)."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import build_cascade

pytestmark = pytest.mark.browser


def path(page) -> str:
    return urlsplit(page.url).path


def test_anonymous_visitor_is_sent_to_the_login_page(page, assert_accessible):
    page.goto(reverse("home"))

    assert path(page) == reverse("login")
    expect(page).to_have_title(re.compile("Masuk"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert_accessible(page)


def test_planner_logs_in_and_opens_the_workspace_with_the_cascade(
    page, login_as, assert_accessible, planner, plan
):
    build_cascade(plan)  # 1 program, 1 kegiatan, 2 sub kegiatan x Rp 1.000.000 a year

    login_as(page, planner)

    assert path(page) == reverse("renstra:plan_list")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rencana strategis")
    plan_link = page.get_by_role("link", name=plan.title)
    expect(plan_link).to_be_visible()
    # Years print plainly, never as "2.026" (no thousands separator in a year).
    expect(page.get_by_role("row").filter(has=plan_link)).to_contain_text("2026–2030")
    assert_accessible(page)

    plan_link.click()

    assert path(page) == reverse("renstra:workspace", args=[plan.public_id])
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)
    cascade = page.get_by_role("region", name="Kaskade kinerja")
    expect(cascade).to_be_visible()
    program_row = cascade.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile("Program uji 1"))
    )
    cells = program_row.get_by_role("cell")
    expect(cells).to_have_count(len(plan.years))
    expect(cells).to_have_text(["2.000.000"] * len(plan.years))
    assert_accessible(page)


def test_keyboard_tab_reaches_the_skip_link_first_and_it_moves_focus_to_main(
    page, login_as, planner, plan
):
    # The plan list: the full header (navigation, logout, language) precedes main, and
    # no field takes focus on load (the login form's autofocus would skip the header).
    login_as(page, planner)
    page.goto(reverse("renstra:plan_list"))

    page.keyboard.press("Tab")

    skip_link = page.get_by_role("link", name="Langsung ke isi")
    expect(skip_link).to_be_focused()
    # Shown once focused: a sighted keyboard user must see where the focus is.
    box = skip_link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, box

    page.keyboard.press("Enter")

    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    # The next stop is inside main, past the whole header.
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    expect(page.get_by_role("main").get_by_role("link").first).to_be_focused()


def test_language_switch_changes_the_interface_to_english_and_back(page, assert_accessible):
    page.goto(reverse("login"))
    language = page.get_by_role("combobox", name=re.compile(r"^(Bahasa|Language)$"))
    switch = page.locator("form.lang").get_by_role("button")
    # Django's own strings (the login form's labels) are translated in both languages.
    expect(page.get_by_label("Nama pengguna")).to_be_visible()

    language.select_option("en")
    with page.expect_navigation():
        switch.click()

    assert path(page) == reverse("login")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Username")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()
    expect(language).to_have_value("en")
    assert_accessible(page)

    language.select_option("id")
    with page.expect_navigation():
        switch.click()

    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_label("Nama pengguna")).to_be_visible()
    expect(language).to_have_value("id")


def test_password_form_errors_are_tied_to_their_fields(page, login_as, assert_accessible, planner):
    login_as(page, planner)
    page.get_by_role("navigation").get_by_role("link", name="Kata sandi").click()
    assert path(page) == reverse("password_change")
    new_password = page.locator("#id_new_password1")
    # The validators' help list is the field's description, not a detached paragraph.
    expect(new_password).to_have_accessible_description(re.compile("8 karakter"))
    assert_accessible(page)

    page.locator("#id_old_password").fill("salah-sekali")
    new_password.fill("sandi-baru-yang-panjang-1")
    page.locator("#id_new_password2").fill("sandi-baru-yang-lain-2")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan kata sandi baru").click()

    old_password = page.locator("#id_old_password")
    expect(old_password).to_have_attribute("aria-invalid", "true")
    expect(old_password).to_have_accessible_description(re.compile(r"\S"))
    expect(page.locator("#id_new_password2")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
