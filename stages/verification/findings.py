"""A verifier's finding: computed from a plan (or a frozen version of it), never stored here."""

import dataclasses
from decimal import Decimal
from typing import Any

ERROR = "error"
WARNING = "warning"


def jsonable(value: Any) -> Any:
    """Decimals as exact strings ("1250000", "72.5"); containers converted recursively."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


@dataclasses.dataclass
class Finding:
    """One rule violated at one element (and indicator, and year, where it is about one).

    `where` is the element's code, or its ref for tujuan/sasaran (as in the exchange file);
    for findings about no element it is the RPJMD program code (V3), the strategic issue's
    ref (V18), the header code (V20) or the unit's code (V9, unit ceiling).
    `element_id` links to the element (None for those plan-level findings)."""

    rule: str
    severity: str
    where: str
    message: str
    message_en: str
    indicator: str | None = None
    year: int | None = None
    field: str | None = None
    data: dict[str, Any] = dataclasses.field(default_factory=dict)
    element_id: int | None = None
    # Sort key in document order, set by the engine.
    order: tuple = dataclasses.field(default=(), repr=False, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_json(self) -> dict[str, Any]:
        """The exchange shape used by `verify_renstra --format json`."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "where": self.where,
            "indicator": self.indicator,
            "year": self.year,
            "field": self.field,
            "message": self.message,
            "message_en": self.message_en,
            "data": jsonable(self.data),
        }
