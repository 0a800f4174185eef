from decimal import Decimal

import pytest

from renstra.values import format_rupiah, money_to_exchange, parse_number, parse_rupiah_input


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("98", Decimal("98")),
        ("98%", Decimal("98")),
        ("0,75", Decimal("0.75")),
        ("1.234,5", Decimal("1234.5")),
        ("1.234", Decimal("1234")),
        ("72.5", Decimal("72.5")),
        ("12 bulan", Decimal("12")),
        ("100.000", Decimal("100000")),
        ("-3,2", Decimal("-3.2")),
        ("A", None),
        ("BB", None),
        ("n/a", None),
        ("", None),
        ("WTP", None),
    ],
)
def test_parse_number_reads_indonesian_and_keeps_qualitative(text, number):
    assert parse_number(text) == number


def test_rupiah_formatting_and_input_round_trip():
    assert format_rupiah(Decimal("1234567890")) == "Rp 1.234.567.890"
    assert format_rupiah(Decimal("1500.50"), prefix=False) == "1.500,50"
    assert parse_rupiah_input("Rp 1.234.567") == Decimal("1234567")
    assert parse_rupiah_input("1234567,50") == Decimal("1234567.50")
    with pytest.raises(ValueError):
        parse_rupiah_input("sejuta")
    assert money_to_exchange(Decimal("2499850.00")) == "2499850"
    assert money_to_exchange(Decimal("10.5")) == "10.50"
