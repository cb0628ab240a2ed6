"""/mein-bereich/: new documents since the last visit, meetings and the public home page."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.factories import portal_document
from portal.access import Audience

pytestmark = pytest.mark.django_db


def test_new_documents_since_last_visit(people):
    client = people.client("member_a")
    start = timezone.now()
    with time_machine.travel(start - datetime.timedelta(days=3)):
        portal_document(title="Altes Rundschreiben", audience=Audience.MEMBERS)
    with time_machine.travel(start):
        first = client.get("/mein-bereich/").content.decode()
    assert "Neue Dokumente der letzten 30 Tage" in first and "Altes Rundschreiben" in first
    with time_machine.travel(start + datetime.timedelta(hours=1)):
        portal_document(title="Neue Arbeitshilfe AWO", audience=Audience.ORGANISATION, organisation=people.org_a)
        portal_document(title="Caritas intern", audience=Audience.ORGANISATION, organisation=people.org_b)
    with time_machine.travel(start + datetime.timedelta(hours=2)):
        second = client.get("/mein-bereich/").content.decode()
    assert "Neue Dokumente seit Ihrem letzten Besuch" in second
    assert "Neue Arbeitshilfe AWO" in second
    assert "Altes Rundschreiben" not in second  # seen at the last visit
    assert "Caritas intern" not in second  # not for this organisation


def count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_members_home_query_count_is_constant(people):
    client = people.client("member_a")
    portal_document(title="Dokument 0", audience=Audience.MEMBERS)
    few = count(client, "/mein-bereich/")
    for i in range(1, 25):
        portal_document(title=f"Dokument {i}", audience=Audience.MEMBERS)
    # the visit above moved "last seen"; new documents arrive after it
    assert count(client, "/mein-bereich/") == few


def test_home_shows_next_public_meetings_only(site):
    from meetings.models import BodyPage, MeetingIndexPage, MeetingPage

    index = MeetingIndexPage(title="Sitzungen", slug="sitzungen")
    site.add_child(instance=index)
    body = BodyPage(title="Lenkungsgruppe", slug="lg")
    index.add_child(instance=body)
    soon = timezone.now() + datetime.timedelta(days=7)
    body.add_child(instance=MeetingPage(title="Öffentliche Sitzung", slug="oeff", start=soon, end=soon))
    body.add_child(
        instance=MeetingPage(title="Interne Sitzung", slug="intern", start=soon, end=soon, audience=Audience.MEMBERS)
    )
    html = Client().get("/").content.decode()
    assert "Nächste öffentliche Sitzungen" in html
    assert "Öffentliche Sitzung" in html and "Interne Sitzung" not in html
