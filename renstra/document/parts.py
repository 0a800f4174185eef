"""The document as data: chapters, sections, tables, appendix parts (no rendering here)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


@dataclass
class Ratification:
    """The Perkada that ratified the plan (printed on the ratification page)."""

    number: str  # "12 Tahun 2026" or "12"
    date: date
    head_title: str = ""  # "Bupati Contoh"; derived from the region when empty
    head_name: str = ""
    regulation: str = ""  # "Peraturan Bupati Contoh"; derived when empty


@dataclass
class AppendixPart:
    """One part of the appendix "Riwayat Penyusunan", contributed by a flow app through the
    provider slot "document_appendix": either a template with its context, or HTML the
    provider has already rendered (a SafeString; a plain str is escaped)."""

    title: str
    template: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    html: str = ""
    anchor: str = ""

    def render(self) -> SafeString:
        if self.template:
            return mark_safe(render_to_string(self.template, self.context))
        return conditional_escape(self.html)


@dataclass
class DocTable:
    """A numbered table: `code` "T-C.27", rendered by `template` with `context`."""

    code: str
    title: str
    anchor: str
    template: str
    context: dict[str, Any]
    # Named @page of document.css: "" (portrait A4), "landscape" (A4), "wide" (A3 landscape).
    page: str = ""
    # Set when the document is rendered in parts (`assemble`): the page the table starts
    # on, and "continued" on the chunks of a long table after its first.
    page_number: int | None = None
    continued: bool = False

    @property
    def landscape(self) -> bool:
        return self.page in ("landscape", "wide")

    @property
    def caption(self) -> str:
        return f"Tabel {self.code} {self.title}"


@dataclass
class DocSection:
    number: str
    title: str
    anchor: str
    body: SafeString
    tables: list[DocTable] = field(default_factory=list)
    page_number: int | None = None

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass
class DocChapter:
    number: int
    roman: str
    title: str
    anchor: str
    body: SafeString
    sections: list[DocSection] = field(default_factory=list)
    tables: list[DocTable] = field(default_factory=list)
    page_number: int | None = None

    @property
    def label(self) -> str:
        return f"BAB {self.roman}"

    @property
    def heading(self) -> str:
        return f"BAB {self.roman} {self.title}"


@dataclass
class Document:
    """Everything the HTML/PDF shows, computed once (`build_document`)."""

    plan: Any
    title: str
    region_name: str
    unit_name: str
    period_label: str
    years: list[int]
    version_label: str
    version_date: date | datetime | None
    ratification: Ratification | None
    chapters: list[DocChapter]
    appendix: list[AppendixPart]
    head_of_region: str = ""
    unit_head: dict[str, str] = field(default_factory=dict)
    # Filled in by callers that print a verification code / QR (renstra.document.jobs).
    extra: dict[str, Any] = field(default_factory=dict)
    # Rendered in parts (`assemble`): the table of contents prints these page numbers
    # instead of asking the renderer for target-counter().
    numbered: bool = False
    appendix_page_number: int | None = None

    @property
    def is_draft(self) -> bool:
        return self.ratification is None

    @property
    def tables(self) -> list[DocTable]:
        found: list[DocTable] = []
        for chapter in self.chapters:
            for section in chapter.sections:
                found.extend(section.tables)
            found.extend(chapter.tables)
        return found

    @property
    def landscape_tables(self) -> list[DocTable]:
        return [t for t in self.tables if t.landscape]
