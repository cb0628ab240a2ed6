"""Demo contracts (seed_demo): the KIM programme, five providers, reports in every state. Idempotent.

Dates follow today's date, so the demo always shows reports that are due, overdue, awaiting
review and with a revision request, and a contract that ends within the next 90 days.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from documents.factories import portal_document
from documents.models import PortalDocument
from documents.seed import make_pdf
from home.models import HomePage
from portal.access import Audience
from portal.models import Organisation, User

from .factories import ContractFactory, DistrictFactory, FundingProgrammeFactory, TargetGroupFactory
from .models import (
    Contract,
    ContractDocument,
    ContractReport,
    FundingProgramme,
    FundingTransparencyPage,
    ReportFigure,
)

DISTRICTS = ["Altenhagen", "Wehringhausen", "Haspe", "Mitte"]
EU = "EU-Zugewanderte aus Südosteuropa"
REFUGEES = "Geflüchtete"
ASYLUM = "Asylsuchende"
TARGET_GROUPS = [EU, REFUGEES, ASYLUM]
PROGRAMME = "KIM – Case Management"

# reference, provider, title, positions, filled, districts, target groups, scenario of the latest report
CONTRACTS = [
    ("56-KIM-01", "AWO", "Fallmanagement Altenhagen", "1.5", "1.5", ["Altenhagen"], [EU, REFUGEES], "submitted"),
    ("56-KIM-02", "Caritas", "Fallmanagement Wehringhausen", "1.0", "1.0", ["Wehringhausen"], [EU], "revision"),
    ("56-KIM-03", "Diakonie", "Fallmanagement Haspe", "1.0", "0.5", ["Haspe"], [REFUGEES, ASYLUM], "overdue"),
    ("56-KIM-04", "DRK", "Fallmanagement Mitte", "0.5", "0.5", ["Mitte"], [ASYLUM, REFUGEES], "accepted"),
    (
        "56-KIM-05",
        "VSF Hagen",
        "Fallmanagement für Familien aus Südosteuropa",
        "1.0",
        "1.0",
        ["Altenhagen", "Mitte"],
        [EU],
        "accepted_late",
    ),
]


def _month_end(day):
    following = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def _terms(reference, today):
    first_year = today.year - 1
    start = datetime.date(first_year, 1, 1)
    end = datetime.date(today.year + 1, 12, 31)
    if reference == "56-KIM-03":  # ends soon: shows up among the contracts ending within 90 days
        end = _month_end(today + datetime.timedelta(days=45))
    elif reference == "56-KIM-04":
        start = datetime.date(first_year, 7, 1)
    elif reference == "56-KIM-05":
        start = datetime.date(today.year, 1, 1)
    return start, end


def _pdf_document(title, filename, kind, organisation, uploader, paragraphs):
    document = PortalDocument.objects.filter(title=title).first()
    if document is None:
        document = portal_document(
            title,
            content=make_pdf(title, paragraphs),
            filename=filename,
            kind=kind,
            audience=Audience.ORGANISATION,
            organisation=organisation,
            uploaded_by_user=uploader,
        )
    return document


def _submit(report, user, figures_seed, when, late=False):
    contract = report.contract
    provider = contract.provider
    report.document = _pdf_document(
        f"{report} – {provider.display_name}",
        f"bericht-{contract.reference.lower()}-{report.period_start:%Y-%m}.pdf",
        PortalDocument.Kind.REPORT,
        provider,
        user,
        [
            f"Sachbericht zum Vertrag {contract.reference} für den Zeitraum {report.period_label}.",
            "Die Fallzahlen sind je Zielgruppe zusammengefasst; der Bericht enthält keine personenbezogenen Daten.",
        ],
    )
    for index, group in enumerate(contract.target_groups.all()):
        base = figures_seed + 3 * index
        ReportFigure.objects.update_or_create(
            report=report,
            target_group=group,
            defaults={"new_cases": base % 9 + 3, "active_cases": base % 17 + 12, "closed_cases": base % 7 + 2},
        )
    report.submitted_by = user
    report.submitted_at = when
    report.late = late
    report.status = ContractReport.Status.SUBMITTED


def _play_reports(contract, scenario, user, reviewer, today):
    """Older reports accepted; the latest one whose due date has passed in the contract's scenario."""
    past = list(contract.reports.filter(due_date__lt=today).order_by("period_start"))
    for number, report in enumerate(past, 1):
        latest = number == len(past)
        on_time = timezone.make_aware(datetime.datetime.combine(report.due_date, datetime.time(10)))
        if latest and scenario == "overdue":
            continue
        late = latest and scenario == "accepted_late"
        submitted = on_time + datetime.timedelta(days=9) if late else on_time - datetime.timedelta(days=3)
        _submit(report, user, number * 5 + len(contract.reference), submitted, late=late)
        if latest and scenario == "submitted":
            pass
        elif latest and scenario == "revision":
            report.status = ContractReport.Status.REVISION_REQUESTED
            report.review_comment = (
                "Bitte ergänzen Sie im Sachbericht die Zusammenarbeit mit der Kümmerergruppe Wehringhausen "
                "und prüfen Sie die Zahl der abgeschlossenen Fälle."
            )
            report.reviewed_by = reviewer
            report.reviewed_at = submitted + datetime.timedelta(days=5)
        else:
            report.status = ContractReport.Status.ACCEPTED
            report.reviewed_by = reviewer
            report.reviewed_at = submitted + datetime.timedelta(days=7)
        report.save()


