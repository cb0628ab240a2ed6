"""The meeting calendar: minutes in the list, the month view, webcal:// subscriptions."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.factories import agenda_item, meeting_page
from meetings.models import CalendarToken, MeetingPage

pytestmark = pytest.mark.django_db


def text(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def month_of(meeting):
    return f"{timezone.localtime(meeting.start):%Y-%m}"


def test_the_list_says_which_meetings_have_minutes(people, meetings):
    without = meeting_page(
        meetings.body,
        start=timezone.now() - datetime.timedelta(days=3),
        status=MeetingPage.Status.HELD,
        title="Sitzung ohne Niederschrift",
    )
    content = text(people.client("anonymous").get(meetings.index.url + "?zeit=vergangene"))
    assert '<th scope="col">Niederschrift</th>' in content
    rows = {
        title: row for row in content.split("<tr")[1:] for title in (meetings.past.title, without.title) if title in row
    }
    assert "liegt vor" in rows[meetings.past.title] and f"{meetings.past.url}#agenda" in rows[meetings.past.title]
    assert "noch nicht veröffentlicht" in rows[without.title]
    upcoming = text(people.client("anonymous").get(meetings.index.url))
    assert "liegt vor" not in upcoming and "noch nicht veröffentlicht" not in upcoming  # not held yet: "–"


def test_minutes_only_non_public_count_for_those_who_may_read_them(people, meetings):
    past = meeting_page(
        meetings.body,
        start=timezone.now() - datetime.timedelta(days=5),
        status=MeetingPage.Status.HELD,
        title="Nur vertrauliche Niederschrift",
        items=[agenda_item("Vertraulich", public=False, minutes="Vertrauliche Zusammenfassung")],
    )

    def row(role):
        content = text(people.client(role).get(meetings.index.url + "?zeit=vergangene"))
        return next(r for r in content.split("<tr")[1:] if past.title in r)

    assert "noch nicht veröffentlicht" in row("anonymous")
    assert "liegt vor" in row("member_a")


def test_month_view(people, meetings):
    client = people.client("anonymous")
    month = month_of(meetings.upcoming)
    content = text(client.get(f"{meetings.index.url}?monat={month}"))
    first = timezone.localtime(meetings.upcoming.start).date().replace(day=1)
    assert '<table class="calendar-month">' in content
    assert "<caption>" in content and f"{first:%Y}" in content
    assert f'href="{meetings.upcoming.url}"' in content
    assert "Klausurtagung" not in content  # the body-only meeting stays hidden
    previous = (first - datetime.timedelta(days=1)).strftime("%Y-%m")
    following = (first + datetime.timedelta(days=32)).strftime("%Y-%m")
    assert f'href="?monat={previous}" rel="prev"' in content and f'href="?monat={following}" rel="next"' in content
    assert 'aria-current="page">Monatsansicht' in content
    # members see the body-only meeting in its month
    klausur = text(people.client("member_a").get(f"{meetings.index.url}?monat={month_of(meetings.body_only)}"))
    assert "Klausurtagung" in klausur


def test_month_view_keeps_the_body_filter_and_ignores_bad_months(people, meetings):
    client = people.client("anonymous")
    month = month_of(meetings.upcoming)
    other = text(client.get(f"{meetings.index.url}?monat={month}&gremium=999999"))
    assert meetings.upcoming.url in other  # an unknown Gremium is ignored, as in the list
    filtered = text(client.get(f"{meetings.index.url}?monat={month}&gremium={meetings.body.pk}"))
    assert f"&gremium={meetings.body.pk}" in filtered.replace("&amp;", "&")
    for bad in ("2026-13", "abc", "0001-01", "99999-01"):
        assert "calendar-month" not in text(client.get(f"{meetings.index.url}?monat={bad}")), bad


def count_queries(client, url):
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "member_a"])
def test_month_view_queries_do_not_grow_with_the_meetings(people, meetings, role):
    client = people.client(role)
    first = (timezone.localdate() + datetime.timedelta(days=62)).replace(day=1)
    url = f"{meetings.index.url}?monat={first:%Y-%m}"

    def add(count, offset):
        for n in range(count):
            start = timezone.make_aware(datetime.datetime.combine(first, datetime.time(9)))
            start += datetime.timedelta(days=n % 28, minutes=offset + n)
            meetings.body.add_child(
                instance=MeetingPage(title=f"Serie {offset + n}", slug=f"serie-{offset + n}", start=start)
            )

    add(3, 0)
    few = count_queries(client, url)
    add(40, 100)
    many = count_queries(client, url)
    content = text(client.get(url))
    assert "Serie 139" in content
    assert few == many, f"{few} queries with 3 meetings, {many} with 43"


def test_webcal_subscription_links(people, meetings, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.org"
    content = text(people.client("anonymous").get(meetings.index.url))
    assert 'href="webcal://portal.example.org/sitzungen/kalender.ics"' in content
    assert "Kalender abonnieren" in content
    client = people.client("member_a")
    token = CalendarToken.objects.create(user=people.users["member_a"])
    home = text(client.get("/mein-bereich/"))
    assert f'href="webcal://testserver{token.get_absolute_url()}"' in home
    assert "Meine Sitzungen im eigenen Kalender abonnieren" in home
