"""Demo bodies, meetings, minutes and action items (seed_demo). Idempotent.

Dates of the steering group's meetings are relative to today, so there are always past
meetings with final (genehmigt) minutes, one whose minutes are a draft in their objection period
with one objection, and future ones.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from documents.models import PortalDocument
from home.models import HomePage
from portal.access import Audience
from portal.models import Membership, Organisation, User

from .minutes import ensure_minutes
from .models import (
    ActionItem,
    AgendaItem,
    AgendaItemExcludedOrganisation,
    BodyMembership,
    BodyPage,
    BodySeat,
    MeetingIndexPage,
    MeetingPage,
    MinutesAttendance,
    Objection,
    Place,
)

TZ = ZoneInfo(settings.TIME_ZONE)
Role = BodyMembership.Role
Result = AgendaItem.Result

# People who appear in bodies and minutes but have no demo login (unusable password).
EXTRA_PEOPLE = [
    ("engelhardt@example.org", "Gabriele", "Engelhardt", "Rat"),
    ("schwanke@example.org", "Claudia", "Schwanke", "FB 56"),
    ("drk-lenkungsgruppe@example.org", "Michael", "Schulte", "DRK"),
    ("paritaet-lenkungsgruppe@example.org", "Nadine", "Yılmaz", "Paritätischer"),
    ("jg-lenkungsgruppe@example.org", "David", "Rosen", "Jüdische Gemeinde"),
    ("vsf@example.org", "Ivan", "Petrov", "VSF Hagen"),
]

COUNCIL = ("Rat der Stadt Hagen", "Rat", Organisation.Kind.OTHER)


def at(day, hour=14, minute=0):
    """An aware datetime in Berlin for a date."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def days_from_today(days, hour=14, minute=0):
    return at(timezone.localdate() + datetime.timedelta(days=days), hour, minute)


# --- the bodies --------------------------------------------------------------------------------

BODIES = [
    {
        "slug": "lenkungsgruppe-integration",
        "title": "Lenkungsgruppe Integration",
        "short_name": "Lenkungsgruppe",
        "kind": BodyPage.Kind.LENKUNGSGRUPPE,
        "start_date": -630,  # days from today: the day of its first meeting
        "description": (
            "<p>In der Lenkungsgruppe Integration steuern die Stadt Hagen und die Freie Wohlfahrtspflege die "
            "Integrationsarbeit gemeinsam. Den Vorsitz hat der Fachbereich Integration, Zuwanderung und "
            "Wohnraumsicherung (56); Mitglieder sind AWO, Caritas, Diakonie, DRK, der Paritätische und die "
            "Jüdische Gemeinde.</p><p>Die Lenkungsgruppe berät über das Kommunale Integrationsmanagement, die "
            "Zusammenarbeit in den Quartieren und die Vergabe von Aufgaben an Freie Träger.</p>"
        ),
        "members": [
            ("leitung@example.org", "FB 56", Role.CHAIR),
            ("awo-admin@example.org", "AWO", Role.DEPUTY),
            ("redaktion@example.org", "FB 56", Role.SECRETARY),
            ("awo@example.org", "AWO", Role.MEMBER),
            ("caritas@example.org", "Caritas", Role.MEMBER),
            ("diakonie@example.org", "Diakonie", Role.MEMBER),
            ("drk-lenkungsgruppe@example.org", "DRK", Role.MEMBER),
            ("paritaet-lenkungsgruppe@example.org", "Paritätischer", Role.MEMBER),
            ("jg-lenkungsgruppe@example.org", "Jüdische Gemeinde", Role.MEMBER),
        ],
    },
    {
        "slug": "ausschuss-soziales-integration-demographie",
        "title": "Ausschuss für Soziales, Integration und Demographie",
        "short_name": "ASID",
        "kind": BodyPage.Kind.AUSSCHUSS,
        "start_date": datetime.date(2020, 11, 1),
        "description": (
            "<p>Der Ausschuss für Soziales, Integration und Demographie ist ein Fachausschuss des Rates der "
            "Stadt Hagen. Er berät unter anderem über die Arbeit des Fachbereichs Integration, Zuwanderung und "
            "Wohnraumsicherung.</p>"
        ),
        "members": [
            ("engelhardt@example.org", "Rat", Role.CHAIR),
            ("leitung@example.org", "FB 56", Role.GUEST),
            ("redaktion@example.org", "FB 56", Role.SECRETARY),
        ],
    },
    {
        "slug": "kuemmerergruppe-altenhagen",
        "title": "Kümmerergruppe Altenhagen",
        "short_name": "Kümmerer Altenhagen",
        "kind": BodyPage.Kind.KUEMMERERGRUPPE,
        "start_date": -120,
        "description": (
            "<p>Die Kümmerergruppe Altenhagen ist die Anlaufstelle im Quartier: Quartiersmanagement, Träger "
            "und Vereine aus dem Stadtteil sprechen Probleme früh an und lösen sie gemeinsam.</p>"
        ),
        "members": [
            ("schwanke@example.org", "FB 56", Role.CHAIR),
            ("vsf@example.org", "VSF Hagen", Role.MEMBER),
            ("awo@example.org", "AWO", Role.MEMBER),
        ],
    },
    {
        "slug": "kuemmerergruppe-wehringhausen",
        "title": "Kümmerergruppe Wehringhausen",
        "short_name": "Kümmerer Wehringhausen",
        "kind": BodyPage.Kind.KUEMMERERGRUPPE,
        "start_date": -120,
        "description": "<p>Die Kümmerergruppe für Wehringhausen: Quartiersmanagement, Caritas und Diakonie.</p>",
        "members": [
            ("schwanke@example.org", "FB 56", Role.CHAIR),
            ("caritas@example.org", "Caritas", Role.MEMBER),
            ("diakonie@example.org", "Diakonie", Role.MEMBER),
        ],
    },
    {
        "slug": "kuemmerergruppe-haspe",
        "title": "Kümmerergruppe Haspe",
        "short_name": "Kümmerer Haspe",
        "kind": BodyPage.Kind.KUEMMERERGRUPPE,
        "start_date": -120,
        "description": "<p>Die Kümmerergruppe für Haspe: Quartiersmanagement und DRK.</p>",
        "members": [
            ("schwanke@example.org", "FB 56", Role.CHAIR),
            ("drk-lenkungsgruppe@example.org", "DRK", Role.MEMBER),
        ],
    },
]


