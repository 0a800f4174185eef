"""build_document: the plan content (live or a frozen version) → a `Document`."""

from datetime import date, datetime
from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..models import Plan
from ..providers import collect, providers
from ..sanitize import sanitize_html
from . import tables
from .parts import AppendixPart, DocChapter, DocSection, DocTable, Document, Ratification

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

# Permendagri 86/2017 outline (domain.md §5): used when a chapter holding a standard table
# is missing from the content, so the table is never silently dropped.
STANDARD_CHAPTERS = {
    2: "GAMBARAN PELAYANAN PERANGKAT DAERAH",
    3: "PERMASALAHAN DAN ISU-ISU STRATEGIS PERANGKAT DAERAH",
    4: "TUJUAN DAN SASARAN",
    5: "STRATEGI DAN ARAH KEBIJAKAN",
    6: "RENCANA PROGRAM DAN KEGIATAN SERTA PENDANAAN",
    7: "KINERJA PENYELENGGARAAN BIDANG URUSAN",
}

LEVEL_HEAD = {"provinsi": "Gubernur", "kabupaten": "Bupati", "kota": "Wali Kota"}
LEVEL_PREFIX = {"provinsi": "Provinsi", "kabupaten": "Kabupaten", "kota": "Kota"}


def head_of_region(region) -> str:
    """ "Bupati Contoh" for "Kabupaten Contoh" (the signatory of the Perkada)."""
    name = region.name
    prefix = LEVEL_PREFIX.get(region.level, "")
    if prefix and name.lower().startswith(prefix.lower() + " "):
        name = name[len(prefix) + 1 :]
    head = LEVEL_HEAD.get(region.level, _("Kepala Daerah"))
    return f"{head} {name}".strip()


def _roman(number: int) -> str:
    return ROMAN[number - 1] if 0 < number <= len(ROMAN) else str(number)


def _body(html: str):
    # Sanitised by the allow-list (bodies from imports or the admin included).
    return mark_safe(sanitize_html(html or ""))


def _records(content: Any, name: str, plan: Plan) -> list:
    """Previous-period rows of the content; read live when the content does not carry them."""
    rows = getattr(content, name, None)
    if rows is None:
        rows = list(getattr(plan, name).all())
    return list(rows)


