"""The meetings' sections of the members' area and of the organisation admin's page
(registered in meetings/wagtail_hooks.py)."""

from django.template.loader import render_to_string
from django.urls import reverse

from portal.access import get_viewer
from portal.services import absolute_url


def members_home(request):
    """Next meetings, open action items, the personal calendar feed."""
    from .pages import webcal
    from .views import members_overview

    data = members_overview(get_viewer(request))
    token = data.get("calendar_token")
    data["calendar_feed_url"] = absolute_url(token.get_absolute_url(), request) if token else ""
    data["calendar_webcal_url"] = webcal(data["calendar_feed_url"]) if token else ""
    data["calendar_token_url"] = reverse("meetings:calendar_token")
    return render_to_string("meetings/includes/members_home.html", data, request=request)


def organisation_seats(request, organisation):
    """The organisation's seats in bodies, and where to fill them."""
    from .seats import seats_of

    context = {"organisation": organisation, "seats": seats_of(organisation)}
    return render_to_string("meetings/includes/organisation_seats.html", context, request=request)
