"""The document as HTML: year columns, pages and their access, the previous period."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from renstra.document import build_document, document_html, live_document_content
from renstra.document.tables import average_growth, previous_years
from renstra.models.plan import BudgetRecord, PerformanceRecord
from tests.factories import PlanFactory, build_cascade


def _html(plan) -> str:
    document = build_document(
        plan=plan,
        content=live_document_content(plan),
        version_label="Uji",
        version_date=timezone.now(),
        appendix=[],
    )
    return document_html(document, for_print=True)


def _tc27_head(html: str) -> str:
    block = html[html.index('id="tabel-tc27"') :]
    return block[: block.index("</thead>")]


@pytest.mark.parametrize(("start", "end"), [(2026, 2028), (2025, 2030)])
def test_year_columns_follow_the_plan_period(unit, start, end):
    plan = PlanFactory(unit=unit, start_year=start, end_year=end)
    build_cascade(plan, programs=1, kegiatan=1, subs=1)
    head = _tc27_head(_html(plan))
    years = [int(y) for y in re.findall(r">(20\d\d)</th>", head)]
    assert years == list(range(start, end + 1))
    # Target and Rp for every year plus the end of the period.
    assert head.count(">Rp</th>") == len(years) + 1


def test_print_html_has_no_remote_reference(plan):
    build_cascade(plan)
    html = _html(plan)
    assert "http://" not in html.replace("https://renstra.invalid", "")
    assert 'href="static/css/document.css"' in html or "css/document.css" in html


def test_average_growth_and_previous_years(plan):
    assert previous_years(plan) == [2021, 2022, 2023, 2024, 2025]
    assert average_growth([Decimal(100), Decimal(110), Decimal(121)]) == Decimal("10.00")
    assert average_growth([None, Decimal(5)]) is None


def test_document_page_access(client, plan, planner, outsider, verifier):
    build_cascade(plan)
    url = reverse("renstra:document", args=[plan.public_id])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(verifier)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tabel T-C.27" in body and "BAB I" in body
    # The strict CSP: no inline style anywhere on the page.
    assert "<style" not in body and " style=" not in body


def test_planner_enters_previous_period_rows(client, plan, planner, verifier, outsider):
    page = reverse("renstra:previous_period", args=[plan.public_id])
    add_perf = reverse("renstra:previous_period_add", args=[plan.public_id, "kinerja"])
    add_budget = reverse("renstra:previous_period_add", args=[plan.public_id, "anggaran"])
    client.force_login(outsider)
    assert client.get(page).status_code == 404
    client.force_login(verifier)
    assert client.get(page).status_code == 200
    assert client.post(add_perf, {"indicator": "x"}).status_code == 403
    client.force_login(planner)
    response = client.post(
        add_perf,
        {"indicator": "Cakupan imunisasi", "target_2021": "90%", "real_2021": "81%"},
    )
    assert response.status_code == 302
    response = client.post(
        add_budget,
        {"description": "Belanja", "budget_2021": "1.000.000", "real_2021": "900.000"},
    )
    assert response.status_code == 302
    record = PerformanceRecord.objects.get(plan=plan)
    assert record.targets == {"2021": "90%"} and record.history.count() == 1
    assert BudgetRecord.objects.get(plan=plan).budgets == {"2021": "1000000"}
    html = client.get(page).content.decode()
    # 90% target; 81/90 = 90% achieved; 900.000/1.000.000 = 90% of the budget spent.
    assert html.count(">90%</td>") == 3
    assert "1.000.000" in html
    doc = _html(plan)
    assert "Cakupan imunisasi" in doc and "Tabel T-C.23" in doc


def test_workspace_and_version_pages_link_the_document_and_its_pdf(client, plan, planner):
    from stages.versions import version_freeze

    build_cascade(plan)
    version = version_freeze(plan=plan, label="Rancangan awal", actor=planner)
    client.force_login(planner)
    files = reverse("renstra:document_files", args=[plan.public_id])
    request = reverse("renstra:document_request", args=[plan.public_id])
    pages = {
        reverse("renstra:workspace", args=[plan.public_id]): (
            reverse("renstra:document", args=[plan.public_id]),
            "",
        ),
        reverse("stages:version_detail", args=[plan.public_id, version.number]): (
            reverse("stages:version_document", args=[plan.public_id, version.number]),
            str(version.number),
        ),
    }
    for page, (document, number) in pages.items():
        body = client.get(page).content.decode()
        for url in (document, files, request):
            assert f'"{url}"' in body, (page, url)
        assert f'name="version" value="{number}"' in body
        assert client.get(document).status_code == 200
        assert client.get(files).status_code == 200
        response = client.post(request, {"version": number})
        assert response.status_code == 302
        assert client.get(response.url).status_code == 200
