"""The PDF of the imported sample plan, rendered once for the module and read back."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from pypdf import PdfReader

from renstra.document import build_document, document_pdf, live_document_content
from renstra.models import Plan
from renstra.values import format_rupiah

# The mark makes pytest-django set up the test database the module fixture writes to.
pytestmark = pytest.mark.django_db

SAMPLE = settings.SHARED_DIR / "interchange" / "sample-dinkes-contoh.json"


@pytest.fixture(scope="module")
def sample(django_db_setup, django_db_blocker):
    """(page texts, page boxes, expectations) of the sample; the import is rolled back."""
    if not SAMPLE.exists():
        pytest.skip("sample exchange file not available")
    with django_db_blocker.unblock(), translation.override("id"), transaction.atomic():
        out = io.StringIO()
        call_command("import_renstra", str(SAMPLE), "--region-create", stdout=out)
        public_id = out.getvalue().strip().splitlines()[-1]
        plan = Plan.objects.select_related("unit__region", "rpjmd").get(public_id=public_id)
        content = live_document_content(plan)
        document = build_document(
            plan=plan,
            content=content,
            version_label="Rancangan uji",
            version_date=timezone.now(),
            appendix=[],
        )
        pdf = document_pdf(document)
        expected = {
            "chapters": [c.heading for c in document.chapters],
            "sections": [s.heading for c in document.chapters for s in c.sections],
            "tables": [t.caption for t in document.tables],
            "codes": [
                n.element.code
                for n in content.tree.walk()
                if n.element.kind in ("program", "kegiatan", "sub_kegiatan")
            ],
            "programs": [
                (n.element.code, {y: n.totals[y] for y in content.tree.years})
                for n in content.tree.of_kind("program")
            ],
        }
        transaction.set_rollback(True)
    reader = PdfReader(io.BytesIO(pdf))
    pages = [p.extract_text() or "" for p in reader.pages]
    boxes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    return {"pages": pages, "boxes": boxes, "expected": expected}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _find(pages: list[str], needle: str, start: int = 0) -> int:
    """Index of the first page from `start` whose text contains `needle` (spaces folded)."""
    needle = _flat(needle)
    for i in range(start, len(pages)):
        if needle in _flat(pages[i]):
            return i
    raise AssertionError(f"not found in the PDF: {needle!r}")


def _body_start(pages):
    # The chapters begin after the table of contents and the list of tables.
    return _find(pages, "DAFTAR TABEL") + 1


def test_chapters_and_sections_in_order(sample):
    pages, expected = sample["pages"], sample["expected"]
    assert len(expected["chapters"]) == 8
    text = _flat(" ".join(pages[_body_start(pages) :]))
    position = 0
    for chapter in expected["chapters"]:
        label, _, title = chapter.partition(" ")[2].partition(" ")
        found = text.find(f"BAB {label} {title}", position)
        assert found >= 0, chapter
        position = found
    position = 0
    for section in expected["sections"]:
        found = text.find(_flat(section), position)
        assert found >= 0, section
        position = found


def test_every_table_title_and_code(sample):
    text = _flat(" ".join(sample["pages"]))
    for caption in sample["expected"]["tables"]:
        assert _flat(caption) in text
    for code in ("T-C.23", "T-C.24", "T-C.25", "T-C.26", "T-C.27", "T-C.28"):
        assert f"Tabel {code}" in text
    assert sample["expected"]["codes"]
    for code in sample["expected"]["codes"]:
        assert code in text, code


def _tc27_start(sample) -> int:
    caption = next(t for t in sample["expected"]["tables"] if t.startswith("Tabel T-C.27"))
    return _find(sample["pages"], caption, _body_start(sample["pages"]))


def test_program_rows_carry_the_computed_yearly_totals(sample):
    pages = sample["pages"]
    start = _tc27_start(sample)
    text = _flat(" ".join(pages[start:]))
    codes = sample["expected"]["codes"]
    for code, totals in sample["expected"]["programs"]:
        # The program's row runs from its code to the next code printed after it.
        begin = text.index(f"{code} ")
        following = [text.find(f"{c} ", begin + len(code)) for c in codes if c != code]
        end = min([f for f in following if f > begin] or [len(text)])
        row = text[begin:end]
        for year, total in totals.items():
            assert format_rupiah(total, prefix=False) in row, (code, year)


def test_toc_page_numbers_match_the_chapter_pages(sample):
    pages = sample["pages"]
    toc = _flat(pages[_find(pages, "DAFTAR ISI")])
    start = _body_start(pages)
    for chapter in sample["expected"]["chapters"]:
        match = re.search(re.escape(_flat(chapter)) + r"[ .]*?(\d+)(?!\d)", toc)
        assert match, chapter
        label, _, title = chapter.partition(" ")[2].partition(" ")
        page = _find(pages, f"BAB {label} {title}", start) + 1
        assert int(match.group(1)) == page, chapter


def test_tc27_pages_are_landscape_others_portrait(sample):
    pages, boxes = sample["pages"], sample["boxes"]
    first = _tc27_start(sample)
    after = _find(pages, "KINERJA PENYELENGGARAAN BIDANG URUSAN", first)
    for i in range(first, after):
        width, height = boxes[i]
        assert width > height, i + 1
    assert boxes[0][0] < boxes[0][1]  # the cover is portrait
    assert boxes[after][0] < boxes[after][1]


def test_draft_carries_the_watermark_and_page_footer(sample):
    pages = sample["pages"]
    assert all("RANCANGAN" in p for p in pages)
    assert f"Halaman 2 dari {len(pages)}" in _flat(pages[1])
