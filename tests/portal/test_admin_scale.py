"""The admin city staff use stays bounded as the data grows: the same number of queries and
about the same HTML for N and 3N rows of everything (documents, people, meetings, agenda items,
memberships, contracts, reports, action items, places).

Listings show every row at both sizes (fewer rows than a page holds), so a query per row shows
up as a difference; edit forms must not list a growing table (no select of all documents,
people or agenda items), so their HTML must not grow with it.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contracts.factories import ContractFactory, FundingProgrammeFactory
from contracts.models import ContractReport
from documents.factories import portal_document
from meetings.factories import agenda_item, body_page, meeting_index, meeting_page
from meetings.models import ActionItem, AgendaItem, BodyMembership, Place
from portal.factories import UserFactory
from portal.models import Membership

pytestmark = pytest.mark.django_db

N = 4  # rows of each kind added per step; 3N stays below a listing page (20 rows)
# Bytes of one admin page, whatever the data. The largest is the editor of a meeting with five
# agenda items: each item brings its nested choosers (attachments, recused organisations and
# people, who left the room) and their empty-form templates, about 45 KB an item.
MAX_HTML = 800_000


def grow(world, people, step):
    """Add N of each kind of row: documents, people with memberships, meetings with agenda items,
    attachments and places, contracts with their reports, action items."""
    programme = world.setdefault("programme", FundingProgrammeFactory())
    for n in range(N):
        tag = f"{step}-{n}"
        document = portal_document(f"Dokument {tag}", audience="members")
        user = UserFactory(email=f"person-{tag}@example.org")
        Membership.objects.create(user=user, organisation=people.org_a)
        BodyMembership.objects.create(body=world["body"], user=user, organisation=people.org_a)
        start = timezone.now() + datetime.timedelta(days=step * 100 + n)
        place = Place.objects.create(name=f"Ort {tag}", room="Saal", street_address=f"Straße {tag}")
        meeting = meeting_page(
            world["body"],
            start=start,
            slug=f"sitzung-{tag}",
            place=place,
            items=[agenda_item(f"Punkt {tag}-{i}", attachments=[document]) for i in range(3)],
        )
        item = AgendaItem.objects.filter(meeting=meeting).first()
        ActionItem.objects.create(
            agenda_item=item,
            title=f"Aufgabe {tag}",
            organisation=people.org_a,
            due_date=timezone.localdate() - datetime.timedelta(days=1),
        )
        contract = ContractFactory(provider=people.org_a, programme=programme, reference=f"56-S-{tag}")
        contract.ensure_schedule()
        world.setdefault("documents", []).append(document)
        world.setdefault("users", []).append(user)


def views(world):
    meeting, body = world["meeting"], world["body"]
    document = world["documents"][0]
    membership = Membership.objects.order_by("pk").first()
    body_membership = BodyMembership.objects.order_by("pk").first()
    action_item = ActionItem.objects.order_by("pk").first()
    report = ContractReport.objects.order_by("pk").first()
    contract = report.contract
    return {
        "dashboard": "/admin/",
        "page explorer": f"/admin/pages/{body.pk}/",
        "meeting edit": f"/admin/pages/{meeting.pk}/edit/",
        "body edit": f"/admin/pages/{body.pk}/edit/",
        "documents": "/admin/documents/",
        "document chooser": "/admin/documents/chooser/",
        "document edit": f"/admin/documents/edit/{document.pk}/",
        "organisations": reverse("wagtailsnippets_portal_organisation:list"),
        "memberships": reverse("wagtailsnippets_portal_membership:list"),
        "membership edit": reverse("wagtailsnippets_portal_membership:edit", args=[membership.pk]),
        "body memberships": reverse("wagtailsnippets_meetings_bodymembership:list"),
        "body membership edit": reverse("wagtailsnippets_meetings_bodymembership:edit", args=[body_membership.pk]),
        "action items": reverse("wagtailsnippets_meetings_actionitem:list"),
        "action item edit": reverse("wagtailsnippets_meetings_actionitem:edit", args=[action_item.pk]),
        "contracts": reverse("wagtailsnippets_contracts_contract:list"),
        "contract edit": reverse("wagtailsnippets_contracts_contract:edit", args=[contract.pk]),
        "reports": reverse("wagtailsnippets_contracts_contractreport:list"),
        "report edit": reverse("wagtailsnippets_contracts_contractreport:edit", args=[report.pk]),
        "contracts dashboard": reverse("contracts_admin:dashboard"),
        "contracts export": reverse("contracts_admin:export", args=["vertraege", "csv"]),
        "workflow report": "/admin/reports/workflow/",
        "user chooser": "/admin/personen-auswahl/",
        "agenda item chooser": "/admin/tagesordnungspunkte-auswahl/",
        "places": reverse("wagtailsnippets_meetings_place:list"),
        "place edit": reverse("wagtailsnippets_meetings_place:edit", args=[Place.objects.order_by("pk").first().pk]),
        "place chooser": reverse(Place.snippet_viewset.chooser_viewset.get_url_name("choose")),
    }


def measure(client, url):
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), len(response.content)


def test_admin_views_stay_bounded_as_the_data_grows(people, site):
    world = {}
    world["body"] = body_page(meeting_index(site), "Lenkungsgruppe Skala")
    grow(world, people, 0)
    world["meeting"] = meeting_page(
        world["body"],
        slug="sitzung-fest",
        items=[agenda_item(f"Fester Punkt {i}", attachments=world["documents"][:2]) for i in range(5)],
    )
    client = people.client("approver")  # city staff with MFA set up, as tests/portal/test_admin.py logs in
    urls = views(world)
    small = {name: measure(client, url) for name, url in urls.items()}
    grow(world, people, 1)
    grow(world, people, 2)
    large = {name: measure(client, url) for name, url in urls.items()}
    problems = []
    for name in urls:
        (q1, html1), (q3, html3) = small[name], large[name]
        if q3 > q1:
            problems.append(f"{name}: {q1} queries at N, {q3} at 3N")
        if html3 > MAX_HTML:
            problems.append(f"{name}: {html3} bytes")
    # Forms list no growing table: their HTML stays the same size (within a few row labels).
    for name in ("meeting edit", "body edit", "document edit", "membership edit", "body membership edit",
                 "action item edit", "contract edit", "report edit", "place edit"):  # fmt: skip
        (_, html1), (_, html3) = small[name], large[name]
        if html3 > html1 + 2_000:
            problems.append(f"{name}: HTML {html1} bytes at N, {html3} at 3N")
    assert not problems, "\n".join(problems)


def test_meeting_edit_saves_attachments_chosen_for_an_agenda_item(people, meetings):
    """The attachments of an agenda item are chosen documents (the chooser posts their ids)."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from meetings.models import MeetingPage
    from tests.meetings.helpers import agenda_item_formsets

    meeting = meetings.upcoming
    client = people.client("approver")
    edit = client.get(f"/admin/pages/{meeting.pk}/edit/").content.decode()
    assert 'type="checkbox" name="agenda_items-0-attachments"' not in edit
    assert "agenda_items-0-attachment_links-OPEN_MODAL" in edit  # the multiple document chooser
    data = nested_form_data(
        {
            "title": meeting.title,
            "slug": meeting.slug,
            "start": "2031-03-12 14:00",
            "status": "planned",
            "audience": "public",
            "agenda_items": inline_formset(
                [
                    {
                        "title": "Bericht mit Anlagen",
                        "public": "on",
                        **agenda_item_formsets(),
                        "attachment_links": inline_formset(
                            [{"document": meetings.members_doc.pk}, {"document": meetings.public_doc.pk}]
                        ),
                    }
                ]
            ),
            "attendances": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = client.post(f"/admin/pages/{meeting.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item = MeetingPage.objects.get(pk=meeting.pk).agenda_items.get(title="Bericht mit Anlagen")
    assert set(item.attachments.all()) == {meetings.members_doc, meetings.public_doc}
    assert [link.document_id for link in item.attachment_links.all()] == [
        meetings.members_doc.pk,
        meetings.public_doc.pk,
    ]


def test_document_forms_choose_the_superseded_document_instead_of_listing_the_library(people):
    """The "replaces" field of the document edit form and of the chooser's upload form was a
    select of every document in the library (1.3 MB of HTML at 20,000 documents)."""
    import re

    documents = [portal_document(f"Bibliotheksdokument {n}", audience="members") for n in range(3)]
    client = people.client("approver")
    edit = client.get(f"/admin/documents/edit/{documents[0].pk}/").content.decode()
    chooser = client.get("/admin/documents/chooser/").json()["html"]  # with its upload form
    for html in (edit, chooser):
        assert re.search(r'<input[^>]*name="[^"]*supersedes"', html)  # the field is still there, as a chooser
        assert not re.search(r'<select[^>]*name="[^"]*supersedes"', html)
    assert "Bibliotheksdokument 2" not in edit  # no other document is listed


def test_document_edit_saves_the_superseded_document_chosen(people):
    from documents.models import PortalDocument

    old, new = (portal_document(title, audience="members") for title in ("Konzept 2025", "Konzept 2026"))
    client = people.client("approver")
    form = client.get(f"/admin/documents/edit/{new.pk}/").context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name != "file"}
    data.update({"supersedes": old.pk, "bodies": [], "tags": ""})
    response = client.post(f"/admin/documents/edit/{new.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PortalDocument.objects.get(pk=new.pk).supersedes_id == old.pk