def build_document(
    *,
    plan: Plan,
    content: Any,
    version_label: str,
    version_date: date | datetime | None,
    ratification: Ratification | None = None,
    verify_url: str | None = None,
    appendix: list[AppendixPart] | None = None,
) -> Document:
    """The document of `content` (anything with `plan`, `tree`, `chapters` with their
    sections, `issues`, `declared_totals`; optionally `version`, `performance_records`,
    `budget_records`): chapters BAB I–VIII with their sections, the standard tables
    T-C.23..T-C.28 placed in their chapters, and the appendix parts the flows contribute
    through the provider slot "document_appendix" (called with the plan and
    `content.version`; pass `appendix` to use given parts instead).

    Reads a few rows (RPJMD misi, header names, appendix); changes nothing."""
    doc_plan = content.plan if getattr(content, "plan", None) is not None else plan
    tree = content.tree
    unit = plan.unit
    region = unit.region
    rpjmd = plan.rpjmd if plan.rpjmd_id else None

    chapters: list[DocChapter] = []
    for source in content.chapters:
        sections = [
            DocSection(
                number=s.number,
                title=s.title,
                anchor=f"bab-{source.number}-{i}",
                body=_body(s.body),
            )
            for i, s in enumerate(source.sections.all(), 1)
        ]
        chapters.append(
            DocChapter(
                number=source.number,
                roman=_roman(source.number),
                title=source.title,
                anchor=f"bab-{source.number}",
                body=_body(source.body),
                sections=sections,
            )
        )

    def chapter(number: int) -> DocChapter:
        for c in chapters:
            if c.number == number:
                return c
        made = DocChapter(
            number=number,
            roman=_roman(number),
            title=STANDARD_CHAPTERS.get(number, ""),
            anchor=f"bab-{number}",
            body=mark_safe(""),
        )
        chapters.append(made)
        chapters.sort(key=lambda c: c.number)
        return made

    def place(number: int, section_prefix: str | None, table: DocTable) -> None:
        target = chapter(number)
        if section_prefix:
            for s in target.sections:
                if s.number.strip().startswith(section_prefix):
                    s.tables.append(table)
                    return
        target.tables.append(table)

    def make(code, title, anchor, table, page="") -> DocTable:
        return DocTable(
            code=code,
            title=title,
            anchor=anchor,
            template="renstra/document/table.html",
            context={"table": table},
            page=page,
        )

    previous = tables.previous_years(doc_plan)
    prev_period = f"{previous[0]}–{previous[-1]}"
    place(
        2,
        "2.3",
        make(
            "T-C.23",
            _("Pencapaian Kinerja Pelayanan Perangkat Daerah periode %(p)s") % {"p": prev_period},
            "tabel-tc23",
            tables.table_tc23(doc_plan, _records(content, "performance_records", plan)),
            page="landscape",
        ),
    )
    place(
        2,
        "2.3",
        make(
            "T-C.24",
            _("Anggaran dan Realisasi Pendanaan Pelayanan Perangkat Daerah periode %(p)s")
            % {"p": prev_period},
            "tabel-tc24",
            tables.table_tc24(doc_plan, _records(content, "budget_records", plan)),
            page="landscape",
        ),
    )
    issues = list(getattr(content, "issues", []) or [])
    if issues:
        place(
            3,
            "3.5",
            make(
                "3.1",
                _("Skor Isu Strategis (urgensi, keseriusan, perkembangan)"),
                "tabel-isu",
                tables.table_issues(issues),
            ),
        )
    years = tree.years
    period = f"{years[0]}–{years[-1]}" if years else ""
    place(
        4,
        None,
        make(
            "T-C.25",
            _("Tujuan dan Sasaran Jangka Menengah Pelayanan Perangkat Daerah"),
            "tabel-tc25",
            tables.table_tc25(tree),
            page="landscape" if len(years) > 5 else "",
        ),
    )
    place(
        5,
        None,
        make(
            "T-C.26",
            _("Tujuan, Sasaran, Strategi dan Kebijakan"),
            "tabel-tc26",
            tables.table_tc26(tree, rpjmd),
        ),
    )
    place(
        6,
        None,
        make(
            "T-C.27",
            _("Rencana Program, Kegiatan dan Pendanaan Perangkat Daerah %(p)s") % {"p": period},
            "tabel-tc27",
            tables.table_tc27(tree, getattr(content, "declared_totals", []) or []),
            page="wide",
        ),
    )
    place(
        7,
        None,
        make(
            "T-C.28",
            _("Indikator Kinerja Perangkat Daerah yang Mengacu pada Tujuan dan Sasaran RPJMD"),
            "tabel-tc28",
            tables.table_tc28(tree),
        ),
    )

    if appendix is None:
        appendix = collect("document_appendix", plan, getattr(content, "version", None))
    for i, part in enumerate(appendix, 1):
        part.anchor = part.anchor or f"lampiran-{i}"

    if ratification is None and getattr(content, "version", None) is not None:
        # The legislative flow knows the Perkada of a ratified version (provider slot
        # "document_ratification": callable(plan, version) -> Ratification | None).
        ratification = next(
            (
                r
                for r in (p(plan, content.version) for p in providers("document_ratification"))
                if r
            ),
            None,
        )
    if ratification is not None:
        ratification.head_title = ratification.head_title or head_of_region(region)
        ratification.regulation = ratification.regulation or _("Peraturan %(head)s") % {
            "head": ratification.head_title
        }
    document = Document(
        plan=plan,
        title=doc_plan.title,
        region_name=region.name,
        unit_name=unit.name,
        period_label=period,
        years=list(years),
        version_label=version_label,
        version_date=version_date,
        ratification=ratification,
        chapters=chapters,
        appendix=appendix,
        head_of_region=head_of_region(region),
        unit_head={
            "name": unit.head_name,
            "nip": unit.head_nip,
            "position": unit.head_position,
        },
    )
    if verify_url:
        document.extra["verify_url"] = verify_url
    return document
