from django import template
from django.utils.safestring import mark_safe

from renstra.sanitize import sanitize_html

register = template.Library()


@register.filter
def clean_html(value: str) -> str:
    """A stored HTML fragment, sanitised again before it is shown."""
    return mark_safe(sanitize_html(value or ""))
