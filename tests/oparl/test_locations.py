"""Locations: one object per place with its address and GeoJSON; a meeting without a place keeps
its location text as a Location of its own; places of non-public meetings never appear."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from meetings.factories import meeting_page
from meetings.models import MeetingPage, Place
from oparl.models import PublishedObject
from tests.oparl.helpers import ROOT, SECRET_PLACE, check_object, crawl, get_json, path_of, place, walk_list

pytestmark = pytest.mark.django_db
API = f"http://testserver{ROOT}"
LONG_AGO = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def client():
    return Client()


def republish(meeting, **fields):
    page = MeetingPage.objects.get(pk=meeting.pk).get_latest_revision().as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def shown_long_ago():
    """Every object the API has shown was last changed long ago."""
    PublishedObject.objects.update(created=LONG_AGO, modified=LONG_AGO)


def since(value):
    return value.isoformat().replace("+", "%2B")


def test_a_meetings_place_is_its_location_with_address_and_geojson(client, meetings):
    meeting = get_json(client, f"{ROOT}meeting/{meetings.upcoming.pk}/")
    location = meeting["location"]
    assert location["id"] == f"{API}place/{meetings.place.pk}/"
    assert location["type"] == "https://schema.oparl.org/1.1/Location"
    assert location["streetAddress"] == "Rathausstraße 11"
    assert location["postalCode"] == "58095"
    assert location["locality"] == "Hagen"
    assert location["room"] == "Raum 1"
    assert location["description"] == "Rathaus an der Volme, Raum 1, Rathausstraße 11, 58095 Hagen"
    assert location["geojson"] == {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [7.4737, 51.3595]},  # longitude first
        "properties": {"name": "Rathaus an der Volme, Raum 1"},
    }
    # embedded: no back-reference (OParl 1.1); on its own: the public meetings held there
    assert "meetings" not in location
    alone = get_json(client, location["id"])
    check_object(alone)
    assert alone["meetings"] == [meeting["id"]]
    assert {k: v for k, v in alone.items() if k != "meetings"} == location


def test_one_location_per_place_however_many_meetings_meet_there(client, meetings):
    republish(meetings.past, place=meetings.place)
    ids = {get_json(client, f"{ROOT}meeting/{m.pk}/")["location"]["id"] for m in (meetings.upcoming, meetings.past)}
    assert ids == {f"{API}place/{meetings.place.pk}/"}
    alone = get_json(client, f"{ROOT}place/{meetings.place.pk}/")
    assert alone["meetings"] == [f"{API}meeting/{pk}/" for pk in sorted((meetings.upcoming.pk, meetings.past.pk))]
    listed = [loc["id"] for loc in walk_list(client, f"{API}body/1/location/")]
    assert listed == [f"{API}place/{meetings.place.pk}/"]


def test_a_place_without_coordinates_has_no_geojson_and_only_what_is_known(client, meetings):
    bare = place("Stadtteilbüro Haspe", street_address="", postal_code="58135", latitude=None, longitude=None)
    republish(meetings.past, place=bare)
    location = get_json(client, f"{ROOT}place/{bare.pk}/")
    check_object(location)
    assert "geojson" not in location and "streetAddress" not in location and "room" not in location
    assert location["description"] == "Stadtteilbüro Haspe, 58135 Hagen"


def test_a_meeting_without_a_place_keeps_its_location_text(client, meetings):
    """The fallback: a Location of the meeting's own (``location/<meeting pk>/``) with the text."""
    republish(meetings.upcoming, place=None)
    meeting = get_json(client, f"{ROOT}meeting/{meetings.upcoming.pk}/")
    location = meeting["location"]
    assert location["id"] == f"{API}location/{meetings.upcoming.pk}/"
    assert location["description"] == "Rathaus, Raum 1" and "meetings" not in location
    alone = get_json(client, location["id"])
    check_object(alone)
    assert alone["meetings"] == [meeting["id"]]
    assert [loc["id"] for loc in walk_list(client, f"{API}body/1/location/")] == [location["id"]]
    # no text, no place: no location
    assert "location" not in get_json(client, f"{ROOT}meeting/{meetings.past.pk}/")
    # the meeting deleted: its Location answers deleted
    MeetingPage.objects.get(pk=meetings.upcoming.pk).delete()
    assert get_json(client, location["id"])["deleted"] is True


