"""XSS and SQL-injection payloads through the core forms (renstra, stages) and the import.

Every payload is saved through the real view (or the importer), must be refused cleanly or
stored as plain text (parameterised queries: the SQL payloads are just text and every
table is still there), and every page that shows it must show it escaped: no payload's
markup reaches the HTML as markup. (participation's forms: tests/participation.)"""

import pytest
from django.urls import reverse

from renstra.exchange.importer import exchange_import
from renstra.models import Element, Plan, Section, StrategicIssue
from stages.models import AgendaItem, TeamMember
from tests.factories import build_cascade
from tests.renstra.exchange_helpers import mutated, walk
from tests.stages.helpers import place

from .walker import MODEL_BACKEND

PAYLOADS = [
    '<script>alert("xss-1")</script>',
    '"><img src=x onerror=alert("xss-2")>',
    "<svg/onload=alert('xss-3')>",
    "javascript:alert('xss-4')",
    "'; DROP TABLE renstra_plan; --",
    "1' OR '1'='1",
    '" OR ""="',
    "{{ 7|add:7 }}{% now 'Y' %}",
]
# What must never appear as markup in a page (the escaped forms are fine).
RAW = [
    '<script>alert("xss-1")',
    "<img src=x onerror",
    "<svg/onload",
    'href="javascript:alert',
]
ONE_LINE = " ".join(PAYLOADS)

pytestmark = pytest.mark.django_db


def _clean(html: str, where: str) -> None:
    for raw in RAW:
        assert raw not in html, f"{raw!r} rendered as markup on {where}"


@pytest.fixture
def editor(client, plan, planner):
    place(plan, "rancangan")
    client.force_login(planner, backend=MODEL_BACKEND)
    return client


def test_payloads_through_the_cascade_and_section_forms(editor, plan):
    made = build_cascade(plan)
    pid = plan.public_id
    sub = made["sub_kegiatan"][0]
    keg = made["kegiatan"][0]
    section = Section.objects.get(plan=plan, number="1.1")
    posts = [
        (
            reverse("renstra:section_detail", args=[pid, section.chapter.number, section.pk]),
            {"title": PAYLOADS[1][:200], "body": ONE_LINE, "revision": 1},
        ),
        (
            reverse("renstra:element_detail", args=[pid, sub.pk]),
            {
                "revision": 1,
                "code": sub.code,
                "text": ONE_LINE,
                "unit_in_charge": PAYLOADS[0],
                "location": PAYLOADS[4],
                "target_group": PAYLOADS[1],
            },
        ),
        (
            reverse("renstra:element_new", args=[pid]) + "?kind=tujuan",
            {"kind": "tujuan", "text": ONE_LINE, "ref": PAYLOADS[5][:20]},
        ),
        (reverse("renstra:indicator_new", args=[pid, keg.pk]), {"new-name": ONE_LINE}),
        (reverse("renstra:issue_list", args=[pid]), {"new-text": ONE_LINE}),
        (
            reverse("stages:decree_save", args=[pid]),
            {"number": PAYLOADS[5], "date": "2026-01-02", "signed_by": PAYLOADS[0]},
        ),
        (
            reverse("stages:member_add", args=[pid]),
            {"member-name": PAYLOADS[0], "member-position": PAYLOADS[4], "member-role": "anggota"},
        ),
        (
            reverse("stages:agenda_add", args=[pid]),
            {
                "agenda-activity": PAYLOADS[1],
                "agenda-planned_start": "2026-01-05",
                "agenda-planned_end": "2026-01-09",
                "agenda-responsible": PAYLOADS[0],
            },
        ),
    ]
    for url, data in posts:
        response = editor.post(url, data)
        assert response.status_code in (200, 302, 400), (url, response.status_code)
        _clean(response.content.decode(), url)

    # Stored as text where the field is plain text; the rich-text body is sanitised.
    sub.refresh_from_db()
    assert sub.text == ONE_LINE and sub.location == PAYLOADS[4]
    assert Element.objects.filter(plan=plan, kind="tujuan", text=ONE_LINE).exists()
    assert StrategicIssue.objects.filter(plan=plan, text=ONE_LINE).exists()
    assert TeamMember.objects.filter(name=PAYLOADS[0]).exists()
    assert AgendaItem.objects.filter(activity=PAYLOADS[1]).exists()
    section.refresh_from_db()
    assert "<script" not in section.body and "onerror" not in section.body
    assert Plan.objects.filter(pk=plan.pk).exists()  # the DROP TABLE payload was text

    pages = [
        reverse("renstra:workspace", args=[pid]),
        reverse("renstra:element_detail", args=[pid, sub.pk]),
        reverse("renstra:element_detail", args=[pid, keg.pk]),
        reverse("renstra:issue_list", args=[pid]),
        reverse("renstra:chapter_detail", args=[pid, section.chapter.number]),
        reverse("renstra:section_detail", args=[pid, section.chapter.number, section.pk]),
        reverse("renstra:document", args=[pid]),
        reverse("stages:preparation", args=[pid]),
        reverse("stages:timeline", args=[pid]),
    ]
    for url in pages:
        response = editor.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        _clean(html, url)
    assert "&lt;script&gt;alert(" in editor.get(pages[1]).content.decode()


def test_payloads_through_the_import(client, superuser):
    def poison(doc):
        doc["title"] = ONE_LINE
        for kind in ("tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan"):
            for node in walk(doc, kind):
                if "text" in node:
                    node["text"] = ONE_LINE
                for indicator in node.get("indicators", []):
                    indicator["name"] = PAYLOADS[0] + " " + PAYLOADS[4]

    plan = exchange_import(
        content=mutated(poison), filename="racun.json", actor=superuser, region_create=True
    )
    assert plan.title == ONE_LINE
    assert Element.objects.filter(plan=plan, text=ONE_LINE).count() > 3
    client.force_login(superuser, backend=MODEL_BACKEND)
    pid = plan.public_id
    element = Element.objects.filter(plan=plan, kind="program").first()
    for url in (
        reverse("renstra:plan_list"),
        reverse("renstra:workspace", args=[pid]),
        reverse("renstra:element_detail", args=[pid, element.pk]),
        reverse("renstra:document", args=[pid]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _clean(response.content.decode(), url)


def test_payloads_through_the_import_upload_view(client, superuser):
    """The file name and the file's texts are shown on the upload, preview and error pages:
    escaped. A file that is not valid interchange JSON (a payload) is refused, not run."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(superuser, backend=MODEL_BACKEND)
    url = reverse("renstra:import_upload")
    name = '"><img src=x onerror=alert(1)>.json'

    def poison(doc):
        doc["title"] = ONE_LINE

    response = client.post(
        url, {"file": SimpleUploadedFile(name, mutated(poison), "application/json")}
    )
    # Refused (403: the file's region and unit do not exist here) or previewed: escaped.
    assert response.status_code in (302, 403), response.status_code
    _clean(response.content.decode(), "import upload")
    if response.status_code == 302:
        preview = client.get(response["Location"])
        assert preview.status_code == 200
        _clean(preview.content.decode(), "import preview")
    else:
        assert "&quot;&gt;&lt;img src=x onerror" in response.content.decode()

    for content in (ONE_LINE.encode(), b"<script>alert(1)</script>"):
        response = client.post(url, {"file": SimpleUploadedFile(name, content, "application/json")})
        assert response.status_code in (200, 400), response.status_code
        _clean(response.content.decode(), "import upload errors")
    assert Plan.objects.filter(title=ONE_LINE).count() == 0  # nothing imported by the upload
