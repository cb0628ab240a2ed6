"""Meetings: RSVPs, invitations, calendars, minutes PDF, search, action items."""

import datetime
import html
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar
from pypdf import PdfReader
from wagtail.models import PageLogEntry

from meetings import invitations
from meetings.factories import agenda_item, meeting_page
from meetings.models import ActionItem, AgendaItem, CalendarToken, MeetingPage, MeetingResponse
from tests.meetings.helpers import agenda_item_formsets
from tests.meetings.scenario import SECRET_MINUTES, SECRET_TEXT, SECRET_TITLE

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages), reader


# --- RSVP -------------------------------------------------------------------------------------


def rsvp_url(meeting):
    return f"/sitzungen/sitzung/{meeting.pk}/rueckmeldung/"


def test_member_answers_and_changes_the_answer(people, meetings):
    client = people.client("member_a")
    page = text(client.get(meetings.upcoming.url))
    assert "Nehmen Sie an der Sitzung teil?" in page
    response = client.post(rsvp_url(meetings.upcoming), {"answer": "yes"})
    assert response.status_code == 302
    answer = MeetingResponse.objects.get(meeting=meetings.upcoming, user=people.users["member_a"])
    assert answer.answer == "yes"

    response = client.post(rsvp_url(meetings.upcoming), {"answer": "substitute", "substitute_name": ""})
    assert response.status_code == 400
    assert "Bitte geben Sie den Namen Ihrer Vertretung an." in text(response)
    answer.refresh_from_db()
    assert answer.answer == "yes"  # bad input never loses the saved answer

    client.post(rsvp_url(meetings.upcoming), {"answer": "substitute", "substitute_name": "Karla Vertretung"})
    answer.refresh_from_db()
    assert (answer.answer, answer.substitute_name) == ("substitute", "Karla Vertretung")
    assert MeetingResponse.objects.filter(meeting=meetings.upcoming).count() == 1
    page = text(client.get(meetings.upcoming.url))
    assert "Ich schicke eine Vertretung" in page and "Karla Vertretung" in page
    assert "Antwort ändern" in page


def test_rsvp_closes_when_the_meeting_starts(people, meetings):
    client = people.client("member_a")
    client.post(rsvp_url(meetings.upcoming), {"answer": "yes"})
    MeetingPage.objects.filter(pk=meetings.upcoming.pk).update(start=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(rsvp_url(meetings.upcoming), {"answer": "no"}, follow=True)
    content = text(response)
    assert "Rückmeldungen sind nicht mehr möglich: Die Sitzung hat bereits begonnen." in content
    assert "Nehmen Sie an der Sitzung teil?" not in content
    assert MeetingResponse.objects.get(meeting=meetings.upcoming).answer == "yes"


def test_rsvp_closed_for_cancelled_meetings(people, meetings):
    MeetingPage.objects.filter(pk=meetings.upcoming.pk).update(status=MeetingPage.Status.CANCELLED)
    response = people.client("member_a").post(rsvp_url(meetings.upcoming), {"answer": "yes"}, follow=True)
    assert "Die Sitzung wurde abgesagt" in text(response)
    assert not MeetingResponse.objects.exists()


def test_only_body_members_answer(people, meetings):
    assert people.client("member_b").post(rsvp_url(meetings.upcoming), {"answer": "yes"}).status_code == 403
    assert "Nehmen Sie an der Sitzung teil?" not in text(people.client("member_b").get(meetings.upcoming.url))
    response = people.client("member_b").post(rsvp_url(meetings.body_only), {"answer": "yes"})
    assert response.status_code == 404
    assert not MeetingResponse.objects.exists()


# --- invitations ------------------------------------------------------------------------------


def test_send_invitation(people, meetings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        count = invitations.send_invitation(meetings.upcoming, user=people.users["editor"])
    assert count == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["leitung@example.org", "mitglied-a@example.org"]
    message = next(m for m in mail.outbox if m.to == ["mitglied-a@example.org"])
    assert "Einladung: Lenkungsgruppe Test" in message.subject
    assert SECRET_TITLE in message.body  # body members get the members' agenda
    assert "konferenz.example.org" in message.body
    assert meetings.upcoming.url in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "sitzung.ics" and mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["UID"]).startswith(f"sitzung-{meetings.upcoming.pk}@")

    meeting = MeetingPage.objects.get(pk=meetings.upcoming.pk)
    assert meeting.status == MeetingPage.Status.INVITED and meeting.invitation_sent_at
    assert PageLogEntry.objects.filter(page=meeting, action="meetings.invitation_sent").exists()

    # publishing a revision made before the invitation keeps the status
    meeting.get_latest_revision().publish(skip_permission_checks=True)
    assert MeetingPage.objects.get(pk=meeting.pk).status == MeetingPage.Status.INVITED


def test_invitation_admin_view_asks_before_sending_twice(people, meetings, django_capture_on_commit_callbacks):
    client = people.client("editor")
    url = f"/admin/meetings/{meetings.upcoming.pk}/einladung/"
    page = text(client.get(url))
    assert "mitglied-a@example.org" in page and "Einladung jetzt versenden" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert len(mail.outbox) == 2

    page = text(client.get(url))
    assert "Die Einladung wurde bereits am" in page
    response = client.post(url)
    assert response.status_code == 400
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"confirm_resend": "1"}).status_code == 302
    assert len(mail.outbox) == 4
    assert mail.outbox[-1].subject.startswith("Nachtrag zur Einladung")


