"""OParl lists: pagination, since/until filters, deleted objects, constant query counts."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.factories import portal_document
from meetings.factories import agenda_item, body_page, meeting_index
from meetings.models import BodyMembership, MeetingPage
from oparl.models import PublishedObject
from portal.factories import UserFactory
from tests.oparl.helpers import ROOT, get_json, path_of, place

pytestmark = pytest.mark.django_db

BASE = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def body(site):
    return body_page(meeting_index(site), "Lenkungsgruppe Listen")


def add_meetings(body, count, start=0, with_items=False):
    """Published public meetings, made quickly (no revisions); created/modified one hour apart.

    With items, every other meeting has a place of its own (the others keep their location text).
    """
    doc = portal_document("Öffentliche Anlage", audience="public") if with_items else None
    for n in range(start, start + count):
        when = BASE + datetime.timedelta(hours=n)
        page = MeetingPage(
            title=f"Sitzung {n}",
            slug=f"sitzung-{n}",
            start=when,
            location="Rathaus",
            place=place(f"Ort {n}", room=f"Raum {n}") if with_items and n % 2 == 0 else None,
            live=True,
            first_published_at=when,
            last_published_at=when,
        )
        if with_items:
            page.agenda_items = [
                agenda_item(f"Bericht {n}", attachments=[doc]),
                agenda_item(f"Geheim {n}", public=False),
            ]
        body.add_child(instance=page)


def walk(client, url):
    ids, pages = [], []
    while url:
        page = get_json(client, url)
        pages.append(page)
        ids.extend(m["id"] for m in page["data"])
        url = page["links"].get("next")
    return ids, pages


def test_pagination_walks_every_meeting_exactly_once(body):
    add_meetings(body, 250)
    client = Client()
    ids, pages = walk(client, f"{ROOT}body/1/meeting/?limit=100")
    assert len(pages) == 3
    assert [len(p["data"]) for p in pages] == [100, 100, 50]
    assert len(ids) == len(set(ids)) == 250
    assert ids == sorted(ids, key=lambda i: int(i.rstrip("/").rsplit("/", 1)[1]))
    first, middle, last = pages
    assert first["pagination"] == {"totalElements": 250, "elementsPerPage": 100, "currentPage": 1, "totalPages": 3}
    assert "prev" not in first["links"] and "next" not in last["links"]
    assert middle["links"]["prev"] == first["links"]["self"]
    assert last["links"]["last"] == last["links"]["self"]
    # limit is a hint: capped at 100
    assert get_json(client, f"{ROOT}body/1/meeting/?limit=1000")["pagination"]["elementsPerPage"] == 100


def iso(dt):
    return dt.isoformat().replace("+", "%2B")


def test_since_and_until_filters_select_the_right_meetings_and_stay_in_the_links(body):
    add_meetings(body, 30)
    client = Client()
    get_json(client, f"{ROOT}body/1/meeting/")  # the API records the meetings it shows
    # Meeting n: created at BASE + n h, unchanged since; meetings 20..29 changed a day later.
    meetings = PublishedObject.objects.filter(kind="meeting")
    meetings.update(modified=F("created"))
    for record in meetings.filter(
        object_id__in=MeetingPage.objects.filter(title__in=[f"Sitzung {n}" for n in range(20, 30)]).values("pk")
    ):
        PublishedObject.objects.filter(pk=record.pk).update(modified=record.created + datetime.timedelta(days=1))

    def names(query):
        ids, pages = walk(client, f"{ROOT}body/1/meeting/?limit=5&{query}")
        for page in pages:
            for link in page["links"].values():
                params = parse_qs(urlsplit(link).query)
                for key in parse_qs(query):
                    assert key in params, (link, key)
        titles = dict(MeetingPage.objects.values_list("pk", "title"))
        return sorted(int(titles[int(i.rstrip("/").rsplit("/", 1)[1])].split()[1]) for i in ids)

    assert names(f"created_since={iso(BASE + datetime.timedelta(hours=25))}") == list(range(25, 30))
    assert names(f"created_until={iso(BASE + datetime.timedelta(hours=4))}") == list(range(0, 5))
    ten, twelve = iso(BASE + datetime.timedelta(hours=10)), iso(BASE + datetime.timedelta(hours=12))
    assert names(f"created_since={ten}&created_until={twelve}") == [10, 11, 12]
    assert names(f"modified_since={iso(BASE + datetime.timedelta(hours=40))}") == list(range(20, 30))
    assert names(f"modified_until={iso(BASE + datetime.timedelta(hours=2))}") == [0, 1, 2]
    # a local time without offset is read in the portal's time zone (Europe/Berlin, UTC+1 in March)
    assert names("created_until=2024-03-01T14:00:00") == [0, 1]


def test_deleted_meeting_appears_only_with_modified_since(body, site):
    add_meetings(body, 3)
    client = Client()
    assert len(walk(client, f"{ROOT}body/1/meeting/")[0]) == 3
    PublishedObject.objects.filter(kind="meeting").update(modified=F("created"))  # shown long ago
    gone = MeetingPage.objects.get(title="Sitzung 1")
    before = timezone.now() - datetime.timedelta(seconds=1)
    gone.unpublish()
    url = f"http://testserver{ROOT}meeting/{gone.pk}/"
    plain, _pages = walk(client, f"{ROOT}body/1/meeting/")
    assert url not in plain and len(plain) == 2
    synced, pages = walk(client, f"{ROOT}body/1/meeting/?modified_since={iso(before)}")
    assert synced == [url]
    assert pages[0]["data"][0]["deleted"] is True
    everything, _pages = walk(client, f"{ROOT}body/1/meeting/?modified_since=2000-01-01T00:00:00Z&limit=1")
    assert len(everything) == 3 and url in everything

    # deleted outright: still answered as deleted
    gone.delete()
    assert get_json(client, path_of(url))["deleted"] is True


LISTS = ("meeting", "agendaItem", "file", "organization", "person", "membership", "location", "legislativeTerm")


def count_queries(client):
    counts = {}
    for kind in LISTS:
        client.get(f"{ROOT}body/1/{kind}/?limit=100")  # warm-up (site root paths, content types)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"{ROOT}body/1/{kind}/?limit=100")
        assert response.status_code == 200
        counts[kind] = len(ctx.captured_queries)
    return counts


def add_people(body, count, start=0):
    from portal.factories import OrganisationFactory

    org = OrganisationFactory()
    for n in range(start, start + count):
        user = UserFactory(email=f"person{n}@example.org", publish_in_oparl=True)
        BodyMembership.objects.create(body=body, user=user, organisation=org)


def test_query_count_of_list_pages_is_constant(body):
    client = Client()
    add_meetings(body, 10, with_items=True)
    add_people(body, 10)
    small = count_queries(client)
    # more than a full page (100) of everything: 10 rows against 100
    add_meetings(body, 140, start=10, with_items=True)
    add_people(body, 140, start=10)
    for kind in LISTS:
        assert get_json(client, f"{ROOT}body/1/{kind}/?limit=100")["pagination"]["totalElements"] >= (
            1 if kind in ("file", "organization", "legislativeTerm") else 150
        )
    assert count_queries(client) == small
