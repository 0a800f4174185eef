"""Chapter and section editing: services, pages, access, sanitising, locks, conflicts."""

import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renstra.errors import EditConflict, PlanLocked
from renstra.models import Chapter, Plan, Section
from renstra.services.sections import (
    chapter_update,
    section_create,
    section_delete,
    section_update,
)

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture
def section(plan):
    return Section.objects.select_related("plan", "chapter").get(plan=plan, number="1.1")


@pytest.fixture
def chapter(plan):
    return Chapter.objects.select_related("plan").get(plan=plan, number=1)


def section_url(section):
    return reverse(
        "renstra:section_detail",
        args=[section.plan.public_id, section.chapter.number, section.pk],
    )


def chapter_url(chapter):
    return reverse("renstra:chapter_detail", args=[chapter.plan.public_id, chapter.number])


def new_url(chapter):
    return reverse("renstra:section_new", args=[chapter.plan.public_id, chapter.number])


def delete_url(section):
    return reverse(
        "renstra:section_delete",
        args=[section.plan.public_id, section.chapter.number, section.pk],
    )


def edit_data(obj, body="<p>Teks baru</p>", title=None, revision=None):
    return {
        "title": title or obj.title,
        "body": body,
        "revision": obj.revision if revision is None else revision,
    }


# --- services -------------------------------------------------------------------------


@pytest.mark.django_db
def test_section_update_saves_sanitised_body_and_records_history(section, planner):
    saved = section_update(
        section=section,
        title="Latar Belakang",
        body=f"<p>Isi {SCRIPT}{IMG}</p>",
        expected_revision=1,
        actor=planner,
    )
    assert saved.revision == 2
    assert "script" not in saved.body and "onerror" not in saved.body
    assert saved.body.startswith("<p>Isi")
    record = section.history.latest()
    assert record.history_user == planner
    assert record.history_change_reason == "Subbab 1.1 diubah"


@pytest.mark.django_db
def test_section_update_from_a_stale_revision_raises_edit_conflict(section, planner):
    section_update(section=section, title="A", body="<p>1</p>", expected_revision=1, actor=planner)
    with pytest.raises(EditConflict) as caught:
        section_update(
            section=section, title="B", body="<p>2</p>", expected_revision=1, actor=planner
        )
    assert caught.value.current.body == "<p>1</p>"
    section.refresh_from_db()
    assert (section.title, section.revision) == ("A", 2)


@pytest.mark.django_db
def test_chapter_update_saves_title_and_body(chapter, planner):
    saved = chapter_update(
        chapter=chapter,
        title="PENDAHULUAN",
        body="<p>Pengantar</p>",
        expected_revision=1,
        actor=planner,
    )
    assert (saved.body, saved.revision) == ("<p>Pengantar</p>", 2)
    assert chapter.history.latest().history_change_reason == "BAB I diubah"


@pytest.mark.django_db
def test_section_create_appends_and_delete_keeps_history(chapter, planner):
    created = section_create(chapter=chapter, number="1.5", title="Baru", actor=planner)
    assert created.position == max(s.position for s in chapter.sections.all())
    assert created.plan_id == chapter.plan_id
    section_delete(section=created, actor=planner, expected_revision=1)
    assert not Section.objects.filter(pk=created.pk).exists()
    deleted = Section.history.filter(id=created.pk).latest()
    assert deleted.history_type == "-" and deleted.history_user == planner


@pytest.mark.django_db
def test_section_create_refuses_a_duplicate_number(chapter, planner):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        section_create(chapter=chapter, number="1.1", title="Lagi", actor=planner)


@pytest.mark.django_db
def test_services_refuse_a_locked_plan(plan, section, chapter, planner):
    Plan.objects.filter(pk=plan.pk).update(locked=True)
    with pytest.raises(PlanLocked):
        section_update(section=section, title="X", body="", expected_revision=1, actor=planner)
    with pytest.raises(PlanLocked):
        chapter_update(chapter=chapter, title="X", body="", expected_revision=1, actor=planner)
    with pytest.raises(PlanLocked):
        section_create(chapter=chapter, number="1.9", title="X", actor=planner)
    with pytest.raises(PlanLocked):
        section_delete(section=section, actor=planner)
    section.refresh_from_db()
    assert section.revision == 1


# --- access ---------------------------------------------------------------------------


def _urls(section, chapter):
    return [section_url(section), chapter_url(chapter)]


def test_anonymous_is_sent_to_login(client, section, chapter):
    for url in [*_urls(section, chapter), new_url(chapter), delete_url(section)]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert reverse("login") in response["Location"]


