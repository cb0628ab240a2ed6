"""Leak tests on the demo data: no non-public agenda text reaches an anonymous visitor.

For every non-public item (and every item of a meeting anonymous visitors may not see, minutes
still waiting for approval and draft minutes in their objection period), none of its text
appears in any anonymous response: the calendar, body and meeting pages, the search, the
sitemap, the iCalendar feeds, the public minutes PDFs, the meeting packs and their archives of
attachments, OParl and the invitation PDFs.
"""

import html
import io
import json
import re
import zipfile
from urllib.parse import unquote_plus, urlencode

import pytest
from django.test import Client
from django.utils.html import strip_tags
from pypdf import PdfReader

from documents.models import PortalDocument
from meetings.models import AgendaItem, BodyPage, MeetingIndexPage, MeetingPage, Minutes
from portal.access import Audience

pytestmark = pytest.mark.django_db

TEXT_FIELDS = ("title", "description", "minutes", "decision")


def normalise(text):
    return " ".join(text.split())


def item_texts(item, fields=TEXT_FIELDS):
    return {normalise(getattr(item, f)) for f in fields if getattr(item, f)}


def secrets():
    """Everything of the demo's agenda that anonymous visitors must never read: also the minutes
    of public items while they are a draft (objection period) or await approval."""
    public, secret = set(), set()
    for item in AgendaItem.objects.filter(
        public=True, meeting__audience=Audience.PUBLIC, meeting__live=True
    ).select_related("meeting__minutes_record"):
        if item.meeting.minutes_are_public:
            public |= item_texts(item)
        else:
            public |= item_texts(item, ("title", "description"))
            secret |= item_texts(item, ("minutes", "decision"))
    for record in Minutes.objects.filter(has_unpublished_changes=True):
        for entry in record.get_latest_revision_as_object().entries.all():
            secret |= {normalise(entry.minutes), normalise(entry.decision)} - {""}
    for item in AgendaItem.objects.exclude(public=True, meeting__audience=Audience.PUBLIC):
        secret |= item_texts(item)
        secret |= {d.title for d in item.attachments.exclude(audience=Audience.PUBLIC)}
    for page in MeetingPage.objects.filter(has_unpublished_changes=True):
        for item in page.get_latest_revision().as_object().agenda_items.all():
            secret |= {normalise(item.minutes), normalise(item.decision)} - {""}
    secret |= set(PortalDocument.objects.exclude(audience=Audience.PUBLIC).values_list("title", flat=True))
    return secret - public


def search_terms(secret_texts):
    terms = set()
    for text in secret_texts:
        words = [w for w in re.findall(r"\w[\w-]+", text) if len(w) > 5]
        terms |= set(words[:3])
        terms.add(text[:200])
    return sorted(terms)


