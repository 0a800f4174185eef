"""Validation of an exchange file: JSON Schema plus the rules the schema alone does not say.

Every problem is an `ExchangeError` naming its JSON path (``goals[0].objectives[1].ref``)
and, in Indonesian, what was expected. All problems are collected (up to `MAX_ERRORS`), so a
planner can fix a file in one round instead of one error at a time.
"""

import copy
import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from .errors import ExchangeError, ExchangeInvalid

MAX_ERRORS = 50
SCHEMA_NAME = "renstra-exchange-1.schema.json"
YEAR_KEY = re.compile(r"^[0-9]{4}$")
# Keys whose value is an object keyed by year ("2026": ...).
YEAR_KEYED = {"targets", "funding", "pagu", "unit_pagu"}
# Money as the format writes it, narrowed to what a Decimal(18, 2) column holds.
MONEY_PATTERN = r"^(-?[0-9]{1,16}(\.[0-9]{1,2})?)?$"
SECTION_NUMBER_PATTERN = r"^[0-9]+(\.[0-9]+)*$"

# The shared schema, tightened by the limits of the columns the values land in: a value that
# does not fit is reported with its path instead of failing in the database mid-import.
_TEXT_LIMITS: dict[str, int] = {
    "/properties/title": 300,
    "/properties/region/properties/code": 20,
    "/properties/region/properties/name": 200,
    "/properties/unit/properties/code": 40,
    "/properties/unit/properties/name": 200,
    "/properties/unit/properties/abbreviation": 40,
    "/properties/unit/properties/head/properties/name": 200,
    "/properties/unit/properties/head/properties/nip": 40,
    "/properties/unit/properties/head/properties/position": 200,
    "/properties/rpjmd/properties/title": 300,
    "/properties/rpjmd/properties/programs/items/properties/code": 40,
    "/properties/chapters/items/properties/title": 300,
    "/properties/chapters/items/properties/sections/items/properties/number": 20,
    "/properties/chapters/items/properties/sections/items/properties/title": 300,
    "/properties/strategic_issues/items/properties/ref": 40,
    "/properties/goals/items/properties/ref": 40,
    "/properties/goals/items/properties/objectives/items/properties/ref": 40,
    "/properties/declared_totals/items/properties/code": 40,
    "/properties/declared_totals/items/properties/name": 300,
    "/$defs/codedText/properties/code": 20,
    "/$defs/rpjmdTarget/properties/code": 20,
    "/$defs/indicator/properties/unit": 100,
    "/$defs/indicator/properties/baseline": 100,
    "/$defs/indicator/properties/final": 100,
    "/$defs/textByYear/additionalProperties": 100,
    "/$defs/leafish/properties/code": 40,
    "/$defs/leafish/properties/unit_in_charge": 300,
    "/$defs/leafish/properties/location": 300,
    "/$defs/leafish/properties/target_group": 300,
}
_NOT_EMPTY = ["/properties/region/properties/name", "/properties/unit/properties/name"]
_RANGES: dict[str, tuple[float, float]] = {
    "/properties/period/properties/baseline_year": (1900, 2100),
    "/properties/strategic_issues/items/properties/rank": (0, 2_147_483_647),
    "/properties/strategic_issues/items/properties/score/properties/urgency": (-9999, 9999),
    "/properties/strategic_issues/items/properties/score/properties/seriousness": (-9999, 9999),
    "/properties/strategic_issues/items/properties/score/properties/growth": (-9999, 9999),
}

TYPE_NAMES = {
    "string": "teks",
    "integer": "bilangan bulat",
    "number": "angka",
    "object": "objek",
    "array": "daftar (array)",
    "boolean": "true atau false",
    "null": "null",
}


def _node(schema: dict, pointer: str) -> dict:
    node = schema
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return node


