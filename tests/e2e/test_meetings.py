"""Browser tests of the meetings: staff create a meeting and invite, a member answers, axe."""

import datetime
import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Attendance, MeetingPage, MeetingResponse, Minutes, Objection
from portal.factories import PASSWORD, OrganisationFactory, member_of, staff_user
from portal.models import Notification
from tests.conftest import People
from tests.e2e.conftest import log_in
from tests.meetings.scenario import SECRET_TITLE, meetings_scenario
from tests.portal.test_accounts import totp_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def scenario(site):
    org_a = OrganisationFactory(name="Arbeiterwohlfahrt Test", short_name="AWO-T")
    org_b = OrganisationFactory(name="Caritas Test", short_name="Caritas-T")
    city = OrganisationFactory(name="Stadt Test FB 56", short_name="FB 56")
    users = {
        "member_a": member_of(org_a, email="mitglied-a@example.org", first_name="Anna", last_name="Adler"),
        "member_b": member_of(org_b, email="mitglied-b@example.org"),
        "approver": staff_user("Fachbereichsleitung", city, email="leitung@example.org"),
    }
    people = People(org_a=org_a, org_b=org_b, city=city, users=users)
    return meetings_scenario(site, people), people


def log_in_staff(page, user):
    log_in(page, user.email, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/2fa/authenticate/"))
    secret = Authenticator.objects.get(user=user, type="totp").data["secret"]
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Anmeldung").click()
    page.wait_for_url(re.compile(r"/mein-bereich/|/admin/"))


def test_staff_creates_a_meeting_with_two_items_and_sends_invitations(page, scenario):
    meetings, people = scenario
    log_in_staff(page, people.users["approver"])
    page.goto(f"/admin/pages/add/meetings/meetingpage/{meetings.body.pk}/")
    page.locator("#id_title").fill("7. Sitzung der Lenkungsgruppe")
    # typed like a user would, without the date picker popping up over the form
    for field, value in (("#id_start", "2031-03-12 14:00"), ("#id_end", "2031-03-12 16:00")):
        page.locator(field).evaluate("(el, value) => { el.value = value; }", value)
    page.locator("#id_location").fill("Rathaus an der Volme, Raum A.201")
    add = page.get_by_role("button", name=re.compile("Tagesordnungspunkt hinzufügen"))
    add.click()
    page.locator("#id_agenda_items-0-title").fill("Bericht aus den Quartieren")
    add.click()
    page.locator("#id_agenda_items-1-title").fill("Vergabe von Sprachmittlung")
    page.locator("#id_agenda_items-1-public").uncheck()
    page.locator("#id_agenda_items-1-public_title").fill("Vergabeangelegenheit")
    page.screenshot(path="/tmp/e2eshots/filled.png", full_page=True)
    page.get_by_role("button", name="Mehr Aktionen").click()
    page.get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    meeting = MeetingPage.objects.get(title="7. Sitzung der Lenkungsgruppe")
    assert meeting.live
    assert [(i.number, i.title, i.public) for i in meeting.agenda_items.all()] == [
        (1, "Bericht aus den Quartieren", True),
        (2, "Vergabe von Sprachmittlung", False),
    ]

    page.goto(f"/admin/pages/{meeting.pk}/edit/")
    page.get_by_role("button", name="Aktionen").first.click()
    page.get_by_role("link", name="Einladung versenden").click()
    page.get_by_role("button", name="Einladung jetzt versenden").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{meeting.pk}/edit/"))
    assert page.get_by_text("Die Einladung wird an 2 Personen per E-Mail verschickt").is_visible()
    meeting.refresh_from_db()
    assert meeting.status == MeetingPage.Status.INVITED
    assert sorted(m.to[0] for m in mail.outbox) == ["leitung@example.org", "mitglied-a@example.org"]
    assert "Vergabe von Sprachmittlung" in mail.outbox[0].body
    # The editor pings the server in the background; let it finish before the database is reset.
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")


def test_member_answers_the_invitation(page, scenario, assert_accessible):
    meetings, people = scenario
    log_in(page, "mitglied-a@example.org", PASSWORD)
    page.wait_for_url("**/mein-bereich/")
    page.get_by_role("link", name="noch offen – jetzt antworten").first.click()
    assert page.get_by_role("heading", name="TOP 2: Vertrauliche Vergabe an Träger X").is_visible()
    assert_accessible(page)
    page.get_by_label("Ich schicke eine Vertretung").check()
    page.get_by_role("button", name="Antwort senden").click()  # no name: the error summary takes the focus
    expect(page).to_have_title(re.compile("^Fehler: "))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name=re.compile("Namen Ihrer Vertretung"))).to_be_visible()
    # Chromium runs autofocus with the next rendering update, not at load: wait for it.
    expect(summary).to_be_focused()
    assert summary.evaluate("el => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().top < innerHeight")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Name der Vertretung")).to_be_focused()
    page.get_by_label("Name der Vertretung").fill("Karla Vertretung")
    page.get_by_role("button", name="Antwort senden").click()
    assert page.get_by_text("Ihre Rückmeldung wurde gespeichert: Ich schicke eine Vertretung.").is_visible()
    answer = MeetingResponse.objects.get(user=people.users["member_a"])
    assert (answer.answer, answer.substitute_name) == ("substitute", "Karla Vertretung")
    page.get_by_label("Ich nehme teil").check()
    page.get_by_role("button", name="Antwort ändern").click()
    assert page.get_by_text("Ihre Rückmeldung wurde gespeichert: Ich nehme teil.").is_visible()
    assert_accessible(page)
    page.goto("/mein-bereich/")
    assert_accessible(page)


