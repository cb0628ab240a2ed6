"""Members' area "Meine Verträge": own organisation only, report submission and resubmission."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from contracts.factories import ContractFactory, ContractReportFactory
from contracts.models import ContractReport, ReportFigure
from documents.factories import pdf_bytes
from documents.models import PortalDocument
from portal.access import Audience
from portal.factories import OrganisationFactory, member_of
from portal.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


def urls_of(kim, side):
    contract, report = getattr(kim, f"contract_{side}"), getattr(kim, f"report_{side}")
    return [
        reverse("contracts:contract_detail", args=[contract.pk]),
        reverse("contracts:report_detail", args=[report.pk]),
        reverse("contracts:report_submit", args=[report.pk]),
    ]


def figure_data(groups, values=(3, 10, 2)):
    data = {}
    for group in groups:
        for name, value in zip(("new_cases", "active_cases", "closed_cases"), values, strict=True):
            data[f"{name}_{group.pk}"] = str(value)
    return data


def submission(kim, pdf=True, **extra):
    data = {**figure_data(kim.groups), "confirm": "on", "remarks": "Gute Zusammenarbeit im Quartier."}
    if pdf:
        data["document"] = SimpleUploadedFile("Sachbericht.pdf", pdf_bytes("Sachbericht AWO"), "application/pdf")
    data.update(extra)
    return data


def test_member_sees_own_contracts_only(people, kim):
    response = people.client("member_a").get(reverse("contracts:contract_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "56-A-1" in html and "56-B-1" not in html
    assert "84.123,45 €" in html
    assert "Geheime Notiz" not in html


def test_member_b_gets_404_for_every_url_of_organisation_a(people, kim):
    client = people.client("member_b")
    for url in urls_of(kim, "a"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, submission(kim)).status_code in (404, 405), url
    for url in urls_of(kim, "b"):
        assert client.get(url).status_code == 200, url
    kim.report_a.refresh_from_db()
    assert kim.report_a.status == ContractReport.Status.DUE
    assert not ReportFigure.objects.exists()
    assert not PortalDocument.objects.filter(kind=PortalDocument.Kind.REPORT).exists()
    # the document of A's contract is not served to B either
    assert client.get(kim.document_a.url).status_code == 404


def test_crafted_post_cannot_submit_for_another_organisation(people, kim):
    """B posts A's report id with B's own figure field names: still 404, nothing stored."""
    client = people.client("member_b")
    url = reverse("contracts:report_submit", args=[kim.report_a.pk])
    response = client.post(url, {**submission(kim), "contract": kim.contract_b.pk, "report": kim.report_b.pk})
    assert response.status_code == 404
    kim.report_a.refresh_from_db()
    kim.report_b.refresh_from_db()
    assert kim.report_a.status == kim.report_b.status == ContractReport.Status.DUE


def test_contract_detail_shows_terms_documents_by_policy_and_schedule(people, kim):
    kim.contract_a.ensure_schedule()
    response = people.client("member_a").get(reverse("contracts:contract_detail", args=[kim.contract_a.pk]))
    html = response.content.decode()
    for text in ("1,50", "84.123,45 €", "Altenhagen", "Geflüchtete", "Asylsuchende", "Vertrag A", "halbjährlich"):
        assert text in html, text
    assert "Vermerk nur Stadt" not in html  # a staff-only document linked to the contract stays hidden
    assert "Geheime Notiz" not in html
    assert "Berichtsplan" in html and "überfällig" in html
    assert html.count("einreichen</a>") == 4  # every report whose period has begun


def test_staff_see_every_contract_but_do_not_submit(people, kim):
    client = people.client("editor")
    assert client.get(reverse("contracts:contract_detail", args=[kim.contract_b.pk])).status_code == 200
    assert client.get(reverse("contracts:report_submit", args=[kim.report_a.pk])).status_code == 403
    assert client.post(reverse("contracts:report_submit", args=[kim.report_a.pk]), submission(kim)).status_code == 403


def test_submit_report_with_pdf(people, kim, django_capture_on_commit_callbacks):
    client = people.client("member_a")
    url = reverse("contracts:report_submit", args=[kim.report_a.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "überfällig" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, submission(kim), follow=True)
    assert response.status_code == 200
    assert "als verspätet vermerkt" in response.content.decode()
    report = ContractReport.objects.get(pk=kim.report_a.pk)
    assert report.status == ContractReport.Status.SUBMITTED
    assert report.late  # due 31.07.2026, submitted later
    assert report.submitted_by == people.users["member_a"]
    assert report.remarks == "Gute Zusammenarbeit im Quartier."
    figures = {f.target_group.name: (f.new_cases, f.active_cases, f.closed_cases) for f in report.figures.all()}
    assert figures == {"Geflüchtete": (3, 10, 2), "Asylsuchende": (3, 10, 2)}
    document = report.document
    assert document.kind == PortalDocument.Kind.REPORT
    assert document.audience == Audience.ORGANISATION and document.organisation == people.org_a
    assert people.client("member_a").get(document.url).status_code == 200
    assert people.client("editor").get(document.url).status_code == 200
    assert people.client("member_b").get(document.url).status_code == 404
    assert ModelLogEntry.objects.filter(action="contracts.report_submitted", object_id=str(report.pk)).exists()
    assert not Notification.objects.filter(kind=NotificationKind.NEW_DOCUMENT).exists()
    # a second submission is not possible while the report is being reviewed
    again = client.post(url, submission(kim))
    assert again.status_code == 302
    assert PortalDocument.objects.filter(kind=PortalDocument.Kind.REPORT).count() == 1


def test_submission_on_time_is_not_late(people, kim, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 20, 12, 0, tzinfo=datetime.UTC))
    client = people.client("member_a")
    response = client.post(reverse("contracts:report_submit", args=[kim.report_a.pk]), submission(kim))
    assert response.status_code == 302
    kim.report_a.refresh_from_db()
    assert kim.report_a.status == ContractReport.Status.SUBMITTED and not kim.report_a.late


def test_invalid_submission_keeps_input_and_explains(people, kim):
    client = people.client("member_a")
    url = reverse("contracts:report_submit", args=[kim.report_a.pk])
    data = submission(kim, pdf=False)
    data[f"new_cases_{kim.groups[0].pk}"] = "-4"
    data[f"active_cases_{kim.groups[1].pk}"] = "viele"
    del data["confirm"]
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte geben Sie keine negativen Fallzahlen an." in html
    assert "Bitte geben Sie eine ganze Zahl ein." in html
    assert "Bitte laden Sie den Bericht als Datei hoch." in html
    assert "keine personenbezogenen Daten enthält" in html
    assert "Gute Zusammenarbeit im Quartier." in html  # nothing typed is lost
    fake = SimpleUploadedFile("Bericht.pdf", b"<html>kein PDF</html>", "application/pdf")
    response = client.post(url, submission(kim, pdf=False, document=fake))
    assert response.status_code == 400
    assert "passt nicht zur Endung" in response.content.decode()
    assert ContractReport.objects.get(pk=kim.report_a.pk).status == ContractReport.Status.DUE


def test_resubmission_after_revision_request(people, kim):
    client = people.client("member_a")
    url = reverse("contracts:report_submit", args=[kim.report_a.pk])
    client.post(url, submission(kim))
    report = ContractReport.objects.get(pk=kim.report_a.pk)
    first_document = report.document
    report.status = ContractReport.Status.REVISION_REQUESTED
    report.review_comment = "Bitte Zahl der abgeschlossenen Fälle prüfen."
    report.save()
    detail = client.get(reverse("contracts:report_detail", args=[report.pk])).content.decode()
    assert "Bitte Zahl der abgeschlossenen Fälle prüfen." in detail
    assert "erneut einreichen" in detail
    # without a new file the earlier one stays; the figures are updated
    response = client.post(url, {**figure_data(kim.groups, (3, 10, 4)), "confirm": "on"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ContractReport.Status.SUBMITTED
    assert report.late  # stays marked: the first submission was late
    assert report.document == first_document
    assert set(report.figures.values_list("closed_cases", flat=True)) == {4}
    assert ModelLogEntry.objects.filter(action="contracts.report_resubmitted").count() == 1
    # with a new file the document gets a new version
    report.status = ContractReport.Status.REVISION_REQUESTED
    report.save()
    client.post(url, submission(kim))
    report.refresh_from_db()
    assert report.document.supersedes == first_document
    assert report.document.version == 2


def test_report_of_a_future_period_cannot_be_submitted_yet(people, kim):
    future = ContractReportFactory(
        contract=kim.contract_a,
        period_start=datetime.date(2099, 1, 1),
        period_end=datetime.date(2099, 6, 30),
        due_date=datetime.date(2099, 7, 31),
    )
    response = people.client("member_a").post(reverse("contracts:report_submit", args=[future.pk]), submission(kim))
    assert response.status_code == 302
    future.refresh_from_db()
    assert future.status == ContractReport.Status.DUE


def test_members_home_lists_open_reports_of_own_organisation(people, kim):
    html = people.client("member_a").get(reverse("portal:members_home")).content.decode()
    assert "Berichte meiner Organisation" in html
    assert reverse("contracts:report_detail", args=[kim.report_a.pk]) in html
    assert reverse("contracts:report_detail", args=[kim.report_b.pk]) not in html
    assert reverse("contracts:contract_list") in html
    assert not mail.outbox
    # organisations without contracts (here: the city) do not get the block
    staff_home = people.client("editor").get(reverse("portal:members_home")).content.decode()
    assert "Berichte meiner Organisation" not in staff_home


def test_no_organisation_means_no_contracts(people, kim):
    lonely = member_of(OrganisationFactory(), email="allein@example.org")
    lonely.memberships.update(active=False)
    from django.test import Client

    client = Client()
    client.force_login(lonely, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("contracts:contract_list"))
    assert response.status_code == 200
    assert "Für Ihre Organisation sind keine Verträge hinterlegt." in response.content.decode()
    assert client.get(reverse("contracts:contract_detail", args=[kim.contract_a.pk])).status_code == 404


@pytest.mark.parametrize("role", ["member_a", "editor"])
def test_contract_list_query_count_is_constant(people, kim, role):
    client = people.client(role)

    def count():
        client.get(reverse("contracts:contract_list"))  # warm up
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("contracts:contract_list"))
        assert response.status_code == 200
        return len(queries)

    def add(n):
        for _ in range(n):
            contract = ContractFactory(
                provider=people.org_a, programme=kim.programme, districts=kim.districts, target_groups=kim.groups
            )
            contract.ensure_schedule()

    add(3)  # 5 contracts in all (4 of organisation A)
    small = count()
    add(95)  # 100 contracts in all
    large = count()
    assert small == large, f"queries for 5 contracts: {small}, for 100: {large}"
    print(f"\n'Meine Verträge' as {role}: {small} queries for 5 and for 100 contracts")


def test_amounts_use_german_formats(people, kim):
    kim.contract_a.yearly_amount = Decimal("1234567.5")
    kim.contract_a.save()
    html = people.client("member_a").get(reverse("contracts:contract_list")).content.decode()
    assert "1.234.567,50 €" in html
