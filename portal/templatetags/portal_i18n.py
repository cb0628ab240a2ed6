from django import template
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
