"""Gremium access comes only through an active organisation membership.

A person removed from their organisation, whose membership or organisation was deactivated, or
whose account was deactivated, loses at once every read of the non-public agenda items of the
Gremium they sat in for that organisation: meeting page, full minutes PDF, extract, search and
calendar. Their body memberships are ended (dated) when they are removed.
"""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.factories import body_page
from meetings.models import BodyMembership
from portal.access import Viewer
from portal.factories import member_of
from portal.models import Membership
from tests.meetings.scenario import SECRET_MINUTES, SECRET_TEXT, SECRET_TITLE

pytestmark = pytest.mark.django_db


def text(response):
    # unfolded, for iCalendar's 75-octet lines
    return html.unescape(response.content.decode(errors="replace")).replace("\r\n ", "")


def read_paths(meetings):
    """Every read path of a non-public item: (label, url, what only a reader gets)."""
    past = meetings.past
    return [
        ("page", meetings.upcoming.url, SECRET_TITLE),
        ("minutes page", past.url, SECRET_MINUTES),
        ("full minutes PDF", f"/sitzungen/sitzung/{past.pk}/niederschrift-vollstaendig.pdf", None),
        ("extract", f"/sitzungen/sitzung/{past.pk}/top/{meetings.past_secret_item.pk}/auszug.pdf", None),
        ("search", "/suche/?q=Angebotspreis", SECRET_TITLE),
        ("meeting iCal", f"/sitzungen/sitzung/{meetings.upcoming.pk}/kalender.ics", SECRET_TITLE),
        ("body-only meeting iCal", f"/sitzungen/sitzung/{meetings.body_only.pk}/kalender.ics", None),
        ("body-only meeting", meetings.body_only.url, None),
    ]


def readable(client, meetings):
    """The read paths on which this client reads non-public content of the body."""
    found = []
    for label, url, secret in read_paths(meetings):
        response = client.get(url)
        if response.status_code != 200:
            continue
        if secret is None or secret in text(response) or SECRET_TEXT in text(response):
            found.append(label)
    return found


ALL_PATHS = [
    "page",
    "minutes page",
    "full minutes PDF",
    "extract",
    "search",
    "meeting iCal",
    "body-only meeting iCal",
    "body-only meeting",
]


def remove_in_members_area(people, member):
    membership = member.memberships.get(organisation=people.org_a)
    response = people.client("org_admin").post(reverse("portal:membership_remove", args=[membership.pk]))
    assert response.status_code == 302


def deactivate_membership(people, member):
    # a bulk change sends no signals: the access rule alone must end the access
    Membership.objects.filter(user=member, organisation=people.org_a).update(active=False)


def deactivate_organisation(people, member):
    people.org_a.active = False
    people.org_a.save()


def deactivate_user(people, member):
    member.is_active = False
    member.save()


STATES = {
    "removed in the members' area": remove_in_members_area,
    "membership deactivated": deactivate_membership,
    "organisation deactivated": deactivate_organisation,
    "person deactivated": deactivate_user,
}


@pytest.mark.parametrize("state", STATES)
def test_derived_gremium_access_ends_at_once(people, meetings, state):
    member = people.users["member_a"]
    client = people.client("member_a")
    assert readable(client, meetings) == ALL_PATHS  # the body member reads everything
    STATES[state](people, member)
    assert readable(client, meetings) == [], state
    assert Viewer.for_user(member).body_ids == frozenset()
    # with no other membership, nothing for members either
    page = text(client.get(meetings.upcoming.url))
    assert "konferenz.example.org" not in page and "Mitglieder-Anlage Konzept" not in page


def test_a_body_membership_for_another_organisation_gives_no_access(people, meetings):
    """Sitting in a Gremium for organisation A while being a member of B only: no access."""
    member_b = people.users["member_b"]
    BodyMembership.objects.create(body=meetings.body, user=member_b, organisation=people.org_a)
    assert readable(people.client("member_b"), meetings) == []
    BodyMembership.objects.create(body=meetings.body, user=member_b, organisation=people.org_b)
    assert readable(people.client("member_b"), meetings) == ALL_PATHS


def test_removal_in_the_members_area_ends_the_body_memberships(people, meetings):
    member = people.users["member_a"]
    other_body = body_page(meetings.index, "Arbeitsgruppe Wohnen")
    BodyMembership.objects.create(body=other_body, user=member, organisation=people.org_b)  # for another org
    remove_in_members_area(people, member)
    today = timezone.localdate()
    ended = BodyMembership.objects.get(user=member, body=meetings.body)
    assert ended.end == today
    assert BodyMembership.objects.get(user=member, body=other_body).end is None


def test_removal_in_the_admin_ends_the_body_memberships(people, meetings):
    member = people.users["member_a"]
    earlier = timezone.localdate() - datetime.timedelta(days=30)
    old = BodyMembership.objects.create(body=meetings.body, user=member, organisation=people.org_a, end=earlier)
    membership = member.memberships.get()
    response = people.client("editor").post(
        reverse("wagtailsnippets_portal_membership:edit", args=[membership.pk]),
        {"user": member.pk, "organisation": people.org_a.pk, "role": "member"},  # "aktiv" unticked
    )
    assert response.status_code == 302
    assert not Membership.objects.get(pk=membership.pk).active
    current = BodyMembership.objects.exclude(pk=old.pk).get(user=member, body=meetings.body)
    assert current.end == timezone.localdate()
    old.refresh_from_db()
    assert old.end == earlier  # an end already recorded stays
    assert readable(people.client("member_a"), meetings) == []


def test_re_invited_member_reads_again(people, meetings):
    """Access follows the membership: active again, the body membership (not yet ended) counts again."""
    member = people.users["member_a"]
    deactivate_membership(people, member)
    assert readable(people.client("member_a"), meetings) == []
    Membership.objects.filter(user=member).update(active=True)
    assert readable(people.client("member_a"), meetings) == ALL_PATHS


def test_body_member_of_one_gremium_reads_nothing_non_public_of_another(people, meetings):
    """Two Gremien: a member of body B sees body A's non-public items only redacted, and the
    other way round."""
    from meetings.factories import agenda_item, meeting_page

    body_b = body_page(meetings.index, "Steuerungsgruppe Test")
    other = member_of(people.org_b, email="gremium-b@example.org")
    BodyMembership.objects.create(body=body_b, user=other, organisation=people.org_b)
    secret_b = "Interne Haushaltsplanung der Steuerungsgruppe"
    meeting_b = meeting_page(
        body_b,
        start=timezone.now() + datetime.timedelta(days=20),
        title="Steuerungsgruppe März",
        slug="steuerung-maerz",
        items=[agenda_item(secret_b, public=False, description="Nur für Gremium B")],
    )
    client_b = people.client("member_b")
    client_b.force_login(other, backend="django.contrib.auth.backends.ModelBackend")
    assert readable(client_b, meetings) == []
    assert secret_b in text(client_b.get(meeting_b.url))
    client_a = people.client("member_a")
    assert readable(client_a, meetings) == ALL_PATHS
    page_b = text(client_a.get(meeting_b.url))
    assert secret_b not in page_b and "Nur für Gremium B" not in page_b
    ical_b = text(client_a.get(f"/sitzungen/sitzung/{meeting_b.pk}/kalender.ics"))
    assert secret_b not in ical_b
    assert secret_b not in text(client_a.get("/suche/?q=Haushaltsplanung"))