@pytest.mark.parametrize(
    "which", ["calendar", "past calendar", "month calendar", "body", "meeting", "past meeting", "search"]
)
def test_meeting_pages_are_accessible_for_anonymous_visitors(page, scenario, assert_accessible, which):
    meetings, _people = scenario
    url = {
        "calendar": meetings.index.url,
        "past calendar": meetings.index.url + "?zeit=vergangene",
        "month calendar": f"{meetings.index.url}?monat={timezone.localtime(meetings.upcoming.start):%Y-%m}",
        "body": meetings.body.url,
        "meeting": meetings.upcoming.url,
        "past meeting": meetings.past.url,
        "search": "/suche/?q=Quartiersmanagement",
    }[which]
    response = page.goto(url)
    assert response.status == 200
    assert_accessible(page)
    if which == "search":  # the label stands above its search field, not beside or below it
        label = page.get_by_text("Suchbegriff", exact=True).bounding_box()
        field = page.get_by_label("Suchbegriff").bounding_box()
        assert label["y"] + label["height"] <= field["y"] and abs(label["x"] - field["x"]) < 2


def test_navigation_links_to_the_calendar(page, scenario):
    page.goto("/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Sitzungen").click()
    assert page.get_by_role("heading", name="Sitzungen", level=1).is_visible()


