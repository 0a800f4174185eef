"""The standard tables of the document (domain.md §5), computed from the plan content.

Every table is a list of header rows and body rows of `Cell`s, rendered by one template
(`renstra/document/table.html`): the screen page and the PDF show the same cells. Years
are the plan's years, however many; money is printed with Indonesian separators under an
"Rp" header; numbers in Indonesian notation."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _

from ..models import ElementKind, NomenclatureItem, RpjmdTujuan
from ..values import format_number_id, format_rupiah, parse_number, unit_suffix


@dataclass
class Cell:
    lines: list[str] = field(default_factory=list)
    cls: str = ""
    colspan: int = 1
    rowspan: int = 1

    @classmethod
    def of(cls, text: Any = "", css: str = "", colspan: int = 1, rowspan: int = 1) -> "Cell":
        lines = [str(t) for t in text] if isinstance(text, list) else [str(text or "")]
        return cls(lines=lines, cls=css, colspan=colspan, rowspan=rowspan)


@dataclass
class Row:
    cells: list[Cell]
    cls: str = ""


@dataclass
class Table:
    head: list[Row]
    body: list[Row]
    columns: int
    # CSS classes: of the table ("tc27") and of each column (<col>, for fixed layouts).
    cls: str = ""
    cols: list[str] = field(default_factory=list)


# The column header "No" (nomor) is the same in both languages.
NO = "No"


def money(amount: Decimal | None) -> Cell:
    return Cell.of(format_rupiah(amount, prefix=False), "num")


def _targets(indicator) -> dict[int, str]:
    return {t.year: t.value for t in indicator.targets.all()}


def _with_unit(value: str, unit: str) -> str:
    """ "98" with unit "%" → "98 %" (a table without a Satuan column); keep "12 bulan"."""
    value = (value or "").strip()
    if value and unit and parse_number(value) is not None and not unit_suffix(value):
        return f"{value} {unit}"
    return value


def _empty_row(columns: int, text: str) -> Row:
    return Row([Cell.of(text, "empty", colspan=columns)])


# --- T-C.23 / T-C.24: the previous period -------------------------------------------------


def previous_years(plan) -> list[int]:
    """The previous period: as many years as this plan, ending the year before it starts."""
    n = len(plan.years)
    return [plan.start_year - n + i for i in range(n)]


def _ratio(numerator: Decimal | None, denominator: Decimal | None) -> str:
    if numerator is None or denominator in (None, Decimal(0)):
        return ""
    value = (numerator / denominator * 100).quantize(Decimal("0.01"))
    return format_number_id(value) + "%"


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def average_growth(values: list[Decimal | None]) -> Decimal | None:
    """Mean of the year-on-year growth rates (percent) over consecutive known values."""
    rates = [
        (b - a) / a * 100
        for a, b in pairwise(values)
        if a not in (None, Decimal(0)) and b is not None
    ]
    if not rates:
        return None
    return (sum(rates, Decimal(0)) / len(rates)).quantize(Decimal("0.01"))


def table_tc23(plan, records: Iterable) -> Table:
    years = previous_years(plan)
    n = len(years)
    head = [
        Row(
            [
                Cell.of(NO, rowspan=2),
                Cell.of(_("Indikator kinerja sesuai tugas dan fungsi Perangkat Daerah"), rowspan=2),
                Cell.of(_("Target NSPK"), rowspan=2),
                Cell.of(_("Target IKK"), rowspan=2),
                Cell.of(_("Target indikator lainnya"), rowspan=2),
                Cell.of(_("Target Renstra Perangkat Daerah tahun ke-"), colspan=n),
                Cell.of(_("Realisasi capaian tahun ke-"), colspan=n),
                Cell.of(_("Rasio capaian pada tahun ke-"), colspan=n),
            ]
        ),
        Row([Cell.of(y) for _k in range(3) for y in years]),
    ]
    columns = 5 + 3 * n
    body = []
    for i, r in enumerate(records, 1):
        targets = {int(k): v for k, v in (r.targets or {}).items() if str(k).isdigit()}
        real = {int(k): v for k, v in (r.realisations or {}).items() if str(k).isdigit()}
        cells = [
            Cell.of(i, "no"),
            Cell.of(r.indicator),
            Cell.of(r.target_nspk, "val"),
            Cell.of(r.target_ikk, "val"),
            Cell.of(r.target_other, "val"),
        ]
        cells += [Cell.of(targets.get(y, ""), "val") for y in years]
        cells += [Cell.of(real.get(y, ""), "val") for y in years]
        cells += [
            Cell.of(_ratio(parse_number(real.get(y, "")), parse_number(targets.get(y, ""))), "num")
            for y in years
        ]
        body.append(Row(cells))
    if not body:
        body.append(_empty_row(columns, _("Belum ada data capaian kinerja periode lalu.")))
    return Table(head, body, columns)


def table_tc24(plan, records: Iterable) -> Table:
    years = previous_years(plan)
    n = len(years)
    head = [
        Row(
            [
                Cell.of(_("Uraian"), rowspan=2),
                Cell.of(_("Anggaran pada tahun ke- (Rp)"), colspan=n),
                Cell.of(_("Realisasi anggaran pada tahun ke- (Rp)"), colspan=n),
                Cell.of(_("Rasio antara realisasi dan anggaran tahun ke-"), colspan=n),
                Cell.of(_("Rata-rata pertumbuhan"), colspan=2),
            ]
        ),
        Row(
            [Cell.of(y) for _k in range(3) for y in years]
            + [Cell.of(_("Anggaran")), Cell.of(_("Realisasi"))]
        ),
    ]
    columns = 1 + 3 * n + 2
    body = []
    for r in records:
        budgets = {int(k): _decimal(v) for k, v in (r.budgets or {}).items() if str(k).isdigit()}
        real = {int(k): _decimal(v) for k, v in (r.realisations or {}).items() if str(k).isdigit()}
        b_values = [budgets.get(y) for y in years]
        r_values = [real.get(y) for y in years]
        cells = [Cell.of(r.description)]
        cells += [money(v) for v in b_values]
        cells += [money(v) for v in r_values]
        cells += [Cell.of(_ratio(real.get(y), budgets.get(y)), "num") for y in years]
        for growth in (average_growth(b_values), average_growth(r_values)):
            cells.append(
                Cell.of(format_number_id(growth) + "%" if growth is not None else "", "num")
            )
        body.append(Row(cells))
    if not body:
        body.append(_empty_row(columns, _("Belum ada data anggaran periode lalu.")))
    return Table(head, body, columns)


# --- BAB III: strategic issues ------------------------------------------------------------


def table_issues(issues: Iterable) -> Table:
    head = [
        Row(
            [
                Cell.of(NO),
                Cell.of(_("Isu strategis")),
                Cell.of(_("Urgensi")),
                Cell.of(_("Keseriusan")),
                Cell.of(_("Perkembangan")),
                Cell.of(_("Skor")),
            ]
        )
    ]
    body = []
    for i, issue in enumerate(issues, 1):
        body.append(
            Row(
                [
                    Cell.of(issue.ref or i, "no"),
                    Cell.of(issue.text),
                    Cell.of(format_number_id(issue.urgency), "num"),
                    Cell.of(format_number_id(issue.seriousness), "num"),
                    Cell.of(format_number_id(issue.growth), "num"),
                    Cell.of(format_number_id(issue.score), "num"),
                ]
            )
        )
    if not body:
        body.append(_empty_row(6, _("Belum ada isu strategis.")))
    return Table(head, body, 6)


# --- T-C.25 --------------------------------------------------------------------------------


def table_tc25(tree) -> Table:
    years = tree.years
    head = [
        Row(
            [
                Cell.of(NO, rowspan=2),
                Cell.of(_("Tujuan"), rowspan=2),
                Cell.of(_("Sasaran"), rowspan=2),
                Cell.of(_("Indikator tujuan/sasaran"), rowspan=2),
                Cell.of(_("Satuan"), rowspan=2),
                Cell.of(_("Kondisi awal"), rowspan=2),
                Cell.of(_("Target kinerja tujuan/sasaran pada tahun ke-"), colspan=len(years)),
            ]
        ),
        Row([Cell.of(y) for y in years]),
    ]
    columns = 6 + len(years)
    body: list[Row] = []

    def rows_for(number: str, tujuan: str, sasaran: str, node, css: str) -> None:
        indicators = node.indicators or [None]
        for k, ind in enumerate(indicators):
            first = k == 0
            cells = [
                Cell.of(number if first else "", "no"),
                Cell.of(tujuan if first else ""),
                Cell.of(sasaran if first else ""),
            ]
            if ind is None:
                cells += [Cell.of("—")] + [Cell.of("") for _y in range(2 + len(years))]
            else:
                targets = _targets(ind)
                cells += [
                    Cell.of(ind.name),
                    Cell.of(ind.unit, "val"),
                    Cell.of(ind.baseline, "val"),
                ]
                cells += [Cell.of(targets.get(y, ""), "val") for y in years]
            body.append(Row(cells, css if first else css + " cont"))

    tujuan_nodes = [n for n in tree.roots if n.element.kind == ElementKind.TUJUAN]
    for t_no, t in enumerate(tujuan_nodes, 1):
        rows_for(str(t_no), t.element.text, "", t, "lvl-tujuan")
        sasaran = [c for c in t.children if c.element.kind == ElementKind.SASARAN]
        for s_no, s in enumerate(sasaran, 1):
            rows_for(f"{t_no}.{s_no}", "", s.element.text, s, "lvl-sasaran")
    if not body:
        body.append(_empty_row(columns, _("Belum ada tujuan dan sasaran.")))
    return Table(head, body, columns)


# --- T-C.26 --------------------------------------------------------------------------------


def table_tc26(tree, rpjmd) -> Table:
    columns = 4
    head = [
        Row(
            [
                Cell.of(_("Tujuan")),
                Cell.of(_("Sasaran")),
                Cell.of(_("Strategi")),
                Cell.of(_("Arah kebijakan")),
            ]
        )
    ]
    body: list[Row] = []
    if rpjmd is not None:
        body.append(Row([Cell.of(_("VISI: %(visi)s") % {"visi": rpjmd.visi}, colspan=4)], "vm"))
        misi = _linked_misi(tree, rpjmd)
        lines = [f"{m.code}. {m.text}" for m in misi]
        body.append(Row([Cell.of([_("MISI:"), *lines], colspan=4)], "vm"))
    for t in tree.roots:
        if t.element.kind != ElementKind.TUJUAN:
            continue
        first_t = True
        sasaran = [c for c in t.children if c.element.kind == ElementKind.SASARAN] or [None]
        for s in sasaran:
            first_s = True
            pairs: list[tuple[str, str]] = []
            if s is not None:
                for st in (c for c in s.children if c.element.kind == ElementKind.STRATEGI):
                    policies = [
                        c.element.text
                        for c in st.children
                        if c.element.kind == ElementKind.KEBIJAKAN
                    ] or [""]
                    for k, policy in enumerate(policies):
                        pairs.append((st.element.text if k == 0 else "", policy))
            for strategy, policy in pairs or [("", "")]:
                body.append(
                    Row(
                        [
                            Cell.of(t.element.text if first_t else ""),
                            Cell.of(s.element.text if s is not None and first_s else ""),
                            Cell.of(strategy),
                            Cell.of(policy),
                        ]
                    )
                )
                first_t = first_s = False
    if len(body) <= 2 and not any(n.element.kind == ElementKind.TUJUAN for n in tree.roots):
        body.append(_empty_row(columns, _("Belum ada tujuan, sasaran dan strategi.")))
    return Table(head, body, columns)


def _linked_misi(tree, rpjmd) -> list:
    """The RPJMD misi the plan's tujuan/sasaran serve (through the RPJMD sasaran they link
    to); all misi of the RPJMD when nothing is linked."""
    tujuan_ids = {
        n.element.rpjmd_sasaran.tujuan_id
        for n in tree.walk()
        if n.element.rpjmd_sasaran_id and n.element.rpjmd_sasaran is not None
    }
    tujuan_ids.discard(None)
    misi = []
    if tujuan_ids:
        seen = set()
        for t in RpjmdTujuan.objects.filter(pk__in=tujuan_ids).select_related("misi"):
            if t.misi is not None and t.misi.pk not in seen:
                seen.add(t.misi.pk)
                misi.append(t.misi)
        misi.sort(key=lambda m: (m.pk,))
    return misi or list(rpjmd.misi.all())


# --- T-C.27 --------------------------------------------------------------------------------


# Kepmendagri 050-5889/2021: the first digit of a code names the kind of affair.
URUSAN_NAMES = {
    "1": "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR",
    "2": "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR",
    "3": "URUSAN PEMERINTAHAN PILIHAN",
    "4": "UNSUR PENDUKUNG URUSAN PEMERINTAHAN",
    "5": "UNSUR PENUNJANG URUSAN PEMERINTAHAN",
    "6": "UNSUR PENGAWASAN URUSAN PEMERINTAHAN",
    "7": "UNSUR KEWILAYAHAN",
    "8": "UNSUR PEMERINTAHAN UMUM",
    "9": "UNSUR KEKHUSUSAN",
}


def header_names(codes: set[str], declared_totals: Iterable) -> dict[str, str]:
    """Names of urusan / bidang urusan header rows: as the imported document declared
    them, else from the nomenclature, else a generic label."""
    names = {d.code: d.name for d in declared_totals if d.name}
    missing = [c for c in codes if c not in names]
    if missing:
        for code, name in NomenclatureItem.objects.filter(
            code__in=missing, kind__in=["urusan", "bidang"]
        ).values_list("code", "name"):
            names.setdefault(code, name)
    for code in codes:
        if code not in names and code in URUSAN_NAMES:
            names[code] = URUSAN_NAMES[code]
        if code not in names:
            names[code] = (
                _("Urusan %(code)s") if "." not in code else _("Bidang urusan %(code)s")
            ) % {"code": code}
    return names


def _bidang_of(code: str) -> tuple[str, str]:
    parts = (code or "").split(".")
    if len(parts) < 2 or not parts[0]:
        return "", ""
    return parts[0], ".".join(parts[:2])


def table_tc27(tree, declared_totals: Iterable = ()) -> Table:
    years = tree.years
    n = len(years)
    head = [
        Row(
            [
                Cell.of(_("Tujuan"), rowspan=2),
                Cell.of(_("Sasaran"), rowspan=2),
                Cell.of(_("Kode"), rowspan=2),
                Cell.of(_("Program dan Kegiatan"), rowspan=2),
                Cell.of(
                    _("Indikator kinerja tujuan, sasaran, program (outcome) dan kegiatan (output)"),
                    rowspan=2,
                ),
                Cell.of(_("Data capaian pada tahun awal perencanaan"), rowspan=2),
                *[Cell.of(y, colspan=2) for y in years],
                Cell.of(_("Kondisi kinerja pada akhir periode Renstra"), colspan=2),
                Cell.of(_("Unit kerja Perangkat Daerah penanggung jawab"), rowspan=2),
                Cell.of(_("Lokasi"), rowspan=2),
            ]
        ),
        Row([Cell.of(label) for _k in range(n + 1) for label in (_("Target"), _("Rp"))]),
    ]
    columns = 6 + 2 * (n + 1) + 2
    body: list[Row] = []

    # Programs in document order with their tujuan and sasaran.
    programs = []
    for t in tree.roots:
        for s in t.children:
            for p in s.children:
                if p.element.kind == ElementKind.PROGRAM:
                    programs.append((t, s, p))
    groups: dict[str, list] = {}
    for entry in programs:
        groups.setdefault(_bidang_of(entry[2].element.code)[1], []).append(entry)
    urusan_order: list[str] = []
    for bidang in groups:
        u = bidang.split(".")[0] if bidang else ""
        if u not in urusan_order:
            urusan_order.append(u)
    names = header_names({c for c in [*groups, *urusan_order] if c}, declared_totals)

    def header_row(code: str, entries: list, css: str) -> Row:
        totals = {
            y: sum((p.totals.get(y, Decimal(0)) for _t, _s, p in entries), Decimal(0))
            for y in years
        }
        cells = [Cell.of(""), Cell.of(""), Cell.of(code, "code"), Cell.of(names[code], "name")]
        cells += [Cell.of(""), Cell.of("")]
        for y in years:
            cells += [Cell.of(""), money(totals[y])]
        cells += [Cell.of(""), money(sum(totals.values(), Decimal(0)))]
        cells += [Cell.of(""), Cell.of("")]
        return Row(cells, css)

    def element_row(node, *, tujuan: str = "", sasaran: str = "", css: str) -> Row:
        e = node.element
        indicators = node.indicators
        funded = e.kind in (ElementKind.PROGRAM, ElementKind.KEGIATAN, ElementKind.SUB_KEGIATAN)
        targets = [_targets(i) for i in indicators]
        cells = [
            Cell.of(tujuan),
            Cell.of(sasaran),
            Cell.of(e.code, "code"),
            Cell.of(e.text if funded else "", "name"),
            Cell.of([_with_unit(i.name, "") for i in indicators] or [""]),
            Cell.of([_with_unit(i.baseline, i.unit) for i in indicators] or [""], "val"),
        ]
        for y in years:
            cells.append(
                Cell.of(
                    [
                        _with_unit(t.get(y, ""), i.unit)
                        for i, t in zip(indicators, targets, strict=True)
                    ]
                    or [""],
                    "val",
                )
            )
            cells.append(money(node.totals.get(y)) if funded else Cell.of(""))
        cells.append(Cell.of([_with_unit(i.final, i.unit) for i in indicators] or [""], "val"))
        cells.append(money(node.total) if funded else Cell.of(""))
        cells.append(Cell.of(e.unit_in_charge))
        cells.append(Cell.of(e.location))
        return Row(cells, css)

    def walk_funded(node, css_by_kind) -> None:
        for child in node.children:
            if child.element.kind in css_by_kind:
                body.append(element_row(child, css=css_by_kind[child.element.kind]))
                walk_funded(child, css_by_kind)

    kinds = {ElementKind.KEGIATAN: "lvl-kegiatan", ElementKind.SUB_KEGIATAN: "lvl-sub"}
    for u in urusan_order:
        bidangs = [b for b in groups if (b.split(".")[0] if b else "") == u]
        if u:
            body.append(header_row(u, [e for b in bidangs for e in groups[b]], "hdr-urusan"))
        for b in bidangs:
            if b:
                body.append(header_row(b, groups[b], "hdr-bidang"))
            last_t = last_s = None
            for t, s, p in groups[b]:
                if t is not last_t:
                    body.append(element_row(t, tujuan=t.element.text, css="lvl-tujuan"))
                    last_t, last_s = t, None
                if s is not last_s:
                    body.append(element_row(s, sasaran=s.element.text, css="lvl-sasaran"))
                    last_s = s
                body.append(element_row(p, css="lvl-program"))
                walk_funded(p, kinds)
    if body:
        total = Row(
            [Cell.of(_("Jumlah"), "name", colspan=6)]
            + [c for y in years for c in (Cell.of(""), money(tree.totals.get(y)))]
            + [Cell.of(""), money(tree.total), Cell.of(""), Cell.of("")],
            "total",
        )
        body.append(total)
    else:
        body.append(_empty_row(columns, _("Belum ada program.")))
    cols = ["tj", "tj", "code", "name", "ind", "t"]
    cols += [c for _k in range(n + 1) for c in ("t", "rp")]
    cols += ["unit", "loc"]
    return Table(head, body, columns, cls="tc27 fixed", cols=cols)


# --- T-C.28 --------------------------------------------------------------------------------


def _is_iku(ind) -> bool:
    return bool(ind.is_key) or "IKU" in (ind.tags or [])


def _is_ikk(ind) -> bool:
    return "IKK" in (ind.tags or [])


def table_tc28(tree) -> Table:
    years = tree.years
    head = [
        Row(
            [
                Cell.of(NO, rowspan=2),
                Cell.of(_("Indikator"), rowspan=2),
                Cell.of(_("Kondisi kinerja pada awal periode RPJMD"), rowspan=2),
                Cell.of(_("Target capaian setiap tahun"), colspan=len(years)),
                Cell.of(_("Kondisi kinerja pada akhir periode RPJMD"), rowspan=2),
            ]
        ),
        Row([Cell.of(y) for y in years]),
    ]
    columns = 4 + len(years)
    indicators = [i for node in tree.walk() for i in node.indicators]
    body: list[Row] = []
    for label, test in (
        (_("Indikator Kinerja Utama (IKU)"), _is_iku),
        (_("Indikator Kinerja Kunci (IKK)"), _is_ikk),
    ):
        chosen = [i for i in indicators if test(i)]
        if not chosen:
            continue
        body.append(Row([Cell.of(label, colspan=columns)], "group"))
        for k, ind in enumerate(chosen, 1):
            targets = _targets(ind)
            name = f"{ind.name} ({ind.unit})" if ind.unit else ind.name
            body.append(
                Row(
                    [Cell.of(k, "no"), Cell.of(name), Cell.of(ind.baseline, "val")]
                    + [Cell.of(targets.get(y, ""), "val") for y in years]
                    + [Cell.of(ind.final, "val")]
                )
            )
    if not body:
        body.append(_empty_row(columns, _("Belum ada indikator bertanda IKU atau IKK.")))
    return Table(head, body, columns)
