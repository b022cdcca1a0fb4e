"""Template filters of the public pages."""

from decimal import Decimal

from django import template

from registry import charts

register = template.Library()


@register.filter
def compact_number(value: Decimal | float | int | None) -> str:
    """3000000000 → "3 billion" (see charts.compact_number)."""
    return "" if value is None else charts.compact_number(value)


@register.simple_tag(takes_context=True)
def query_replace(context, **changes) -> str:
    """The current query string with `changes` applied (None removes a parameter), for links that keep filters."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()
