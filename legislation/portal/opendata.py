"""Open data of a ratified plan: the exchange-format JSON and a CSV of the cascade.

The CSV (decided here, documented in legislation/README.md):

- UTF-8 **with a byte-order mark**, comma-separated, CRLF line ends, every text field
  quoted when needed (RFC 4180). The mark makes Excel read the Indonesian text (and the
  en dashes of real plans) as UTF-8; Python reads it with ``encoding="utf-8-sig"``,
  pandas and LibreOffice skip it.
- Fixed machine headers (`COLUMNS`, Indonesian snake case), the same in every language.
- One row per element × indicator × year, in document order (element, then indicator,
  then year). An element without indicators has one row per year (funded elements) or a
  single row without a year (strategies, policies). `pagu_rp` is the element's funding
  that year as the plan computes it (leaves: their money; parents: the sum of the leaves
  under them) and is written on the element's first indicator row of each year only, so
  that summing the column never counts an element twice; `daun_pendanaan` is 1 on the
  rows whose money is a leaf's own: the sum of `pagu_rp` over those rows is the plan's
  total. Money is plain digits with a decimal point ("1500000", "2499850.50"), never
  "Rp 1.500.000" (which a spreadsheet reads as text).
- Formula-injection safe: a text cell that a spreadsheet would take for a formula (it
  starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return and is not simply a
  number) is written with a leading apostrophe (OWASP "CSV Injection").
"""

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from renstra.exchange.exporter import exchange_export
from renstra.models import Plan
from renstra.selectors.cascade import Node, PlanTree
from renstra.values import money_to_exchange

COLUMNS = [
    "no_elemen",
    "no_induk",
    "tingkat",
    "kode",
    "uraian",
    "indikator",
    "satuan",
    "kondisi_awal",
    "tahun",
    "target",
    "kondisi_akhir",
    "pagu_rp",
    "daun_pendanaan",
    "unit_penanggung_jawab",
    "lokasi",
]
BOM = "\ufeff"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*%?$")


def spreadsheet_safe(value: str) -> str:
    """`value`, with a leading apostrophe when a spreadsheet would run it as a formula."""
    if value and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


@dataclass(frozen=True)
class CascadeRow:
    """One row of the cascade CSV (see the module docstring)."""

    element_no: int
    parent_no: int | None
    kind: str
    code: str
    text: str
    unit_in_charge: str
    location: str
    indicator: str = ""
    unit: str = ""
    baseline: str = ""
    year: int | None = None
    target: str = ""
    final: str = ""
    funding: Decimal | None = None
    funding_leaf: bool = False

    def cells(self) -> list[str]:
        texts = [
            self.kind,
            self.code,
            self.text,
            self.indicator,
            self.unit,
            self.baseline,
        ]
        return [
            str(self.element_no),
            "" if self.parent_no is None else str(self.parent_no),
            *(spreadsheet_safe(t) for t in texts),
            "" if self.year is None else str(self.year),
            spreadsheet_safe(self.target),
            spreadsheet_safe(self.final),
            money_to_exchange(self.funding),
            "1" if self.funding_leaf else "0",
            spreadsheet_safe(self.unit_in_charge),
            spreadsheet_safe(self.location),
        ]


def _numbered(tree: PlanTree) -> Iterator[tuple[int, int | None, Node]]:
    """(number, parent number, node) in document order, numbered from 1."""
    numbers: dict[int, int] = {}
    for i, node in enumerate(tree.walk(), 1):
        element = node.element
        numbers[element.pk] = i
        yield i, numbers.get(element.parent_id) if element.parent_id else None, node


def cascade_rows(tree: PlanTree) -> list[CascadeRow]:
    """The rows of the cascade CSV for `tree` (live or a frozen version's). No queries."""
    rows: list[CascadeRow] = []
    years = list(tree.years)
    for number, parent, node in _numbered(tree):
        element = node.element
        base = CascadeRow(
            element_no=number,
            parent_no=parent,
            kind=element.kind,
            code=element.code or element.ref,
            text=element.text,
            unit_in_charge=element.unit_in_charge,
            location=element.location,
        )
        funded, leaf = node.funded, node.is_funding_leaf
        indicators = list(node.indicators)
        if not indicators:
            if not funded:
                rows.append(base)  # strategies, policies: no year, no money
                continue
            for year in years:
                rows.append(
                    replace(
                        base,
                        year=year,
                        funding=node.totals.get(year, Decimal(0)),
                        funding_leaf=leaf,
                    )
                )
            continue
        for i, indicator in enumerate(indicators):
            targets = {t.year: t.value for t in indicator.targets.all()}
            first = i == 0
            for year in years:
                rows.append(
                    replace(
                        base,
                        indicator=indicator.name,
                        unit=indicator.unit,
                        baseline=indicator.baseline,
                        year=year,
                        target=targets.get(year, ""),
                        final=indicator.final,
                        funding=node.totals.get(year, Decimal(0)) if funded and first else None,
                        funding_leaf=leaf and first,
                    )
                )
    return rows


def cascade_csv(tree: PlanTree) -> bytes:
    """The cascade CSV of `tree` as bytes (UTF-8 with BOM, CRLF). No queries."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in cascade_rows(tree):
        writer.writerow(row.cells())
    return out.getvalue().encode("utf-8")


def exchange_json(plan: Plan) -> bytes:
    """The plan as an exchange-format file (renstra-exchange 1), UTF-8, indented.

    Exported from the plan's rows: a ratified plan can no longer change by any path
    (stages guards and database triggers), so its rows are its ratified version."""
    doc: dict[str, Any] = exchange_export(plan=plan)
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def file_stem(plan: Plan) -> str:
    """ "renstra-dinkes-2025-2029": the open-data file names of `plan`."""
    unit = plan.unit
    name = slugify(unit.abbreviation or unit.code or unit.name)[:40] or "pd"
    return f"renstra-{name}-{plan.start_year}-{plan.end_year}"
