"""Recusal (Befangenheit, § 31 GO NRW): an agenda item excludes organisations and people, who
then read it as the public does, in every read path; body members not excluded read it in full."""

import html
import io

import pytest
from django.core import mail
from icalendar import Calendar
from pypdf import PdfReader

from meetings import invitations
from meetings.agenda import agenda_for
from meetings.factories import approve_minutes
from meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaItemExcludedOrganisation,
    AgendaItemExcludedPerson,
    BodyMembership,
    CalendarToken,
    MeetingPage,
)
from portal.access import Viewer
from tests.meetings.helpers import agenda_item_formsets
from tests.meetings.scenario import SECRET_DOCUMENT, SECRET_MINUTES, SECRET_TEXT, SECRET_TITLE

pytestmark = pytest.mark.django_db

DECISION = "Zuschlag an Träger X"
SECRETS = [SECRET_TITLE, SECRET_TEXT, SECRET_MINUTES, DECISION, SECRET_DOCUMENT]
ACTION = "Geheime Folgeaufgabe aus der Vergabe"


def text(response):
    return html.unescape(response.content.decode())


def pdf_text(content):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def leaked(content):
    return [secret for secret in SECRETS if secret in content]


@pytest.fixture
def recused(people, meetings):
    """Organisation A (member A) is excluded from both non-public items; member B of
    organisation B sits in the body too and is not; the approver (staff, chair) is excluded in
    person; organisation B and member A each have an open action item from the past one."""
    BodyMembership.objects.create(body=meetings.body, user=people.users["member_b"], organisation=people.org_b)
    for meeting in (meetings.upcoming, meetings.past):  # as the editor's published revision sets them
        page = MeetingPage.objects.get(pk=meeting.pk).get_latest_revision().as_object()
        secret = next(item for item in page.agenda_items.all() if not item.public)
        secret.excluded_organisation_links = [AgendaItemExcludedOrganisation(organisation=people.org_a)]
        secret.excluded_person_links = [AgendaItemExcludedPerson(person=people.users["approver"])]
        page.save_revision().publish(skip_permission_checks=True)
    for organisation in (people.org_a, people.org_b):
        ActionItem.objects.create(
            agenda_item=meetings.past_secret_item, title=ACTION, description=SECRET_TEXT, organisation=organisation
        )
    return meetings


def test_viewer_knows_what_it_is_recused_from(people, recused):
    member_a = Viewer.for_user(people.users["member_a"])
    assert member_a.recused_from(AgendaItem) == {recused.secret_item.pk, recused.past_secret_item.pk}
    assert member_a.recused_from("documents.portaldocument") == {recused.body_doc.pk}
    assert not Viewer.for_user(people.users["member_b"]).recused
    assert Viewer.for_user(people.users["approver"]).recused_from(AgendaItem)
    # different rows, different access groups (the page parts kept per access group)
    same_orgs = Viewer(organisation_ids=member_a.organisation_ids, body_ids=member_a.body_ids)
    assert member_a.access_key != same_orgs.access_key


def test_staff_are_excluded_only_in_person(people, recused):
    AgendaItemExcludedOrganisation.objects.create(agenda_item=recused.past_secret_item, organisation=people.city)
    editor = Viewer.for_user(people.users["editor"])  # a member of the city organisation
    assert not editor.recused
    assert SECRET_MINUTES in text(people.client("editor").get(recused.past.url))


def test_readable_by_leaves_out_what_the_viewer_is_recused_from(people, recused):
    def readable(role):
        return set(AgendaItem.objects.readable_by(Viewer.for_user(people.users[role])).values_list("pk", flat=True))

    secret = recused.past_secret_item.pk
    assert secret not in readable("member_a")
    assert secret not in readable("approver")
    assert secret in readable("member_b")
    assert secret in readable("editor")
    assert recused.past_public_item.pk in readable("member_a")  # the public gets public items in full


