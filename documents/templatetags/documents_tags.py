from django import template

from ..library import library_part, library_title

register = template.Library()


@register.simple_tag(takes_context=True)
def document_library(context, page):
    """The library's upload link, filters and results (kept per access group)."""
    return library_part(context["request"], page)


@register.simple_tag(takes_context=True)
def document_library_title(context):
    """The chosen filters as words for the page title."""
    return library_title(context["request"])