def test_invitation_needs_a_published_planned_meeting(people, meetings):
    draft = meeting_page(meetings.body, publish=False, live=False, title="Entwurf", slug="entwurf")
    with pytest.raises(invitations.InvitationError):
        invitations.send_invitation(draft)
    with pytest.raises(invitations.InvitationError):
        invitations.send_invitation(meetings.past)  # already held
    assert not mail.outbox
    assert people.client("member_a").get(f"/admin/meetings/{meetings.upcoming.pk}/einladung/").status_code in (
        302,
        403,
    )


def test_invitation_button_in_the_page_header(people, meetings):
    content = people.client("editor").get(f"/admin/pages/{meetings.upcoming.pk}/edit/").content.decode()
    assert f"/admin/meetings/{meetings.upcoming.pk}/einladung/" in content


# --- iCalendar --------------------------------------------------------------------------------


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_public_feed(people, meetings):
    MeetingPage.objects.filter(pk=meetings.upcoming.pk).update(status=MeetingPage.Status.CANCELLED)
    calendar = parse(people.client("anonymous").get("/sitzungen/kalender.ics"))
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    found = events(calendar)
    assert set(found) == {
        f"Lenkungsgruppe Test: {meetings.upcoming.title}",
        f"Lenkungsgruppe Test: {meetings.past.title}",
    }
    upcoming = found[f"Lenkungsgruppe Test: {meetings.upcoming.title}"]
    assert upcoming["STATUS"] == "CANCELLED"
    assert upcoming["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert upcoming["DTSTART"].dt == meetings.upcoming.start.replace(microsecond=0)
    raw = calendar.to_ical().decode()
    assert SECRET_TITLE not in raw and "konferenz.example.org" not in raw
    assert "Nicht öffentlicher Tagesordnungspunkt" in str(upcoming["DESCRIPTION"])


def test_public_feed_is_the_same_for_members(people, meetings):
    raw = people.client("member_a").get("/sitzungen/kalender.ics").content.decode()
    assert SECRET_TITLE not in raw and "Klausurtagung" not in raw


def test_body_feed(people, meetings):
    other = meeting_page(meetings.body, title="Weitere Sitzung", slug="weitere")
    calendar = parse(people.client("anonymous").get(f"/sitzungen/gremium/{meetings.body.pk}/kalender.ics"))
    assert f"Lenkungsgruppe Test: {other.title}" in events(calendar)
    assert people.client("anonymous").get("/sitzungen/gremium/999999/kalender.ics").status_code == 404


def test_meeting_ics_depends_on_the_viewer(people, meetings):
    url = f"/sitzungen/sitzung/{meetings.upcoming.pk}/kalender.ics"
    member = people.client("member_a").get(url)
    assert member["Cache-Control"] == "private, no-store"
    description = str(parse(member).walk("VEVENT")[0]["DESCRIPTION"])
    assert SECRET_TITLE in description and "konferenz.example.org" in description
    anonymous = people.client("anonymous").get(url)
    assert anonymous["Cache-Control"] == "private, no-store"
    assert SECRET_TITLE not in anonymous.content.decode()


def test_personal_feed_shows_what_the_member_may_see(people, meetings):
    token_a = CalendarToken.objects.create(user=people.users["member_a"])
    token_b = CalendarToken.objects.create(user=people.users["member_b"])
    anonymous = people.client("anonymous")
    feed_a = anonymous.get(token_a.get_absolute_url())
    assert feed_a["Cache-Control"] == "private, no-store"
    assert "Lenkungsgruppe Test: Klausurtagung" in events(parse(feed_a))
    assert SECRET_TITLE in feed_a.content.decode().replace("\r\n ", "")
    feed_b = anonymous.get(token_b.get_absolute_url())
    assert "Lenkungsgruppe Test: Klausurtagung" not in events(parse(feed_b))
    assert SECRET_TITLE not in feed_b.content.decode().replace("\r\n ", "")
    assert anonymous.get("/sitzungen/persoenlich/falsch/kalender.ics").status_code == 404


def test_personal_feed_address_can_be_renewed_and_revoked(people, meetings):
    client = people.client("member_a")
    assert client.post("/mein-bereich/kalender/", {"action": "renew"}).status_code == 302
    token = CalendarToken.objects.get(user=people.users["member_a"])
    old_url = token.get_absolute_url()
    assert old_url in text(client.get("/mein-bereich/"))
    client.post("/mein-bereich/kalender/", {"action": "renew"})
    new_url = CalendarToken.objects.get(user=people.users["member_a"]).get_absolute_url()
    assert new_url != old_url
    assert client.get(old_url).status_code == 404
    assert client.get(new_url).status_code == 200
    client.post("/mein-bereich/kalender/", {"action": "revoke"})
    assert client.get(new_url).status_code == 404


def test_personal_feed_stops_for_inactive_people(people, meetings):
    user = people.users["member_a"]
    token = CalendarToken.objects.create(user=user)
    user.is_active = False
    user.save()
    assert people.client("anonymous").get(token.get_absolute_url()).status_code == 404


# --- minutes PDF ------------------------------------------------------------------------------


def test_public_minutes_pdf_has_public_items_only(people, meetings):
    response = people.client("anonymous").get(f"/sitzungen/sitzung/{meetings.past.pk}/niederschrift.pdf")
    assert response["Content-Type"] == "application/pdf"
    content, reader = pdf_text(response.content)
    assert "Niederschrift" in content and "Öffentlicher Teil" in content
    assert "Quartiersmanagement" in content and "Öffentliche Diskussion" in content
    for secret in (SECRET_MINUTES, SECRET_TEXT, "Nicht öffentliche Vergabe", "Vergabeangelegenheit", "Träger X"):
        assert secret not in content
    assert "Nicht öffentlicher Teil" not in content
    # tagged, with title and language
    assert reader.metadata.title.startswith("Niederschrift, öffentlicher Teil – Lenkungsgruppe Test")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root


def test_full_minutes_pdf_for_body_members(people, meetings):
    response = people.client("member_a").get(f"/sitzungen/sitzung/{meetings.past.pk}/niederschrift-vollstaendig.pdf")
    assert response["Cache-Control"] == "private, no-store"
    content, _ = pdf_text(response.content)
    assert "Nicht öffentlicher Teil" in content and SECRET_MINUTES in content
    assert "Ja: 5, Nein: 0, Enthaltungen: 1" in content


def test_extract_of_one_item(people, meetings):
    url = f"/sitzungen/sitzung/{meetings.past.pk}/top/{meetings.past_public_item.pk}/auszug.pdf"
    content, reader = pdf_text(people.client("anonymous").get(url).content)
    assert "Auszug aus der Niederschrift" in content and "TOP 1: Quartiersmanagement" in content
    assert "Nicht öffentliche Vergabe" not in content
    assert reader.metadata.title.startswith("Auszug aus der Niederschrift")


def test_no_minutes_no_pdf(people, meetings):
    assert (
        people.client("editor").get(f"/sitzungen/sitzung/{meetings.upcoming.pk}/niederschrift.pdf").status_code == 404
    )


# --- search -----------------------------------------------------------------------------------


def search(client, query):
    """The search page as text (the matched words are marked up)."""
    return strip_tags(text(client.get("/suche/", {"q": query})))


def test_meetings_search_moved_to_the_site_search(people):
    response = people.client("anonymous").get("/sitzungen/suche/", {"q": "Vergabe"})
    assert response.status_code == 301 and response["Location"] == "/suche/?q=Vergabe"


def test_search_never_shows_non_public_items_to_outsiders(people, meetings):
    for role in ("anonymous", "member_b"):
        result = search(people.client(role), "Angebotspreis")
        assert SECRET_TITLE not in result and "Keine Treffer" in result
    assert SECRET_TITLE in search(people.client("member_a"), "Angebotspreis")
    assert SECRET_TITLE in search(people.client("editor"), "Angebotspreis")


def test_search_finds_public_items_and_meetings(people, meetings):
    result = search(people.client("anonymous"), "Quartiersmanagement")
    assert "TOP 1: Quartiersmanagement" in result
    result = search(people.client("anonymous"), "Klausurtagung")
    assert "Keine Treffer" in result
    assert meetings.body_only.url in people.client("member_a").get("/suche/", {"q": "Klausurtagung"}).content.decode()


# --- action items and the members' area -------------------------------------------------------


@pytest.fixture
def action_items(people, meetings):
    item = meetings.past_secret_item
    today = timezone.localdate()
    return {
        "overdue_a": ActionItem.objects.create(
            agenda_item=item,
            title="Konzept A vorlegen",
            organisation=people.org_a,
            due_date=today - datetime.timedelta(days=3),
        ),
        "future_a": ActionItem.objects.create(
            agenda_item=item,
            title="Bericht A liefern",
            organisation=people.org_a,
            due_date=today + datetime.timedelta(days=9),
        ),
        "done_a": ActionItem.objects.create(
            agenda_item=item, title="Erledigt A", organisation=people.org_a, status=ActionItem.Status.DONE
        ),
        "b": ActionItem.objects.create(agenda_item=item, title="Aufgabe von B", organisation=people.org_b),
    }


def test_action_item_knows_its_meeting(action_items, meetings):
    assert action_items["overdue_a"].meeting_id == meetings.past.pk
    assert list(ActionItem.objects.overdue()) == [action_items["overdue_a"]]


def test_members_area_shows_open_action_items_and_next_meetings(people, meetings, action_items):
    content = text(people.client("member_a").get("/mein-bereich/"))
    assert "Konzept A vorlegen" in content and "Bericht A liefern" in content and "überfällig" in content
    assert "Erledigt A" not in content and "Aufgabe von B" not in content
    assert meetings.upcoming.title in content and "noch offen" in content
    content_b = text(people.client("member_b").get("/mein-bereich/"))
    assert "Aufgabe von B" in content_b and "Konzept A vorlegen" not in content_b
    assert meetings.upcoming.title not in content_b  # not in that body


def test_meeting_page_shows_the_organisations_open_action_items(people, meetings, action_items):
    content = text(people.client("member_a").get(meetings.upcoming.url))
    assert "Konzept A vorlegen" in content and "Aufgabe von B" not in content
    assert "Konzept A vorlegen" not in text(people.client("anonymous").get(meetings.upcoming.url))


def test_action_items_name_only_meetings_the_viewer_may_see(people, meetings):
    """An item from a meeting for body members reaches the whole organisation, its meeting does not."""
    ActionItem.objects.create(meeting=meetings.body_only, title="Raum für Klausur buchen", organisation=people.org_a)
    date = timezone.localtime(meetings.body_only.start).strftime("%d.%m.%Y")
    for role, sees_meeting in [("member_a", True), ("org_admin", False)]:
        content = text(people.client(role).get("/mein-bereich/"))
        assert "Raum für Klausur buchen" in content, role
        assert (date in content) is sees_meeting, role
    content = text(people.client("org_admin").get(meetings.upcoming.url))
    assert "Raum für Klausur buchen" in content and date not in content


def test_admin_lists_overdue_action_items(people, action_items):
    client = people.client("editor")
    content = text(client.get("/admin/snippets/meetings/actionitem/?overdue=true"))
    assert "Konzept A vorlegen" in content and "Bericht A liefern" not in content
    assert "Konzept A vorlegen" in text(client.get("/admin/"))  # dashboard panel


# --- query counts -----------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # warm caches (site root paths, sessions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def with_items(meeting, count):
    page = MeetingPage.objects.get(pk=meeting.pk).get_latest_revision().as_object()
    page.agenda_items = [
        agenda_item(f"Punkt {n}", public=n % 3 != 0, description="Text", minutes="Protokoll") for n in range(count)
    ]
    page.save_revision().publish(skip_permission_checks=True)
    for item in AgendaItem.objects.filter(meeting=meeting):
        item.attachments.add(*([meeting_doc(meeting)] if item.sort_order % 2 else []))


def meeting_doc(meeting):
    from documents.factories import portal_document
    from documents.models import PortalDocument

    title = f"Anlage {meeting.pk}"
    return PortalDocument.objects.filter(title=title).first() or portal_document(title, audience="members")


@pytest.mark.parametrize("role", ["anonymous", "member_a", "editor"])
def test_meeting_page_queries_do_not_grow_with_the_agenda(people, meetings, role):
    client = people.client(role)
    with_items(meetings.upcoming, 5)
    few = count_queries(client, meetings.upcoming.url)
    with_items(meetings.upcoming, 50)
    many = count_queries(client, meetings.upcoming.url)
    assert AgendaItem.objects.filter(meeting=meetings.upcoming).count() == 50
    assert few == many, f"{few} queries with 5 items, {many} with 50"


def add_meetings(body, count):
    start = timezone.now() + datetime.timedelta(days=200)
    for n in range(count):
        body.add_child(
            instance=MeetingPage(
                title=f"Serie {n}", slug=f"serie-{body.pk}-{n}", start=start + datetime.timedelta(hours=n)
            )
        )


def test_calendar_queries_do_not_grow_with_the_meetings(people, meetings):
    from meetings.factories import body_page

    client = people.client("anonymous")
    add_meetings(meetings.body, 10)
    few = count_queries(client, meetings.index.url)
    other = body_page(meetings.index, "Zweites Gremium")
    add_meetings(other, 190)
    many = count_queries(client, meetings.index.url)
    assert MeetingPage.objects.count() >= 200
    assert few == many, f"{few} queries with 10 meetings, {many} with 200"


def test_staff_create_an_action_item_in_the_admin(people, meetings):
    client = people.client("editor")
    add = client.get("/admin/snippets/meetings/actionitem/add/").content.decode()
    # a chooser with search, not a list of every agenda item
    assert "/admin/tagesordnungspunkte-auswahl/" in add and "Nicht öffentliche Vergabe" not in add
    found = client.get("/admin/tagesordnungspunkte-auswahl/results/?q=Vergabe").content.decode()
    assert "TOP 2: Nicht öffentliche Vergabe" in found and meetings.past.title in found
    response = client.post(
        "/admin/snippets/meetings/actionitem/add/",
        {
            "agenda_item": meetings.past_secret_item.pk,
            "title": "Vertrag vorbereiten",
            "description": "",
            "organisation": people.org_a.pk,
            "due_date": "2030-01-31",
            "status": "open",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = ActionItem.objects.get(title="Vertrag vorbereiten")
    assert item.meeting_id == meetings.past.pk


def test_staff_preview_shows_the_draft_agenda(people, meetings):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    client = people.client("editor")
    url = f"/admin/pages/{meetings.upcoming.pk}/edit/preview/"
    data = nested_form_data(
        {
            "title": meetings.upcoming.title,
            "slug": meetings.upcoming.slug,
            "start": "2031-03-12 14:00",
            "status": "planned",
            "audience": "public",
            "agenda_items": inline_formset(
                [
                    {
                        "title": "Neuer Punkt im Entwurf",
                        "public": "on",
                        **agenda_item_formsets(),
                        "attachment_links": inline_formset([]),
                    }
                ]
            ),
            "comments": inline_formset([]),
        }
    )
    assert client.post(url, data).json()["is_valid"]
    preview = text(client.get(url))
    assert "Neuer Punkt im Entwurf" in preview
    assert "Neuer Punkt im Entwurf" not in text(people.client("anonymous").get(meetings.upcoming.url))


def test_invitation_follows_notification_choice(people, meetings, django_capture_on_commit_callbacks):
    from portal.models import Notification, NotificationKind, NotificationPreference

    NotificationPreference.objects.create(
        user=people.users["member_a"],
        kind=NotificationKind.MEETING_INVITATION,
        frequency="daily",
    )
    NotificationPreference.objects.create(
        user=people.users["approver"], kind=NotificationKind.MEETING_INVITATION, frequency="off"
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send_invitation(meetings.upcoming, user=people.users["editor"])
    assert not mail.outbox  # one chose the digest, the other no invitation mails
    queued = Notification.objects.get(kind=NotificationKind.MEETING_INVITATION)
    assert queued.user == people.users["member_a"] and queued.digest and queued.url == meetings.upcoming.url


def test_immediate_invitation_has_unsubscribe_header(people, meetings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send_invitation(meetings.upcoming, user=people.users["editor"])
    assert all("/benachrichtigungen/abbestellen/" in m.extra_headers["List-Unsubscribe"] for m in mail.outbox)


def test_staff_only_meeting_invites_only_staff(people, meetings, django_capture_on_commit_callbacks):
    from portal.access import Audience

    meeting = meetings.upcoming
    meeting.audience = Audience.STAFF
    meeting.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations.send_invitation(meeting, user=people.users["editor"]) == 1
    assert [m.to for m in mail.outbox] == [["leitung@example.org"]]
