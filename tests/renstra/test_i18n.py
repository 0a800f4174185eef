"""Interface language: Indonesian by default, English after the language switch.

The English catalogue (locale/en/LC_MESSAGES/django.po) must translate every msgid, so a
new source string fails here until its translation is added (makemessages -l en, then
fill in msgstr; `make run`/`make test` compile the .mo through scripts/bootstrap.sh)."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

# (page, Indonesian strings, their English translations)
LOGIN = (["Masuk", "Langsung ke isi"], ["Log in", "Skip to content"])
PLAN_LIST = (
    ["Rencana strategis", "Perangkat daerah", "Periode", "Tahap"],
    ["Strategic plans", "Regional work unit", "Period", "Stage"],
)
WORKSPACE = (
    ["Kaskade kinerja", "Bab dan subbab", "Tambah tujuan", "Isu strategis"],
    ["Performance cascade", "Chapters and sections", "Add goal", "Strategic issues"],
)


def _switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def _contains(html, text):
    """`text` as a whole phrase ("Period" is not found inside "Periode")."""
    return re.search(rf"(?<!\w){re.escape(text)}(?!\w)", html) is not None


def _assert_page(client, url, present, absent):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in present:
        assert _contains(html, text), f"{text!r} missing from {url}"
    for text in absent:
        assert not _contains(html, text), f"{text!r} still on {url}"
    return html


@pytest.mark.django_db
def test_login_page_is_indonesian_by_default_and_english_after_switch(client):
    indonesian, english = LOGIN
    html = _assert_page(client, reverse("login"), indonesian, ["Log in"])
    assert '<html lang="id">' in html
    _switch_to_english(client)
    html = _assert_page(client, reverse("login"), english, ["Langsung ke isi"])
    assert '<html lang="en">' in html


def test_plan_list_in_both_languages(client, plan, planner):
    client.force_login(planner)
    url = reverse("renstra:plan_list")
    indonesian, english = PLAN_LIST
    _assert_page(client, url, [*indonesian, plan.title], english)
    _switch_to_english(client)
    _assert_page(client, url, [*english, plan.title], ["Rencana strategis"])


def test_workspace_in_both_languages(client, plan, planner):
    client.force_login(planner)
    url = reverse("renstra:workspace", args=[plan.public_id])
    indonesian, english = WORKSPACE
    _assert_page(client, url, indonesian, english)
    _switch_to_english(client)
    _assert_page(client, url, english, ["Kaskade kinerja", "Tambah tujuan"])


def _po_entries(path: Path):
    """Yield (msgid, msgstrs, flags) of each active (non-obsolete) entry, header excluded."""
    text = path.read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        flags: list[str] = []
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                flags += [f.strip() for f in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif m := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line):
                key = m.group(1)
                fields[key] = ast.literal_eval(m.group(2))
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        msgstrs = [v for k, v in fields.items() if k.startswith("msgstr")]
        yield fields["msgid"], msgstrs, flags


def test_english_catalogue_translates_every_string():
    entries = list(_po_entries(PO_PATH))
    assert len(entries) > 500
    missing = [msgid for msgid, msgstrs, _ in entries if not msgstrs or not all(msgstrs)]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert not missing, f"{len(missing)} untranslated msgids in {PO_PATH.name}, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries in {PO_PATH.name}, e.g. {fuzzy[:5]}"


def test_placeholders_survive_translation():
    named = re.compile(r"%\(\w+\)[sd]|%[sd]")
    wrong = [
        msgid
        for msgid, msgstrs, _ in _po_entries(PO_PATH)
        for msgstr in msgstrs
        if sorted(set(named.findall(msgid))) != sorted(set(named.findall(msgstr)))
    ]
    assert not wrong, f"placeholders differ in {wrong[:5]}"
