"""Logging in, closed signup, rate limits, MFA for staff, and no bypass of the allauth login."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.factories import PASSWORD, OrganisationFactory, UserFactory, enable_totp, member_of, staff_user

pytestmark = pytest.mark.django_db


def totp_code(secret):
    """The current code, never one about to expire: the server accepts only the current period
    (no tolerance), so a code taken in the last seconds of a period can arrive too late."""
    from allauth.mfa import app_settings

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 5:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_member_logs_in_with_email_and_password(people):
    client = Client()
    response = login(client, "mitglied-a@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:members_home")
    page = client.get(reverse("portal:members_home"))
    assert page.status_code == 200
    assert "Arbeiterwohlfahrt Test" in page.content.decode()


def test_wrong_password_gives_german_error(people):
    response = login(Client(), "mitglied-a@example.org", "falsch")
    assert response.status_code == 200
    assert "Die E-Mail-Adresse und/oder das Passwort sind leider falsch." in response.content.decode()


def test_inactive_user_cannot_log_in(people):
    response = login(Client(), "inaktiv@example.org")
    assert response.status_code in (200, 302)
    assert "_auth_user_id" not in Client().session


def test_unverified_email_must_be_verified_first(db):
    UserFactory(email="neu@example.org", verified=False)
    client = Client()
    response = login(client, "neu@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert mail.outbox and "neu@example.org" in mail.outbox[0].to
    assert client.get(reverse("portal:members_home")).status_code == 302


def test_signup_is_closed(db):
    client = Client()
    response = client.post(
        reverse("account_signup"), {"email": "fremd@example.org", "password1": "x" * 12, "password2": "x" * 12}
    )
    assert response.status_code == 200
    assert "Registrierung geschlossen" in response.content.decode()
    from portal.models import User

    assert not User.objects.filter(email="fremd@example.org").exists()


def test_login_rate_limit_blocks_after_repeated_failures(people):
    client = Client()
    for _ in range(5):
        login(client, "mitglied-a@example.org", "falsch")
    response = login(client, "mitglied-a@example.org")  # even the right password is refused now
    assert response.status_code == 429 or "_auth_user_id" not in client.session
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_mail(people):
    response = Client().post(reverse("account_reset_password"), {"email": "mitglied-a@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert re.search(r"/konto/password/reset/key/\S+", mail.outbox[0].body)


def test_password_reset_for_an_unknown_address_does_not_point_to_the_closed_signup(people):
    response = Client().post(reverse("account_reset_password"), {"email": "unbekannt@example.org"})
    assert response.status_code == 302  # the same answer as for a known address
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert reverse("account_signup") not in body and "signup" not in body
    assert "Einladung" in body and "unbekannt@example.org" in body
    assert reverse("account_login") in body


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/login/?next=/admin/pages/"])
def test_wagtail_admin_login_redirects_to_allauth(db, path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    if "next" in path:
        assert "next=/admin/pages/" in response["Location"]


def test_wagtail_admin_login_post_is_not_a_bypass(people):
    response = Client().post("/admin/login/", {"username": "redaktion@example.org", "password": PASSWORD})
    assert response.status_code in (302, 405)
    assert not response.get("Location", "").startswith("/admin/") or "login" in response["Location"]


def test_django_admin_login_redirects_to_allauth(db):
    response = Client().get("/django-admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_admin_redirects_anonymous_to_login(db):
    response = Client().get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/konto/login/")


def test_staff_without_mfa_is_sent_to_mfa_setup(people):
    user = staff_user("Redaktion", people.city, mfa=False, email="neu-redaktion@example.org")
    client = Client()
    response = login(client, user.email)
    assert response.status_code == 302
    for path in ["/mein-bereich/", "/admin/", "/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("mfa_activate_totp")
    # Setting up a second factor asks for the password once more (allauth's reauthentication).
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def reauthenticate(client):
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def test_staff_activates_totp_and_then_reaches_admin(people):
    user = staff_user("Redaktion", people.city, mfa=False, email="neu-redaktion@example.org")
    client = Client()
    login(client, user.email)
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_with_mfa_needs_the_code_to_log_in(people):
    user = UserFactory(email="leitung2@example.org")
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name="Fachbereichsleitung"))
    secret = enable_totp(user)
    client = Client()
    response = login(client, user.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": "000000" if totp_code(secret) != "000000" else "1"})
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_member_has_no_admin_access(people):
    client = people.client("member_a")
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "Zugriff verweigert" in response.content.decode()
    assert client.get("/admin/pages/").status_code != 200


def test_member_without_mfa_is_not_forced(db):
    user = member_of(OrganisationFactory())
    client = Client()
    login(client, user.email)
    assert client.get("/mein-bereich/").status_code == 200


def test_password_change(people):
    client = people.client("member_a")
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Neues-Passwort-2026!", "password2": "Neues-Passwort-2026!"},
    )
    assert response.status_code == 302
    people.users["member_a"].refresh_from_db()
    assert people.users["member_a"].check_password("Neues-Passwort-2026!")


def test_email_change_needs_verification(people):
    client = people.client("member_a")
    response = client.post(reverse("account_email"), {"action_add": "", "email": "neue-adresse@example.org"})
    assert response.status_code == 302
    assert mail.outbox and mail.outbox[-1].to == ["neue-adresse@example.org"]
    user = people.users["member_a"]
    user.refresh_from_db()
    assert user.email == "mitglied-a@example.org"  # unchanged until the new address is confirmed
    key = re.search(r"/konto/confirm-email/([-:\w]+)/", mail.outbox[-1].body).group(1)
    client.post(reverse("account_confirm_email", args=[key]))
    user.refresh_from_db()
    assert user.email == "neue-adresse@example.org"
