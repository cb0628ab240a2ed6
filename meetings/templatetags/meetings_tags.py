from django import template
from django.urls import reverse

from portal.access import get_viewer
from portal.services import absolute_url

from ..views import members_overview

register = template.Library()


@register.inclusion_tag("meetings/includes/members_home.html", takes_context=True)
def meetings_members_panel(context):
    """The members' area section: next meetings, open action items, personal calendar feed."""
    request = context["request"]
    data = members_overview(get_viewer(request))
    token = data.get("calendar_token")
    data["calendar_feed_url"] = absolute_url(token.get_absolute_url(), request) if token else ""
    data["calendar_token_url"] = reverse("meetings:calendar_token")
    data["csrf_token"] = context.get("csrf_token")
    data["request"] = request
    return data


@register.inclusion_tag("meetings/includes/organisation_seats.html")
def organisation_seats(organisation):
    """The organisation admin's page: the organisation's seats in bodies, and where to fill them."""
    from ..seats import seats_of

    return {"organisation": organisation, "seats": seats_of(organisation)}
