"""The parts of the meetings' pages (meetings/pages.py), asked for by their templates."""

from django import template

from .. import pages

register = template.Library()


@register.simple_tag(takes_context=True)
def calendar_listing(context, page):
    return pages.calendar_listing(context["request"], page)


@register.simple_tag(takes_context=True)
def calendar_title(context):
    return pages.calendar_title(context["request"].GET)


@register.simple_tag(takes_context=True)
def body_overview(context, page):
    return pages.body_overview(context["request"], page)


@register.simple_tag(takes_context=True)
def meeting_parts(context, page):
    """``rsvp_form``, ``objection_form``: what was just sent with its errors, when there is one."""
    return pages.meeting_parts(context["request"], page, context.get("rsvp_form"), context.get("objection_form"))


@register.simple_tag
def next_public_meetings(count):
    """The next public meetings, as every visitor sees them (the home page)."""
    return pages.next_public_meetings(count)