def test_outsiders_get_404_on_get_and_post(
    client, section, chapter, outsider, citizen, stakeholder, dprd_member
):
    for user in (outsider, citizen, stakeholder, dprd_member):
        client.force_login(user)
        for url in _urls(section, chapter):
            assert client.get(url).status_code == 404, (user.username, url)
            assert client.post(url, edit_data(section)).status_code == 404, (user.username, url)
        assert client.post(new_url(chapter), {"number": "1.8", "title": "X"}).status_code == 404
        assert client.post(delete_url(section), {"revision": 1}).status_code == 404
    section.refresh_from_db()
    assert section.revision == 1


def test_verifier_and_head_read_without_form_and_cannot_post(
    client, section, chapter, verifier, head
):
    section_update(
        section=section,
        title=section.title,
        body="<p>Teks terbaca</p>",
        expected_revision=1,
        actor=None,
    )
    for user in (verifier, head):
        client.force_login(user)
        response = client.get(section_url(section))
        assert response.status_code == 200, user.username
        html = response.content.decode()
        assert "Teks terbaca" in html
        assert 'name="body"' not in html and "data-django-prose-editor" not in html
        assert client.get(chapter_url(chapter)).status_code == 200
        for url in _urls(section, chapter):
            assert client.post(url, edit_data(section, revision=2)).status_code == 403
        assert client.post(new_url(chapter), {"number": "1.8", "title": "X"}).status_code == 403
        assert client.post(delete_url(section), {"revision": 2}).status_code == 403
    section.refresh_from_db()
    assert section.revision == 2


def test_planner_edits_a_section(planner_client, section, planner):
    url = section_url(section)
    response = planner_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="revision"' in html and 'value="1"' in html
    assert "data-django-prose-editor-configurable" in html
    response = planner_client.post(url, edit_data(section, body="<p>Latar belakang baru</p>"))
    assert response.status_code == 302 and response["Location"] == url
    section.refresh_from_db()
    assert (section.body, section.revision) == ("<p>Latar belakang baru</p>", 2)
    html = planner_client.get(url).content.decode()
    assert "Subbab 1.1 disimpan." in html


def test_planner_edits_the_chapter_body(planner_client, chapter):
    url = chapter_url(chapter)
    response = planner_client.post(url, edit_data(chapter, body="<p>Pengantar bab</p>"))
    assert response.status_code == 302
    chapter.refresh_from_db()
    assert (chapter.body, chapter.revision) == ("<p>Pengantar bab</p>", 2)


def test_planner_adds_and_deletes_a_section(planner_client, chapter):
    response = planner_client.post(new_url(chapter), {"number": "1.5", "title": "Tambahan"})
    assert response.status_code == 302
    section = Section.objects.get(chapter=chapter, number="1.5")
    assert response["Location"] == section_url(section)
    # The confirmation page, then the deletion.
    response = planner_client.get(delete_url(section))
    assert response.status_code == 200 and "Ya, hapus" in response.content.decode()
    response = planner_client.post(delete_url(section), {"revision": section.revision})
    assert response.status_code == 302 and response["Location"] == chapter_url(chapter)
    assert not Section.objects.filter(pk=section.pk).exists()


def test_deleting_a_section_changed_since_is_refused(planner_client, section, planner):
    section_update(
        section=section, title="X", body="<p>baru</p>", expected_revision=1, actor=planner
    )
    response = planner_client.post(delete_url(section), {"revision": 1})
    assert response.status_code == 409
    assert Section.objects.filter(pk=section.pk).exists()


def test_invalid_form_answers_400(planner_client, section):
    response = planner_client.post(section_url(section), edit_data(section, title=" "))
    assert response.status_code == 400


# --- sanitising -----------------------------------------------------------------------


def test_pasted_script_never_reaches_the_database_or_the_page(planner_client, section):
    url = section_url(section)
    response = planner_client.post(url, edit_data(section, body=f"<p>Aman</p>{SCRIPT}<p>{IMG}</p>"))
    assert response.status_code == 302
    section.refresh_from_db()
    assert "script" not in section.body and "onerror" not in section.body
    assert "Aman" in section.body
    html = planner_client.get(url).content.decode()
    assert "alert(1)" not in html and "onerror" not in html
    # Nor does a form re-displayed with errors (empty title) carry them.
    html = planner_client.post(
        url, edit_data(section, title=" ", body=f"{SCRIPT}{IMG}", revision=2)
    ).content.decode()
    assert "alert(1)" not in html and "onerror" not in html


def test_a_stored_unsafe_body_is_sanitised_on_display(client, section, verifier):
    # Rows written by other paths (imports, the admin) are cleaned on the way out too.
    Section.objects.filter(pk=section.pk).update(body=f"<p>Lama</p>{SCRIPT}{IMG}")
    client.force_login(verifier)
    html = client.get(section_url(section)).content.decode()
    assert "Lama" in html and "alert(1)" not in html and "onerror" not in html


# --- locks ----------------------------------------------------------------------------


