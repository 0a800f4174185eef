"""Every asset a page loads is served by the application itself (no CDN).

Pages must work on a government intranet and under `script-src 'self'`, so htmx comes from
django-htmx's static files and our CSS/JS from static/, all served through whitenoise."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

# As in production: hashed names from a manifest built by `collectstatic`. (Production's
# whitenoise storage also writes gzip/brotli copies; that alone takes ~20 s, and the names
# and the serving path are the same without it.)
MANIFEST_STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
REMOTE_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


class _AssetCollector(HTMLParser):
    """URLs of <script src> and <link href> in a page."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])
        elif tag == "link" and attributes.get("href"):
            self.urls.append(attributes["href"])


def asset_urls(html: str) -> list[str]:
    collector = _AssetCollector()
    collector.feed(html)
    return collector.urls


@pytest.fixture
def collected_static(settings, tmp_path):
    """Static files collected as in production, and whitenoise serving them (DEBUG off)."""
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = MANIFEST_STORAGES
    settings.DEBUG = False
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_every_asset_of_the_base_template_is_served_by_the_app(collected_static, planner, plan):
    # A new Client builds a new handler, so whitenoise indexes the STATIC_ROOT set above.
    client = Client()
    seen: set[str] = set()
    for user, url in [
        (None, reverse("login")),
        (planner, reverse("renstra:plan_list")),
        (planner, plan.get_absolute_url()),
    ]:
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        seen.update(asset_urls(response.content.decode()))

    assert any("htmx" in url and url.endswith(".js") for url in seen), seen
    assert any(url.endswith(".css") and "/css/app." in url for url in seen), seen
    assert any(url.endswith(".js") and "/js/app." in url for url in seen), seen
    for url in sorted(seen):
        assert not REMOTE_URL.match(url), f"{url} is loaded from another site"
        assert url.startswith(settings.STATIC_URL), url
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, f"{url} is empty"


_REMOTE_ASSET_TAG = re.compile(
    r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>",
    re.IGNORECASE,
)


def test_no_template_loads_a_script_or_stylesheet_from_another_site():
    template_dirs = [*settings.TEMPLATES[0]["DIRS"]]
    template_dirs += [
        settings.BASE_DIR / app / "templates"
        for app in ("renstra", "stages", "participation", "legislation")
    ]
    offenders = []
    for directory in template_dirs:
        for template in sorted(directory.rglob("*.html")) if directory.exists() else []:
            text = template.read_text(encoding="utf-8")
            offenders += [
                f"{template.relative_to(settings.BASE_DIR)}: {match.group(0)}"
                for match in _REMOTE_ASSET_TAG.finditer(text)
            ]
    assert offenders == [], "Assets must be served by the app (no CDN):\n" + "\n".join(offenders)
