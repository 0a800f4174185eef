"""The PDF of the imported sample plan, rendered once for the module and read back."""

import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from pypdf import PdfReader

from renstra.document import build_document, document_pdf, live_document_content
from renstra.document.assemble import render_assembled
from renstra.document.render import document_layout
from renstra.models import Plan
from renstra.values import format_rupiah

# The mark makes pytest-django set up the test database the module fixture writes to.
pytestmark = pytest.mark.django_db

SAMPLE = settings.SHARED_DIR / "interchange" / "sample-dinkes-contoh.json"


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory):
    """The sample's PDF rendered in one pass and in parts (`assemble`, real child
    processes), the document and the parts' cache; the import is rolled back."""
    if not SAMPLE.exists():
        pytest.skip("sample exchange file not available")
    cache = tmp_path_factory.mktemp("render-cache")
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
        one_pass = document_pdf(document)
        target = cache / "document.pdf"
        result = render_assembled(document, out_path=target, directory=cache)
        parts = target.read_bytes()
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
    return {
        "pdf": {"one-pass": one_pass, "parts": parts},
        "expected": expected,
        "document": document,
        "cache": cache,
        "result": result,
    }


def _read(pdf: bytes) -> tuple[list[str], list[tuple[float, float]]]:
    reader = PdfReader(io.BytesIO(pdf))
    pages = [p.extract_text() or "" for p in reader.pages]
    boxes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    return pages, boxes


@pytest.fixture(scope="module", params=["one-pass", "parts"])
def sample(request, rendered):
    """(page texts, page boxes, expectations) of the sample, rendered either way."""
    pages, boxes = _read(rendered["pdf"][request.param])
    return {"pages": pages, "boxes": boxes, "expected": rendered["expected"]}


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


def _toc_numbers_match(pages: list[str], chapters: list[str]) -> None:
    toc = _flat(pages[_find(pages, "DAFTAR ISI")])
    start = _body_start(pages)
    for chapter in chapters:
        match = re.search(re.escape(_flat(chapter)) + r"[ .]*?(\d+)(?!\d)", toc)
        assert match, chapter
        label, _, title = chapter.partition(" ")[2].partition(" ")
        assert int(match.group(1)) == _find(pages, f"BAB {label} {title}", start) + 1, chapter


def test_parts_give_the_pages_of_the_one_pass_render(rendered):
    one_pass, _ = _read(rendered["pdf"]["one-pass"])
    parts, _sizes = _read(rendered["pdf"]["parts"])
    assert len(parts) == len(one_pass) == rendered["result"].info["pages"]
    assert [_flat(p)[:60] for p in parts] == [_flat(p)[:60] for p in one_pass]
    # Running header on every page but the cover; the cover has no footer.
    assert "Halaman" not in parts[0]
    for number, text in enumerate(parts[1:], 2):
        assert f"Halaman {number} dari {len(parts)}" in _flat(text)
        assert rendered["document"].title in _flat(text)
    assert rendered["result"].info["rendered_parts"] == rendered["result"].info["parts"]


def test_toc_links_point_to_the_chapter_pages(rendered):
    reader = PdfReader(io.BytesIO(rendered["pdf"]["parts"]))
    pages, _ = _read(rendered["pdf"]["parts"])
    toc = _find(pages, "DAFTAR ISI")
    targets = set()
    for annotation in reader.pages[toc].get("/Annots") or []:
        destination = annotation.get_object().get("/Dest")
        if destination:
            targets.add(reader.get_page_number(destination[0].get_object()))
    first = rendered["expected"]["chapters"][0]
    label, _, title = first.partition(" ")[2].partition(" ")
    assert _find(pages, f"BAB {label} {title}", _body_start(pages)) in targets


def test_edit_renders_one_part_again_and_renumbers(rendered, tmp_path):
    document, cache = rendered["document"], rendered["cache"]
    again = render_assembled(document, out_path=tmp_path / "same.pdf", directory=cache)
    assert again.info["rendered_parts"] == 0  # every part from the cache
    assert _read((tmp_path / "same.pdf").read_bytes())[0] == _read(rendered["pdf"]["parts"])[0]

    # A longer first section: chapter I gets pages, every later chapter moves.
    section = document.chapters[0].sections[0]
    original = section.body
    try:
        section.body = mark_safe(original + "<p>Paragraf tambahan uji.</p>" * 120)
        edited = render_assembled(document, out_path=tmp_path / "edited.pdf", directory=cache)
    finally:
        section.body = original
    # The edited chapter's part and the table of contents, nothing else.
    assert edited.info["rendered_parts"] == 1
    pages, _ = _read((tmp_path / "edited.pdf").read_bytes())
    assert len(pages) > rendered["result"].info["pages"]
    _toc_numbers_match(pages, rendered["expected"]["chapters"])
    assert f"Halaman 2 dari {len(pages)}" in _flat(pages[1])


@pytest.mark.parametrize(("start", "end"), [(2026, 2028), (2025, 2030)])
def test_tc27_year_columns_in_the_pdf(unit, start, end):
    """3 and 6 years: a Target and an Rp column per year, on A3 landscape, and the largest
    amounts (hundreds of billions) printed whole in their cells."""
    from renstra.models import Funding
    from tests.factories import PlanFactory, build_cascade

    plan = PlanFactory(unit=unit, start_year=start, end_year=end)
    build_cascade(plan, programs=2, kegiatan=1, subs=2)
    Funding.objects.filter(plan=plan).update(amount=Decimal("987654321000"))
    with translation.override("id"):
        content = live_document_content(plan)
        document = build_document(
            plan=plan, content=content, version_label="Uji", version_date=None, appendix=[]
        )
        layout = document_layout(document)
        pages, boxes = _read(layout.write_pdf())
    caption = next(t.caption for t in document.tables if t.code == "T-C.27")
    first = _find(pages, caption, _body_start(pages))
    assert boxes[first][0] > 1100 and boxes[first][0] > boxes[first][1]  # A3 landscape
    page = _flat(pages[first])
    # The header rows: after the baseline column's title, before the first code.
    head = page[page.index("awal perencanaan") : page.index(" 1.02.")]
    years = list(range(start, end + 1))
    positions = [head.find(f"{y} ") for y in years]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert head.count("Target Rp") == len(years) + 1
    program = content.tree.of_kind("program")[0]
    text = _flat(" ".join(pages[first : first + 2]))
    for year in years:
        assert format_rupiah(program.totals[year], prefix=False) in text
    assert format_rupiah(content.tree.total, prefix=False) in text
    # Every amount and code on one line inside its cell (nothing spills into the next).
    cells = [
        (box, line)
        for page in layout.pages
        if page.width > page.height
        for box in _boxes(page._page_box)
        if box.element is not None
        and box.element.tag == "td"
        and {"num", "code"} & set((box.element.get("class") or "").split())
        for line in _boxes(box)
        if type(line).__name__ == "LineBox"
    ]
    assert len(cells) > 10
    for box, line in cells:
        assert line.width <= box.width + 0.01, box.element.text
    assert len({id(box) for box, _line in cells}) == len(cells)  # one line each


def _boxes(box):
    """A WeasyPrint box and all its descendants."""
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)