def test_a_changed_place_changes_its_location_and_the_meetings_held_there(client, meetings):
    location_url = f"{ROOT}place/{meetings.place.pk}/"
    meeting_url = f"{ROOT}meeting/{meetings.upcoming.pk}/"
    get_json(client, location_url)
    shown_long_ago()
    before = timezone.now().replace(microsecond=0)

    meetings.place.room = "Raum 2"
    meetings.place.save()

    location = get_json(client, location_url)
    assert location["room"] == "Raum 2"
    assert location["modified"] >= timezone.localtime(before).isoformat()
    meeting = get_json(client, meeting_url)
    assert meeting["location"]["room"] == "Raum 2"
    assert meeting["modified"] == location["modified"]
    changed = walk_list(client, f"{API}body/1/location/?modified_since={since(before)}")
    assert [loc["id"] for loc in changed] == [location["id"]]
    changed = walk_list(client, f"{API}body/1/meeting/?modified_since={since(before)}")
    assert [m["id"] for m in changed] == [meeting["id"]]


def test_a_deleted_place_answers_deleted_and_its_meeting_falls_back_to_the_text(client, meetings):
    location_url = f"{ROOT}place/{meetings.place.pk}/"
    get_json(client, location_url)
    shown_long_ago()
    before = timezone.now().replace(microsecond=0)

    Place.objects.get(pk=meetings.place.pk).delete()

    deleted = get_json(client, location_url)
    check_object(deleted)
    assert deleted["deleted"] is True and "streetAddress" not in deleted
    assert deleted["created"].startswith("2024-01-01")
    meeting = get_json(client, f"{ROOT}meeting/{meetings.upcoming.pk}/")
    assert meeting["location"]["id"] == f"{API}location/{meetings.upcoming.pk}/"
    assert meeting["location"]["description"] == "Rathaus, Raum 1"
    synced = walk_list(client, f"{API}body/1/location/?modified_since={since(before)}")
    assert {loc["id"]: loc.get("deleted", False) for loc in synced} == {
        f"{API}place/{meetings.place.pk}/": True,
        f"{API}location/{meetings.upcoming.pk}/": False,
    }
    # the meeting can be edited and published again without its place
    republish(meetings.upcoming, title="Sitzung nach dem Umzug")
    assert get_json(client, f"{ROOT}meeting/{meetings.upcoming.pk}/")["name"] == "Sitzung nach dem Umzug"


def test_a_place_leaves_the_api_with_its_last_public_meeting(client, meetings):
    location_url = f"{ROOT}place/{meetings.place.pk}/"
    get_json(client, location_url)
    MeetingPage.objects.get(pk=meetings.upcoming.pk).unpublish()
    assert get_json(client, location_url)["deleted"] is True
    MeetingPage.objects.get(pk=meetings.upcoming.pk).save_revision().publish()
    assert "deleted" not in get_json(client, location_url)


def test_the_place_of_a_meeting_for_a_closed_group_never_appears(client, meetings, people):
    get_json(client, f"{ROOT}place/{meetings.secret_place.pk}/", status=404)
    _objects, responses = crawl(client)
    text = "\n".join(responses)
    assert SECRET_PLACE not in text and "Geheime Straße" not in text
    assert not PublishedObject.objects.filter(kind="place", object_id=meetings.secret_place.pk).exists()
    # a public meeting there makes it public; a meeting for members only does not
    members_only = meeting_page(
        meetings.body, audience="members", place=meetings.secret_place, title="Mitgliedertreffen", slug="mt"
    )
    get_json(client, f"{ROOT}place/{meetings.secret_place.pk}/", status=404)
    republish(members_only, audience="public")
    location = get_json(client, f"{ROOT}place/{meetings.secret_place.pk}/")
    assert location["streetAddress"] == "Geheime Straße 1"
    assert location["meetings"] == [f"{API}meeting/{members_only.pk}/"]  # not the Gremium's meeting there


def test_location_list_urls_are_canonical(client, meetings):
    response = client.get(f"{ROOT}place/0{meetings.place.pk}/")
    assert response.status_code == 301
    assert path_of(response["Location"]) == f"{ROOT}place/{meetings.place.pk}/"