@lru_cache(maxsize=1)
def _load_schema(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    schema = copy.deepcopy(schema)
    for pointer, limit in _TEXT_LIMITS.items():
        _node(schema, pointer)["maxLength"] = limit
    for pointer in _NOT_EMPTY:
        _node(schema, pointer)["minLength"] = 1
    for pointer, (low, high) in _RANGES.items():
        _node(schema, pointer).update(minimum=low, maximum=high)
    _node(schema, "/$defs/money")["pattern"] = MONEY_PATTERN
    _flatten_closed_allofs(schema)
    Draft202012Validator.check_schema(schema)
    return schema


def _flatten_closed_allofs(schema: dict) -> None:
    """Rewrite each definition that is `allOf: [{$ref}]` + `unevaluatedProperties: false`
    (program, activity, sub activity) as one closed object with the properties merged.

    Same meaning for these definitions, but jsonschema checks `unevaluatedProperties` by
    re-walking every subschema, which made validating a 10x plan several times slower."""
    for node in schema.get("$defs", {}).values():
        if node.get("unevaluatedProperties") is not False or "allOf" not in node:
            continue
        merged: dict[str, Any] = {"properties": {}, "patternProperties": {}, "required": []}
        for member in [*node.pop("allOf"), node]:
            base = _node(schema, member["$ref"][1:]) if "$ref" in member else member
            if "type" in base:
                merged["type"] = base["type"]
            merged["properties"].update(base.get("properties", {}))
            merged["patternProperties"].update(base.get("patternProperties", {}))
            merged["required"] += [
                k for k in base.get("required", []) if k not in merged["required"]
            ]
        node.pop("unevaluatedProperties")
        node.update(merged, additionalProperties=False)


def load_schema() -> dict:
    """The exchange schema from settings.SHARED_DIR, tightened to the database's limits."""
    return _load_schema(str(settings.SHARED_DIR / "interchange" / SCHEMA_NAME))


def jpath(parts: Iterable[Any]) -> str:
    """['goals', 0, 'ref'] → 'goals[0].ref'; the document itself is '(root)'."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(root)"


def _sort_key(parts: Iterable[Any]) -> list[tuple[int, int, str]]:
    return [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in parts]


def _declared(node: dict, root: dict) -> tuple[set[str], set[str]]:
    """Property names and name patterns a schema node allows, following allOf and local $ref."""
    if "$ref" in node:
        return _declared(_node(root, node["$ref"][1:]), root)
    names, patterns = set(node.get("properties", {})), set(node.get("patternProperties", {}))
    for member in node.get("allOf", []):
        more_names, more_patterns = _declared(member, root)
        names |= more_names
        patterns |= more_patterns
    return names, patterns


def _quote(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _describe(error: SchemaError, schema: dict, years: str) -> list[ExchangeError]:
    """Indonesian errors for one jsonschema error (none for an echo of another error)."""
    path = list(error.absolute_path)
    kind, expected = error.validator, error.validator_value
    if kind in ("additionalProperties", "unevaluatedProperties") and expected is False:
        if not isinstance(error.instance, dict):
            return []
        # In draft 2020-12 an invalid property inside an allOf branch makes every property
        # "unevaluated"; only keys the schema does not declare at all are really unknown.
        names, patterns = _declared(error.schema, schema)
        unknown = [
            k
            for k in error.instance
            if k not in names and not any(re.search(p, k) for p in patterns)
        ]
        allowed = ", ".join(sorted(names))
        message = (
            _("kunci tidak dikenal; yang diharapkan: %(keys)s, atau kunci berawalan x-")
            if "^x-" in patterns
            else _("kunci tidak dikenal; yang diharapkan: %(keys)s")
        ) % {"keys": allowed}
        return [ExchangeError(jpath([*path, k]), message) for k in sorted(unknown)]
    if kind == "required":
        missing = [
            k for k in expected if isinstance(error.instance, dict) and k not in error.instance
        ]
        return [
            ExchangeError(jpath([*path, k]), _("wajib ada, tetapi tidak ditemukan"))
            for k in missing
        ]
    if "propertyNames" in error.schema_path:
        return [
            ExchangeError(
                jpath([*path, str(error.instance)]),
                _("kunci tahun %(key)s tidak sah: harus tahun empat angka dalam periode %(years)s")
                % {"key": _quote(error.instance), "years": years},
            )
        ]
    if kind == "type":
        wanted = [expected] if isinstance(expected, str) else list(expected)
        message = _("harus bertipe %(type)s") % {
            "type": _(" atau ").join(TYPE_NAMES.get(t, t) for t in wanted)
        }
    elif kind == "const":
        message = _("harus bernilai %(value)s") % {"value": _quote(expected)}
    elif kind == "enum":
        message = _("harus salah satu dari: %(values)s") % {
            "values": ", ".join(_quote(v) for v in expected)
        }
    elif kind == "pattern" and expected == MONEY_PATTERN:
        message = _(
            "harus jumlah Rupiah berupa angka tanpa pemisah ribuan, paling banyak 16 digit "
            'dan dua desimal dengan titik, mis. "7742388142" atau "2499850.00"; diberikan %(value)s'
        ) % {"value": _quote(error.instance)}
    elif kind == "pattern" and expected == SECTION_NUMBER_PATTERN:
        message = _('harus nomor bertitik, mis. "1.2"; diberikan %(value)s') % {
            "value": _quote(error.instance)
        }
    elif kind == "pattern":
        message = _("tidak sesuai pola %(pattern)s") % {"pattern": expected}
    elif kind == "maxLength":
        message = _("terlalu panjang: paling banyak %(n)s karakter") % {"n": expected}
    elif kind == "minLength":
        message = _("tidak boleh kosong")
    elif kind == "minimum":
        message = _("harus paling kecil %(n)s") % {"n": expected}
    elif kind == "maximum":
        message = _("harus paling besar %(n)s") % {"n": expected}
    else:
        message = _("tidak sesuai skema (%(rule)s)") % {"rule": kind}
    return [ExchangeError(jpath(path), message)]


def _items(parent: Any, key: str) -> list[tuple[int, dict]]:
    """(index, item) for each object in parent[key], tolerating wrong types."""
    value = parent.get(key) if isinstance(parent, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if value == int(value) else None


def period_years(doc: Any) -> list[int] | None:
    """The years of the file's period, or None when the period is unusable."""
    period = doc.get("period") if isinstance(doc, dict) else None
    if not isinstance(period, dict):
        return None
    start, end = _int(period.get("start_year")), _int(period.get("end_year"))
    if start is None or end is None or end < start:
        return None
    return list(range(start, end + 1))


def _check_period(doc: Any) -> list[ExchangeError]:
    period = doc.get("period") if isinstance(doc, dict) else None
    if not isinstance(period, dict):
        return []
    start, end = _int(period.get("start_year")), _int(period.get("end_year"))
    if start is None or end is None:
        return []
    length = end - start + 1
    low, high = settings.RENSTRA_MIN_YEARS, settings.RENSTRA_MAX_YEARS
    if not low <= length <= high:
        return [
            ExchangeError(
                "period.end_year",
                _("periode harus %(min)s sampai %(max)s tahun; diberikan %(start)s–%(end)s")
                % {"min": low, "max": high, "start": start, "end": end},
            )
        ]
    return []


def _year_keyed(node: Any, path: list) -> Iterator[tuple[list, dict]]:
    """Every object keyed by year in the document (x- keys are skipped: they are ignored)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("x-"):
                continue
            if key in YEAR_KEYED and isinstance(value, dict):
                yield [*path, key], value
            else:
                yield from _year_keyed(value, [*path, key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _year_keyed(value, [*path, i])


def _check_years(doc: Any, years: list[int] | None) -> list[ExchangeError]:
    if not years:
        return []
    allowed = {str(y) for y in years}
    errors = []
    for path, values in _year_keyed(doc, []):
        for key in values:
            if YEAR_KEY.match(key) and key not in allowed:
                errors.append(
                    ExchangeError(
                        jpath([*path, key]),
                        _("tahun %(year)s di luar periode rencana %(start)s–%(end)s")
                        % {"year": key, "start": years[0], "end": years[-1]},
                    )
                )
    return errors


def _check_references(doc: Any) -> list[ExchangeError]:
    """Refs and codes are unique; every reference names something in this file."""
    if not isinstance(doc, dict):
        return []
    errors: list[ExchangeError] = []

    def defined(entries: list[tuple[int, dict]], key: str, where: list) -> set[str]:
        seen: set[str] = set()
        for i, entry in entries:
            value = entry.get(key)
            if isinstance(value, str) and value:
                if value in seen:
                    errors.append(
                        ExchangeError(
                            jpath([*where, i, key]),
                            _("%(value)s didefinisikan lebih dari sekali")
                            % {"value": _quote(value)},
                        )
                    )
                seen.add(value)
        return seen

    def need(value: Any, known: set[str], path: list, what: str) -> None:
        if isinstance(value, str) and value not in known:
            errors.append(
                ExchangeError(
                    jpath(path),
                    _("%(value)s tidak ada sebagai %(what)s di berkas ini")
                    % {"value": _quote(value), "what": what},
                )
            )

    rpjmd = doc.get("rpjmd") if isinstance(doc.get("rpjmd"), dict) else {}
    misi = defined(_items(rpjmd, "misi"), "code", ["rpjmd", "misi"])
    tujuan = defined(_items(rpjmd, "tujuan"), "code", ["rpjmd", "tujuan"])
    sasaran = defined(_items(rpjmd, "sasaran"), "code", ["rpjmd", "sasaran"])
    programs = defined(_items(rpjmd, "programs"), "code", ["rpjmd", "programs"])
    issues = defined(_items(doc, "strategic_issues"), "ref", ["strategic_issues"])
    for i, entry in _items(rpjmd, "tujuan"):
        need(entry.get("misi"), misi, ["rpjmd", "tujuan", i, "misi"], _("kode rpjmd.misi"))
    for i, entry in _items(rpjmd, "sasaran"):
        need(entry.get("tujuan"), tujuan, ["rpjmd", "sasaran", i, "tujuan"], _("kode rpjmd.tujuan"))
    for i, entry in _items(rpjmd, "programs"):
        need(
            entry.get("sasaran"),
            sasaran,
            ["rpjmd", "programs", i, "sasaran"],
            _("kode rpjmd.sasaran"),
        )

    chapter_numbers: set[int] = set()
    for ci, chapter in _items(doc, "chapters"):
        number = chapter.get("number")
        if isinstance(number, int) and number in chapter_numbers:
            errors.append(
                ExchangeError(
                    jpath(["chapters", ci, "number"]),
                    _("bab %(n)s didefinisikan lebih dari sekali") % {"n": number},
                )
            )
        if isinstance(number, int):
            chapter_numbers.add(number)
        defined(_items(chapter, "sections"), "number", ["chapters", ci, "sections"])

    element_refs: set[str] = set()
    for gi, goal in _items(doc, "goals"):
        holders = [(goal, ["goals", gi])] + [
            (obj, ["goals", gi, "objectives", oi]) for oi, obj in _items(goal, "objectives")
        ]
        for holder, path in holders:
            ref = holder.get("ref")
            if isinstance(ref, str) and ref:
                if ref in element_refs:
                    errors.append(
                        ExchangeError(
                            jpath([*path, "ref"]),
                            _("%(value)s didefinisikan lebih dari sekali") % {"value": _quote(ref)},
                        )
                    )
                element_refs.add(ref)
            need(
                holder.get("rpjmd_sasaran"),
                sasaran,
                [*path, "rpjmd_sasaran"],
                _("kode rpjmd.sasaran"),
            )
        for oi, obj in _items(goal, "objectives"):
            opath = ["goals", gi, "objectives", oi]
            answers = obj.get("answers_issues")
            for k, ref in enumerate(answers if isinstance(answers, list) else []):
                need(ref, issues, [*opath, "answers_issues", k], _("ref strategic_issues"))
            for pi, program in _items(obj, "programs"):
                need(
                    program.get("rpjmd_program"),
                    programs,
                    [*opath, "programs", pi, "rpjmd_program"],
                    _("kode rpjmd.programs"),
                )
    return errors


def validate_document(*, doc: Any) -> list[ExchangeError]:
    """Every problem of a parsed exchange document (empty list: the file may be imported).

    Schema errors come first in document order, then period, year and reference errors.
    At most MAX_ERRORS are returned, the last one saying how many more there were."""
    schema = load_schema()
    years = period_years(doc)
    span = f"{years[0]}–{years[-1]}" if years else _("(periode tidak sah)")
    found = sorted(
        Draft202012Validator(schema).iter_errors(doc), key=lambda e: _sort_key(e.absolute_path)
    )
    errors = [item for e in found for item in _describe(e, schema, span)]
    errors += _check_period(doc) + _check_years(doc, years) + _check_references(doc)
    unique = list(dict.fromkeys(errors))
    if len(unique) > MAX_ERRORS:
        rest = len(unique) - MAX_ERRORS + 1
        unique = [
            *unique[: MAX_ERRORS - 1],
            ExchangeError("(root)", _("… dan %(n)s kesalahan lain") % {"n": rest}),
        ]
    return unique


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def parse_content(*, content: bytes) -> Any:
    """The JSON document in `content` (UTF-8, a BOM tolerated).

    Raises ExchangeInvalid when it is not UTF-8 or not JSON (NaN and Infinity refused)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExchangeInvalid(
            errors=[ExchangeError("(root)", _("berkas harus teks UTF-8 berformat JSON"))]
        ) from None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ExchangeInvalid(
            errors=[
                ExchangeError(
                    "(root)",
                    _("bukan JSON yang sah (baris %(line)s, kolom %(col)s): %(msg)s")
                    % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg},
                )
            ]
        ) from None
    except ValueError as exc:
        raise ExchangeInvalid(
            errors=[
                ExchangeError(
                    "(root)", _("nilai %(value)s tidak diperbolehkan dalam JSON") % {"value": exc}
                )
            ]
        ) from None


def validated_document(*, content: bytes) -> dict:
    """Parse and validate `content`; returns the document.

    Raises ExchangeInvalid with every problem found."""
    doc = parse_content(content=content)
    errors = validate_document(doc=doc)
    if errors:
        raise ExchangeInvalid(errors=errors)
    return doc
