"""Invitations: organisation admins and city staff invite; the token is single-use and expires."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.factories import InvitationFactory, UserFactory
from portal.models import Invitation, Membership, User

pytestmark = pytest.mark.django_db


def people_url(org):
    return reverse("portal:organisation_people", args=[org.pk])


def accept_data(**overrides):
    data = {
        "first_name": "Nora",
        "last_name": "Neumann",
        "password1": "Ein-gutes-Passwort-2026",
        "password2": "Ein-gutes-Passwort-2026",
    }
    return data | overrides


def test_org_admin_invites_by_email(people, django_capture_on_commit_callbacks):
    client = people.client("org_admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(people_url(people.org_a), {"email": "Neu@Example.org", "role": "member"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "neu@example.org"
    assert invitation.organisation == people.org_a
    assert invitation.invited_by == people.users["org_admin"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["neu@example.org"]
    assert "Arbeiterwohlfahrt Test" in message.subject
    assert f"/einladung/{invitation.token}/" in message.body
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)


def test_invite_form_errors_are_german_and_keep_input(people):
    client = people.client("org_admin")
    response = client.post(people_url(people.org_a), {"email": "kein-mail", "role": "member"})
    assert response.status_code == 400
    assert "Bitte gültige E-Mail-Adresse eingeben." in response.content.decode()
    assert 'value="kein-mail"' in response.content.decode()
    response = client.post(people_url(people.org_a), {"email": "mitglied-a@example.org", "role": "member"})
    assert "bereits Mitglied" in response.content.decode()
    assert not Invitation.objects.exists()


def test_duplicate_pending_invitation_is_refused(people):
    InvitationFactory(organisation=people.org_a, email="doppelt@example.org")
    response = people.client("org_admin").post(
        people_url(people.org_a), {"email": "doppelt@example.org", "role": "member"}
    )
    assert response.status_code == 400
    assert "erneut senden" in response.content.decode()


def test_new_person_accepts_and_is_logged_in(people):
    invitation = InvitationFactory(organisation=people.org_a, email="nora@example.org", role="admin")
    client = Client()
    response = client.post(invitation.get_accept_url(), accept_data())
    assert response.status_code == 302
    user = User.objects.get(email="nora@example.org")
    assert user.get_full_name() == "Nora Neumann"
    assert user.emailaddress_set.get().verified
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (people.org_a, "admin")
    assert client.get(reverse("portal:members_home")).status_code == 200
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_used_token_cannot_be_used_again(people):
    invitation = InvitationFactory(organisation=people.org_a, email="nora@example.org")
    Client().post(invitation.get_accept_url(), accept_data())
    response = Client().post(invitation.get_accept_url(), accept_data(first_name="Eve"))
    assert response.status_code == 410
    assert "bereits angenommen" in response.content.decode()
    assert User.objects.filter(email="nora@example.org").count() == 1


def test_expired_token_gives_clear_message(people):
    invitation = InvitationFactory(organisation=people.org_a)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = Client().get(invitation.get_accept_url())
    assert response.status_code == 410
    assert "abgelaufen" in response.content.decode()


def test_revoked_token_gives_clear_message(people):
    invitation = InvitationFactory(organisation=people.org_a)
    response = people.client("org_admin").post(reverse("portal:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    response = Client().post(invitation.get_accept_url(), accept_data())
    assert response.status_code == 410
    assert "widerrufen" in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_unknown_token_is_404(db):
    assert Client().get("/einladung/gibt-es-nicht/").status_code == 404


def test_resend_issues_new_token_and_old_link_stops_working(people, django_capture_on_commit_callbacks):
    invitation = InvitationFactory(organisation=people.org_a)
    old_url = invitation.get_accept_url()
    with django_capture_on_commit_callbacks(execute=True):
        response = people.client("org_admin").post(reverse("portal:invitation_resend", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.get_accept_url() != old_url
    assert invitation.get_accept_url() in mail.outbox[-1].body
    assert Client().get(old_url).status_code == 404
    assert Client().get(invitation.get_accept_url()).status_code == 200


def test_bad_password_keeps_invitation_open(people):
    invitation = InvitationFactory(organisation=people.org_a)
    response = Client().post(invitation.get_accept_url(), accept_data(password1="kurz", password2="kurz"))
    assert response.status_code == 400
    assert "Dieses Passwort ist zu kurz" in response.content.decode()
    assert 'value="Nora"' in response.content.decode()
    response = Client().post(invitation.get_accept_url(), accept_data(password2="anders-als-eins"))
    assert "stimmen nicht überein" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert not User.objects.filter(email=invitation.email).exists()


def test_existing_person_accepts_while_logged_in(people):
    invitation = InvitationFactory(organisation=people.org_a, email="mitglied-b@example.org")
    anonymous = Client().get(invitation.get_accept_url())
    assert "bereits ein Konto" in anonymous.content.decode()
    assert people.client("member_a").get(invitation.get_accept_url()).context["wrong_user"]
    client = people.client("member_b")
    assert client.post(invitation.get_accept_url()).status_code == 302
    orgs = set(people.users["member_b"].memberships.values_list("organisation", flat=True))
    assert orgs == {people.org_a.pk, people.org_b.pk}


def test_org_admin_removes_member_who_then_loses_access(people):
    membership = people.users["member_a"].memberships.get()
    response = people.client("org_admin").post(reverse("portal:membership_remove", args=[membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.active
    page = people.client("org_admin").get(people_url(people.org_a)).content.decode()
    assert "mitglied-a@example.org" not in page


def test_org_admin_cannot_remove_themselves(people):
    membership = people.users["org_admin"].memberships.get()
    people.client("org_admin").post(reverse("portal:membership_remove", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.active


def test_admin_of_a_cannot_touch_organisation_b(people):
    client = people.client("org_admin")
    other = InvitationFactory(organisation=people.org_b)
    assert client.get(people_url(people.org_b)).status_code == 404
    assert client.post(people_url(people.org_b), {"email": "x@example.org", "role": "member"}).status_code == 404
    assert client.post(reverse("portal:invitation_revoke", args=[other.pk])).status_code == 404
    assert client.post(reverse("portal:invitation_resend", args=[other.pk])).status_code == 404
    membership_b = people.users["member_b"].memberships.get()
    assert client.post(reverse("portal:membership_remove", args=[membership_b.pk])).status_code == 404
    other.refresh_from_db()
    membership_b.refresh_from_db()
    assert other.status == "pending" and membership_b.active
    assert not mail.outbox


def test_staff_create_invitation_in_wagtail_admin_sends_mail(people, django_capture_on_commit_callbacks):
    client = people.client("editor")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailsnippets_portal_invitation:add"),
            {"email": "admin-eingeladen@example.org", "organisation": people.org_b.pk, "role": "admin"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    invitation = Invitation.objects.get(email="admin-eingeladen@example.org")
    assert invitation.invited_by == people.users["editor"]
    assert invitation.get_accept_url() in mail.outbox[-1].body


def test_members_home_lists_open_invitations_for_org_admins_only(people):
    InvitationFactory(organisation=people.org_a, email="offen@example.org")
    assert "offen@example.org" in people.client("org_admin").get("/mein-bereich/").content.decode()
    assert "offen@example.org" not in people.client("member_a").get("/mein-bereich/").content.decode()


def test_invitation_mail_link_is_absolute(people, django_capture_on_commit_callbacks, settings):
    """From the one configured base URL, whatever host the inviter used."""
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        people.client("org_admin").post(people_url(people.org_a), {"email": "abs@example.org", "role": "member"})
    assert re.search(r"https://portal.example.org/einladung/[\w-]+/", mail.outbox[0].body)
    assert "testserver" not in mail.outbox[0].body


def test_invitation_token_is_unguessable(db):
    tokens = {InvitationFactory().token for _ in range(5)}
    assert len(tokens) == 5 and all(len(t) >= 40 for t in tokens)


def test_user_factory_sanity(db):
    assert UserFactory().check_password("Sicheres-Test-Passwort-42")
