"""The demo papers: connected to the demo meetings, and nothing non-public reaches anonymous
visitors (list, page, search, feed, register, Beschlussauszug, OParl)."""

import html
import io

import pytest
from django.test import Client
from pypdf import PdfReader

from meetings.models import MeetingPage
from papers.models import Paper
from portal.access import Audience
from portal.models import User
from tests.oparl.helpers import crawl

pytestmark = pytest.mark.django_db

ANTRAG = "Antrag der AWO: Sprachmittlung als erstattungsfähige Sachkosten im Case-Management"


def text(response):
    return html.unescape(response.content.decode())


def test_demo_papers_follow_the_demo_meetings(demo):
    client = Client()
    fb56 = Paper.objects.get(title__startswith="Vorstellung des neuen Fachbereiches")
    page = text(client.get(fb56.get_absolute_url()))
    assert "Organigramm des Fachbereichs" in page and "erledigt" in page
    assert "Ausschuss für Soziales, Integration und Demographie" in page and "15.02.2022" in page

    outsourcing = Paper.objects.get(title__startswith="Vergabe des Case-Managements")
    page = text(client.get(outsourcing.get_absolute_url()))
    assert "Lenkungsgruppe Integration" in page and "Vorberatung" in page and "Entscheidung" in page
    assert "beschlossen" in page and "drei Stellen an die AWO" in page
    assert "Vergabeangelegenheit" in page  # the steering group's recommendation, by its public title
    assert "Die Lenkungsgruppe empfiehlt der Verwaltung den Zuschlag" not in page
    member = Client()
    member.force_login(User.objects.get(email="diakonie@example.org"))
    assert "Die Lenkungsgruppe empfiehlt der Verwaltung den Zuschlag" in text(
        member.get(outsourcing.get_absolute_url())
    )
    # Caritas and AWO are bidders: recused from the item, they read it as the public does
    bidder = Client()
    bidder.force_login(User.objects.get(email="caritas@example.org"))
    recused = text(bidder.get(outsourcing.get_absolute_url()))
    assert "Vergabeangelegenheit" in recused
    assert "Die Lenkungsgruppe empfiehlt der Verwaltung den Zuschlag" not in recused

    anfrage = Paper.objects.get(kind=Paper.Kind.QUESTION)
    assert "Familien warten im Mittel drei Wochen" in text(client.get(anfrage.get_absolute_url()))

    antrag = Paper.objects.get(title=ANTRAG)
    item = antrag.consultations.get().agenda_item
    assert item.meeting == MeetingPage.objects.get(slug="sitzung-05") and not item.public


def test_non_public_demo_papers_do_not_leak(demo, settings):
    secret = Paper.objects.exclude(audience=Audience.PUBLIC)
    assert secret.filter(title=ANTRAG).exists()
    client = Client()
    responses = [
        text(client.get("/vorlagen/")),
        text(client.get("/beschluesse/")),
        text(client.get("/feeds/vorlagen.rss")),
        text(client.get("/feeds/vorlagen.atom")),
        text(client.get("/suche/", {"q": "Sachkosten Sprachmittlung"})),
        text(client.get("/suche/", {"q": secret.get(title=ANTRAG).number})),
    ]
    for paper in secret:
        assert client.get(paper.get_absolute_url()).status_code == 302
    for meeting in MeetingPage.objects.live().public():
        responses.append(text(client.get(meeting.url)))
    for paper in Paper.objects.filter(audience=Audience.PUBLIC):
        for consultation in paper.consultations.exclude(agenda_item=None):
            pdf = client.get(f"/beschluesse/{consultation.agenda_item_id}/beschlussauszug.pdf")
            if pdf.status_code == 200:
                responses.append(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    _objects, oparl = crawl(Client())
    everything = "\n".join(responses + oparl)
    for paper in secret:
        for value in (paper.title, paper.text, paper.proposal):
            assert value not in everything, value
    assert '"type":"https://schema.oparl.org/1.1/Paper"' in everything.replace(" ", "")
    assert '"type":"https://schema.oparl.org/1.1/Consultation"' in everything.replace(" ", "")