def test_meeting_lifecycle_from_invitation_to_public_minutes(page, browser, live_server, site):
    """The editor publishes and invites; the meeting is held; the minutes (with the attendance
    from the RSVPs) are drafted, approved, objected to, amended, approved again and declared
    final; then the public part is public."""
    org_a = OrganisationFactory(name="Arbeiterwohlfahrt Test", short_name="AWO-T")
    org_b = OrganisationFactory(name="Caritas Test", short_name="Caritas-T")
    city = OrganisationFactory(name="Stadt Test FB 56", short_name="FB 56")
    users = {
        "member_a": member_of(org_a, email="mitglied-a@example.org", first_name="Anna", last_name="Adler"),
        "member_b": member_of(org_b, email="mitglied-b@example.org"),
        "editor": staff_user("Redaktion", city, email="redaktion@example.org"),
        "approver": staff_user("Fachbereichsleitung", city, email="leitung@example.org"),
    }
    meetings = meetings_scenario(site, People(org_a=org_a, org_b=org_b, city=city, users=users))
    meeting = meetings.upcoming

    def other_browser():
        return browser.new_context(base_url=live_server.url, locale="de-DE").new_page()

    # 1. the editor publishes the agenda and invites in one action
    editor = page
    log_in_staff(editor, users["editor"])
    editor.goto(f"/admin/pages/{meeting.pk}/edit/")
    editor.get_by_role("button", name="Mehr Aktionen").click()
    editor.get_by_role("button", name="Tagesordnung veröffentlichen und einladen").click()
    editor.wait_for_url(re.compile(rf"/admin/meetings/{meeting.pk}/einladung/"))
    editor.get_by_role("button", name="Einladung jetzt versenden").click()
    editor.wait_for_url(re.compile(rf"/admin/pages/{meeting.pk}/edit/"))
    expect(editor.get_by_text("Die Einladung wird an 2 Personen per E-Mail verschickt")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.status == MeetingPage.Status.INVITED and meeting.invitation is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["leitung@example.org", "mitglied-a@example.org"]

    # 2. member A says she comes; the meeting is held
    MeetingResponse.objects.create(meeting=meeting, user=users["member_a"], answer=MeetingResponse.Answer.YES)
    MeetingPage.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - datetime.timedelta(days=1), status=MeetingPage.Status.HELD
    )

    # 3. the editor takes the attendance from the RSVPs, drafts the minutes and submits them
    editor.goto(f"/admin/meetings/{meeting.pk}/niederschrift/")
    editor.get_by_role("button", name="Anwesenheit aus den Rückmeldungen übernehmen").click()
    expect(editor.get_by_text("1 Eintrag aus den Rückmeldungen wurde in die Anwesenheit übernommen.")).to_be_visible()
    expect(editor.locator("#id_attendances-0-status")).to_have_value("present")
    editor.locator("#id_entries-0-minutes").fill("Die Zahlen zur Zuwanderung werden vorgestellt.")
    editor.locator("#id_entries-0-decision").fill("Die Lenkungsgruppe nimmt den Bericht zur Kenntnis.")
    editor.get_by_role("button", name="Mehr Aktionen").click()
    editor.get_by_role("button", name=re.compile("einreichen")).click()
    expect(editor.get_by_text(re.compile("eingereicht"))).to_be_visible()
    record = Minutes.objects.get(meeting=meeting)
    assert record.workflow_in_progress

    # 4. the approver approves: a draft for the Gremium with an objection period
    approver = other_browser()
    log_in_staff(approver, users["approver"])

    def approve():
        approver.goto(f"/admin/snippets/meetings/minutes/edit/{record.pk}/")
        approver.get_by_role("button", name="Mehr Aktionen").click()
        approver.get_by_role("button", name="Freigeben und Veröffentlichen", exact=True).click()
        approver.wait_for_load_state("networkidle")

    approve()
    record.refresh_from_db()
    assert record.status == Minutes.Status.OBJECTION
    # the attendance is published with the approved version
    assert list(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status")) == [
        (users["member_a"].pk, "present")
    ]
    anonymous = other_browser()
    anonymous.goto(meeting.url)
    expect(anonymous.get_by_text("Die Zahlen zur Zuwanderung werden vorgestellt.")).to_have_count(0)

    # 5. a member of the Gremium objects to TOP 1
    member = other_browser()
    log_in(member, "mitglied-a@example.org", PASSWORD)
    member.wait_for_url("**/mein-bereich/")
    member.goto(meeting.url)
    expect(member.get_by_text("Die Niederschrift ist ein Entwurf")).to_be_visible()
    member.get_by_label("Tagesordnungspunkt").select_option(label="TOP 1: Bericht zur Zuwanderung")
    member.get_by_label("Ihre Einwendung").fill("Es wurden auch die Zahlen für 2026 vorgestellt.")
    member.get_by_role("button", name="Einwendung erheben").click()
    expect(member.get_by_text("Ihre Einwendung zu TOP 1 ist eingegangen.")).to_be_visible()

    # 6. the editor accepts it and amends the minutes
    objection = Objection.objects.get(record=record)
    editor.goto(f"/admin/snippets/meetings/objection/edit/{objection.pk}/")
    editor.locator("#id_status").select_option("accepted")
    editor.get_by_role("button", name="Speichern").click()
    editor.wait_for_url(re.compile(r"/admin/snippets/meetings/objection/$"))
    editor.goto(f"/admin/snippets/meetings/minutes/edit/{record.pk}/")
    editor.locator("#id_entries-0-minutes").fill("Die Zahlen zur Zuwanderung 2025 und 2026 werden vorgestellt.")
    editor.get_by_role("button", name="Mehr Aktionen").click()
    editor.get_by_role("button", name=re.compile("einreichen")).click()
    expect(editor.get_by_text(re.compile("eingereicht"))).to_be_visible()

    # 7. the approver compares with the approved version, approves, and declares them final
    approver.goto(f"/admin/snippets/meetings/minutes/history/{record.pk}/revisions/compare/live...latest/")
    expect(approver.get_by_text(re.compile("2025 und 2026")).first).to_be_visible()
    approve()
    approver.goto(f"/admin/meetings/niederschrift/{record.pk}/genehmigt/")
    approver.locator("#id_approved_in").select_option(label=meetings.body_only.title)
    approver.get_by_role("button", name="Niederschrift als genehmigt feststellen").click()
    expect(approver.get_by_text("Die Niederschrift ist genehmigt")).to_be_visible()
    record.refresh_from_db()
    assert record.is_final and record.approved_in_id == meetings.body_only.pk
    assert Notification.objects.filter(user=users["member_a"], subject__startswith="Ihre Einwendung").exists()

    # 8. the public part is public, the non-public part is not
    anonymous.goto(meeting.url)
    expect(anonymous.get_by_text("Die Zahlen zur Zuwanderung 2025 und 2026 werden vorgestellt.")).to_be_visible()
    expect(anonymous.get_by_text(SECRET_TITLE)).to_have_count(0)
    for other in (approver, anonymous, member):
        other.context.close()
    editor.wait_for_load_state("networkidle")
    editor.goto("about:blank")
