"""``seed_demo``: the demo site it builds, its logins, and running it again changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from documents.models import PortalDocument
from home.models import ContentPage
from meetings.models import AgendaItem, MeetingPage
from portal.models import Membership, Organisation, User

pytestmark = pytest.mark.django_db


def counts():
    models = (User, Organisation, Membership, ContentPage, MeetingPage, AgendaItem, PortalDocument)
    return {model.__name__: model.objects.count() for model in models}


def test_the_demo_site(demo):
    names = set(Organisation.objects.values_list("short_name", flat=True))
    assert {"FB 56", "AWO", "Caritas", "Diakonie", "DRK", "Paritätischer", "Jüdische Gemeinde"} <= names
    assert User.objects.get(email="leitung@example.org").groups.filter(name="Fachbereichsleitung").exists()
    assert Client().get("/").status_code == 200
    assert "Demo-Passwort" not in demo.output  # credentials only with DEBUG on


def test_seeding_again_changes_nothing_and_prints_the_logins_with_debug(demo, settings):
    before = counts()
    settings.DEBUG = True
    output = io.StringIO()
    call_command("seed_demo", stdout=output)  # with DEBUG on, no --force needed
    assert counts() == before
    assert "awo@example.org" in output.getvalue() and "Demo-Passwort-2026" in output.getvalue()
