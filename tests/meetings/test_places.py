"""Places of meetings (Orte): managed by city staff, chosen for a meeting with a searchable
chooser, made from the existing location texts by a data migration."""

import datetime
import html
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from meetings.factories import body_page, meeting_index, meeting_page
from meetings.models import MeetingPage, Place

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/meetings/place/add/"


def town_hall():
    return Place.objects.create(
        name="Rathaus an der Volme",
        room="Raum 1",
        street_address="Rathausstraße 11",
        postal_code="58095",
        locality="Hagen",
    )


def text(response):
    return html.unescape(response.content.decode())


def place_form(**fields):
    return {
        "name": "Rathaus an der Volme",
        "room": "Sitzungssaal",
        "street_address": "Rathausstraße 11",
        "postal_code": "58095",
        "locality": "Hagen",
        "description": "",
        "latitude": "51.3595",
        "longitude": "7.4737",
        **fields,
    }


def test_staff_add_a_place_and_half_coordinates_are_refused_without_losing_the_input(people):
    client = people.client("editor")
    assert client.get(ADD_URL).status_code == 200
    response = client.post(ADD_URL, place_form(longitude="", street_address="Rathausstraße 11a"))
    assert response.status_code == 200
    page = text(response)
    assert "Bitte Breiten- und Längengrad zusammen angeben oder beide leer lassen." in page
    assert 'value="Rathausstraße 11a"' in page and 'value="51.3595"' in page
    response = client.post(ADD_URL, place_form(latitude="95"))
    assert "kleiner oder gleich 90" in text(response)
    assert not Place.objects.exists()

    assert client.post(ADD_URL, place_form()).status_code == 302
    created = Place.objects.get()
    assert str(created) == "Rathaus an der Volme, Sitzungssaal"
    assert created.full_text == "Rathaus an der Volme, Sitzungssaal, Rathausstraße 11, 58095 Hagen"
    listing = text(client.get("/admin/snippets/meetings/place/?q=rathausstr"))
    assert "Rathaus an der Volme, Sitzungssaal" in listing
    assert "Rathaus an der Volme" not in text(client.get("/admin/snippets/meetings/place/?q=Haspe"))


def test_members_do_not_manage_places(people):
    for role in ("member_a", "org_admin"):
        assert people.client(role).get(ADD_URL).status_code in (302, 403)


def test_a_meeting_chooses_its_place_and_an_empty_location_text_takes_it(people, meetings):
    place = town_hall()
    client = people.client("editor")
    chooser = reverse(Place.snippet_viewset.chooser_viewset.get_url_name("choose_results"))
    found = text(client.get(chooser, {"q": "Volme Raum"}))
    assert "Rathaus an der Volme, Raum 1" in found
    assert "Rathaus an der Volme" not in text(client.get(chooser, {"q": "Bürgerhaus"}))

    meeting = meeting_page(meetings.body, title="Sitzung ohne Ort", slug="ohne-ort")
    edit = f"/admin/pages/{meeting.pk}/edit/"
    assert reverse(Place.snippet_viewset.chooser_viewset.get_url_name("choose")) in text(client.get(edit))
    data = nested_form_data(
        {
            "title": meeting.title,
            "slug": meeting.slug,
            "start": "2031-03-12 14:00",
            "location": "",
            "place": place.pk,
            "status": "planned",
            "audience": "public",
            "agenda_items": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    response = client.post(edit, data)
    assert response.status_code == 302, text(response)[:2000]
    draft = MeetingPage.objects.get(pk=meeting.pk).get_latest_revision().as_object()
    assert draft.place_id == place.pk
    assert draft.location == "Rathaus an der Volme, Raum 1, Rathausstraße 11, 58095 Hagen"
    # a text of its own stays
    data["location"] = "Rathaus, großer Saal"
    client.post(edit, data)
    assert MeetingPage.objects.get(pk=meeting.pk).get_latest_revision().as_object().location == "Rathaus, großer Saal"


def test_the_data_migration_makes_one_place_per_location_text(site, people):
    body = body_page(meeting_index(site), "Gremium vor den Orten")
    texts = ["Rathaus, Raum 1", "Rathaus, Raum 1 ", "Bürgerhaus Haspe", ""]
    old = [meeting_page(body, title=f"Alt {n}", slug=f"alt-{n}", location=t) for n, t in enumerate(texts)]
    Place.objects.all().delete()
    for meeting in old:  # as before the migration: no place in the row or in a revision
        revision = meeting.get_latest_revision()
        revision.content.pop("place", None)
        revision.save(update_fields=["content"])

    migration = importlib.import_module("meetings.migrations.0008_places_from_location_texts")
    migration.create_places(apps, None)

    assert sorted(Place.objects.values_list("name", flat=True)) == ["Bürgerhaus Haspe", "Rathaus, Raum 1"]
    rathaus = Place.objects.get(name="Rathaus, Raum 1")
    places = [MeetingPage.objects.get(pk=m.pk).place_id for m in old]
    assert places == [rathaus.pk, rathaus.pk, Place.objects.get(name="Bürgerhaus Haspe").pk, None]
    # the next edit starts from the latest revision: it keeps the place
    assert MeetingPage.objects.get(pk=old[0].pk).get_latest_revision().as_object().place_id == rathaus.pk
    assert MeetingPage.objects.get(pk=old[1].pk).location == "Rathaus, Raum 1 "  # the text stays as it was
    assert people.users["editor"].has_perm("meetings.change_place")
    assert people.users["approver"].has_perm("meetings.add_place")


def test_a_body_is_not_dissolved_before_it_was_set_up(meetings):
    body = meetings.body
    body.start_date, body.end_date = datetime.date(2022, 1, 1), datetime.date(2021, 12, 31)
    with pytest.raises(ValidationError) as error:
        body.full_clean()
    assert error.value.message_dict["end_date"] == ["Das Gremium kann nicht vor seiner Einrichtung aufgelöst werden."]
    body.end_date = body.start_date
    body.full_clean()


def test_place_deleted_in_the_admin_leaves_its_meetings(people, meetings):
    place = town_hall()
    page = MeetingPage.objects.get(pk=meetings.upcoming.pk).get_latest_revision().as_object()
    page.place = place
    page.save_revision().publish()
    client = people.client("editor")
    url = reverse(Place.snippet_viewset.get_url_name("delete"), args=[place.pk])
    assert client.post(url).status_code == 302
    meeting = MeetingPage.objects.get(pk=meetings.upcoming.pk)
    assert meeting.place_id is None and meeting.location == "Rathaus, Raum 1"
    assert people.client("anonymous").get(meeting.url).status_code == 200
