"""Organisation admins put colleagues into the bodies their organisation has seats in, and end it."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from meetings.factories import body_page
from meetings.models import BodyMembership, BodySeat
from portal.factories import member_of
from tests.meetings.scenario import SECRET_TITLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def seat(meetings, people):
    """Organisation A has two seats in the body; member A fills one."""
    return BodySeat.objects.create(body=meetings.body, organisation=people.org_a, seats=2)


def add(client, organisation, seat, person, role="member"):
    return client.post(
        f"/mein-bereich/organisation/{organisation.pk}/gremien/", {"seat": seat.pk, "person": person.pk, "role": role}
    )


def test_org_admin_puts_a_new_colleague_into_the_body_who_then_sees_its_non_public_items(meetings, people, seat):
    colleague = member_of(people.org_a, email="neu@example.org")
    colleague_client = people.client("anonymous")
    colleague_client.force_login(colleague, backend="django.contrib.auth.backends.ModelBackend")
    assert SECRET_TITLE not in colleague_client.get(meetings.upcoming.url).content.decode()

    admin = people.client("org_admin")
    page = admin.get(f"/mein-bereich/organisation/{people.org_a.pk}/").content.decode()
    assert f"/mein-bereich/organisation/{people.org_a.pk}/gremien/" in page
    assert "2 Sitze, davon 1 frei" in page

    response = add(admin, people.org_a, seat, colleague)
    assert response.status_code == 302
    membership = BodyMembership.objects.active().get(body=meetings.body, user=colleague)
    assert membership.organisation == people.org_a
    entry = ModelLogEntry.objects.get(action="meetings.body_membership.add", object_id=str(membership.pk))
    assert entry.user == people.users["org_admin"]
    assert SECRET_TITLE in colleague_client.get(meetings.upcoming.url).content.decode()

    listing = admin.get(f"/mein-bereich/organisation/{people.org_a.pk}/gremien/").content.decode()
    assert "2 Sitze, davon 0 frei" in listing and str(colleague) in listing


def test_org_admin_ends_it_after_asking_and_the_log_says_who(meetings, people, seat):
    colleague = member_of(people.org_a, email="neu@example.org")
    membership = BodyMembership.objects.create(body=meetings.body, user=colleague, organisation=people.org_a)
    admin = people.client("org_admin")
    url = f"/mein-bereich/gremienmitgliedschaften/{membership.pk}/beenden/"
    assert "beenden?" in admin.get(url).content.decode()
    assert BodyMembership.objects.active().filter(pk=membership.pk).exists()  # only asked so far

    assert admin.post(url).status_code == 302
    assert not BodyMembership.objects.active().filter(pk=membership.pk).exists()
    membership.refresh_from_db()
    assert membership.end == timezone.localdate() - datetime.timedelta(days=1)
    entry = ModelLogEntry.objects.get(action="meetings.body_membership.end", object_id=str(membership.pk))
    assert entry.user == people.users["org_admin"]
    colleague_client = people.client("anonymous")
    colleague_client.force_login(colleague, backend="django.contrib.auth.backends.ModelBackend")
    assert SECRET_TITLE not in colleague_client.get(meetings.upcoming.url).content.decode()


def test_no_one_of_another_organisation(meetings, people, seat):
    response = add(people.client("org_admin"), people.org_a, seat, people.users["member_b"])
    assert response.status_code == 400
    assert "Bitte prüfen Sie die markierten Angaben" in response.content.decode()
    assert not BodyMembership.objects.filter(user=people.users["member_b"]).exists()


def test_no_body_without_a_seat_of_the_organisation(meetings, people, seat):
    other_body = body_page(meetings.index, "Arbeitsgruppe ohne Sitz", slug="ag-ohne-sitz")
    other_seat = BodySeat.objects.create(body=other_body, organisation=people.org_b, seats=3)
    colleague = member_of(people.org_a, email="neu@example.org")
    response = add(people.client("org_admin"), people.org_a, other_seat, colleague)
    assert response.status_code == 400
    assert not BodyMembership.objects.filter(body=other_body).exists()
    # nor through organisation B's page, which organisation A's admin may not open
    assert add(people.client("org_admin"), people.org_b, other_seat, colleague).status_code == 404
    assert not BodyMembership.objects.filter(body=other_body).exists()


def test_only_within_the_seats(meetings, people, seat):
    seat.seats = 1  # member A fills it
    seat.save()
    colleague = member_of(people.org_a, email="neu@example.org")
    response = add(people.client("org_admin"), people.org_a, seat, colleague)
    assert response.status_code == 400
    assert "Alle Sitze Ihrer Organisation" in response.content.decode()
    assert not BodyMembership.objects.filter(user=colleague).exists()


def test_someone_already_in_the_body_is_not_added_twice(meetings, people, seat):
    response = add(people.client("org_admin"), people.org_a, seat, people.users["member_a"])
    assert response.status_code == 400
    assert BodyMembership.objects.filter(user=people.users["member_a"]).count() == 1


def test_org_admin_ends_neither_other_organisations_nor_roles_the_city_gave(meetings, people, seat):
    admin = people.client("org_admin")
    chair = BodyMembership.objects.get(body=meetings.body, role=BodyMembership.Role.CHAIR)  # the city's
    assert admin.post(f"/mein-bereich/gremienmitgliedschaften/{chair.pk}/beenden/").status_code == 404
    deputy = BodyMembership.objects.create(
        body=meetings.body,
        user=member_of(people.org_a, email="vize@example.org"),
        organisation=people.org_a,
        role=BodyMembership.Role.DEPUTY,
    )
    assert admin.post(f"/mein-bereich/gremienmitgliedschaften/{deputy.pk}/beenden/").status_code == 404
    assert BodyMembership.objects.active().filter(pk__in=[chair.pk, deputy.pk]).count() == 2


def test_the_seats_page_keeps_its_queries_as_bodies_grow(meetings, people, seat, django_assert_max_num_queries):
    admin = people.client("org_admin")
    admin.get(f"/mein-bereich/organisation/{people.org_a.pk}/gremien/")
    for n in range(3):
        body = body_page(meetings.index, f"Arbeitsgruppe {n}", slug=f"ag-{n}")
        BodySeat.objects.create(body=body, organisation=people.org_a, seats=2)
        BodyMembership.objects.create(body=body, user=member_of(people.org_a), organisation=people.org_a)
    with django_assert_max_num_queries(20):
        assert admin.get(f"/mein-bereich/organisation/{people.org_a.pk}/gremien/").status_code == 200
