"""A client that mirrors the API: a full crawl, then ``modified_since`` crawls keep it equal."""

import datetime
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from documents.models import PortalDocument
from meetings.models import BodyMembership, MeetingPage, Place
from oparl.querysets import LISTS
from tests.oparl.helpers import ROOT, crawl, get_json, place, walk_list

pytestmark = pytest.mark.django_db


def full_mirror(client):
    objects, _responses = crawl(client)
    return objects


def incremental(client, mirror, since):
    """What a syncing client does: every list with ``modified_since``, applied to its copy."""
    query = urlencode({"modified_since": since.isoformat()})
    urls = [f"http://testserver{ROOT}body/?{query}"]
    urls += [f"http://testserver{ROOT}body/1/{kind}/?{query}" for kind in LISTS]
    urls.append(f"http://testserver{ROOT}")
    changed = 0
    for url in urls:
        elements = walk_list(client, url) if "?" in url else [get_json(client, url)]
        for element in elements:
            changed += 1
            if element.get("deleted"):
                mirror.pop(element["id"], None)
            else:
                mirror[element["id"]] = element
    return changed


def republish(meeting, change=None, items=None):
    page = MeetingPage.objects.get(pk=meeting.pk).get_latest_revision().as_object()
    if change:
        change(page)
    if items:
        agenda = list(page.agenda_items.all())
        for item in agenda:
            items(item)
        page.agenda_items = agenda
    page.save_revision().publish()


def consent(user, given=True):
    user.publish_in_oparl = given
    user.save()


def rename(m, p):
    republish(m.past, lambda page: setattr(page, "title", "Umbenannte Sitzung"))


def unpublish(m, p):
    MeetingPage.objects.get(pk=m.past.pk).unpublish()


def consent_given(m, p):
    consent(p.users["approver"])


def consent_withdrawn(m, p):
    consent(p.users["member_a"], False)


def file_retitled(m, p):
    doc = PortalDocument.objects.get(pk=m.public_doc.pk)
    doc.title = "Neuer Titel der Statistik"
    doc.save()


def file_detached(m, p):
    republish(m.upcoming, items=lambda item: item.set_attachments([]))


def membership_added(m, p):
    BodyMembership.objects.create(body=m.body, user=p.users["member_b"], organisation=p.org_b)


def membership_ended(m, p):
    membership = BodyMembership.objects.get(body=m.body, user=p.users["member_a"])
    membership.end = datetime.date(2026, 1, 31)
    membership.save()


def item_made_non_public(m, p):
    republish(m.past, items=lambda item: setattr(item, "public", False))


def meeting_cancelled(m, p):
    republish(m.upcoming, lambda page: setattr(page, "status", MeetingPage.Status.CANCELLED))


def location_changed(m, p):
    """The place's address is corrected: its Location and the meeting held there change."""
    m.place.street_address = "Rathausstraße 12"
    m.place.save()


def place_chosen(m, p):
    """A meeting moves to another place; the past meeting, without a place, gets its location text."""
    republish(m.upcoming, lambda page: setattr(page, "place", place("Bürgerhaus", room="Saal")))
    republish(m.past, lambda page: setattr(page, "location", "Stadtteilbüro Haspe"))


def place_deleted(m, p):
    """The place is deleted: its Location is deleted, the meeting falls back to its text."""
    Place.objects.get(pk=m.place.pk).delete()


CHANGES = [
    rename,
    unpublish,
    consent_given,
    consent_withdrawn,
    file_retitled,
    file_detached,
    membership_added,
    membership_ended,
    item_made_non_public,
    meeting_cancelled,
    location_changed,
    place_chosen,
    place_deleted,
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_an_incremental_crawl_brings_the_mirror_back_to_a_full_crawl(meetings, people, change):
    consent(people.users["member_a"])
    consent(people.users["member_b"])
    client = Client()
    mirror = full_mirror(client)
    before = {key: dict(value) for key, value in mirror.items()}
    since = timezone.now()

    change(meetings, people)

    assert incremental(client, mirror, since) > 0
    fresh = full_mirror(client)
    assert fresh != before, "the change should show in the API"
    assert sorted(mirror) == sorted(fresh)
    for object_id, obj in fresh.items():
        assert mirror[object_id] == obj, object_id
