"""The history selector: field-level changes, word summaries for long text, one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renstra.models import Section
from renstra.selectors.history import history_entries, word_diff
from renstra.services.sections import section_update


@pytest.fixture
def section(plan):
    return Section.objects.select_related("plan").get(plan=plan, number="1.1")


def test_word_diff_marks_removed_and_added_words_and_shortens_the_rest():
    old = "<p>" + " ".join(f"kata{i}" for i in range(40)) + "</p>"
    new = old.replace("kata20", "KATA-BARU").replace("</p>", " penutup</p>")
    parts, removed, added = word_diff(old, new)
    kinds = [p.kind for p in parts]
    assert (removed, added) == (1, 2)
    assert kinds[0] == "gap"  # the unchanged opening is left out
    assert [p.text for p in parts if p.kind == "del"] == ["kata20"]
    assert [p.text for p in parts if p.kind == "ins"] == ["KATA-BARU", "penutup"]
    assert all(len(p.text.split()) <= 6 for p in parts if p.kind == "same")


def test_word_diff_strips_markup_and_unescapes_entities():
    parts, removed, added = word_diff("", "<p>a &amp; b</p><p>c</p>")
    assert [(p.kind, p.text) for p in parts] == [("ins", "a & b c")]
    assert (removed, added) == (0, 4)


@pytest.mark.django_db
def test_history_entries_report_who_changed_which_field(section, planner):
    section_update(
        section=section,
        title="Latar Belakang Baru",
        body="<p>Isi pertama</p>",
        expected_revision=1,
        actor=planner,
    )
    latest, created = history_entries(section)
    assert latest.who == planner.display_name and latest.kind == "~"
    assert latest.reason == "Subbab 1.1 diubah"
    by_field = {c.field: c for c in latest.changes}
    assert set(by_field) == {"title", "body"}  # the revision counter is not shown
    title = by_field["title"]
    assert (title.label, title.old, title.new, title.words) == (
        "Judul",
        "Latar Belakang",
        "Latar Belakang Baru",
        None,
    )
    body = by_field["body"]
    assert body.label == "Isi" and body.added == 2
    assert created.kind == "+" and created.changes == []


@pytest.mark.django_db
def test_history_entries_use_one_query_and_respect_the_limit(section, planner):
    for revision in range(1, 8):
        section_update(
            section=section,
            title=section.title,
            body=f"<p>Versi {revision}</p>",
            expected_revision=revision,
            actor=planner,
        )
    with CaptureQueriesContext(connection) as queries:
        entries = history_entries(section, limit=5)
    assert len(entries) == 5
    assert len(queries) == 1
    assert entries[-1].changes  # the oldest shown still diffs against the one before it