def test_a_locked_plan_refuses_saves_through_the_page(planner_client, plan, section, chapter):
    Plan.objects.filter(pk=plan.pk).update(locked=True)
    response = planner_client.get(section_url(section))
    assert response.status_code == 200
    assert 'name="body"' not in response.content.decode()
    for url, obj in ((section_url(section), section), (chapter_url(chapter), chapter)):
        response = planner_client.post(url, edit_data(obj, body="<p>Ketikan saya</p>"))
        assert response.status_code == 403
        html = response.content.decode()
        assert "terkunci" in html and "Ketikan saya" in html
    assert planner_client.post(new_url(chapter), {"number": "1.9", "title": "X"}).status_code == 403
    assert planner_client.post(delete_url(section), {"revision": 1}).status_code == 403
    section.refresh_from_db()
    chapter.refresh_from_db()
    assert section.revision == chapter.revision == 1


# --- history and queries --------------------------------------------------------------


def test_history_panel_shows_who_changed_which_field(planner_client, planner, section):
    url = section_url(section)
    planner_client.post(url, edit_data(section, title="Latar Belakang Baru", body="<p>Isi</p>"))
    html = planner_client.get(url).content.decode()
    panel = html[html.index('class="history-panel"') :]
    assert planner.display_name in panel
    assert "Latar Belakang Baru" in panel and "Judul" in panel
    assert "Subbab 1.1 diubah" in panel


def _edit_many(section, actor, times):
    for revision in range(1, times + 1):
        section_update(
            section=section,
            title=f"Judul {revision}",
            body=f"<p>Versi {revision} dengan beberapa kata</p>",
            expected_revision=revision,
            actor=actor,
        )


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_section_page_queries_do_not_grow_with_history(planner_client, planner, plan, section):
    other = Section.objects.select_related("plan", "chapter").get(plan=plan, number="1.2")
    _edit_many(section, planner, 1)
    _edit_many(other, planner, 20)
    assert _count_queries(planner_client, section_url(section)) == _count_queries(
        planner_client, section_url(other)
    )


# --- conflicts ------------------------------------------------------------------------


def test_second_editor_gets_409_with_both_versions_and_keeps_their_text(
    client, planner, section, unit
):
    from renstra.services.roles import role_grant
    from tests.factories import UserFactory

    colleague = UserFactory(username="rekan", full_name="Rekan Penyusun")
    role_grant(user=colleague, role="planner", scope=unit)
    url = section_url(section)
    first, second = client, client.__class__()
    first.force_login(planner)
    second.force_login(colleague)
    assert first.get(url).status_code == 200
    assert second.get(url).status_code == 200

    theirs = edit_data(section, body="<p>Versi pertama yang tersimpan</p>", revision=1)
    assert first.post(url, theirs).status_code == 302
    mine = edit_data(section, body="<p>Ketikan rekan yang tidak boleh hilang</p>", revision=1)
    response = second.post(url, mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Versi pertama yang tersimpan" in html  # theirs, rendered
    assert planner.display_name in html  # who saved it
    form = response.context["form"]
    assert form["body"].value() == "<p>Ketikan rekan yang tidak boleh hilang</p>"
    assert form["revision"].value() == 2
    assert "&lt;p&gt;Ketikan rekan yang tidak boleh hilang&lt;/p&gt;" in html  # in the editor
    section.refresh_from_db()
    assert section.body == "<p>Versi pertama yang tersimpan</p>"

    # Saving again on top of the new revision works.
    response = second.post(url, {**mine, "revision": 2})
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.body, section.revision) == (
        "<p>Ketikan rekan yang tidak boleh hilang</p>",
        3,
    )


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_once_exactly_one_wins(plan, planner):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: row locks between two connections (SQLite serialises writers "
            "per database, so it cannot show the race); set DATABASE_URL"
        )
    section = Section.objects.get(plan=plan, number="1.1")
    records_before = section.history.count()
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def editor(name: str) -> None:
        try:
            own = Section.objects.select_related("plan").get(pk=section.pk)
            barrier.wait(timeout=10)
            section_update(
                section=own,
                title=own.title,
                body=f"<p>Teks dari {name}</p>",
                expected_revision=1,
                actor=planner,
            )
            outcomes[name] = "saved"
        except EditConflict as error:
            outcomes[name] = error
        except Exception as error:
            outcomes[name] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=editor, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(type(o).__name__ if o != "saved" else "saved" for o in outcomes.values()) == [
        "EditConflict",
        "saved",
    ], outcomes
    winner = next(name for name, o in outcomes.items() if o == "saved")
    section.refresh_from_db()
    assert (section.body, section.revision) == (f"<p>Teks dari {winner}</p>", 2)
    assert section.history.count() == records_before + 1
    assert section.history.filter(history_type="~").count() == 1