def transparency_page():
    home = HomePage.objects.first()
    if home is None or FundingTransparencyPage.objects.exists():
        return FundingTransparencyPage.objects.first()
    page = FundingTransparencyPage(
        title="Fallmanagement in Zahlen",
        slug="fallmanagement",
        show_in_menus=True,
        intro=(
            "Das Land Nordrhein-Westfalen fördert im Kommunalen Integrationsmanagement Stellen für das "
            "Fallmanagement. Die Stadt Hagen hat es an Träger der Freien Wohlfahrtspflege vergeben. Hier stehen "
            "die Gesamtzahlen."
        ),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def run(today=None):
    today = today or timezone.localdate()
    districts = {name: DistrictFactory(name=name) for name in DISTRICTS}
    groups = {name: TargetGroupFactory(name=name, sort_order=index) for index, name in enumerate(TARGET_GROUPS)}
    programme = FundingProgramme.objects.filter(name=PROGRAMME).first() or FundingProgrammeFactory(
        name=PROGRAMME,
        funder="Land Nordrhein-Westfalen (Kommunales Integrationsmanagement)",
        amount_per_position=Decimal("56000"),
        positions=Decimal("10"),
        start=datetime.date(2022, 1, 1),
        end=max(datetime.date(2027, 12, 31), datetime.date(today.year + 1, 12, 31)),
        description="Landesförderung für kommunales Case Management: 56.000 Euro je Vollzeitstelle und Jahr.",
    )
    reviewer = User.objects.filter(email="leitung@example.org").first()
    submitters = {
        "AWO": "awo@example.org",
        "Caritas": "caritas@example.org",
        "Diakonie": "diakonie@example.org",
    }
    for reference, short, title, positions, filled, district_names, group_names, scenario in CONTRACTS:
        if Contract.objects.filter(reference=reference).exists():
            continue
        provider = Organisation.objects.filter(short_name=short).first()
        if provider is None:
            continue
        start, end = _terms(reference, today)
        contract = ContractFactory(
            provider=provider,
            programme=programme,
            reference=reference,
            title=title,
            status=Contract.Status.ACTIVE,
            start=start,
            end=end,
            positions=Decimal(positions),
            positions_filled=Decimal(filled),
            staff_notes="Vergabe nach Beschluss der Lenkungsgruppe; Verlängerung prüfen.",
            districts=[districts[n] for n in district_names],
            target_groups=[groups[n] for n in group_names],
        )
        document = _pdf_document(
            f"Vertrag {reference}: {title} ({provider.display_name})",
            f"vertrag-{reference.lower()}.pdf",
            PortalDocument.Kind.CONTRACT,
            provider,
            reviewer,
            [
                f"Vertrag über das Fallmanagement im Kommunalen Integrationsmanagement zwischen der Stadt Hagen, "
                f"Fachbereich 56, und {provider.name}.",
                f"Laufzeit vom {start:%d.%m.%Y} bis {end:%d.%m.%Y}; Umfang {positions.replace('.', ',')} Stellen.",
                f"Stadtteile: {', '.join(district_names)}. Zielgruppen: {', '.join(group_names)}.",
                "Der Träger legt halbjährlich einen Sachbericht mit zusammengefassten Fallzahlen vor.",
            ],
        )
        ContractDocument.objects.create(contract=contract, document=document)
        contract.save_revision(user=reviewer, log_action=True)
        contract.ensure_schedule()
        user = User.objects.filter(email=submitters.get(short, "")).first()
        _play_reports(contract, scenario, user, reviewer, today)
    transparency_page()
    return programme