def zip_text(content):
    """The names in an archive, and the text of its files (of PDFs: what pypdf extracts)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    texts = list(archive.namelist())
    for name in archive.namelist():
        data = archive.read(name)
        texts.append(data.decode("utf-8", "replace"))
        if name.lower().endswith(".pdf"):
            try:
                texts += [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
            except Exception:  # a broken attachment has no text to check
                continue
    return " ".join(texts)


def anonymous_responses(client):
    """(label, text) of every anonymous response a visitor can reach in the meetings part."""
    seen = []

    def get(url):
        response = client.get(url)
        content = response.content
        if response.get("Content-Type", "").startswith("application/pdf") and response.status_code == 200:
            reader = PdfReader(io.BytesIO(content))
            text = " ".join(page.extract_text() for page in reader.pages) + str(reader.metadata)
        elif response.get("Content-Type", "").startswith("application/zip") and response.status_code == 200:
            text = zip_text(content)
        elif response.get("Content-Type", "").startswith("application/json") and response.status_code == 200:
            text = json.dumps(json.loads(content), ensure_ascii=False)
        elif response.get("Content-Type", "").startswith("text/calendar"):
            raw = content.decode().replace("\r\n ", "")
            text = raw.replace("\\n", " ").replace("\\,", ",").replace("\\;", ";")
        else:
            text = html.unescape(content.decode())
        seen.append((url, response.status_code, normalise(text)))
        return response

    index = MeetingIndexPage.objects.get()
    get("/")
    get("/sitemap.xml")
    for period in ("kommende", "vergangene"):
        first = get(f"{index.url}?zeit={period}")
        pages = int(m.group(1)) if (m := re.search(r"Seite 1 von (\d+)", first.content.decode())) else 1
        for n in range(2, pages + 1):
            get(f"{index.url}?zeit={period}&seite={n}")
    for body in BodyPage.objects.live():
        get(body.url)
        get(f"/sitzungen/gremium/{body.pk}/kalender.ics")
    get("/sitzungen/kalender.ics")
    for meeting in MeetingPage.objects.all():
        get(meeting.url)
        get(f"/sitzungen/sitzung/{meeting.pk}/kalender.ics")
        get(f"/sitzungen/sitzung/{meeting.pk}/niederschrift.pdf")
        get(f"/sitzungen/sitzung/{meeting.pk}/niederschrift-vollstaendig.pdf")
        get(f"/sitzungen/sitzung/{meeting.pk}/sitzungsmappe.pdf")
        get(f"/sitzungen/sitzung/{meeting.pk}/anlagen.zip")
        get(f"/oparl/v1.1/meeting/{meeting.pk}/")
        if meeting.invitation_id:
            get(meeting.invitation.url)
        for item in meeting.agenda_items.all():
            if item.has_minutes:
                get(f"/sitzungen/sitzung/{meeting.pk}/top/{item.pk}/auszug.pdf")
    return get, seen


def test_no_non_public_text_in_any_anonymous_response(demo):
    secret_texts = secrets()
    assert len(secret_texts) >= 10, "the demo data must have non-public items to protect"
    assert any("Angebotsauswertung" in s for s in secret_texts)
    get, seen = anonymous_responses(Client())
    for term in search_terms(secret_texts):
        for source in ("", "sitzungen", "tagesordnungspunkte", "seiten"):
            site_search = Client().get("/suche/?" + urlencode({"q": term, "typ": source})).content.decode()
            # the site-wide search: what it found, its passages, facets and "Meinten Sie …?"
            # suggestion (the query itself is echoed elsewhere on the page)
            found = re.findall(r'<li class="result">(.*?)</li>', site_search, re.S)
            found += re.findall(r'<nav class="facets".*?</nav>|<p class="suggestion">.*?</p>', site_search, re.S)
            results = " ".join(found)
            seen.append(
                (f"/suche/ {source} results for {term[:40]}", 200, normalise(html.unescape(strip_tags(results))))
            )
    pdfs = [url for url, status, _ in seen if url.endswith(".pdf") and status == 200]
    assert len(pdfs) >= 10, "the public minutes must be part of the check"
    for url, _status, text in seen:
        query = normalise(unquote_plus(url.split("q=", 1)[1].split("&")[0])) if "q=" in url else ""
        for secret in secret_texts:
            if query and normalise(secret) in query:
                continue  # a search page shows its own query; the word queries check these secrets
            assert normalise(secret) not in text, f"{secret!r} leaked in {url}"


def test_members_of_the_body_do_read_the_non_public_items(demo):
    client = Client()
    from portal.models import User

    client.force_login(User.objects.get(email="diakonie@example.org"))
    meeting = MeetingPage.objects.get(slug="sitzung-03")
    content = html.unescape(client.get(meeting.url).content.decode())
    assert "Vergabe des Case-Managements an Freie Träger – Angebotsauswertung" in content
    assert "Bewertungsmatrix der Angebote" in content
    search = html.unescape(client.get("/suche/?q=Bewertungsmatrix").content.decode())
    assert "Angebotsauswertung" in search
    site_search = client.get("/suche/", {"q": "Angebotsauswertung", "typ": "tagesordnungspunkte"})
    assert any("Angebotsauswertung" in hit.title for hit in site_search.context["hits"])
    # who left the room, in the minutes
    assert "Wegen Befangenheit haben den Raum verlassen" in content


@pytest.mark.parametrize("email", ["caritas@example.org", "awo@example.org", "awo-admin@example.org"])
def test_bidders_are_recused_from_the_bid_evaluation(demo, email):
    """AWO and Caritas are bidders (befangen): they get the bid evaluation as the public does."""
    from portal.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    meeting = MeetingPage.objects.get(slug="sitzung-03")
    content = html.unescape(client.get(meeting.url).content.decode())
    assert "TOP 2: Vergabeangelegenheit" in content
    assert "Angebotsauswertung" not in content and "87 Punkte" not in content
    assert "Bewertungsmatrix der Angebote" not in content
    for query in ("Bewertungsmatrix", "Angebotsauswertung", "Punkte AWO Caritas"):
        hits = client.get("/suche/", {"q": query}).context["hits"]
        found = " ".join(f"{hit.title} {hit.text} {hit.passage}" for hit in hits)
        assert "Angebotsauswertung" not in found and "87 Punkte" not in found, query


def test_draft_minutes_are_for_the_gremium_only(demo):
    """The 4th meeting's minutes are a draft in their objection period, with one objection."""
    from meetings.models import Minutes, Objection
    from portal.models import User

    meeting = MeetingPage.objects.get(slug="sitzung-04")
    record = Minutes.objects.get(meeting=meeting)
    assert record.status == Minutes.Status.OBJECTION
    assert Objection.objects.filter(record=record, author__email="caritas@example.org").count() == 1
    content = html.unescape(Client().get(meeting.url).content.decode())
    assert "Konfliktmanagement in den Quartieren" in content
    assert "Die Träger benennen je eine Ansprechperson" not in content
    member = Client()
    member.force_login(User.objects.get(email="caritas@example.org"))
    content = html.unescape(member.get(meeting.url).content.decode())
    assert "Die Träger benennen je eine Ansprechperson" in content
    assert "Einwendung erheben" in content


def test_demo_committee_meeting(demo):
    meeting = MeetingPage.objects.get(slug="sitzung-2022-02-15")
    content = html.unescape(Client().get(meeting.url).content.decode())
    assert "Vorstellung des neuen Fachbereiches Integration, Zuwanderung und Wohnraumsicherung (56)" in content
    assert "16 neuen Stellen" in content and "Frau Schwanke" in content
    assert "Organigramm des Fachbereichs" in content
