"""Demo documents and the document library page (seed_demo). Idempotent."""

import datetime
from html import escape

from django.utils.text import slugify

from home.models import HomePage
from portal.access import Audience
from portal.models import Organisation, User

from .factories import portal_document
from .models import DocumentLibraryPage, PortalDocument

Kind = PortalDocument.Kind

# title, file name, kind, audience, organisation short name, date, description, paragraphs
DOCUMENTS = [
    (
        "Organigramm des Fachbereichs Integration, Zuwanderung und Wohnraumsicherung (56)",
        "organigramm-fb-56.pdf",
        Kind.ATTACHMENT,
        Audience.PUBLIC,
        "FB 56",
        datetime.date(2022, 2, 15),
        "Anlage zur Vorstellung des neuen Fachbereiches im Ausschuss für Soziales, Integration und Demographie.",
        [
            "Fachbereich Integration, Zuwanderung und Wohnraumsicherung (56). Fachbereichsleitung: Frau Keller.",
            "Abteilung 56/1 Leistungsgewährung nach dem Asylbewerberleistungsgesetz.",
            "Abteilung 56/2 Unterbringung von Geflüchteten und wohnungslosen Menschen.",
            "Abteilung 56/3 Quartiersmanagement, Leitung Frau Schwanke, mit den Kümmerergruppen in Altenhagen, "
            "Wehringhausen und Haspe.",
            "Abteilung 56/4 Flüchtlings- und Asylbewerberangelegenheiten.",
            "Abteilung 56/5 Wohnraumsicherung und Prävention von Wohnungslosigkeit.",
        ],
    ),
    (
        "Konzept des Fachbereichs Integration, Zuwanderung und Wohnraumsicherung",
        "konzept-fachbereich-56.pdf",
        Kind.CONCEPT,
        Audience.PUBLIC,
        "FB 56",
        datetime.date(2022, 2, 15),
        "Ziele, Aufgaben und Arbeitsweise des neuen Fachbereichs.",
        [
            "Rund 40 Prozent der Hagener Bevölkerung haben eine Zuwanderungsgeschichte. Die Zuwanderung aus "
            "Südosteuropa wächst: Die Zahl der Menschen aus Bulgarien stieg von 1.814 im Jahr 2019 auf 2.009, "
            "aus Rumänien von 3.337 auf 3.685.",
            "Der Fachbereich bündelt Leistungsgewährung, Unterbringung, Quartiersmanagement, Flüchtlings- und "
            "Asylbewerberangelegenheiten sowie die Wohnraumsicherung unter einem Dach.",
            "Gemeinsam mit dem Büro des Oberbürgermeisters und dem Fachbereich Öffentliche Sicherheit und Ordnung "
            "wird ein kommunales Konfliktmanagement aufgebaut.",
        ],
    ),
    (
        "Lenkungsgruppe: Eckpunkte zur Vergabe des Fallmanagements an die Freie Wohlfahrtspflege",
        "eckpunkte-fallmanagement.pdf",
        Kind.CONCEPT,
        Audience.MEMBERS,
        "FB 56",
        datetime.date(2022, 3, 10),
        "Beratungsunterlage der Lenkungsgruppe zum Kommunalen Integrationsmanagement.",
        [
            "Das Land Nordrhein-Westfalen fördert Stellen im Kommunalen Integrationsmanagement mit 56.000 Euro je "
            "Stelle und Jahr. Fünf Stellen sind bereits gefördert, fünf weitere sind 2021/22 möglich.",
            "Ab 2022 prüft die Stadt, das Fallmanagement an die Träger der Freien Wohlfahrtspflege zu vergeben. "
            "Die Lenkungsgruppe berät über Zuschnitt, Zielgruppen und Berichtspflichten.",
            "Vorschlag: Die Träger übernehmen das Fallmanagement je Stadtteil; Sachberichte und Fallstatistiken "
            "werden halbjährlich vorgelegt.",
        ],
    ),
    (
        "AWO: Personalplanung Fallmanagement 2022",
        "awo-personalplanung-2022.pdf",
        Kind.REPORT,
        Audience.ORGANISATION,
        "AWO",
        datetime.date(2022, 4, 4),
        "Interne Planung der AWO für die Übernahme von Fallmanagement-Stellen.",
        [
            "Die AWO plant, zwei Vollzeitstellen im Fallmanagement zu besetzen, vorrangig für Familien in Altenhagen.",
            "Stellenausschreibung und Einarbeitung sollen bis zum dritten Quartal abgeschlossen sein.",
        ],
    ),
    (
        "Caritas: Sachstand Kümmerergruppe Wehringhausen",
        "caritas-kuemmerergruppe-wehringhausen.pdf",
        Kind.REPORT,
        Audience.ORGANISATION,
        "Caritas",
        datetime.date(2022, 5, 2),
        "Interner Sachstand der Caritas zur Kümmerergruppe in Wehringhausen.",
        [
            "Die Kümmerergruppe Wehringhausen trifft sich monatlich im Stadtteilbüro.",
            "Schwerpunkte sind Nachbarschaftskonflikte, Sprachmittlung und die Begleitung zu Behörden.",
        ],
    ),
    (
        "Interne Vorlage: Stellenplan und Haushaltsmittel des Fachbereichs 56",
        "stellenplan-fb-56-intern.pdf",
        Kind.OTHER,
        Audience.STAFF,
        "FB 56",
        datetime.date(2022, 1, 20),
        "Nur für die Stadtverwaltung: Stellenplan mit den 16 neuen Stellen des Fachbereichs.",
        [
            "Im Fachbereich 56 entstehen 16 neue Stellen. Die Finanzierung erfolgt teilweise über Landesmittel "
            "des Kommunalen Integrationsmanagements.",
            "Diese Vorlage ist nur für den Dienstgebrauch der Stadtverwaltung bestimmt.",
        ],
    ),
]


def make_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A small, real PDF with the given text (WeasyPrint), so extraction and search find it."""
    from weasyprint import HTML

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    html = (
        '<html lang="de"><head><meta charset="utf-8"><title>'
        f"{escape(title)}</title><style>body{{font-family:sans-serif;font-size:11pt}}</style></head>"
        f"<body><p>Stadt Hagen · Fachbereich Integration, Zuwanderung und Wohnraumsicherung</p>"
        f"<h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTML(string=html).write_pdf()


def library_page(home):
    page = DocumentLibraryPage.objects.first()
    if page is None:
        page = DocumentLibraryPage(
            title="Dokumente",
            slug="dokumente",
            show_in_menus=True,
            intro="Konzepte, Anlagen, Berichte und Niederschriften der Lenkungsgruppe Integration. "
            "Mitglieder sehen nach der Anmeldung auch die Dokumente für ihre Organisation und ihre Gremien.",
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def run():
    home = HomePage.objects.first()
    if home is not None:
        library_page(home)
    uploader = User.objects.filter(email="redaktion@example.org").first()
    for title, filename, kind, audience, org_short, day, description, paragraphs in DOCUMENTS:
        if PortalDocument.objects.filter(title=title).exists():
            continue
        organisation = Organisation.objects.filter(short_name=org_short).first()
        portal_document(
            title,
            content=make_pdf(title, paragraphs),
            filename=filename or f"{slugify(title)}.pdf",
            kind=kind,
            audience=audience,
            organisation=organisation,
            published_date=day,
            description=description,
            uploaded_by_user=uploader,
        )
