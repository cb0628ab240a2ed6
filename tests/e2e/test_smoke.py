"""Logging in, MFA setup for staff, accepting an invitation, and axe on the main pages."""

import re

import pytest
from django.core import mail

from portal.factories import PASSWORD, InvitationFactory, OrganisationFactory, member_of, staff_user
from portal.models import Membership, User
from tests.e2e.conftest import log_in
from tests.portal.test_accounts import totp_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo(site):
    org = OrganisationFactory(name="Arbeiterwohlfahrt Test", short_name="AWO-T")
    member = member_of(org, role=Membership.Role.ADMIN, email="admin-a@example.org")
    member_of(org, email="kollege@example.org", first_name="Karl", last_name="Kollege")
    return {"org": org, "member": member}


def test_member_logs_in_and_sees_members_area(page, demo, assert_accessible):
    log_in(page, "admin-a@example.org", PASSWORD)
    page.wait_for_url("**/mein-bereich/")
    assert page.get_by_role("heading", name="Mein Bereich", level=1).is_visible()
    assert page.get_by_text("kollege@example.org").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/konto/login/",
        "/impressum/",
        "/barrierefreiheit/",
        "/nachrichten/",
        "/nachrichten/foerderung-case-management/",
    ],
)
def test_public_pages_are_accessible(page, site, assert_accessible, path):
    response = page.goto(path)
    assert response.status == 200
    assert_accessible(page)


def test_keyboard_reaches_skip_link_first(page, site):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Zum Inhalt springen" in focused


def test_keyboard_reaches_every_main_navigation_link(page, demo):
    log_in(page, "admin-a@example.org", PASSWORD)
    page.wait_for_url("**/mein-bereich/")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    targets = set(nav.locator("a, button").evaluate_all("els => els.map(e => e.textContent.trim())"))
    assert {"Nachrichten", "Suche", "Mein Bereich", "Mein Konto", "Abmelden"} <= targets
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                "document.activeElement.closest('.main-nav') ? document.activeElement.textContent.trim() : ''"
            )
        )
        if targets <= reached:
            break
    assert targets <= reached


def test_staff_user_must_set_up_totp(page, demo, live_server):
    user = staff_user("Redaktion", demo["org"], mfa=False, email="redaktion@example.org")
    log_in(page, user.email, PASSWORD)
    # first the password once more (reauthentication), then the TOTP setup
    page.wait_for_url(re.compile(r"/konto/reauthenticate/"))
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Bestätigen|Best")).click()
    page.wait_for_url(re.compile(r"/konto/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    code = totp_code(secret)
    page.get_by_label("Authentifizierungscode").fill(code)
    page.get_by_role("button", name=re.compile("Aktivieren")).click()
    page.goto("/admin/")
    assert "/admin/" in page.url
    assert page.get_by_role("heading", name=re.compile("Integrationsportal")).first.is_visible()


def test_accept_invitation(page, demo):
    invitation = InvitationFactory(organisation=demo["org"], email="neue.person@example.org")
    page.goto(f"/einladung/{invitation.token}/")
    page.get_by_label("Vorname").fill("Nora")
    page.get_by_label("Nachname").fill("Neumann")
    page.get_by_label("Passwort", exact=True).fill("Ein-gutes-Passwort-2026")
    page.get_by_label("Passwort wiederholen").fill("Ein-gutes-Passwort-2026")
    page.get_by_role("button", name="Konto einrichten").click()
    page.wait_for_url("**/mein-bereich/")
    assert page.get_by_text("Willkommen! Ihr Konto ist eingerichtet.").is_visible()
    user = User.objects.get(email="neue.person@example.org")
    assert user.memberships.get().organisation == demo["org"]
    assert not mail.outbox or all("neue.person" not in m.to for m in mail.outbox)
