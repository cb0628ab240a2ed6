"""The papers in the Wagtail admin: listing, editing with choosers, putting a paper on an agenda."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from documents.factories import portal_document
from meetings.models import AgendaItem, MeetingPage
from papers.factories import paper
from papers.models import Consultation, Paper
from portal.access import Audience

pytestmark = pytest.mark.django_db


def test_admin_listing_search_and_filters(papers, people):
    client = people.client("approver")
    listing = html.unescape(client.get("/admin/snippets/papers/paper/").content.decode())
    assert papers.public.number in listing and papers.secret.number in listing
    found = html.unescape(client.get("/admin/snippets/papers/paper/", {"q": "Trägerauswahl"}).content.decode())
    assert papers.secret.number in found and papers.public.number not in found
    assert client.get("/admin/snippets/papers/paper/", {"kind": "anfrage"}).status_code == 200
    assert people.client("member_a").get("/admin/snippets/papers/paper/").status_code in (302, 403)


def test_admin_create_paper_with_consultation_gets_a_number(meetings, people):
    client = people.client("approver")
    form = client.get("/admin/snippets/papers/paper/add/").content.decode()
    assert "attachment_links-OPEN_MODAL" in form  # documents are chosen, not listed
    data = nested_form_data(
        {
            "kind": "beschlussvorlage",
            "date": "2026-04-01",
            "title": "Neue Vorlage aus dem Admin",
            "originator_unit": "Fachbereich 56",
            "audience": "public",
            "text": "",
            "proposal": "Der Ausschuss beschließt.",
            "attachment_links": inline_formset([{"document": portal_document("Anlage A").pk}]),
            "consultations": inline_formset([{"body": meetings.body.pk, "role": "decision"}]),
            "relations": inline_formset([]),
            "answer": "",
            "closure": "",
        }
    )
    response = client.post("/admin/snippets/papers/paper/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Paper.objects.get(title="Neue Vorlage aus dem Admin")
    assert created.number == "0001/2026"
    assert created.consultations.get().body == meetings.body
    assert [d.title for d in created.attachments.all()] == ["Anlage A"]


def test_admin_refuses_a_paper_without_originator(people):
    data = nested_form_data(
        {
            "kind": "beschlussvorlage",
            "date": "2026-04-01",
            "title": "Ohne Einreicher",
            "audience": "public",
            "attachment_links": inline_formset([]),
            "consultations": inline_formset([]),
            "relations": inline_formset([]),
        }
    )
    response = people.client("approver").post("/admin/snippets/papers/paper/add/", data)
    assert response.status_code == 200
    assert "Bitte geben Sie an, wer die Vorlage einreicht." in html.unescape(response.content.decode())
    assert "Ohne Einreicher" in response.content.decode()  # nothing typed is lost
    assert not Paper.objects.exists()


def test_put_on_agenda_creates_the_item_from_the_paper(meetings, people):
    annex = portal_document("Anlage zur Vorlage", audience="body", bodies=[meetings.body])
    secret = paper(
        "Vorlage zur Trägerauswahl",
        audience=Audience.BODY,
        proposal="Die Lenkungsgruppe empfiehlt den Zuschlag.",
        attachments=[annex],
        consultations=[(meetings.body, Consultation.Role.PRELIMINARY, None)],
    )
    consultation = secret.consultations.get()
    client = people.client("approver")
    url = f"/admin/vorlagen/{secret.pk}/tagesordnung/"
    page = client.get(url)
    assert page.status_code == 200 and meetings.upcoming.title in page.content.decode()
    # a meeting of another body is refused with a message
    response = client.post(url, {"consultation": consultation.pk, "meeting": 999999})
    assert response.status_code == 400
    response = client.post(url, {"consultation": consultation.pk, "meeting": meetings.upcoming.pk})
    assert response.status_code == 302
    consultation.refresh_from_db()
    item = consultation.agenda_item
    assert item.meeting_id == meetings.upcoming.pk and consultation.meeting_id == meetings.upcoming.pk
    assert item.title == f"Vorlage zur Trägerauswahl (Vorlage {secret.number})"
    assert item.public is False and item.description == "Die Lenkungsgruppe empfiehlt den Zuschlag."
    assert list(item.attachments.all()) == [annex]
    assert item.number == 3
    # publishing the meeting's latest revision keeps the item
    meeting = MeetingPage.objects.get(pk=meetings.upcoming.pk)
    meeting.get_latest_revision().publish(skip_permission_checks=True)
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    # the anonymous agenda shows it only as a neutral item
    content = html.unescape(people.client("anonymous").get(meeting.url).content.decode())
    assert "Vorlage zur Trägerauswahl" not in content
    # once on an agenda, the consultation is not offered again
    again = client.get(url).content.decode()
    assert "bereits auf einer Tagesordnung" in again


def test_put_on_agenda_is_for_staff(papers, people):
    url = f"/admin/vorlagen/{papers.public.pk}/tagesordnung/"
    assert people.client("member_a").get(url).status_code in (302, 403)


def test_admin_pages_keep_their_queries_as_papers_grow(meetings, people):
    def grow(n):
        for i in range(n):
            paper(f"Skalen-Vorlage {i}", consultations=[(meetings.body, "decision", meetings.past_public_item)])

    grow(3)
    first = Paper.objects.order_by("pk").first()
    urls = [
        "/admin/snippets/papers/paper/",
        f"/admin/snippets/papers/paper/edit/{first.pk}/",
        "/admin/vorlagen-auswahl/",
        f"/admin/vorlagen/{first.pk}/tagesordnung/",
    ]
    client = people.client("approver")

    def measure(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(queries), len(response.content)

    small = [measure(u) for u in urls]
    grow(9)
    large = [measure(u) for u in urls]
    for url, (q1, _h1), (q3, _h3) in zip(urls, small, large, strict=True):
        assert q3 <= q1, f"{url}: {q1} → {q3} queries"
    edit = urls[1]
    assert large[1][1] <= small[1][1] + 2000, f"{edit} grows with the data"