# --- places ------------------------------------------------------------------------------------

RATHAUS = {
    "name": "Rathaus an der Volme",
    "street_address": "Rathausstraße 11",
    "postal_code": "58095",
    "locality": "Hagen",
    "latitude": Decimal("51.359500"),
    "longitude": Decimal("7.473700"),
}
DISTRICT_POSTAL_CODES = {"Altenhagen": "58097", "Wehringhausen": "58089", "Haspe": "58135"}
PLACES = {
    "rathaus-a201": {
        **RATHAUS,
        "room": "Raum A.201",
        "description": "Bitte am Empfang im Erdgeschoss melden; Raum A.201 liegt im ersten Obergeschoss.",
    },
    "rathaus-sitzungssaal": {**RATHAUS, "room": "Sitzungssaal"},
    "buergerhaus-wehringhausen": {
        "name": "Bürgerhaus Wehringhausen",
        "room": "Saal",
        "postal_code": "58089",
        "locality": "Hagen",
    },
    **{
        f"stadtteilbuero-{area.lower()}": {
            "name": f"Stadtteilbüro {area}",
            "postal_code": code,
            "locality": "Hagen",
            "description": f"Das Büro des Quartiersmanagements in {area}.",
        }
        for area, code in DISTRICT_POSTAL_CODES.items()
    },
    # used only by meetings for members: the API never shows it
    **{
        f"familienzentrum-{area.lower()}": {
            "name": f"Familienzentrum {area}",
            "room": "Gruppenraum",
            "postal_code": code,
            "locality": "Hagen",
        }
        for area, code in DISTRICT_POSTAL_CODES.items()
    },
}


def ensure_places():
    places = {}
    for key, fields in PLACES.items():
        lookup = {"name": fields["name"], "room": fields.get("room", "")}
        places[key], _created = Place.objects.get_or_create(**lookup, defaults=fields)
    return places


# --- documents ---------------------------------------------------------------------------------

