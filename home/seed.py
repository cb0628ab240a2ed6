"""Demo pages: the home page and the legal and information pages (seed_demo)."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site

from .models import ContentPage, HomePage, NewsIndexPage, NewsPage


def paragraph(html):
    return ("paragraph", html)


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


PAGES = [
    {
        "slug": "lenkungsgruppe",
        "title": "Die Lenkungsgruppe",
        "show_in_menus": True,
        "intro": "Stadt und Freie Wohlfahrtspflege steuern die Integrationsarbeit in Hagen gemeinsam.",
        "body": [
            paragraph(
                "<p>Die Freien Träger der Wohlfahrtspflege – AWO, Caritas, Diakonie, DRK, der Paritätische und die "
                "Jüdische Gemeinde – sind über eine gemeinsame Lenkungsgruppe in die Integrationsarbeit der Stadt "
                "Hagen eingebunden.</p>"
            ),
            paragraph(
                "<p>Rund 40 % der Hagener Bevölkerung haben eine Zuwanderungsgeschichte. Die Zuwanderung aus der EU "
                "wächst: Die Zahl der Menschen aus Bulgarien stieg von 1.814 (2019) auf 2.009, aus Rumänien von "
                "3.337 auf 3.685.</p>"
            ),
        ],
    },
    {
        "slug": "impressum",
        "title": "Impressum",
        "in_footer": True,
        "body": [
            paragraph(
                "<p>Stadt Hagen<br>Der Oberbürgermeister<br>Fachbereich Integration, Zuwanderung und "
                "Wohnraumsicherung (56)<br>Rathausstraße 13, 58095 Hagen</p>"
            ),
            paragraph("<p>Die Stadt Hagen ist eine Körperschaft des öffentlichen Rechts.</p>"),
        ],
    },
    {
        "slug": "datenschutz",
        "title": "Datenschutzerklärung",
        "in_footer": True,
        "body": [
            heading("Verantwortliche Stelle"),
            paragraph("<p>Verantwortlich ist die Stadt Hagen, Fachbereich 56.</p>"),
            heading("Welche Daten wir verarbeiten"),
            paragraph(
                "<p>Für den Mitgliederbereich speichern wir Name, E-Mail-Adresse, Organisation und Rolle. Das "
                "Portal setzt nur technisch notwendige Cookies und lädt keine Inhalte von Dritten. Sie können Ihre "
                "Daten unter „Mein Konto“ herunterladen und Ihr Konto löschen.</p>"
            ),
        ],
    },
    {
        "slug": "barrierefreiheit",
        "title": "Erklärung zur Barrierefreiheit",
        "in_footer": True,
        "body": [
            paragraph(
                "<p>Die Stadt Hagen ist bemüht, dieses Portal im Einklang mit der Barrierefreie-"
                "Informationstechnik-Verordnung (BITV 2.0) und den WCAG 2.1 (Stufe AA) barrierefrei zugänglich "
                "zu machen.</p>"
            ),
            heading("Feedback und Kontakt"),
            paragraph(
                "<p>Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Schreiben Sie uns an "
                '<a href="mailto:barrierefreiheit@example.org">barrierefreiheit@example.org</a> oder rufen Sie '
                "uns an: 02331 207-0.</p>"
            ),
            heading("Schlichtungsverfahren"),
            paragraph(
                "<p>Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an "
                "die Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen wenden.</p>"
            ),
        ],
    },
    {
        "slug": "leichte-sprache",
        "title": "Leichte Sprache",
        "in_footer": True,
        "body": [
            paragraph("<p>Das ist die Internet-Seite von der Lenkungs-Gruppe Integration in Hagen.</p>"),
            paragraph(
                "<p>In der Lenkungs-Gruppe arbeiten die Stadt Hagen und Wohlfahrts-Verbände zusammen. "
                "Sie helfen Menschen, die nach Hagen gekommen sind.</p>"
            ),
        ],
    },
]


NEWS = [
    {
        "slug": "neuer-fachbereich-56",
        "title": "Neuer Fachbereich Integration, Zuwanderung und Wohnraumsicherung",
        "date": datetime.date(2022, 2, 15),
        "tags": ["Fachbereich 56"],
        "teaser": (
            "Die Stadt Hagen bündelt Leistungsgewährung, Unterbringung, Quartiersmanagement, Flüchtlings- und "
            "Asylbewerberangelegenheiten sowie die Wohnraumsicherung in einem neuen Fachbereich."
        ),
        "body": [
            paragraph(
                "<p>Im Ausschuss für Soziales, Integration und Demographie wurde am 15. Februar 2022 der neue "
                "Fachbereich 56 vorgestellt. Leiterin ist Frau Keller; das Quartiersmanagement leitet Frau "
                "Schwanke. Im Fachbereich entstehen 16 neue Stellen.</p>"
            )
        ],
    },
    {
        "slug": "lenkungsgruppe-mit-freien-traegern",
        "title": "Lenkungsgruppe mit den Freien Trägern",
        "date": datetime.date(2022, 3, 10),
        "tags": ["Lenkungsgruppe", "Wohlfahrtspflege"],
        "teaser": (
            "AWO, Caritas, Diakonie, DRK, der Paritätische und die Jüdische Gemeinde steuern die Integrationsarbeit "
            "gemeinsam mit der Stadt."
        ),
        "body": [
            paragraph(
                "<p>Über eine gemeinsame Lenkungsgruppe sind die Freien Träger der Wohlfahrtspflege in die "
                "Integrationsarbeit der Stadt Hagen eingebunden. Für Altenhagen, Wehringhausen und Haspe wurden "
                "Kümmerergruppen gebildet.</p>"
            )
        ],
    },
    {
        "slug": "foerderung-case-management",
        "title": "Land fördert Case-Management-Stellen",
        "date": datetime.date(2022, 5, 2),
        "tags": ["Kommunales Integrationsmanagement", "Förderung"],
        "teaser": (
            "Das Land NRW fördert im Kommunalen Integrationsmanagement Case-Management-Stellen mit 56.000 Euro je "
            "Stelle und Jahr."
        ),
        "body": [
            paragraph(
                "<p>Fünf Stellen sind bereits gefördert, fünf weitere sind möglich. Ab 2022 prüft die Stadt, das "
                "Case-Management an die Freien Träger zu vergeben.</p>"
            )
        ],
    },
    {
        "slug": "hinweise-zur-angebotsabgabe",
        "title": "Hinweise zur Angebotsabgabe für das Case-Management",
        "date": datetime.date(2022, 6, 1),
        "audience": "members",
        "tags": ["Kommunales Integrationsmanagement"],
        "teaser": "Interne Hinweise für die Träger: Fristen und Unterlagen für die Angebote zum Case-Management.",
        "body": [
            paragraph(
                "<p>Die Angebote sind bis zum 30. Juni beim Fachbereich 56 einzureichen. Bitte nutzen Sie die "
                "Vorlage im Dokumentenbereich.</p>"
            )
        ],
    },
]


def seed_news(home):
    index = NewsIndexPage.objects.first()
    if index is None:
        index = NewsIndexPage(
            title="Nachrichten",
            slug="nachrichten",
            show_in_menus=True,
            intro="Neuigkeiten aus der Lenkungsgruppe Integration und dem Fachbereich 56.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    for spec in NEWS:
        if NewsPage.objects.filter(slug=spec["slug"]).exists():
            continue
        news = NewsPage(
            title=spec["title"],
            slug=spec["slug"],
            date=spec["date"],
            teaser=spec["teaser"],
            body=spec["body"],
            audience=spec.get("audience", "public"),
        )
        index.add_child(instance=news)
        news.tags.add(*spec["tags"])
        news.save_revision().publish()


def run():
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title="Integrationsportal Hagen",
            slug="start",
            intro=(
                "Das gemeinsame Portal der Lenkungsgruppe Integration: Stadt Hagen und Freie Wohlfahrtspflege "
                "arbeiten hier an Sitzungen, Dokumenten und Verträgen."
            ),
            body=[
                paragraph(
                    "<p>Die Stadt Hagen hat den Fachbereich Integration, Zuwanderung und Wohnraumsicherung (56) "
                    "gegründet. Er bündelt Leistungsgewährung, Unterbringung, Quartiersmanagement, Flüchtlings- "
                    "und Asylbewerberangelegenheiten sowie die Wohnraumsicherung.</p>"
                )
            ],
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    # Links in e-mails (Wagtail's approval and notification mails use the Site's root URL) point
    # where the portal runs: the configured base URL, not Wagtail's default localhost:80.
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL or "http://localhost")
    address = {"hostname": base.hostname, "port": base.port or (443 if base.scheme == "https" else 80)}
    if site is None:
        Site.objects.create(**address, root_page=home, is_default_site=True, site_name="Integrationsportal Hagen")
    elif (site.hostname, site.port) == ("localhost", 80):
        site.hostname, site.port = address["hostname"], address["port"]
        site.save()
    if site is not None and site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Integrationsportal Hagen"
        site.save()
        if old_root.specific_class is Page and not old_root.get_children().exists():
            old_root.delete()
    for spec in PAGES:
        if ContentPage.objects.filter(slug=spec["slug"]).exists():
            continue
        page = ContentPage(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec.get("intro", ""),
            body=spec["body"],
            show_in_menus=spec.get("show_in_menus", False),
            in_footer=spec.get("in_footer", False),
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    seed_news(home)
    return home
