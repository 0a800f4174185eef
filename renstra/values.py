"""Values as printed in real plans: indicator text, Rupiah amounts, Indonesian number format."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# A number possibly followed by a unit or percent sign: "98%", "0,75", "1.234,5", "12 bulan".
_LEADING_NUMBER = re.compile(r"^\s*([-+]?\d[\d.,]*)\s*(.*?)\s*$")
_MONEY = re.compile(r"^-?[0-9]+(\.[0-9]{1,2})?$")


def parse_number(text: str) -> Decimal | None:
    """Read the number printed at the start of `text`, or None if there is none.

    Indonesian plans write "0,75" and "1.234,5"; imported data also has "72.5" and "1,234".
    Rules: with both separators the last one is the decimal separator; a lone comma is
    decimal; a lone dot is a thousands separator when every group after it has three digits
    (``1.234`` / ``1.234.567``), otherwise decimal (``72.5``). ``A``, ``n/a``, ``WTP`` → None.
    """
    match = _LEADING_NUMBER.match(text or "")
    if not match:
        return None
    raw = match.group(1).rstrip(".,")
    if not raw or not any(ch.isdigit() for ch in raw):
        return None
    sign = ""
    if raw[0] in "+-":
        sign, raw = ("-" if raw[0] == "-" else ""), raw[1:]
    if "," in raw and "." in raw:
        decimal_sep = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        raw = raw.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in raw:
        # "1,234,567" is English thousands; a single comma is the Indonesian decimal.
        raw = raw.replace(",", "") if raw.count(",") > 1 else raw.replace(",", ".")
    elif raw.count(".") > 1:
        raw = raw.replace(".", "")
    elif "." in raw:
        head, tail = raw.split(".")
        if len(tail) == 3 and head and head != "0":
            raw = head + tail
    try:
        return Decimal(sign + raw)
    except InvalidOperation:
        return None


def unit_suffix(text: str) -> str:
    """What follows the number in a printed value ("12 bulan" → "bulan", "98%" → "%")."""
    match = _LEADING_NUMBER.match(text or "")
    return match.group(2) if match else ""


def is_money(text: str) -> bool:
    return bool(_MONEY.match(text))


def parse_money(text: str) -> Decimal | None:
    """Exchange-format money ("7742388142", "2499850.00"); "" → None (blank)."""
    text = (text or "").strip()
    if not text:
        return None
    if not is_money(text):
        raise ValueError(text)
    return Decimal(text)


def money_to_exchange(amount: Decimal | None) -> str:
    """Decimal → exchange money string, with two decimals only when needed."""
    if amount is None:
        return ""
    if amount == amount.to_integral_value():
        return str(int(amount))
    return f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"


def parse_rupiah_input(text: str) -> Decimal | None:
    """What a person types into a Rupiah cell: "1.234.567", "Rp 1.234.567", "1234567,50"."""
    cleaned = (text or "").strip().replace("Rp", "").replace("rp", "").replace(" ", "")
    if not cleaned:
        return None
    if "," in cleaned:
        whole, _, frac = cleaned.partition(",")
        cleaned = whole.replace(".", "") + "." + frac
    else:
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(text)
    return value


def format_rupiah(amount: Decimal | None, *, prefix: bool = True) -> str:
    """Decimal → "Rp 1.234.567" (Indonesian separators; decimals only when present)."""
    if amount is None:
        return ""
    negative = amount < 0
    amount = abs(amount)
    whole = int(amount)
    frac = amount - whole
    text = f"{whole:,}".replace(",", ".")
    if frac:
        text += "," + f"{frac:.2f}"[2:]
    if negative:
        text = "-" + text
    return f"Rp {text}" if prefix else text


def format_number_id(value: Decimal | None) -> str:
    """Decimal → Indonesian notation ("1.234,5")."""
    if value is None:
        return ""
    normalized = value.normalize()
    sign = "-" if normalized < 0 else ""
    normalized = abs(normalized)
    whole = int(normalized)
    frac = normalized - whole
    text = f"{whole:,}".replace(",", ".")
    if frac:
        text += "," + format(frac, "f").split(".")[1]
    return sign + text
