from django import template
from django.template.defaultfilters import floatformat

from ..stats import public_summary

register = template.Library()


@register.simple_tag
def transparency_summary():
    """The public totals of the case-management contracts ("Fallmanagement in Zahlen")."""
    return public_summary()


@register.filter
def money(value):
    """56000 -> "56.000,00 €" (German grouping and decimal comma)."""
    if value is None or value == "":
        return "–"
    return f"{floatformat(value, '2g')} €"


@register.filter
def fte(value):
    """Positions as full-time equivalents: 1.5 -> "1,50"."""
    if value is None or value == "":
        return "–"
    return floatformat(value, "2g")
