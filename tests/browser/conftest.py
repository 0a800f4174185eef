"""Browser-test harness: Debian's Chromium driven by Playwright against pytest-django's
`live_server`, with an axe-core scan helper. See tests/browser/README.md.

Fixtures: `browser` (one Chromium per xdist worker), `page` (a fresh context per test),
`login_as(page, user)`, `assert_accessible(page)`."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.axe_scan import assert_accessible as _assert_accessible
from tests.conftest import PASSWORD

# Playwright's own browser download does not work on our machines: we drive Debian's.
CHROMIUM = Path(os.environ.get("RENSTRA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # tests run as root in containers, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
DEFAULT_TIMEOUT_MS = 10_000
SKIP_ENV = "RENSTRA_SKIP_BROWSER"


def _skip_requested() -> bool:
    return os.environ.get(SKIP_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def pytest_collection_modifyitems(config, items):
    # Skipping is an explicit opt-out only; a missing Chromium is a failure (see `browser`),
    # so that a broken CI image cannot pass by silently skipping the journeys.
    if not _skip_requested():
        return
    skip = pytest.mark.skip(reason=f"{SKIP_ENV}=1: browser tests skipped on request")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def _playwright():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM}, which is missing. "
            "Install it with `apt-get install -y chromium` (`make test` does this), "
            f"or set {SKIP_ENV}=1 to skip the browser tests explicitly.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio event loop in this thread (in a greenlet) and
    # leaves it registered as the thread's running loop between calls. Django then takes
    # every ORM call from the test thread (fixtures, factories, the flush after each test)
    # for a call from async code and raises SynchronousOnlyOperation. Those calls are
    # still plain synchronous code and nothing else uses the connection concurrently, so
    # the check is a false alarm here. We switch it off only while Playwright is running
    # (in this worker), not for the whole test suite.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_playwright):
    """One headless Chromium per test process (each xdist worker has its own)."""
    chromium = _playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


@pytest.fixture
def live_url(transactional_db, live_server):
    """Base URL of this worker's live server. Data must be committed to be seen by the
    server thread, hence `transactional_db` (the `db` role fixtures then also commit)."""
    return live_server.url


@pytest.fixture
def browser_problems() -> list[str]:
    """What the browser reported during the test: CSP violations and uncaught script errors.
    `page` fails the test at teardown when this is not empty; a test that provokes a
    problem on purpose checks it and clears it."""
    return []


@pytest.fixture
def page(browser, live_url, browser_problems):
    """A page in a fresh browser context (own cookies) with relative URLs resolved against
    the live server. The context keeps the app's Content-Security-Policy in force (no
    `bypass_csp`): axe is injected through the DevTools protocol, which CSP does not
    govern, and a page that only works with CSP off must fail here, not in production."""
    context = browser.new_context(
        base_url=live_url,
        viewport=VIEWPORT,
        locale="id-ID",  # Accept-Language: the default interface language, as users have it
        timezone_id="Asia/Jakarta",
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    browser_page = context.new_page()
    browser_page.on(
        "console",
        lambda msg: (
            browser_problems.append(f"console: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    browser_page.on("pageerror", lambda error: browser_problems.append(f"page error: {error}"))
    yield browser_page
    context.close()
    if browser_problems:
        pytest.fail("The browser reported:\n" + "\n".join(browser_problems), pytrace=False)


@pytest.fixture
def login_as():
    """`login_as(page, user)`: log in through the real login form (fixture password)."""

    def _login(page, user, password: str = PASSWORD):
        login_path = reverse("login")
        page.goto(login_path)
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(password)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        if login_path in page.url:
            errors = page.locator("main .errors, main .error").all_inner_texts()
            pytest.fail(f"Login as {user.username!r} failed: {errors}", pytrace=False)
        return page

    return _login


@pytest.fixture
def assert_accessible():
    """`assert_accessible(page)`: axe-core scan, WCAG 2 A/AA; fails listing violations."""
    return _assert_accessible
