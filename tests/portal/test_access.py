"""Unit tests of the access policy (portal/access.py) for every role and audience."""

import pytest

from documents.factories import portal_document
from documents.models import PortalDocument
from meetings.factories import BodyMembershipFactory
from meetings.models import BodyMembership, BodyPage
from portal.access import ANONYMOUS, Audience, Viewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(site):
    page = BodyPage(title="Lenkungsgruppe Test", slug="lg-test")
    site.add_child(instance=page)
    return page


@pytest.fixture
def documents(people, body):
    other_body = BodyPage(title="Anderes Gremium", slug="anderes")
    body.get_parent().add_child(instance=other_body)
    return {
        "public": portal_document("oeffentlich", audience=Audience.PUBLIC, content=b"x"),
        "members": portal_document("mitglieder", audience=Audience.MEMBERS, content=b"x"),
        "org_a": portal_document("nur-a", audience=Audience.ORGANISATION, organisation=people.org_a, content=b"x"),
        "org_b": portal_document("nur-b", audience=Audience.ORGANISATION, organisation=people.org_b, content=b"x"),
        "body": portal_document("gremium", audience=Audience.BODY, bodies=[body], content=b"x"),
        "body_twice": portal_document("zwei-gremien", audience=Audience.BODY, bodies=[body, other_body], content=b"x"),
        "other_body": portal_document("anderes-gremium", audience=Audience.BODY, bodies=[other_body], content=b"x"),
        "staff": portal_document("stadt", audience=Audience.STAFF, content=b"x"),
    }


EXPECTED = {
    "anonymous": {"public"},
    "inactive": {"public"},
    "member_a": {"public", "members", "org_a"},
    "org_admin": {"public", "members", "org_a"},
    "member_b": {"public", "members", "org_b"},
    "editor": {"public", "members", "org_a", "org_b", "body", "body_twice", "other_body", "staff"},
    "approver": {"public", "members", "org_a", "org_b", "body", "body_twice", "other_body", "staff"},
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_visible_to_each_role(people, documents, role):
    viewer = Viewer.for_user(people.users[role])
    visible = list(PortalDocument.objects.visible_to(viewer))
    names = {key for key, doc in documents.items() if doc in visible}
    assert names == EXPECTED[role]
    assert len(visible) == len(names), "a document must not appear twice"


def test_body_member_sees_their_bodies_once(people, documents, body):
    BodyMembershipFactory(user=people.users["member_b"], organisation=people.org_b, body=body)
    viewer = Viewer.for_user(people.users["member_b"])
    assert viewer.body_ids == {body.pk}
    visible = list(PortalDocument.objects.visible_to(viewer))
    names = {key for key, doc in documents.items() if doc in visible}
    assert names == {"public", "members", "org_b", "body", "body_twice"}
    assert len(visible) == len(names)


def test_ended_body_membership_grants_nothing(people, body):
    import datetime

    BodyMembershipFactory(
        user=people.users["member_a"], organisation=people.org_a, body=body, end=datetime.date(2020, 1, 1)
    )
    assert Viewer.for_user(people.users["member_a"]).body_ids == frozenset()


def test_body_membership_counts_from_its_first_to_its_last_day(people, body, time_machine):
    import datetime

    time_machine.move_to(datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC))
    BodyMembershipFactory(
        user=people.users["member_a"],
        organisation=people.org_a,
        body=body,
        start=datetime.date(2026, 3, 2),
        end=datetime.date(2026, 3, 31),
    )
    member = people.users["member_a"]
    assert Viewer.for_user(member).body_ids == frozenset()
    time_machine.move_to(datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC))
    assert Viewer.for_user(member).body_ids == {body.pk}
    time_machine.move_to(datetime.datetime(2026, 3, 31, 12, 0, tzinfo=datetime.UTC))
    assert Viewer.for_user(member).body_ids == {body.pk}
    time_machine.move_to(datetime.datetime(2026, 4, 1, 12, 0, tzinfo=datetime.UTC))
    assert Viewer.for_user(member).body_ids == frozenset()


def test_removed_member_sees_only_public(people, documents):
    user = people.users["member_a"]
    user.memberships.update(active=False)
    viewer = Viewer.for_user(user)
    assert not viewer.is_member
    assert set(PortalDocument.objects.visible_to(viewer)) == {documents["public"]}


def test_inactive_organisation_grants_nothing(people, documents):
    people.org_a.active = False
    people.org_a.save()
    viewer = Viewer.for_user(people.users["member_a"])
    assert set(PortalDocument.objects.visible_to(viewer)) == {documents["public"]}


def test_viewer_roles(people):
    assert Viewer.for_user(None) == ANONYMOUS
    assert not ANONYMOUS.is_authenticated and not ANONYMOUS.is_member
    admin = Viewer.for_user(people.users["org_admin"])
    assert admin.admin_organisation_ids == {people.org_a.pk}
    assert Viewer.for_user(people.users["member_a"]).admin_organisation_ids == frozenset()
    assert Viewer.for_user(people.users["editor"]).is_staff
    assert not Viewer.for_user(people.users["member_a"]).is_staff
    assert Viewer.for_user(people.users["inactive"]) == ANONYMOUS


def test_body_memberships_of_other_people_do_not_count(people, body):
    BodyMembership.objects.create(user=people.users["member_b"], organisation=people.org_b, body=body)
    assert Viewer.for_user(people.users["member_a"]).body_ids == frozenset()


def test_staff_permission_from_a_group_or_given_directly(people):
    from django.contrib.auth.models import Permission

    member = people.users["member_a"]
    assert Viewer.for_user(people.users["editor"]).is_staff  # through the Redaktion group
    assert not Viewer.for_user(member).is_staff
    member.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    assert member.has_perm("wagtailadmin.access_admin")
    assert Viewer.for_user(member).is_staff


def test_access_key_tells_apart_everyone_who_reads_different_rows(people, body):
    keys = {role: Viewer.for_user(people.users[role]).access_key for role in ("member_a", "member_b", "editor")}
    keys["anonymous"] = ANONYMOUS.access_key
    assert len(set(keys.values())) == 4
    assert keys["editor"] == Viewer.for_user(people.users["approver"]).access_key == "staff"
    BodyMembershipFactory(body=body, user=people.users["member_a"], organisation=people.org_a)
    assert Viewer.for_user(people.users["member_a"]).access_key != keys["member_a"]


def test_generic_page_lists_leave_out_audience_pages_the_viewer_may_not_see(people, meetings):
    """Search and sitemap list generic pages through ``visible_pages``: a body-only meeting is
    in the list for its body's members and staff, not for anyone else."""
    from wagtail.models import Page

    from portal.access import visible_pages

    def listed(role):
        viewer = Viewer.for_user(people.users[role]) if people.users[role] else ANONYMOUS
        return set(visible_pages(Page.objects.live(), viewer).values_list("pk", flat=True))

    for role in ("anonymous", "member_b", "org_admin"):
        assert meetings.body_only.pk not in listed(role), role
        assert meetings.upcoming.pk in listed(role), role
    for role in ("member_a", "editor"):
        assert meetings.body_only.pk in listed(role), role
