"""Mein Konto: profile, data export, account deletion."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from meetings.factories import BodyMembershipFactory
from meetings.models import BodyPage
from portal.factories import PASSWORD
from portal.models import User

pytestmark = pytest.mark.django_db


def test_profile_shows_organisation_and_saves_name(people):
    client = people.client("member_a")
    page = client.get(reverse("portal:profile")).content.decode()
    assert "Arbeiterwohlfahrt Test" in page and "mitglied-a@example.org" in page
    response = client.post(reverse("portal:profile"), {"first_name": "Anna", "last_name": "Arendt"})
    assert response.status_code == 302
    assert User.objects.get(email="mitglied-a@example.org").get_full_name() == "Anna Arendt"


def test_profile_links_to_email_password_and_mfa(people):
    page = people.client("member_a").get(reverse("portal:profile")).content.decode()
    for name in ["account_email", "account_change_password", "mfa_index", "portal:data_export"]:
        assert f'href="{reverse(name)}"' in page


def test_data_export_contains_own_data_only(people, site):
    body = BodyPage(title="Lenkungsgruppe Test", slug="lg")
    site.add_child(instance=body)
    user = people.users["member_a"]
    BodyMembershipFactory(user=user, organisation=people.org_a, body=body, role="chair")
    response = people.client("member_a").get(reverse("portal:data_export"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["person"]["email"] == "mitglied-a@example.org"
    assert data["memberships"] == [{"organisation": "Arbeiterwohlfahrt Test", "role": "Mitglied", "active": True}]
    assert data["body_memberships"][0]["body"] == "Lenkungsgruppe Test"
    assert data["body_memberships"][0]["role"] == "Vorsitz"
    assert data["email_addresses"] == [{"email": "mitglied-a@example.org", "verified": True, "primary": True}]
    assert "mitglied-b@example.org" not in response.content.decode()


def test_delete_account_needs_password(people):
    client = people.client("member_a")
    response = client.post(reverse("portal:delete_account"), {"password": "falsch"})
    assert response.status_code == 400
    assert "Das Passwort ist nicht korrekt." in response.content.decode()
    assert User.objects.get(pk=people.users["member_a"].pk).is_active


def test_delete_account_anonymises_and_ends_all_sessions(people):
    user = people.users["member_a"]
    other_session = Client()
    other_session.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert other_session.get("/mein-bereich/").status_code == 200

    client = people.client("member_a")
    response = client.post(reverse("portal:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == f"geloescht-{user.pk}@invalid.invalid"
    assert user.get_full_name() == "Gelöschte Person"
    assert not user.is_active and not user.has_usable_password()
    assert not user.memberships.filter(active=True).exists()
    assert not user.emailaddress_set.exists()
    # the row stays, so records that point to the person keep working
    assert User.objects.filter(pk=user.pk).exists()
    assert client.get("/mein-bereich/").status_code == 302
    assert other_session.get("/mein-bereich/").status_code == 302
    login = Client().post(reverse("account_login"), {"login": "mitglied-a@example.org", "password": PASSWORD})
    assert login.status_code == 200
