"""The sections of "Mein Bereich" and of the organisation admin's page: the core's own, and the
apps' (``portal.registry.MEMBERS_HOME_PANELS``, ``ORGANISATION_PANELS``), in their hooks' order."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from . import registry
from .access import get_viewer
from .models import Invitation, Membership


def render(name, *args):
    """The HTML of every panel registered for ``name`` that shows something."""
    return [mark_safe(html) for panel in registry.registered(name) if (html := panel(*args))]  # noqa: S308 - rendered templates


def my_organisations(request):
    memberships = Membership.objects.active().filter(user=request.user).select_related("organisation")
    return render_to_string("portal/panels/my_organisations.html", {"memberships": list(memberships)}, request=request)


def colleagues(request):
    viewer = get_viewer(request)
    people = (
        Membership.objects.active()
        .filter(organisation_id__in=viewer.organisation_ids)
        .exclude(user=request.user)
        .select_related("user", "organisation")
    )
    return render_to_string("portal/panels/colleagues.html", {"colleagues": people}, request=request)


def open_invitations(request):
    """Pending invitations of the organisations the viewer administers."""
    managed = get_viewer(request).admin_organisation_ids
    if not managed:
        return ""
    invitations = Invitation.objects.pending().filter(organisation_id__in=managed).select_related("organisation")
    return render_to_string("portal/panels/open_invitations.html", {"invitations": invitations}, request=request)
