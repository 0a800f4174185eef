"""The response matrix as CSV and XLSX.

Cells are data, never formulas: a text starting with = + - @ (or a tab/carriage return
followed by one) is prefixed with an apostrophe, so a spreadsheet does not evaluate it
(CSV/formula injection); in XLSX every cell is also written as a string."""

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors.comments import MatrixRow

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """`value` as text that no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def matrix_header() -> list[str]:
    return [
        _("No."),
        _("Tanggal"),
        _("Organisasi"),
        _("Letak"),
        _("Kutipan"),
        _("Komentar"),
        _("Tanggapan"),
        _("Alasan"),
        _("Diterapkan pada"),
        _("Tautan"),
    ]


def matrix_cells(rows: Iterable[MatrixRow], *, base_url: str = "") -> list[list[str]]:
    result = []
    for row in rows:
        date = timezone.localtime(row.date).strftime("%Y-%m-%d %H:%M") if row.date else ""
        result.append(
            [
                safe_cell(v)
                for v in (
                    row.number,
                    date,
                    row.organisation,
                    row.where,
                    row.quote,
                    row.text,
                    row.response,
                    row.reason,
                    row.applied,
                    f"{base_url}{row.link}" if row.link else "",
                )
            ]
        )
    return result


def matrix_csv(rows: Iterable[MatrixRow], *, base_url: str = "") -> bytes:
    """UTF-8 with a byte-order mark (spreadsheets then read it as UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(matrix_header())
    writer.writerows(matrix_cells(rows, base_url=base_url))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def matrix_xlsx(rows: Iterable[MatrixRow], *, title: str, base_url: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Matriks tanggapan")[:31]
    sheet.append([safe_cell(title)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(matrix_header())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for values in matrix_cells(rows, base_url=base_url):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) for v in values])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # text, even when it looks like a number or formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [8, 17, 28, 40, 40, 60, 18, 50, 40, 40]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
