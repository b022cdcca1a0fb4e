"""Template filters of the public pages."""

from decimal import Decimal

from django import template

from registry import charts

register = template.Library()


@register.filter
def compact_number(value: Decimal | float | int | None) -> str:
    """3000000000 → "3 billion" (see charts.compact_number)."""
    return "" if value is None else charts.compact_number(value)
