"""Browser tests of the meetings: staff create a meeting and invite, a member answers, axe."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import MeetingPage, MeetingResponse
from portal.factories import PASSWORD, OrganisationFactory, member_of, staff_user
from tests.conftest import People
from tests.e2e.conftest import log_in
from tests.meetings.scenario import meetings_scenario
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
