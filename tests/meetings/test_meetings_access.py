"""Who sees what of bodies, meetings and agendas: the redaction of non-public items."""

import datetime
import html

import pytest
from django.utils import timezone

from meetings.agenda import NEUTRAL_TITLE, agenda_for
from meetings.factories import agenda_item, meeting_page
from meetings.models import AgendaItem, MeetingPage
from portal.access import ANONYMOUS, Viewer
from tests.meetings.scenario import SECRET_DOCUMENT, SECRET_MINUTES, SECRET_TEXT, SECRET_TITLE

pytestmark = pytest.mark.django_db

SECRETS = [SECRET_TITLE, SECRET_TEXT, SECRET_MINUTES, SECRET_DOCUMENT, "Zuschlag an Träger X"]


def text(response):
    return html.unescape(response.content.decode())


def assert_no_secrets(content, label=""):
    for secret in SECRETS:
        assert secret not in content, f"{secret!r} leaked {label}"


@pytest.mark.parametrize("role", ["anonymous", "member_b", "org_admin", "inactive"])
def test_outsiders_see_non_public_items_only_redacted(people, meetings, role):
    client = people.client(role)
    upcoming = text(client.get(meetings.upcoming.url))
    past = text(client.get(meetings.past.url))
    assert_no_secrets(upcoming + past, f"to {role}")
    assert "Bericht zur Zuwanderung" in upcoming
    assert f"TOP 2: {NEUTRAL_TITLE}" in upcoming
    assert "TOP 2: Vergabeangelegenheit" in past  # the public title staff set
    assert "Öffentliche Diskussion" in past  # approved minutes of the public item
    assert "Öffentliche Anlage Statistik" in upcoming


def test_online_link_and_member_documents_only_for_members(people, meetings):
    anonymous = text(people.client("anonymous").get(meetings.upcoming.url))
    member_b = text(people.client("member_b").get(meetings.upcoming.url))
    assert "konferenz.example.org" not in anonymous
    assert "Mitglieder-Anlage Konzept" not in anonymous
    assert "konferenz.example.org" in member_b
    assert "Mitglieder-Anlage Konzept" in member_b


