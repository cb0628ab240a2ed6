"""The crawl over the demo data: every object valid, no non-public text to anonymous clients."""

import pytest
from django.test import Client

from documents.models import PortalDocument
from meetings.models import AgendaItem
from papers.models import Paper
from portal.access import ANONYMOUS, Audience
from portal.models import User
from tests.oparl.helpers import crawl

pytestmark = pytest.mark.django_db

TEXT_FIELDS = ("title", "description", "presenter", "minutes", "decision")


def normalise(text):
    return " ".join(text.split())


def texts(items):
    found = set()
    for item in items:
        found |= {normalise(getattr(item, f)) for f in TEXT_FIELDS if getattr(item, f)}
    return found


def test_demo_crawl_is_valid_and_shows_no_non_public_text(demo, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"  # ids and links: the test client's host
    # two people agreed to be published
    for user in User.objects.filter(body_memberships__isnull=False).distinct()[:2]:
        user.publish_in_oparl = True
        user.save()

    objects, responses = crawl(Client())
    text = normalise("\n".join(responses))

    public = texts(AgendaItem.objects.filter(public=True, meeting__audience=Audience.PUBLIC, meeting__live=True))
    secret = texts(AgendaItem.objects.exclude(public=True, meeting__audience=Audience.PUBLIC))
    secret |= set(PortalDocument.objects.exclude(audience=Audience.PUBLIC).values_list("title", flat=True))
    # what public papers say is public, also where a non-public item says the same ("Fachbereich 56")
    for paper in Paper.objects.visible_to(ANONYMOUS):
        public |= {normalise(v) for v in (paper.title, paper.originator_unit, paper.text) if v}
        public |= {part for part in secret if part in normalise(paper.originator_unit or "")}
    secret -= public
    assert secret, "the demo data should have non-public agenda items and documents"
    leaked = sorted(s for s in secret if s in text)
    assert not leaked, leaked

    types = {o["type"].rsplit("/", 1)[1] for o in objects.values()}
    assert {"System", "Body", "Organization", "Meeting", "AgendaItem", "File", "Person", "Membership"} <= types
    assert not [o for o in objects.values() if o["type"].endswith("/Person") and "deleted" in o]

    # Locations: one per place of a public meeting, with its address (validated above against
    # Location.json); the places only meetings for members use stay out
    locations = [o for o in objects.values() if o["type"].endswith("/Location")]
    assert all("/place/" in o["id"] for o in locations)
    town_hall = [o for o in locations if o.get("room") == "Raum A.201"]
    assert len(town_hall) == 1
    assert town_hall[0]["streetAddress"] == "Rathausstraße 11" and town_hall[0]["postalCode"] == "58095"
    assert town_hall[0]["geojson"]["geometry"]["type"] == "Point"
    assert len(town_hall[0]["meetings"]) >= 4
    meetings = [o for o in objects.values() if o["type"].endswith("/Meeting")]
    assert all(m["location"]["id"] in objects for m in meetings)
    assert "Familienzentrum" not in text
    organizations = [o for o in objects.values() if o["type"].endswith("/Organization")]
    assert all(o["startDate"] for o in organizations)