def test_meeting_page(people, recused):
    for url in (recused.upcoming.url, recused.past.url):
        excluded = text(people.client("member_a").get(url))
        assert not leaked(excluded), url
        assert "Öffentliche Diskussion" in excluded or "Öffentliche Zahlen" in excluded
        member_b = text(people.client("member_b").get(url))
        assert SECRET_TEXT in member_b
    past = text(people.client("member_a").get(recused.past.url))
    assert "TOP 2: Vergabeangelegenheit" in past  # number and public title, as the public sees it
    assert "TOP 2: Nicht öffentlicher Tagesordnungspunkt" in text(people.client("approver").get(recused.upcoming.url))
    assert SECRET_MINUTES in text(people.client("member_b").get(recused.past.url))
    assert SECRET_MINUTES in text(people.client("editor").get(recused.past.url))


def test_full_minutes_pdf_and_extract(people, recused):
    full = f"/sitzungen/sitzung/{recused.past.pk}/niederschrift-vollstaendig.pdf"
    extract = f"/sitzungen/sitzung/{recused.past.pk}/top/{recused.past_secret_item.pk}/auszug.pdf"
    response = people.client("member_a").get(full)
    assert response.status_code == 200
    content = pdf_text(response.content)
    assert not leaked(content)
    assert "TOP 2: Vergabeangelegenheit" in content
    assert "Quartiersmanagement" in content
    assert SECRET_MINUTES in pdf_text(people.client("member_b").get(full).content)
    assert people.client("member_a").get(extract).status_code == 404
    assert people.client("approver").get(extract).status_code == 404
    assert SECRET_MINUTES in pdf_text(people.client("member_b").get(extract).content)


def test_search_hits_snippets_and_facets(people, recused):
    for query in ("Angebotspreis", "Vertrauliches Protokoll", "Zuschlag"):
        response = people.client("member_a").get("/suche/", {"q": query})
        assert not leaked(text(response)), query
        assert not [h for h in response.context["hits"] if "Vergabe" in h.title], query
        member_b = people.client("member_b").get("/suche/", {"q": query})
        assert any(h.url.endswith("#top-2") for h in member_b.context["hits"]), query
    # the type facet counts no hidden item
    facets = text(people.client("member_a").get("/suche/", {"q": "Angebotspreis", "typ": "tagesordnungspunkte"}))
    assert not leaked(facets)


def test_ical_descriptions(people, recused):
    meeting_ics = f"/sitzungen/sitzung/{recused.upcoming.pk}/kalender.ics"
    excluded = people.client("member_a").get(meeting_ics).content.decode()
    assert SECRET_TITLE not in Calendar.from_ical(excluded).walk("VEVENT")[0]["DESCRIPTION"]
    assert SECRET_TITLE in people.client("member_b").get(meeting_ics).content.decode().replace("\r\n ", "")
    token = CalendarToken.objects.create(user=people.users["member_a"])
    feed = Calendar.from_ical(people.client("anonymous").get(token.get_absolute_url()).content)
    descriptions = " ".join(str(event["DESCRIPTION"]) for event in feed.walk("VEVENT"))
    assert not leaked(descriptions)
    assert "Nicht öffentlicher Tagesordnungspunkt" in descriptions


