"""The register of decisions, the Beschlussauszug and the staff dashboard panel."""

import datetime
import html
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from meetings.factories import agenda_item, meeting_page
from meetings.models import ActionItem
from tests.meetings.scenario import SECRET_MINUTES

pytestmark = pytest.mark.django_db


def text_of(response):
    return html.unescape(response.content.decode())


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def test_register_lists_the_decisions_the_viewer_may_read(papers, people, meetings):
    anonymous = text_of(people.client("anonymous").get("/beschluesse/"))
    assert "Quartiersmanagement" in anonymous and "Zur Kenntnis genommen" in anonymous
    assert papers.public.number in anonymous
    assert "Zuschlag an Träger X" not in anonymous and papers.secret.number not in anonymous
    member = text_of(people.client("member_a").get("/beschluesse/"))
    assert "Zuschlag an Träger X" in member and papers.secret.number in member
    assert "Zuschlag an Träger X" not in text_of(people.client("member_b").get("/beschluesse/"))


def test_register_filters_and_implementation(papers, people, meetings):
    ActionItem.objects.create(
        agenda_item=meetings.past_secret_item,
        title="Vertrag mit Träger X schließen",
        organisation=people.org_a,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    client = people.client("member_a")
    adopted = text_of(client.get("/beschluesse/", {"ergebnis": "adopted"}))
    assert "Zuschlag an Träger X" in adopted and "Zur Kenntnis genommen" not in adopted
    overdue = text_of(client.get("/beschluesse/", {"umsetzung": "ueberfaellig"}))
    assert "Vertrag mit Träger X schließen" in overdue and "überfällig" in overdue
    assert "Zur Kenntnis genommen" not in overdue
    assert "Zur Kenntnis genommen" in text_of(client.get("/beschluesse/", {"umsetzung": "ohne"}))
    year = timezone.localtime(meetings.past.start).year
    assert "Zuschlag an Träger X" in text_of(client.get("/beschluesse/", {"jahr": year}))
    assert "Zuschlag an Träger X" in text_of(client.get("/beschluesse/", {"jahr": "kein Jahr"}))  # ignored
    # the implementation filter is for members; anonymous visitors see no action items
    anonymous = people.client("anonymous").get("/beschluesse/", {"umsetzung": "ueberfaellig"})
    assert 'name="umsetzung"' not in anonymous.content.decode()
    assert "Zur Kenntnis genommen" in text_of(anonymous)


def test_beschlussauszug(papers, people, meetings):
    public_url = f"/beschluesse/{meetings.past_public_item.pk}/beschlussauszug.pdf"
    response = people.client("anonymous").get(public_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "Beschlussauszug" in text and "Zur Kenntnis genommen" in text and papers.public.number in text
    reader = PdfReader(io.BytesIO(response.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged (PDF/UA)
    assert reader.metadata.title.startswith("Beschlussauszug")

    secret_url = f"/beschluesse/{meetings.past_secret_item.pk}/beschlussauszug.pdf"
    assert people.client("anonymous").get(secret_url)["Location"].startswith("/konto/login/")
    assert people.client("member_b").get(secret_url).status_code == 404
    member = people.client("member_a").get(secret_url)
    assert member.status_code == 200 and "private" in member["Cache-Control"]
    assert "Zuschlag an Träger X" in pdf_text(member)
    assert SECRET_MINUTES not in pdf_text(member)  # the decision, not the discussion
    # items without decision: no extract
    no_decision = meetings.upcoming.agenda_items.get(public=True)
    assert people.client("editor").get(f"/beschluesse/{no_decision.pk}/beschlussauszug.pdf").status_code == 404


def test_register_keeps_its_queries_as_decisions_grow(meetings, people, papers):
    def grow(step, n):
        for i in range(n):
            meeting_page(
                meetings.body,
                start=timezone.now() - datetime.timedelta(days=100 + step * 10 + i),
                slug=f"beschluss-{step}-{i}",
                items=[agenda_item(f"Beschlusspunkt {step}-{i}", decision="Beschlossen.", result="adopted")],
            )
        for item in meetings.body.meetings.first().agenda_items.all():
            ActionItem.objects.create(agenda_item=item, title="Umsetzen", organisation=people.org_a)

    def count(client, url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    grow(0, 2)
    clients = [people.client("anonymous"), people.client("member_a")]
    small = [count(c, "/beschluesse/") for c in clients]
    grow(1, 6)
    assert [count(c, "/beschluesse/") for c in clients] == small


def test_overdue_decisions_on_the_staff_dashboard(meetings, people):
    ActionItem.objects.create(
        agenda_item=meetings.past_public_item,
        title="Bericht nachreichen",
        organisation=people.org_a,
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    content = text_of(people.client("approver").get("/admin/"))
    assert "Beschlüsse mit überfälliger Umsetzung" in content
    assert "TOP 1: Quartiersmanagement" in content


def test_the_dashboard_panel_keeps_its_queries_as_overdue_decisions_grow(meetings, people):
    def grow(n):
        for i in range(n):
            page = meeting_page(
                meetings.body,
                start=timezone.now() - datetime.timedelta(days=200 + ActionItem.objects.count()),
                slug=f"ueberfaellig-{ActionItem.objects.count()}",
                items=[agenda_item(f"Überfälliger Beschluss {i}", decision="Beschlossen.", result="adopted")],
            )
            ActionItem.objects.create(
                agenda_item=page.agenda_items.get(),
                title="Umsetzen",
                organisation=people.org_a,
                due_date=timezone.localdate() - datetime.timedelta(days=1),
            )

    client = people.client("approver")

    def count():
        client.get("/admin/")
        with CaptureQueriesContext(connection) as queries:
            content = text_of(client.get("/admin/"))
        assert "Beschlüsse mit überfälliger Umsetzung" in content
        return len(queries), content.count("Überfälliger Beschluss")

    grow(2)
    small, shown = count()
    assert shown == 2
    grow(12)
    large, shown = count()
    assert large <= small and shown == 10  # the oldest ten, with the link to the register


def test_decisions_of_draft_minutes_stay_with_the_gremium_until_final(papers, people, meetings):
    """While the minutes are a draft in their objection period, their decisions are not public:
    not in the register, the Beschlussauszug, a paper's state or OParl's resolution files."""
    from meetings.models import Minutes
    from papers.models import Paper, PaperState
    from portal.access import ANONYMOUS, Viewer

    record = Minutes.objects.create(meeting=meetings.past, status=Minutes.Status.OBJECTION)
    item = meetings.past_public_item
    anonymous, member = people.client("anonymous"), people.client("member_a")
    assert "Zur Kenntnis genommen" not in text_of(anonymous.get("/beschluesse/"))
    assert anonymous.get(f"/beschluesse/{item.pk}/beschlussauszug.pdf").status_code in (302, 404)
    assert "Zur Kenntnis genommen" in text_of(member.get("/beschluesse/"))
    state = Paper.objects.with_state(ANONYMOUS).get(pk=papers.public.pk).state
    assert state == PaperState.IN_CONSULTATION
    member_viewer = Viewer.for_user(people.users["member_a"])
    assert Paper.objects.with_state(member_viewer).get(pk=papers.public.pk).state != PaperState.IN_CONSULTATION
    from oparl.querysets import public_resolutions

    assert item.pk not in set(public_resolutions().values_list("pk", flat=True))
    record.status = Minutes.Status.FINAL
    record.save(update_fields=["status"])
    assert "Zur Kenntnis genommen" in text_of(anonymous.get("/beschluesse/"))
    assert item.pk in set(public_resolutions().values_list("pk", flat=True))
