"""The search's Gremium and year facets: counts per Gremium and year, filtering by them, and
counts only of what the viewer may read."""

import datetime

import pytest
from django.utils import timezone

from meetings.factories import agenda_item, body_page, meeting_index, meeting_page
from meetings.models import BodyMembership

pytestmark = pytest.mark.django_db


def at(year, month):
    return timezone.make_aware(datetime.datetime(year, month, 10, 17))


@pytest.fixture
def bodies(people, site):
    """Two Gremien; member A sits in the first. Each has a non-public item with the search word."""
    index = meeting_index(site)
    first = body_page(index, "Lenkungsgruppe Facette")
    second = body_page(index, "Arbeitsgruppe Facette")
    BodyMembership.objects.create(body=first, user=people.users["member_a"], organisation=people.org_a)
    meeting_page(
        first,
        start=at(2024, 3),
        items=[agenda_item("Zwiebelturm öffentlich"), agenda_item("Zwiebelturm intern", public=False)],
    )
    meeting_page(first, start=at(2025, 5), items=[agenda_item("Zwiebelturm Sanierung")])
    meeting_page(
        second,
        start=at(2025, 6),
        items=[agenda_item("Zwiebelturm Arbeitsgruppe"), agenda_item("Zwiebelturm geheim", public=False)],
    )
    return first, second


def facets(client, **params):
    response = client.get("/suche/", {"q": "Zwiebelturm", **params})
    assert response.status_code == 200
    context = response.context
    return (
        {name: n for _pk, name, n in context["facets"]["bodies"]},
        dict(context["facets"]["years"]),
        [hit.title for hit in context["hits"]],
        response,
    )


ITEMS = {"typ": "tagesordnungspunkte"}


def test_gremium_and_year_counts_of_agenda_items(people, bodies):
    by_body, by_year, titles, response = facets(people.client("anonymous"), **ITEMS)
    assert by_body == {"Lenkungsgruppe Facette": 2, "Arbeitsgruppe Facette": 1}
    assert by_year == {2024: 1, 2025: 2}
    assert len(titles) == 3 == response.context["total"]
    html = response.content.decode()
    assert "Lenkungsgruppe Facette (2)" in html and "Arbeitsgruppe Facette (1)" in html
    assert "2025 (2)" in html and "2024 (1)" in html


def test_filtering_by_gremium_and_year(people, bodies):
    first, second = bodies
    by_body, by_year, titles, response = facets(people.client("anonymous"), gremium=first.pk, **ITEMS)
    assert sorted(titles) == ["TOP 1: Zwiebelturm Sanierung", "TOP 1: Zwiebelturm öffentlich"]
    assert by_body == {"Lenkungsgruppe Facette": 2} and by_year == {2024: 1, 2025: 1}
    assert "Lenkungsgruppe Facette" in response.context["title_filter"]
    _b, _y, titles, _r = facets(people.client("anonymous"), gremium=second.pk, jahr=2025, **ITEMS)
    assert titles == ["TOP 1: Zwiebelturm Arbeitsgruppe"]
    _b, _y, titles, _r = facets(people.client("anonymous"), gremium=first.pk, jahr=2023, **ITEMS)
    assert titles == []
    # a source without a Gremium (news, pages) has nothing under a Gremium filter
    _b, _y, titles, _r = facets(people.client("anonymous"), gremium=first.pk, typ="nachrichten")
    assert titles == []


def test_counts_only_what_the_viewer_may_read(people, bodies):
    """Member A sits in the first Gremium only: its non-public item counts for A, the second
    Gremium's does not; city staff read both; anonymous visitors and member B neither."""
    expected = {
        "anonymous": ({"Lenkungsgruppe Facette": 2, "Arbeitsgruppe Facette": 1}, {2024: 1, 2025: 2}),
        "member_b": ({"Lenkungsgruppe Facette": 2, "Arbeitsgruppe Facette": 1}, {2024: 1, 2025: 2}),
        "member_a": ({"Lenkungsgruppe Facette": 3, "Arbeitsgruppe Facette": 1}, {2024: 2, 2025: 2}),
        "editor": ({"Lenkungsgruppe Facette": 3, "Arbeitsgruppe Facette": 2}, {2024: 2, 2025: 3}),
    }
    for role, (by_body_expected, by_year_expected) in expected.items():
        by_body, by_year, titles, response = facets(people.client(role), **ITEMS)
        assert (by_body, by_year) == (by_body_expected, by_year_expected), role
        assert ("TOP 2: Zwiebelturm geheim" in titles) == (role == "editor"), role
        assert ("Zwiebelturm</mark> geheim" in response.content.decode()) == (role == "editor"), role
        if role != "editor":
            assert "geheim" not in response.content.decode(), role
    # over all types too (the meetings count under their Gremium as well): the difference a
    # non-public item makes is that item alone
    overall = {role: facets(people.client(role))[0] for role in ("anonymous", "member_a", "member_b")}
    assert overall["member_b"] == overall["anonymous"]
    assert overall["member_a"]["Lenkungsgruppe Facette"] == overall["anonymous"]["Lenkungsgruppe Facette"] + 1
    assert overall["member_a"]["Arbeitsgruppe Facette"] == overall["anonymous"]["Arbeitsgruppe Facette"]