def test_invitation_mail(people, recused, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send_invitation(recused.upcoming, user=people.users["editor"])
    by_person = {m.to[0]: m for m in mail.outbox}
    for email in ("mitglied-a@example.org", "leitung@example.org"):  # organisation A; the approver in person
        message = by_person[email]
        ics = message.attachments[0][1]
        assert not leaked(message.body + (ics.decode() if isinstance(ics, bytes) else ics)), email
        assert "TOP 2: Nicht öffentlicher Tagesordnungspunkt" in message.body
    assert SECRET_TITLE in by_person["mitglied-b@example.org"].body


def test_notifications_name_only_the_meeting(people, recused, django_capture_on_commit_callbacks):
    from portal.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        invitations.send_invitation(recused.upcoming, user=people.users["editor"])
    for notification in Notification.objects.filter(user=people.users["member_a"]):
        assert not leaked(f"{notification.subject} {notification.text}")


def test_action_items_are_named_neutrally_to_the_excluded(people, recused):
    home = text(people.client("member_a").get("/mein-bereich/"))
    assert ACTION not in home and SECRET_TEXT not in home
    assert "Aufgabe aus TOP 2 (nicht öffentlich)" in home
    page = text(people.client("member_a").get(recused.past.url))
    assert ACTION not in page
    assert ACTION in text(people.client("member_b").get("/mein-bereich/"))
    assert ACTION in text(people.client("member_b").get(recused.past.url))


def test_attachments_of_a_recused_item(people, recused):
    url = recused.body_doc.url
    assert people.client("member_a").get(url).status_code == 404
    assert people.client("member_b").get(url).status_code == 200
    # a public attachment stays what the public gets
    AgendaItemExcludedOrganisation.objects.create(
        agenda_item=AgendaItem.objects.get(meeting=recused.upcoming, public=True), organisation=people.org_a
    )
    assert people.client("member_a").get(recused.public_doc.url).status_code == 200


def test_oparl_shows_only_what_the_public_reads(people, recused):
    response = people.client("member_a").get(f"/oparl/v1.1/agendaItem/{recused.past_secret_item.pk}/")
    assert not leaked(text(response))


def test_departures_in_the_minutes(people, recused):
    member_a = people.users["member_a"]
    secret = AgendaItem.objects.get(meeting=recused.past, public=False)
    attendance = [{"person": member_a, "organisation": people.org_a, "role": "member", "left_for": [secret]}]
    approve_minutes(recused.past, {}, attendance=attendance)  # who left the room: recorded in the minutes
    name = str(member_a)
    assert f"{name} (AWO-T)" in text(people.client("member_b").get(recused.past.url))
    full = pdf_text(
        people.client("member_b").get(f"/sitzungen/sitzung/{recused.past.pk}/niederschrift-vollstaendig.pdf").content
    )
    assert "Wegen Befangenheit haben den Raum verlassen" in full
    assert "hat bei TOP 2 wegen Befangenheit den Raum verlassen" in full
    entry = next(e for e in agenda_for(recused.past, Viewer.for_user(member_a)) if e.number == 2)
    assert entry.redacted and entry.departures == ()


def test_exclusions_are_set_with_choosers_in_the_admin(people, recused):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    meeting = recused.upcoming
    client = people.client("editor")
    edit = client.get(f"/admin/pages/{meeting.pk}/edit/").content.decode()
    assert "agenda_items-0-excluded_organisation_links-OPEN_MODAL" in edit  # choosers, no select of every row
    assert "agenda_items-0-excluded_person_links-OPEN_MODAL" in edit
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
                        "title": "Neue Vergabe",
                        "description": "Angebot der Caritas Test: 99 Punkte",
                        **agenda_item_formsets(
                            excluded_organisations=[people.org_b.pk], excluded_people=[people.users["editor"].pk]
                        ),
                        "attachment_links": inline_formset([]),
                    }
                ]
            ),
            "comments": inline_formset([]),
        }
    )
    response = people.client("approver").post(f"/admin/pages/{meeting.pk}/edit/", {**data, "action-publish": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    item = AgendaItem.objects.get(meeting=meeting, title="Neue Vergabe")
    assert list(item.excluded_organisations.all()) == [people.org_b]
    assert list(item.excluded_people.all()) == [people.users["editor"]]
    assert "99 Punkte" not in text(people.client("member_b").get(meeting.url))
    assert "99 Punkte" not in text(people.client("editor").get(meeting.url))  # staff, named in person
    assert "99 Punkte" in text(people.client("member_a").get(meeting.url))
