"""The response matrix: every comment with its response, in the browser page, CSV and
XLSX (parsed back); formula injection neutralised."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from participation.exports import safe_cell
from participation.models import Comment
from participation.services.comments import comment_create, comment_reply
from participation.services.responses import comment_respond
from tests.participation.comment_helpers import setup_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(plan, planner):
    cache.clear()
    consultation, section, org, member = setup_consultation(plan, planner)
    a = comment_create(
        consultation=consultation,
        user=member,
        body='=HYPERLINK("http://x")',
        target="section",
        section_id=section.pk,
        quote="posyandu",
    )
    b = comment_create(
        consultation=consultation, user=member, body="+62 tambah data", target="plan"
    )
    c = comment_create(consultation=consultation, user=member, body="Belum dijawab", target="plan")
    comment_reply(parent=a, user=planner, body="@kader akan dilatih")
    comment_respond(
        comment=a,
        actor=planner,
        kind="accepted",
        reason="-Diterapkan",
        applied_version=consultation.version,
        applied_section_id=section.pk,
    )
    comment_respond(comment=b, actor=planner, kind="noted", reason="Dicatat")
    return consultation, org, (a, b, c)


def test_safe_cell():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("biasa") == "biasa"


def test_csv_contains_every_comment_with_its_response(client, filled):
    consultation, org, (a, b, c) = filled
    response = client.get(
        reverse("participation:response_matrix_csv", args=[consultation.public_id])
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(body) == Comment.objects.filter(consultation=consultation).count() == 4
    by_number = {r[0]: dict(zip(header, r, strict=True)) for r in body}
    assert by_number[str(a.pk)]["Tanggapan"] == "Diterima"
    assert by_number[str(a.pk)]["Komentar"] == '\'=HYPERLINK("http://x")'
    assert by_number[str(a.pk)]["Alasan"] == "'-Diterapkan"
    assert by_number[str(a.pk)]["Organisasi"] == org.name
    assert "/komentar/" in by_number[str(a.pk)]["Tautan"]
    assert by_number[str(b.pk)]["Komentar"] == "'+62 tambah data"
    assert by_number[str(c.pk)]["Tanggapan"] == "Belum dijawab"
    reply_rows = [r for n, r in by_number.items() if "." in n]
    assert reply_rows[0]["Komentar"] == "'@kader akan dilatih"


def test_xlsx_contains_every_comment_and_no_formula(client, filled):
    consultation, _org, (a, b, c) = filled
    response = client.get(
        reverse("participation:response_matrix_xlsx", args=[consultation.public_id])
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(values) == 4
    numbers = {row[0] for row in values}
    assert {str(a.pk), str(b.pk), str(c.pk)} <= numbers
    for row in sheet.iter_rows(min_row=3):
        assert all(cell.data_type != "f" for cell in row)
    row_a = next(r for r in values if r[0] == str(a.pk))
    assert row_a[6] == "Diterima" and row_a[5].startswith("'=")


def test_matrix_page_is_public(client, filled):
    consultation, org, (_a, _b, _c) = filled
    response = client.get(reverse("participation:response_matrix", args=[consultation.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert org.name in html and "Diterima" in html and "Belum dijawab" in html
