"""The meetings scenario most access tests read: one Gremium, three meetings, secrets in the
non-public parts."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from documents.factories import portal_document
from meetings.factories import BodyMembershipFactory, agenda_item, body_page, meeting_index, meeting_page
from meetings.models import BodyMembership, MeetingPage

SECRET_TITLE = "Vertrauliche Vergabe an Träger X"
SECRET_TEXT = "Geheimer Angebotspreis 12.345 EUR"
SECRET_MINUTES = "Vertrauliches Protokoll zur Vergabe"
SECRET_DOCUMENT = "Vertrauliche Bewertungsmatrix"


def meetings_scenario(home, people):
    """A body with member A of organisation A in it, and three meetings.

    ``upcoming`` (public, in two weeks) and ``past`` (public, held, with approved minutes) each
    have a public and a non-public item; ``body_only`` is visible to body members and staff only.
    """
    index = meeting_index(home)
    body = body_page(index, "Lenkungsgruppe Test")
    BodyMembershipFactory(body=body, user=people.users["member_a"], organisation=people.org_a)
    BodyMembershipFactory(
        body=body, user=people.users["approver"], organisation=people.city, role=BodyMembership.Role.CHAIR
    )
    # plain text files: served inline as text/plain
    public_doc = portal_document("Öffentliche Anlage Statistik", audience="public", content=b"Inhalt")
    members_doc = portal_document("Mitglieder-Anlage Konzept", audience="members", content=b"Inhalt")
    body_doc = portal_document(SECRET_DOCUMENT, audience="body", bodies=[body], content=b"Inhalt")
    now = timezone.now()
    upcoming = meeting_page(
        body,
        start=now + datetime.timedelta(days=14),
        location="Rathaus, Raum 1",
        online_link="https://konferenz.example.org/lenkungsgruppe",
        items=[
            agenda_item(
                "Bericht zur Zuwanderung", description="Öffentliche Zahlen", attachments=[public_doc, members_doc]
            ),
            agenda_item(SECRET_TITLE, public=False, description=SECRET_TEXT, attachments=[body_doc]),
        ],
    )
    past = meeting_page(
        body,
        start=now - datetime.timedelta(days=14),
        status=MeetingPage.Status.HELD,
        items=[
            agenda_item(
                "Quartiersmanagement",
                minutes="Öffentliche Diskussion",
                decision="Zur Kenntnis genommen",
                result="noted",
            ),
            agenda_item(
                "Nicht öffentliche Vergabe",
                public=False,
                public_title="Vergabeangelegenheit",
                description=SECRET_TEXT,
                minutes=SECRET_MINUTES,
                decision="Zuschlag an Träger X",
                result="adopted",
                votes_for=5,
                votes_against=0,
                votes_abstained=1,
            ),
        ],
    )
    body_only = meeting_page(
        body, start=now + datetime.timedelta(days=30), audience="body", title="Klausurtagung", slug="klausur"
    )
    return SimpleNamespace(
        index=index,
        body=body,
        upcoming=upcoming,
        past=past,
        body_only=body_only,
        public_doc=public_doc,
        members_doc=members_doc,
        body_doc=body_doc,
        secret_item=upcoming.agenda_items.get(public=False),
        past_secret_item=past.agenda_items.get(public=False),
        past_public_item=past.agenda_items.get(public=True),
    )
