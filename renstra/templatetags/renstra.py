from decimal import Decimal

from django import template

from .. import providers
from ..values import format_number_id, format_rupiah

register = template.Library()


@register.filter
def rupiah(value: Decimal | None) -> str:
    """Decimal → "Rp 1.234.567"."""
    return format_rupiah(value)


@register.filter
def rupiah_plain(value: Decimal | None) -> str:
    """Decimal → "1.234.567" (for table cells under an "Rp" header)."""
    return format_rupiah(value, prefix=False)


@register.filter
def number_id(value: Decimal | None) -> str:
    return format_number_id(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def stage_label(code: str) -> str:
    """The stage's name as the flow app that owns it registered it ("stage_label" slot)."""
    for provider in providers.providers("stage_label"):
        return provider(code)
    return code
