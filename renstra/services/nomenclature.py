"""Loading a nomenclature list (Kepmendagri 050-5889/2021 and its amendments) from CSV.

Columns: ``kind`` (optional), ``code``, ``name``, ``indicator``, ``unit``. The kind is read
from the code's shape when the column is absent or blank: ``1`` urusan, ``1.02`` bidang
urusan, ``1.02.02`` program, ``1.02.02.2.01`` kegiatan, ``1.02.02.2.01.0001`` sub kegiatan.
"""

import csv
import io
import re
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import NomenclatureItem, NomenclatureVersion

LEVELS = ("kabkota", "provinsi")
Kind = NomenclatureItem.Kind

# Urusan and bidang digits may be "X" in the support program's codes (X.XX.01...).
_SHAPES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^[0-9X]$"), Kind.URUSAN),
    (re.compile(r"^[0-9X]\.[0-9X]{2}$"), Kind.BIDANG),
    (re.compile(r"^[0-9X]\.[0-9X]{2}\.\d{2}$"), Kind.PROGRAM),
    (re.compile(r"^[0-9X]\.[0-9X]{2}\.\d{2}\.\d\.\d{2}$"), Kind.KEGIATAN),
    (re.compile(r"^[0-9X]\.[0-9X]{2}\.\d{2}\.\d\.\d{2}\.\d{4}$"), Kind.SUB_KEGIATAN),
]
# The kegiatan digit: 1 in provinces, 2 in kabupaten/kota (domain.md §6).
_KEGIATAN_DIGIT = {"provinsi": "1", "kabkota": "2"}


def kind_from_code(code: str) -> str | None:
    """The nomenclature level a code's shape says, or None when it has no known shape."""
    for pattern, kind in _SHAPES:
        if pattern.match(code):
            return kind
    return None


def _open(path_or_file: str | Path | IO[Any]) -> IO[str]:
    if isinstance(path_or_file, str | Path):
        return open(path_or_file, encoding="utf-8-sig", newline="")
    data = path_or_file.read()
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig")
    return io.StringIO(data.lstrip("\ufeff"), newline="")


def _read_rows(handle: IO[str], level: str) -> tuple[list[NomenclatureItem], list[str]]:
    reader = csv.DictReader(handle)
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("code", "name") if c not in header]
    if missing:
        return [], [_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)}]
    reader.fieldnames = header
    items: list[NomenclatureItem] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        given_kind = (row.get("kind") or "").strip().lower()
        problems = []
        derived = kind_from_code(code)
        if not code:
            problems.append(_("kode kosong"))
        elif derived is None:
            problems.append(_("bentuk kode '%(code)s' tidak dikenali") % {"code": code})
        if not name:
            problems.append(_("nama kosong"))
        if given_kind and given_kind not in Kind.values:
            problems.append(_("jenis '%(kind)s' tidak dikenal") % {"kind": given_kind})
        elif given_kind and derived and given_kind != derived:
            problems.append(
                _("jenis '%(kind)s' tidak sesuai dengan bentuk kode (%(derived)s)")
                % {"kind": given_kind, "derived": derived}
            )
        if derived in (Kind.KEGIATAN, Kind.SUB_KEGIATAN):
            digit = code.split(".")[3]
            if digit != _KEGIATAN_DIGIT[level]:
                problems.append(
                    _(
                        "kode kegiatan tingkat %(level)s harus memakai angka %(digit)s, "
                        "bukan %(got)s"
                    )
                    % {"level": level, "digit": _KEGIATAN_DIGIT[level], "got": digit}
                )
        if code in seen:
            problems.append(_("kode sudah ada di baris %(line)s") % {"line": seen[code]})
        if problems or derived is None:  # an unknown code shape is always among the problems
            errors.append(
                _("Baris %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(problems)}
            )
            continue
        seen[code] = line
        items.append(
            NomenclatureItem(
                kind=derived,
                code=code,
                name=name,
                indicator=(row.get("indicator") or "").strip(),
                unit=(row.get("unit") or "").strip(),
            )
        )
    if not items and not errors:
        errors.append(_("Berkas tidak berisi baris nomenklatur."))
    return items, errors


@transaction.atomic
def nomenclature_load_csv(
    *,
    path_or_file: str | Path | IO[Any],
    version_name: str,
    level: str = "kabkota",
    actor: Any = None,
    decree: str = "",
) -> NomenclatureVersion:
    """Load a CSV nomenclature list as a new version (`version_name`, `level`).

    All or nothing: returns the new version with its items, or raises ValidationError
    whose messages name every bad row ("Baris 7: ...") and writes nothing. Also raises
    ValidationError for an unknown level or a version name already loaded for the level."""
    if level not in LEVELS:
        raise ValidationError(_("Tingkat harus kabkota atau provinsi, bukan '%s'.") % level)
    if NomenclatureVersion.objects.filter(name=version_name, level=level).exists():
        raise ValidationError(
            _("Versi nomenklatur '%(name)s' (%(level)s) sudah dimuat.")
            % {"name": version_name, "level": level}
        )
    handle = _open(path_or_file)
    try:
        items, errors = _read_rows(handle, level)
    except (csv.Error, UnicodeDecodeError) as exc:
        raise ValidationError(_("Berkas CSV tidak dapat dibaca: %s") % exc) from exc
    finally:
        if isinstance(path_or_file, str | Path):
            handle.close()
    if errors:
        raise ValidationError(errors)
    version = NomenclatureVersion(
        name=version_name,
        level=level,
        decree=decree,
        loaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.full_clean()
    version.save()
    for item in items:
        item.version = version
        item.full_clean(exclude=["version"], validate_unique=False, validate_constraints=False)
    NomenclatureItem.objects.bulk_create(items)
    return version
