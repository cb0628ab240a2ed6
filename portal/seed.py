"""Demo organisations and people (seed_demo)."""

from django.contrib.auth.models import Group

from .factories import MembershipFactory, OrganisationFactory, UserFactory
from .models import Membership, Organisation, User

DEMO_PASSWORD = "Demo-Passwort-2026"

CITY = "Stadt Hagen – Fachbereich Integration, Zuwanderung und Wohnraumsicherung"
ORGANISATIONS = [
    (
        CITY,
        "FB 56",
        Organisation.Kind.CITY,
        "Rathaus an der Volme, Rathausstraße 13, 58095 Hagen",
        "https://www.hagen.de",
    ),
    ("AWO Unterbezirk Hagen-Märkischer Kreis", "AWO", Organisation.Kind.UMBRELLA, "Hagen", ""),
    ("Caritasverband Hagen e. V.", "Caritas", Organisation.Kind.UMBRELLA, "Hagen", ""),
    ("Diakonie Mark-Ruhr", "Diakonie", Organisation.Kind.UMBRELLA, "Hagen", ""),
    ("DRK-Kreisverband Hagen e. V.", "DRK", Organisation.Kind.UMBRELLA, "Hagen", ""),
    ("Der Paritätische NRW – Kreisgruppe Hagen", "Paritätischer", Organisation.Kind.UMBRELLA, "Hagen", ""),
    ("Jüdische Gemeinde Hagen", "Jüdische Gemeinde", Organisation.Kind.UMBRELLA, "Hagen", ""),
    (
        "Verein Südosteuropäischer Familien in Hagen e. V.",
        "VSF Hagen",
        Organisation.Kind.PROVIDER,
        "Hagen-Altenhagen",
        "",
    ),
]

# email, first name, last name, organisation short name, membership role, group, superuser, description
PEOPLE = [
    ("admin@example.org", "Petra", "Admin", "FB 56", "member", None, True, "Superuser (Stadt, MFA-Pflicht)"),
    (
        "redaktion@example.org",
        "Jonas",
        "Brandt",
        "FB 56",
        "member",
        "Redaktion",
        False,
        "Redaktion (Stadt, MFA-Pflicht)",
    ),
    (
        "leitung@example.org",
        "Sabine",
        "Keller",
        "FB 56",
        "member",
        "Fachbereichsleitung",
        False,
        "Fachbereichsleitung (Stadt, MFA-Pflicht)",
    ),
    ("awo-admin@example.org", "Ayşe", "Demir", "AWO", "admin", "Mitglieder", False, "Organisations-Admin der AWO"),
    ("awo@example.org", "Markus", "Lange", "AWO", "member", "Mitglieder", False, "Mitglied der AWO"),
    ("caritas@example.org", "Elena", "Popescu", "Caritas", "member", "Mitglieder", False, "Mitglied der Caritas"),
    ("diakonie@example.org", "Thomas", "Weber", "Diakonie", "member", "Mitglieder", False, "Mitglied der Diakonie"),
]
DEMO_LOGINS = [(p[0], p[7]) for p in PEOPLE]


def run():
    organisations = {}
    for name, short, kind, address, website in ORGANISATIONS:
        organisations[short] = Organisation.objects.filter(name=name).first() or OrganisationFactory(
            name=name, short_name=short, kind=kind, address=address, website=website
        )
    for email, first, last, org_short, role, group, superuser, _desc in PEOPLE:
        user = User.objects.filter(email=email).first() or UserFactory(
            email=email,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            is_superuser=superuser,
            is_staff=superuser,
        )
        if not Membership.objects.filter(user=user, organisation=organisations[org_short]).exists():
            MembershipFactory(user=user, organisation=organisations[org_short], role=role)
        if group:
            user.groups.add(Group.objects.get(name=group))
    return organisations
