"""The harness itself: the axe scan finds violations, and pages keep the app's CSP."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser


def test_axe_scan_fails_listing_the_violation_and_its_nodes(page, assert_accessible):
    page.goto(reverse("login"))
    page.evaluate(
        "document.querySelector('main')"
        ".insertAdjacentHTML('beforeend', '<input type=text id=unlabelled>')"
    )

    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)

    report = str(failure.value)
    assert "label [critical] Form elements must have labels" in report
    assert "#unlabelled" in report


def test_pages_run_under_the_app_csp_and_inline_scripts_are_reported(page, browser_problems):
    page.goto(reverse("login"))

    with page.expect_console_message(lambda msg: "Content Security Policy" in msg.text):
        ran = page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.inlineRan = true";
                document.head.append(script);
                return window.inlineRan === true;
            }"""
        )

    assert ran is False
    assert any("Content Security Policy" in problem for problem in browser_problems)
    browser_problems.clear()


def test_scan_also_fails_on_aria_references_to_missing_ids(page, assert_accessible):
    page.goto(reverse("login"))
    page.evaluate(
        "document.querySelector('#id_username')"
        ".setAttribute('aria-describedby', 'id_username_helptext')"
    )

    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)

    report = str(failure.value)
    assert "aria-reference-missing" in report
    assert "Missing id(s): id_username_helptext" in report