ORGANIGRAMM_HTML = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Organigramm des Fachbereichs Integration, Zuwanderung und Wohnraumsicherung (56)</title>
<style>body{font-family:"Liberation Sans","DejaVu Sans",sans-serif;font-size:11pt}
h1{font-size:15pt}.box{border:1pt solid #000;padding:6pt;margin:6pt 0}.units{display:flex;gap:6pt}
.units .box{flex:1;font-size:9.5pt}</style></head><body>
<h1>Organigramm – Fachbereich Integration, Zuwanderung und Wohnraumsicherung (56)</h1>
<div class="box"><strong>Fachbereichsleitung</strong><br>Frau Keller</div>
<div class="units">
<div class="box"><strong>Leistungsgewährung</strong></div>
<div class="box"><strong>Unterbringung</strong></div>
<div class="box"><strong>Quartiersmanagement</strong><br>Leitung: Frau Schwanke</div>
<div class="box"><strong>Flüchtlings- und Asylbewerber&shy;angelegenheiten</strong></div>
<div class="box"><strong>Wohnraumsicherung</strong></div>
</div>
<p>Stand: Februar 2022. Anlage zur Sitzung des Ausschusses für Soziales, Integration und Demographie
am 15.02.2022.</p></body></html>"""


def organigramm_pdf():
    from weasyprint import HTML

    return HTML(string=ORGANIGRAMM_HTML).write_pdf(pdf_variant="pdf/ua-1")


DOCUMENTS = {
    "organigramm": {
        "title": "Organigramm des Fachbereichs Integration, Zuwanderung und Wohnraumsicherung (56)",
        "audience": Audience.PUBLIC,
        "kind": PortalDocument.Kind.ATTACHMENT,
        "description": "Anlage zu TOP 2 der Sitzung des Ausschusses für Soziales, Integration und Demographie.",
        "published_date": datetime.date(2022, 2, 15),
        "file": ("organigramm-fb56.pdf", organigramm_pdf),
    },
    "angebotsauswertung": {
        "title": "Vergabe Case-Management – Bewertungsmatrix der Angebote (vertraulich)",
        "audience": Audience.BODY,
        "bodies": ["lenkungsgruppe-integration"],
        "kind": PortalDocument.Kind.ATTACHMENT,
        "description": "Punktbewertung der vier eingegangenen Angebote nach Qualität, Personal und Preis.",
        "file": (
            "bewertungsmatrix-case-management.txt",
            lambda: (
                b"Bewertungsmatrix (vertraulich)\n\n"
                b"Kriterium            Gewicht  AWO  Caritas  Diakonie  Bieter D\n"
                b"Fachkonzept          40 %      34     36       31        22\n"
                b"Personalkonzept      30 %      27     25       24        18\n"
                b"Preis je Stelle      30 %      26     24       27        29\n"
                b"Summe                         87     85       82        69\n"
            ),
        ),
    },
    "kim-bericht": {
        "title": "Kommunales Integrationsmanagement – Sachstandsbericht",
        "audience": Audience.MEMBERS,
        "kind": PortalDocument.Kind.REPORT,
        "description": "Sachstand zur Landesförderung des Case-Managements (KIM).",
        "file": (
            "kim-sachstand.txt",
            lambda: (
                "Kommunales Integrationsmanagement – Sachstand\n\n"
                "Das Land NRW fördert Case-Management-Stellen mit 56.000 EUR je Stelle und Jahr. "
                "Fünf Stellen sind bereits gefördert, fünf weitere sind möglich.\n"
            ).encode(),
        ),
    },
}


def ensure_document(key, bodies):
    spec = DOCUMENTS[key]
    doc = PortalDocument.objects.filter(title=spec["title"]).first()
    if doc is None:
        filename, make = spec["file"]
        doc = PortalDocument.objects.create_from_bytes(
            spec["title"],
            make(),
            filename,
            bodies=[bodies[slug] for slug in spec.get("bodies", [])],
            audience=spec["audience"],
            kind=spec["kind"],
            description=spec["description"],
            published_date=spec.get("published_date"),
        )
    return doc


# --- the meetings ------------------------------------------------------------------------------


def item(title, **kwargs):
    return {"title": title, **kwargs}


VSF_ITEM = item(
    "Zuwanderung aus Südosteuropa: Lagebericht",
    presenter="Frau Keller (FB 56)",
    description=(
        "Rund 40 % der Hagener Bevölkerung haben eine Zuwanderungsgeschichte. Die Zuwanderung aus der EU wächst: "
        "Die Zahl der Menschen aus Bulgarien stieg von 1.814 (2019) auf 2.009, aus Rumänien von 3.337 auf 3.685."
    ),
    minutes=(
        "Frau Keller erläutert die Zahlen. Innerhalb eines Jahres haben sich rund 1.000 Menschen aus Südosteuropa "
        "mehr in Hagen angemeldet. Die Träger berichten von steigender Nachfrage in den Beratungsstellen, vor "
        "allem zu Wohnung, Arbeit und Schulanmeldung. Der VSF Hagen bietet an, Sprachmittlung in Altenhagen zu "
        "übernehmen."
    ),
    decision="Die Lenkungsgruppe nimmt den Lagebericht zur Kenntnis.",
    result=Result.NOTED,
)


def steering_meetings():
    """The six meetings of the Lenkungsgruppe, oldest first."""
    return [
        {
            "slug": "sitzung-01",
            "title": "1. Sitzung der Lenkungsgruppe Integration",
            "start": days_from_today(-630),
            "location": "Rathaus an der Volme, Raum A.201",
            "place": "rathaus-a201",
            "status": MeetingPage.Status.HELD,
            "items": [
                item(
                    "Begrüßung und Feststellung der Tagesordnung",
                    minutes="Frau Keller begrüßt die Vertreterinnen und Vertreter der Freien Wohlfahrtspflege.",
                    decision="Die Tagesordnung wird ohne Änderungen festgestellt.",
                    result=Result.ADOPTED,
                ),
                item(
                    "Geschäftsordnung der Lenkungsgruppe",
                    presenter="Herr Brandt (FB 56)",
                    description="Entwurf einer Geschäftsordnung: Vorsitz, Einladung, Öffentlichkeit, Niederschrift.",
                    minutes=(
                        "Die Träger regen an, nicht öffentliche Punkte auf Vergabe- und Personalangelegenheiten zu "
                        "beschränken. Der Entwurf wird entsprechend ergänzt."
                    ),
                    decision="Die Lenkungsgruppe beschließt die Geschäftsordnung in der ergänzten Fassung.",
                    result=Result.ADOPTED,
                    votes=(8, 0, 0),
                ),
                item(
                    "Kommunales Integrationsmanagement: Landesförderung für Case-Management",
                    presenter="Frau Keller (FB 56)",
                    description=(
                        "Das Land NRW fördert Case-Management-Stellen mit 56.000 EUR je Stelle und Jahr, fast dem "
                        "vollen Gehalt. Fünf Stellen sind bereits gefördert, fünf weitere sind möglich."
                    ),
                    attachments=["kim-bericht"],
                    minutes=(
                        "Die Träger begrüßen die Förderung. Es wird diskutiert, ob die zusätzlichen Stellen bei der "
                        "Stadt oder bei Freien Trägern angesiedelt werden sollen. Die Verwaltung wird ein "
                        "Vergabeverfahren vorbereiten."
                    ),
                    decision="Die Verwaltung wird beauftragt, die Vergabe des Case-Managements vorzubereiten.",
                    result=Result.ADOPTED,
                    votes=(8, 0, 1),
                ),
            ],
        },
        {
            "slug": "sitzung-02",
            "title": "2. Sitzung der Lenkungsgruppe Integration",
            "start": days_from_today(-450),
            "location": "Rathaus an der Volme, Raum A.201",
            "place": "rathaus-a201",
            "status": MeetingPage.Status.HELD,
            "items": [
                VSF_ITEM,
                item(
                    "Kümmerergruppen Altenhagen, Wehringhausen und Haspe: Zwischenbericht",
                    presenter="Frau Schwanke (Quartiersmanagement)",
                    description="Erste Erfahrungen aus den drei Kümmerergruppen in den Quartieren.",
                    minutes=(
                        "Frau Schwanke berichtet, dass sich die Kümmerergruppen monatlich treffen. Themen sind "
                        "Müll, Lärm und Überbelegung von Wohnungen. Ein kommunales Konfliktmanagement wird mit dem "
                        "Büro des Oberbürgermeisters und dem Fachbereich Öffentliche Sicherheit und Ordnung "
                        "aufgebaut."
                    ),
                    decision="Die Lenkungsgruppe nimmt den Bericht zur Kenntnis.",
                    result=Result.NOTED,
                ),
                item(
                    "Leistungsbeschreibung für die Vergabe des Case-Managements an Freie Träger",
                    public=False,
                    public_title="Vergabeangelegenheit",
                    presenter="Herr Brandt (FB 56)",
                    description=(
                        "Entwurf der Leistungsbeschreibung: Zielgruppen Neuzugewanderte aus Südosteuropa und "
                        "Geflüchtete, Fallschlüssel 1:60, Standorte Altenhagen und Wehringhausen."
                    ),
                    minutes=(
                        "Die Träger bitten, den Fallschlüssel auf 1:50 abzusenken und Sprachmittlung als "
                        "erstattungsfähige Sachkosten aufzunehmen. Die Verwaltung sagt eine Prüfung bis zur "
                        "nächsten Sitzung zu."
                    ),
                    decision="Die Leistungsbeschreibung wird mit Fallschlüssel 1:55 zur Ausschreibung freigegeben.",
                    result=Result.ADOPTED,
                    votes=(6, 1, 2),
                ),
            ],
        },
        {
            "slug": "sitzung-03",
            "title": "3. Sitzung der Lenkungsgruppe Integration",
            "start": days_from_today(-270),
            "location": "Rathaus an der Volme, Raum A.201",
            "place": "rathaus-a201",
            "online_link": "https://konferenz.example.org/lenkungsgruppe-03",
            "status": MeetingPage.Status.HELD,
            "attendance": [
                ("leitung@example.org", "FB 56", Role.CHAIR),
                ("awo-admin@example.org", "AWO", Role.DEPUTY),
                ("redaktion@example.org", "FB 56", Role.SECRETARY),
                ("awo@example.org", "AWO", Role.MEMBER),
                ("caritas@example.org", "Caritas", Role.MEMBER),
                ("diakonie@example.org", "Diakonie", Role.MEMBER),
                ("drk-lenkungsgruppe@example.org", "DRK", Role.MEMBER),
                ("paritaet-lenkungsgruppe@example.org", "Paritätischer", Role.MEMBER),
                ("jg-lenkungsgruppe@example.org", "Jüdische Gemeinde", Role.MEMBER),
            ],
            "items": [
                item(
                    "Bericht aus dem Fachbereich 56",
                    presenter="Frau Keller (FB 56)",
                    description="Stellenbesetzung im Fachbereich, Unterbringung, Wohnraumsicherung.",
                    minutes=(
                        "Von den 16 neuen Stellen im Fachbereich sind 12 besetzt. Die Unterbringung ist zu 85 % "
                        "ausgelastet."
                    ),
                    decision="Die Lenkungsgruppe nimmt den Bericht zur Kenntnis.",
                    result=Result.NOTED,
                ),
                item(
                    "Vergabe des Case-Managements an Freie Träger – Angebotsauswertung",
                    public=False,
                    public_title="Vergabeangelegenheit",
                    # AWO and Caritas are bidders: befangen (§ 31 GO NRW), they see only the public title
                    excluded=["AWO", "Caritas"],
                    departures=[
                        ("awo-admin@example.org", "AWO"),
                        ("awo@example.org", "AWO"),
                        ("caritas@example.org", "Caritas"),
                    ],
                    presenter="Herr Brandt (FB 56)",
                    description=(
                        "Vier Angebote sind fristgerecht eingegangen. Die Bewertungsmatrix liegt als vertrauliche "
                        "Anlage bei. Nach Punkten liegt die AWO vorn (87 Punkte), gefolgt von der Caritas (85)."
                    ),
                    attachments=["angebotsauswertung"],
                    minutes=(
                        "Die Vertreterinnen und Vertreter der bietenden Träger verlassen für die Beratung den Raum. "
                        "Die Lenkungsgruppe empfiehlt, die fünf Stellen aufzuteilen: drei Stellen an die AWO für "
                        "Altenhagen, zwei an die Caritas für Wehringhausen, um beide Quartiere abzudecken."
                    ),
                    decision=(
                        "Die Lenkungsgruppe empfiehlt der Verwaltung den Zuschlag: drei Stellen AWO (Altenhagen), "
                        "zwei Stellen Caritas (Wehringhausen), Vertragsbeginn zum nächsten Quartal."
                    ),
                    result=Result.ADOPTED,
                    votes=(5, 0, 0),
                    actions=[
                        ("Personal- und Raumkonzept für drei Case-Management-Stellen vorlegen", "AWO", -200, "open"),
                        (
                            "Personal- und Raumkonzept für zwei Case-Management-Stellen vorlegen",
                            "Caritas",
                            -200,
                            "done",
                        ),
                        ("Zuwendungsbescheide für das Case-Management erstellen", "FB 56", -10, "in_progress"),
                    ],
                ),
                item("Verschiedenes", minutes="Keine Wortmeldungen."),
            ],
        },
        {
            "slug": "sitzung-04",
            "title": "4. Sitzung der Lenkungsgruppe Integration",
            "start": days_from_today(-90),
            "location": "Bürgerhaus Wehringhausen, Saal",
            "place": "buergerhaus-wehringhausen",
            "status": MeetingPage.Status.HELD,
            "minutes_state": "objection",  # draft minutes in their objection period, one objection
            "objection": (
                "caritas@example.org",
                0,
                "Im Beschluss fehlt, dass die Träger ihre Ansprechpersonen bis zur nächsten Sitzung benennen.",
            ),
            "items": [
                item(
                    "Konfliktmanagement in den Quartieren",
                    presenter="Frau Schwanke (Quartiersmanagement)",
                    description="Vorstellung des kommunalen Konfliktmanagements und der Ansprechpersonen.",
                    minutes=(
                        "Frau Schwanke stellt das Verfahren vor. Die Träger benennen je eine Ansprechperson "
                        "für die Kümmerergruppen."
                    ),
                    decision="Die Lenkungsgruppe unterstützt das Verfahren.",
                    result=Result.ADOPTED,
                    votes=(9, 0, 0),
                ),
                item(
                    "Anmietung eines Übergangswohnheims in der Eppenhauser Straße – Verhandlungsstand",
                    public=False,
                    public_title="Grundstücks- und Mietangelegenheit",
                    presenter="Frau Keller (FB 56)",
                    description=(
                        "Der Eigentümer verlangt 11,80 EUR je Quadratmeter bei zehn Jahren Laufzeit; die "
                        "Verwaltung strebt 9,90 EUR und eine Verlängerungsoption an."
                    ),
                    minutes=(
                        "Die Träger weisen auf den Sanierungsbedarf der Sanitäranlagen hin. Der Diakonie ist die "
                        "Liegenschaft aus früherer Nutzung bekannt; sie stellt ihre Unterlagen zur Verfügung."
                    ),
                    decision="Die Verwaltung führt die Verhandlungen mit dem Ziel von höchstens 10,50 EUR fort.",
                    result=Result.ADOPTED,
                    votes=(7, 0, 2),
                ),
            ],
        },
        {
            "slug": "sitzung-05",
            "title": "5. Sitzung der Lenkungsgruppe Integration",
            "start": days_from_today(20),
            "location": "Rathaus an der Volme, Raum A.201",
            "place": "rathaus-a201",
            "online_link": "https://konferenz.example.org/lenkungsgruppe-05",
            "status": MeetingPage.Status.INVITED,
            "invited": True,
            "items": [
                item("Genehmigung der Niederschrift der 4. Sitzung"),
                item(
                    "Jahresbericht Kommunales Integrationsmanagement",
                    presenter="Frau Keller (FB 56)",
                    description="Fallzahlen, Stellenbesetzung und Ausblick auf das nächste Förderjahr.",
                    attachments=["kim-bericht"],
                ),
                item(
                    "Fortschreibung der Trägerverträge Case-Management – Finanzierung des zweiten Förderjahres",
                    public=False,
                    presenter="Herr Brandt (FB 56)",
                    description=(
                        "Die Tarifsteigerung von 5,5 % ist durch die Landespauschale nicht gedeckt; es fehlen "
                        "rund 14.000 EUR im Jahr, die aus Eigenmitteln der Träger oder des Fachbereichs zu "
                        "decken wären."
                    ),
                ),
            ],
        },
        {
            "slug": "sitzung-06",
            "title": "6. Sitzung der Lenkungsgruppe Integration",
            "start": days_from_today(110),
            "location": "Rathaus an der Volme, Raum A.201",
            "place": "rathaus-a201",
            "status": MeetingPage.Status.PLANNED,
            "items": [
                item("Fortschreibung des Integrationskonzepts der Stadt Hagen", presenter="Frau Keller (FB 56)"),
                item("Bericht aus den Kümmerergruppen", presenter="Frau Schwanke (Quartiersmanagement)"),
            ],
        },
    ]


COMMITTEE_MINUTES = (
    "Frau Keller stellt den neuen Fachbereich anhand des Organigramms (Anlage) vor. Der Fachbereich bündelt "
    "die Leistungsgewährung, die Unterbringung, das Quartiersmanagement, die Flüchtlings- und "
    "Asylbewerberangelegenheiten sowie die Wohnraumsicherung.\n\n"
    "Auf Nachfrage aus dem Ausschuss zu den 16 neuen Stellen erläutert Frau Keller, dass die Stellen überwiegend "
    "in der Leistungsgewährung und im Quartiersmanagement angesiedelt sind; ein Teil wird über das Kommunale "
    "Integrationsmanagement des Landes gefördert.\n\n"
    "Auf die Frage, wie die Freie Wohlfahrtspflege beteiligt wird, verweist Frau Keller auf die gemeinsame "
    "Lenkungsgruppe, in der die Träger mit der Stadt die Integrationsarbeit steuern.\n\n"
    "Das Quartiersmanagement unter der Leitung von Frau Schwanke hat Kümmerergruppen für Altenhagen, "
    "Wehringhausen und Haspe gebildet. Nach dem Konfliktmanagement gefragt, berichtet Frau Keller, dass ein "
    "kommunales Konfliktmanagement gemeinsam mit dem Büro des Oberbürgermeisters und dem Fachbereich "
    "Öffentliche Sicherheit und Ordnung aufgebaut wird.\n\n"
    "Frau Engelhardt dankt Frau Keller für den Bericht."
)


def committee_meetings():
    return [
        {
            "slug": "sitzung-2022-02-15",
            "title": "Sitzung des Ausschusses für Soziales, Integration und Demographie",
            "start": at(datetime.date(2022, 2, 15), 16, 0),
            "end": at(datetime.date(2022, 2, 15), 18, 30),
            "location": "Rathaus an der Volme, Sitzungssaal",
            "place": "rathaus-sitzungssaal",
            "status": MeetingPage.Status.HELD,
            "attendance": [
                ("engelhardt@example.org", "Rat", Role.CHAIR),
                ("leitung@example.org", "FB 56", Role.GUEST),
                ("schwanke@example.org", "FB 56", Role.GUEST),
                ("redaktion@example.org", "FB 56", Role.SECRETARY),
            ],
            "items": [
                item(
                    "Eröffnung der Sitzung und Feststellung der Tagesordnung",
                    minutes=(
                        "Die Vorsitzende, Frau Engelhardt, eröffnet die Sitzung und stellt die ordnungsgemäße "
                        "Einladung und die Beschlussfähigkeit fest."
                    ),
                    decision="Die Tagesordnung wird festgestellt.",
                    result=Result.ADOPTED,
                ),
                item(
                    "Vorstellung des neuen Fachbereiches Integration, Zuwanderung und Wohnraumsicherung (56)",
                    presenter="Frau Keller, Leiterin des Fachbereichs 56",
                    description="Bericht der Verwaltung. Anlage: Organigramm des Fachbereichs.",
                    attachments=["organigramm"],
                    minutes=COMMITTEE_MINUTES,
                    decision="Der Ausschuss für Soziales, Integration und Demographie nimmt den Bericht zur Kenntnis.",
                    result=Result.NOTED,
                ),
                item("Mitteilungen", minutes="Es liegen keine Mitteilungen vor."),
            ],
        }
    ]


def neighbourhood_meetings(area):
    return [
        {
            "slug": "treffen-01",
            "title": f"Treffen der Kümmerergruppe {area}",
            "start": days_from_today(-40, 17),
            "location": f"Stadtteilbüro {area}",
            "place": f"stadtteilbuero-{area.lower()}",
            "status": MeetingPage.Status.HELD,
            "items": [
                item(
                    "Rückmeldungen aus dem Quartier",
                    minutes="Die Teilnehmenden berichten über die Lage in den Häusern und auf den Spielplätzen.",
                ),
                item(
                    "Ansprechpersonen für das Konfliktmanagement",
                    decision="Die Träger benennen ihre Ansprechpersonen bis zum nächsten Treffen.",
                    result=Result.ADOPTED,
                ),
            ],
        },
        {
            "slug": "treffen-02",
            "title": f"Treffen der Kümmerergruppe {area}",
            "start": days_from_today(30, 17),
            "location": f"Familienzentrum {area}, Gruppenraum",
            "place": f"familienzentrum-{area.lower()}",
            "status": MeetingPage.Status.PLANNED,
            "audience": Audience.MEMBERS,
            "items": [item("Rückmeldungen aus dem Quartier"), item("Planung des Stadtteilfestes")],
        },
    ]


# --- building it -------------------------------------------------------------------------------


def ensure_people(organisations):
    people = {u.email: u for u in User.objects.all()}
    for email, first, last, org in EXTRA_PEOPLE:
        if email not in people:
            user = User(email=email, first_name=first, last_name=last)
            user.set_unusable_password()
            user.save()
            people[email] = user
        # Gremium memberships count only through a membership in the organisation acted for
        Membership.objects.get_or_create(user=people[email], organisation=organisations[org])
    return people


def ensure_index(home):
    index = MeetingIndexPage.objects.first()
    if index is None:
        index = MeetingIndexPage(
            title="Sitzungen",
            slug="sitzungen",
            show_in_menus=True,
            intro=(
                "Die Sitzungen der Lenkungsgruppe Integration, des Ausschusses für Soziales, Integration und "
                "Demographie und der Kümmerergruppen: Termine, Tagesordnungen und Niederschriften."
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def start_date(spec):
    value = spec.get("start_date")
    if isinstance(value, int):
        return timezone.localdate() + datetime.timedelta(days=value)
    return value


def ensure_body(index, spec, people, organisations):
    body = BodyPage.objects.filter(slug=spec["slug"]).first()
    if body is None:
        body = BodyPage(
            title=spec["title"],
            slug=spec["slug"],
            short_name=spec["short_name"],
            kind=spec["kind"],
            description=spec["description"],
            start_date=start_date(spec),
        )
        index.add_child(instance=body)
        body.save_revision().publish()
    for email, org, role in spec["members"]:
        BodyMembership.objects.get_or_create(
            body=body, user=people[email], organisation=organisations[org], defaults={"role": role}
        )
    # Each organisation has one seat more than it fills: its admins can send a colleague.
    for org in {org for _email, org, _role in spec["members"]}:
        filled = sum(1 for _email, o, _role in spec["members"] if o == org)
        BodySeat.objects.get_or_create(body=body, organisation=organisations[org], defaults={"seats": filled + 1})
    return body


def build_items(specs, documents, organisations):
    items = []
    for position, spec in enumerate(specs):
        votes = spec.get("votes") or (None, None, None)
        agenda_item = AgendaItem(
            sort_order=position,
            title=spec["title"],
            public=spec.get("public", True),
            public_title=spec.get("public_title", ""),
            description=spec.get("description", ""),
            presenter=spec.get("presenter", ""),
            minutes=spec.get("minutes", ""),
            decision=spec.get("decision", ""),
            result=spec.get("result", ""),
            votes_for=votes[0],
            votes_against=votes[1],
            votes_abstained=votes[2],
        )
        agenda_item.set_attachments([documents[key] for key in spec.get("attachments", [])])
        agenda_item.excluded_organisation_links = [
            AgendaItemExcludedOrganisation(organisation=organisations[org], sort_order=n)
            for n, org in enumerate(spec.get("excluded", []))
        ]
        items.append(agenda_item)
    return items


def without_minutes(specs):
    keep = ("title", "public", "public_title", "description", "presenter", "attachments", "excluded")
    return [{k: v for k, v in spec.items() if k in keep} for spec in specs]


def ensure_meeting(body, spec, documents, people, organisations, editor, approver, places):
    if MeetingPage.objects.filter(slug=spec["slug"], body=body).exists():
        return None
    state = spec.get("minutes_state", "final")
    page = MeetingPage(
        title=spec["title"],
        slug=spec["slug"],
        start=spec["start"],
        end=spec.get("end") or spec["start"] + datetime.timedelta(hours=2),
        location=spec.get("location", ""),
        place=places.get(spec.get("place")),
        online_link=spec.get("online_link", ""),
        status=spec["status"],
        audience=spec.get("audience", Audience.PUBLIC),
        live=False,
    )
    # Final minutes were approved before: their texts are on the items. Others are drafted apart.
    page.agenda_items = build_items(
        spec["items"] if state == "final" else without_minutes(spec["items"]), documents, organisations
    )
    body.add_child(instance=page)
    # The editors publish the agenda themselves.
    page.save_revision(user=editor).publish(user=editor)
    page = MeetingPage.objects.get(pk=page.pk)
    if any(item.get("minutes") for item in spec["items"]):
        ensure_minutes_for(page, spec, state, people, organisations, editor, approver)
    if spec.get("invited"):
        sent = timezone.now() - datetime.timedelta(days=3)
        MeetingPage.objects.filter(pk=page.pk).update(invitation_sent_at=sent, status=MeetingPage.Status.INVITED)
    for agenda_spec, agenda_item in zip(spec["items"], page.agenda_items.all(), strict=True):
        for title, org, due_in_days, status in agenda_spec.get("actions", []):
            ActionItem.objects.create(
                agenda_item=agenda_item,
                title=title,
                organisation=organisations[org],
                due_date=timezone.localdate() + datetime.timedelta(days=due_in_days),
                status=status,
            )
    return page


def ensure_minutes_for(page, spec, state, people, organisations, editor, approver):
    """The minutes of a held meeting, with their attendance (and who left the room for which
    item): final ones as approved before; a draft written by the secretary, approved by the
    Fachbereichsleitung and open for objections (with one)."""
    record = ensure_minutes(page, user=editor)
    draft = record.get_latest_revision_as_object()
    draft.attendances = attendance_of(page, spec, people, organisations)
    if state == "final":
        draft.save_revision(user=editor).publish(user=approver)
        return record
    entries = list(draft.entries.all())
    for entry, item_spec in zip(entries, spec["items"], strict=True):
        votes = item_spec.get("votes") or (None, None, None)
        entry.minutes = item_spec.get("minutes", "")
        entry.decision = item_spec.get("decision", "")
        entry.result = item_spec.get("result", "")
        entry.votes_for, entry.votes_against, entry.votes_abstained = votes
    draft.entries = entries
    revision = draft.save_revision(user=editor)
    workflow_state = record.get_workflow().start(record, editor)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, approver, "approve", comment="")
    if spec.get("objection"):
        email, position, text = spec["objection"]
        item = page.agenda_items.order_by("sort_order")[position]
        Objection.objects.get_or_create(record=record, agenda_item=item, author=people[email], defaults={"text": text})
    return revision


def attendance_of(page, spec, people, organisations):
    """The attendance of the minutes: everyone listed present, with the items they left the room
    for because of a conflict of interest."""
    items = list(page.agenda_items.order_by("sort_order"))
    rows = []
    for n, (email, org, role) in enumerate(spec.get("attendance", [])):
        left_for = [
            item
            for item, item_spec in zip(items, spec["items"], strict=True)
            if (email, org) in item_spec.get("departures", [])
        ]
        rows.append(
            MinutesAttendance(
                sort_order=n,
                person=people[email],
                organisation=organisations[org],
                role=role,
                status=MinutesAttendance.Status.PRESENT,
                left_for=left_for,
            )
        )
    return rows


def run():
    home = HomePage.objects.first()
    organisations = {o.short_name: o for o in Organisation.objects.all()}
    council, _ = Organisation.objects.get_or_create(
        name=COUNCIL[0], defaults={"short_name": COUNCIL[1], "kind": COUNCIL[2]}
    )
    organisations[council.short_name] = council
    people = ensure_people(organisations)
    editor, approver = people["redaktion@example.org"], people["leitung@example.org"]

    index = ensure_index(home)
    bodies = {spec["slug"]: ensure_body(index, spec, people, organisations) for spec in BODIES}
    documents = {key: ensure_document(key, bodies) for key in DOCUMENTS}
    places = ensure_places()

    plan = [
        ("lenkungsgruppe-integration", steering_meetings()),
        ("ausschuss-soziales-integration-demographie", committee_meetings()),
        ("kuemmerergruppe-altenhagen", neighbourhood_meetings("Altenhagen")),
        ("kuemmerergruppe-wehringhausen", neighbourhood_meetings("Wehringhausen")),
        ("kuemmerergruppe-haspe", neighbourhood_meetings("Haspe")),
    ]
    for slug, meetings in plan:
        for spec in meetings:
            ensure_meeting(bodies[slug], spec, documents, people, organisations, editor, approver, places)
    return index
