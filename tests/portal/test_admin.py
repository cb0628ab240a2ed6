"""City staff manage organisations, memberships and invitations in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.models import Membership, Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["editor", "approver"])
def test_staff_manage_organisations(people, role):
    client = people.client(role)
    listing = client.get(reverse("wagtailsnippets_portal_organisation:list"))
    assert listing.status_code == 200
    assert "Arbeiterwohlfahrt Test" in listing.content.decode()
    response = client.post(
        reverse("wagtailsnippets_portal_organisation:add"),
        {"name": "Neuer Träger e. V.", "short_name": "NT", "kind": "provider", "active": "on"},
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Neuer Träger e. V.").exists()


def test_staff_add_membership(people):
    client = people.client("editor")
    response = client.post(
        reverse("wagtailsnippets_portal_membership:add"),
        {"user": people.users["member_b"].pk, "organisation": people.org_a.pk, "role": "admin", "active": "on"},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=people.users["member_b"], organisation=people.org_a).role == "admin"


def test_members_cannot_reach_snippets(people):
    for role in ["member_a", "org_admin"]:
        response = people.client(role).get(reverse("wagtailsnippets_portal_organisation:list"))
        assert response.status_code in (302, 403)


def test_groups_and_their_permissions():
    editor = Group.objects.get(name="Redaktion")
    approver = Group.objects.get(name="Fachbereichsleitung")
    members = Group.objects.get(name="Mitglieder")
    assert editor.permissions.filter(codename="access_admin").exists()
    assert approver.permissions.filter(codename="access_admin").exists()
    assert not members.permissions.exists()
    page_perms = set(approver.page_permissions.values_list("permission__codename", flat=True))
    assert {"add_page", "change_page", "publish_page"} <= page_perms
    doc_perms = set(editor.collection_permissions.values_list("permission__codename", flat=True))
    assert {"add_document", "change_document", "choose_document"} <= doc_perms