@pytest.mark.parametrize("role", ["member_a", "editor", "approver"])
def test_body_members_and_staff_see_the_full_agenda(people, meetings, role):
    content = text(people.client(role).get(meetings.upcoming.url))
    assert SECRET_TITLE in content
    assert SECRET_TEXT in content
    assert SECRET_DOCUMENT in content
    past = text(people.client(role).get(meetings.past.url))
    assert SECRET_MINUTES in past
    assert "Nicht öffentlicher Teil" in past


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("member_a", 200),
        ("member_b", 404),
        ("org_admin", 404),
        ("editor", 200),
        ("approver", 200),
        ("inactive", 302),
    ],
)
def test_body_only_meeting(people, meetings, role, expected):
    response = people.client(role).get(meetings.body_only.url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/konto/login/")


def test_body_only_meeting_is_not_listed_for_outsiders(people, meetings):
    for role, listed in [("anonymous", False), ("member_b", False), ("member_a", True), ("editor", True)]:
        client = people.client(role)
        for url in (meetings.index.url, meetings.body.url):
            assert ("Klausurtagung" in text(client.get(url))) is listed, (role, url)


def test_drafts_never_reach_the_site(people, meetings):
    draft = meeting_page(meetings.body, publish=False, title="Entwurfssitzung", slug="entwurf", live=False)
    assert people.client("editor").get(draft.url or "/sitzungen/lenkungsgruppe-test/entwurf/").status_code == 404
    assert "Entwurfssitzung" not in text(people.client("editor").get(meetings.index.url))


def test_agenda_numbers_follow_the_order(meetings):
    meeting = MeetingPage.objects.get(pk=meetings.upcoming.pk)
    revision_page = meeting.get_latest_revision().as_object()
    first, second = revision_page.agenda_items.all()
    first.sort_order, second.sort_order = 1, 0  # what reordering in the admin's inline panel does
    revision_page.save_revision().publish(skip_permission_checks=True)
    entries = agenda_for(MeetingPage.objects.get(pk=meeting.pk), ANONYMOUS)
    assert [(e.number, e.title) for e in entries] == [(1, str(NEUTRAL_TITLE)), (2, "Bericht zur Zuwanderung")]


def test_redacted_entries_carry_no_text(people, meetings):
    viewer = Viewer.for_user(people.users["member_b"])
    secret = next(e for e in agenda_for(meetings.past, viewer) if not e.public)
    assert secret.redacted
    assert (secret.description, secret.minutes, secret.decision, secret.result, secret.attachments) == (
        "",
        "",
        "",
        "",
        (),
    )
    assert secret.votes_for is None


def test_readable_by_matches_the_policy(people, meetings):
    def readable(role):
        viewer = Viewer.for_user(people.users[role]) if people.users[role] else ANONYMOUS
        return set(AgendaItem.objects.readable_by(viewer).values_list("title", flat=True))

    assert SECRET_TITLE not in readable("anonymous")
    assert SECRET_TITLE not in readable("member_b")
    assert SECRET_TITLE in readable("member_a")
    assert SECRET_TITLE in readable("editor")
    assert "Klausurtagung" not in readable("anonymous")


def test_body_page_lists_member_organisations_and_roles(people, meetings):
    content = text(people.client("anonymous").get(meetings.body.url))
    assert "Arbeiterwohlfahrt Test" in content
    assert "Stadt Test FB 56" in content
    assert "Vorsitz" in content
    assert "mitglied-a@example.org" not in content  # organisations, not people


def test_calendar_filters_and_pages(people, meetings):
    client = people.client("anonymous")
    upcoming = text(client.get(meetings.index.url))
    assert meetings.upcoming.title in upcoming
    assert meetings.past.title not in upcoming
    past = text(client.get(meetings.index.url + "?zeit=vergangene"))
    assert meetings.past.title in past
    old = meeting_page(meetings.body, start=timezone.now() - datetime.timedelta(days=800), title="Alte Sitzung")
    year, old_year = timezone.localtime(meetings.past.start).year, timezone.localtime(old.start).year
    this_year = text(client.get(f"{meetings.index.url}?zeit=vergangene&jahr={year}"))
    assert meetings.past.title in this_year and "Alte Sitzung" not in this_year
    that_year = text(client.get(f"{meetings.index.url}?zeit=vergangene&jahr={old_year}"))
    assert meetings.past.title not in that_year and "Alte Sitzung" in that_year
    other = text(client.get(f"{meetings.index.url}?zeit=vergangene&gremium=999999"))
    assert meetings.past.title in other  # an unknown filter value is ignored, not an error
    assert client.get(meetings.index.url + "?seite=abc&jahr=xyz").status_code == 200


def test_calendar_is_paginated(people, meetings):
    start = timezone.now() + datetime.timedelta(days=100)
    for n in range(25):
        meetings.body.add_child(
            instance=MeetingPage(title=f"Serie {n:02d}", slug=f"serie-{n}", start=start + datetime.timedelta(days=n))
        )
    client = people.client("anonymous")
    first = text(client.get(meetings.index.url))
    assert "Seite 1 von 2" in first
    second = text(client.get(meetings.index.url + "?seite=2"))
    assert "Serie 24" in second and "Serie 24" not in first
    filtered = client.get(f"{meetings.index.url}?gremium={meetings.body.pk}").content.decode()
    assert f'href="?gremium={meetings.body.pk}&amp;seite=2" rel="next"' in filtered  # the filter is kept


def test_cancelled_meeting_is_marked(people, meetings):
    MeetingPage.objects.filter(pk=meetings.upcoming.pk).update(status=MeetingPage.Status.CANCELLED)
    assert "Diese Sitzung wurde abgesagt." in text(people.client("anonymous").get(meetings.upcoming.url))


def test_public_item_turned_non_public_disappears_everywhere(people, meetings):
    page = MeetingPage.objects.get(pk=meetings.upcoming.pk).get_latest_revision().as_object()
    for item in page.agenda_items.all():
        item.public = False
    page.save_revision().publish(skip_permission_checks=True)
    content = text(people.client("anonymous").get(meetings.upcoming.url))
    assert "Bericht zur Zuwanderung" not in content
    assert "Öffentliche Zahlen" not in content
    assert not list(MeetingPage.objects.live().search("Zuwanderung"))


def test_non_public_text_is_not_in_the_page_search_index(meetings):
    """A site-wide page search (Wagtail's index) never matches non-public agenda text."""
    for word in ("Angebotspreis", "Vertrauliches", "Bewertungsmatrix"):
        assert not list(MeetingPage.objects.search(word)), word
    assert list(MeetingPage.objects.search("Quartiersmanagement"))


def test_sitemap_lists_only_public_meetings(meetings):
    assert meetings.upcoming.get_sitemap_urls()
    assert meetings.body_only.get_sitemap_urls() == []


def test_meeting_audience_never_widens_through_items(people, meetings):
    """A public item of a body-only meeting is still body-only."""
    page = meeting_page(
        meetings.body,
        audience="body",
        title="Interne Sitzung",
        slug="intern",
        items=[agenda_item("Öffentlich markiert, aber intern")],
    )
    title = "TOP 1: Öffentlich markiert, aber intern"
    for role, found in (("anonymous", False), ("member_b", False), ("member_a", True)):
        response = people.client(role).get("/suche/?q=markiert")
        assert (title in [hit.title for hit in response.context["hits"]]) is found, role
        assert ("aber intern" in text(response)) is found, role
    assert page.get_sitemap_urls() == []


def test_site_search_and_sitemap_follow_the_policy(people, meetings):
    """The portal's search (/suche/) and sitemap see meetings and items through the policy too."""
    for role in ("anonymous", "member_b"):
        client = people.client(role)
        assert meetings.body_only.url not in text(client.get("/suche/", {"q": "Klausurtagung"})), role
        result = text(client.get("/suche/", {"q": "Angebotspreis"}))
        assert SECRET_TITLE not in result and "Angebotspreis 12.345" not in result, role
    member = text(people.client("member_a").get("/suche/", {"q": "Angebotspreis"}))
    assert SECRET_TITLE in member
    assert meetings.body_only.url in text(people.client("member_a").get("/suche/", {"q": "Klausurtagung"}))
    anonymous = text(people.client("anonymous").get("/suche/", {"q": "Quartiersmanagement"}))
    assert f"{meetings.past.url}#top-1" in anonymous
    sitemap = people.client("anonymous").get("/sitemap.xml").content.decode()
    assert meetings.upcoming.url in sitemap and "klausur" not in sitemap
