from django import template
from django.utils.formats import date_format, time_format
from django.utils.timezone import template_localtime
from django.utils.translation import pgettext
from wagtail.models import Page

from portal import i18n

register = template.Library()


@register.simple_tag(takes_context=True)
def languages(context):
    """The language switcher, hreflang links and fallback note of the current page or view."""
    request = context.get("request")
    if request is None:
        return i18n.view_languages_empty()
    page = context.get("page")
    if isinstance(page, Page) and page.pk:
        return i18n.page_languages(page, request)
    return i18n.view_languages(request)


# Dates and times in the visitor's language: the format names of ``portal/formats/<code>/``.


@register.filter(expects_localtime=True)
def weekday_date(value):
    """ "Mittwoch, 25. November 2026" / "Wednesday, 25 November 2026"."""
    return _with_weekday(value, "l", "DATE_FORMAT")


@register.filter(expects_localtime=True)
def short_weekday_date(value):
    """ "Mi., 25.11.2026" / "Wed, 25/11/2026"."""
    return _with_weekday(value, "D", "SHORT_DATE_FORMAT")


def _with_weekday(value, weekday, date):
    if not value:
        return ""
    return pgettext("weekday and date", "%(weekday)s, %(date)s") % {
        "weekday": date_format(value, weekday),
        "date": date_format(value, date),
    }


@register.filter(expects_localtime=True)
def time_range(start, end=None):
    """ "18:00 Uhr", "18:00–20:00 Uhr" in German; "18:00–20:00" in English. The start of a range
    is written on the 24-hour clock, the end in the language's ``TIME_FORMAT`` (which carries the
    word for o'clock where the language uses one)."""
    if not start:
        return ""
    if not end:
        return time_format(start)
    return f"{date_format(start, 'H:i')}–{time_format(template_localtime(end))}"
