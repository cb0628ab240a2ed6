"""A provider submits a report with a PDF, staff request a revision, the provider resubmits."""

import datetime
import re

import pytest
from django.core import mail

from contracts.factories import ContractFactory, ContractReportFactory, TargetGroupFactory
from contracts.models import ContractReport
from documents.factories import pdf_bytes
from portal.factories import PASSWORD, OrganisationFactory, enable_totp, member_of, staff_user
from tests.e2e.conftest import log_in
from tests.portal.test_accounts import totp_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def setup(site):
    org = OrganisationFactory(name="Arbeiterwohlfahrt Test", short_name="AWO-T")
    member_of(org, email="mitglied-a@example.org")
    staff = staff_user("Fachbereichsleitung", mfa=False, email="leitung@example.org")
    secret = enable_totp(staff)
    groups = [
        TargetGroupFactory(name="Geflüchtete", sort_order=1),
        TargetGroupFactory(name="Asylsuchende", sort_order=2),
    ]
    contract = ContractFactory(
        provider=org, reference="56-KIM-01", title="Fallmanagement Altenhagen", target_groups=groups
    )
    report = ContractReportFactory(
        contract=contract,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        due_date=datetime.date(2025, 7, 31),
    )
    return {"report": report, "groups": groups, "secret": secret}


def fill_figures(page, values):
    for group, (new, active, closed) in values.items():
        page.get_by_label(f"neue Fälle – {group}").fill(str(new))
        page.get_by_label(f"laufende Fälle – {group}").fill(str(active))
        page.get_by_label(f"abgeschlossene Fälle – {group}").fill(str(closed))


def test_submit_revise_resubmit(page, setup, tmp_path, assert_accessible, live_server):
    report = setup["report"]
    first_pdf = tmp_path / "Sachbericht 2025-1.pdf"
    first_pdf.write_bytes(pdf_bytes("Sachbericht erstes Halbjahr 2025"))

    # the provider finds the contract and submits the overdue report
    log_in(page, "mitglied-a@example.org", PASSWORD)
    page.wait_for_url("**/mein-bereich/")
    page.get_by_role("link", name="Meine Verträge").click()
    page.wait_for_url("**/mein-bereich/vertraege/")
    assert_accessible(page)
    page.get_by_role("link", name="56-KIM-01 – Fallmanagement Altenhagen").click()
    page.wait_for_url(re.compile(r"/mein-bereich/vertraege/\d+/$"))
    assert page.get_by_text("überfällig").first.is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Sachbericht 01.01.2025 – 30.06.2025 einreichen")).click()
    page.wait_for_url("**/einreichen/")
    assert_accessible(page)
    page.get_by_role("button", name="Einreichen").click()  # empty: explained, nothing lost
    assert page.get_by_text("Bitte prüfen Sie die markierten Angaben.").is_visible()
    assert_accessible(page)
    fill_figures(page, {"Geflüchtete": (4, 11, 2), "Asylsuchende": (1, 6, 0)})
    page.get_by_label("Bericht als Datei").set_input_files(str(first_pdf))
    page.get_by_label(re.compile("Ich bestätige")).check()
    page.get_by_role("button", name="Einreichen").click()
    page.wait_for_url(re.compile(rf"/mein-bereich/berichte/{report.pk}/$"))
    assert page.get_by_text("als verspätet vermerkt").is_visible()
    assert_accessible(page)
    report.refresh_from_db()
    assert report.status == ContractReport.Status.SUBMITTED and report.late
    first_document = report.document
    assert page.request.get(first_document.url).body().startswith(b"%PDF-")

    # staff review it in the admin and ask for a revision
    page.context.clear_cookies()
    log_in(page, "leitung@example.org", PASSWORD)
    page.wait_for_url(re.compile(r"/konto/2fa/authenticate/"))
    page.locator("input[name=code]").fill(totp_code(setup["secret"]))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(re.compile(r"/mein-bereich/|/admin/"))
    mail.outbox.clear()
    page.goto(f"/admin/vertraege/berichte/{report.pk}/pruefen/")
    assert page.get_by_text("Geflüchtete").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Überarbeitung erbitten").check()
    page.get_by_label("Rückmeldung an den Träger").fill("Bitte die abgeschlossenen Fälle erläutern.")
    page.get_by_role("button", name="Entscheidung speichern").click()
    page.wait_for_url("**/admin/vertraege/")
    assert page.get_by_text("der Träger wurde per E-Mail benachrichtigt").is_visible()
    # the dashboard with its charts and tables (reloaded: Wagtail's own flash message fades in with too
    # little contrast while axe looks at it)
    page.goto("/admin/vertraege/")
    assert_accessible(page)
    report.refresh_from_db()
    assert report.status == ContractReport.Status.REVISION_REQUESTED
    assert [m.to for m in mail.outbox] == [["mitglied-a@example.org"]]
    assert "Bitte die abgeschlossenen Fälle erläutern." in mail.outbox[0].body

    # the provider reads the comment and resubmits with a corrected file
    page.context.clear_cookies()
    log_in(page, "mitglied-a@example.org", PASSWORD)
    page.wait_for_url("**/mein-bereich/")
    page.goto(f"/mein-bereich/berichte/{report.pk}/")
    assert page.get_by_text("Bitte die abgeschlossenen Fälle erläutern.").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Bericht überarbeiten und erneut einreichen").click()
    page.wait_for_url("**/einreichen/")
    assert page.get_by_label("neue Fälle – Geflüchtete").input_value() == "4"  # earlier figures are kept
    assert_accessible(page)
    page.get_by_label("abgeschlossene Fälle – Geflüchtete").fill("3")
    second_pdf = tmp_path / "Sachbericht 2025-1 überarbeitet.pdf"
    second_pdf.write_bytes(pdf_bytes("Sachbericht erstes Halbjahr 2025, ueberarbeitet"))
    page.get_by_label("Bericht als Datei").set_input_files(str(second_pdf))
    page.get_by_label(re.compile("Ich bestätige")).check()
    page.get_by_role("button", name="Erneut einreichen").click()
    page.wait_for_url(re.compile(rf"/mein-bereich/berichte/{report.pk}/$"))
    assert page.get_by_text("eingereicht", exact=True).first.is_visible()
    report.refresh_from_db()
    assert report.status == ContractReport.Status.SUBMITTED
    assert report.document.supersedes_id == first_document.pk
    assert report.figures.get(target_group=setup["groups"][0]).closed_cases == 3


def test_transparency_page_is_accessible(page, site, assert_accessible):
    from contracts import seed
    from portal import seed as portal_seed

    portal_seed.run()
    seed.run()
    response = page.goto("/fallmanagement/")
    assert response.status == 200
    assert page.get_by_text("Geförderte Stellen").is_visible()
    assert_accessible(page)
