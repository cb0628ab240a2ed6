"""Who may add a version ("neue Version") from the members' area, and what a new version leaves
behind: an audit log entry and a notice to city staff.

Only members of the owning organisation (for documents it owns) and staff add versions; contract
documents and report files are never replaced from the members' area.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from contracts.factories import ContractFactory, ContractReportFactory
from contracts.models import ContractDocument, ContractReport
from documents.factories import pdf_bytes, portal_document
from documents.models import PortalDocument
from documents.signals import VERSION_ADDED
from portal.access import Audience
from portal.models import Notification

pytestmark = pytest.mark.django_db


def version_url(document):
    return f"/mein-bereich/dokumente/{document.pk}/neue-version/"


def post_version(client, document, text="ausgetauscht"):
    return client.post(
        version_url(document),
        {
            "file": SimpleUploadedFile("ersatz.pdf", pdf_bytes(text)),
            "title": document.title,
            "kind": document.kind,
            "audience": document.audience,
        },
    )


def assert_refused(client, document):
    """Neither the form nor a POST: 403/404, no new version, the stored file unchanged."""
    with document.file.open("rb") as f:
        before = f.read()
    assert client.get(version_url(document)).status_code in (403, 404)
    assert post_version(client, document).status_code in (403, 404)
    assert not PortalDocument.objects.filter(supersedes=document).exists()
    document.refresh_from_db()
    with document.file.open("rb") as f:
        assert f.read() == before
    detail = client.get(f"/dokumente/{document.pk}/")
    assert version_url(document) not in detail.content.decode()


@pytest.fixture
def caritas_contract(people):
    """A contract of organisation B (Caritas) with the city's contract PDF, as the admin makes it."""
    contract = ContractFactory(provider=people.org_b, reference="56-KIM-02")
    pdf = portal_document(
        title="Vertrag 56-KIM-02",
        audience=Audience.ORGANISATION,
        organisation=people.org_b,
        kind=PortalDocument.Kind.CONTRACT,
        text="Vertragstext der Stadt",
    )
    ContractDocument.objects.create(contract=contract, document=pdf)
    return contract, pdf


def report_file(people, contract, status):
    document = portal_document(
        title=f"Sachbericht ({status})",
        audience=Audience.ORGANISATION,
        organisation=people.org_b,
        kind=PortalDocument.Kind.REPORT,
        text="Bericht des Trägers",
    )
    ContractReportFactory(contract=contract, status=status, document=document)
    return document


def test_provider_cannot_replace_the_citys_contract_pdf(people, caritas_contract):
    _contract, pdf = caritas_contract
    assert_refused(people.client("member_b"), pdf)


@pytest.mark.parametrize("status", [ContractReport.Status.ACCEPTED, ContractReport.Status.SUBMITTED])
def test_provider_cannot_replace_a_reports_file(people, caritas_contract, status):
    contract, _pdf = caritas_contract
    assert_refused(people.client("member_b"), report_file(people, contract, status))


def test_a_contract_document_is_locked_even_before_it_is_linked(people):
    document = portal_document(audience=Audience.ORGANISATION, organisation=people.org_b, kind="contract")
    assert_refused(people.client("member_b"), document)


def test_any_document_of_a_contract_is_locked(people, caritas_contract):
    contract, _pdf = caritas_contract
    annex = portal_document(title="Anlage Stellenplan", audience=Audience.ORGANISATION, organisation=people.org_b)
    ContractDocument.objects.create(contract=contract, document=annex)
    assert_refused(people.client("member_b"), annex)


def test_owner_cannot_version_a_document_they_may_not_read(people):
    """A staff-only document of organisation A: its members cannot even find it."""
    document = portal_document(title="Prüfvermerk", audience=Audience.STAFF, organisation=people.org_a)
    client = people.client("member_a")
    assert client.get(version_url(document)).status_code == 404
    assert post_version(client, document).status_code == 404
    assert not PortalDocument.objects.filter(supersedes=document).exists()


def test_member_of_another_organisation_cannot_version_a_members_document(people):
    """Member B may read organisation A's document for all members, not replace it."""
    document = portal_document(title="Konzept Quartier", audience=Audience.MEMBERS, organisation=people.org_a)
    client = people.client("member_b")
    assert client.get(f"/dokumente/{document.pk}/").status_code == 200
    assert_refused(client, document)


def test_document_without_owner_is_versioned_by_staff_only(people):
    document = portal_document(title="Leitfaden", audience=Audience.MEMBERS, organisation=None)
    assert_refused(people.client("member_a"), document)


def test_staff_may_add_a_version_of_a_contract_document(people, caritas_contract):
    _contract, pdf = caritas_contract
    response = post_version(people.client("editor"), pdf, "Vertrag, 1. Änderung")
    assert response.status_code == 302
    assert PortalDocument.objects.get(supersedes=pdf).version == 2


def test_owner_adds_a_version_which_is_logged_and_told_to_staff(people, django_capture_on_commit_callbacks):
    document = portal_document(title="Konzept Sprachcafé", audience=Audience.ORGANISATION, organisation=people.org_a)
    member = people.users["member_a"]
    with django_capture_on_commit_callbacks(execute=True):
        response = post_version(people.client("member_a"), document, "Konzept, überarbeitet")
    assert response.status_code == 302
    new = PortalDocument.objects.get(supersedes=document)
    entry = ModelLogEntry.objects.get(action=VERSION_ADDED)
    assert entry.object_id == str(new.pk)
    assert entry.user_id == member.pk
    assert entry.data == {"supersedes": document.pk, "version": 2}
    notices = Notification.objects.filter(subject__startswith="Neue Version")
    assert {n.user for n in notices} == {people.users["editor"], people.users["approver"]}
    notice = notices.first()
    assert "Konzept Sprachcafé" in notice.subject and "(Version 2)" in notice.subject
    assert notice.url == f"/dokumente/{new.pk}/"
    # staff hear of it once, not also as a "new document"
    announced = Notification.objects.filter(subject__startswith="Neues Dokument")
    assert not announced.filter(user__in=[people.users["editor"], people.users["approver"]]).exists()
    assert announced.filter(user=people.users["org_admin"]).exists()


def test_resubmitted_report_is_a_version_staff_hear_of(people, caritas_contract):
    """A report file changes only by resubmission; that new version is logged and notified too."""
    from contracts.services import _report_document

    contract, _pdf = caritas_contract
    first = report_file(people, contract, ContractReport.Status.REVISION_REQUESTED)
    report = ContractReport.objects.get(document=first)
    second = _report_document(report, SimpleUploadedFile("neu.pdf", pdf_bytes("neu")), people.users["member_b"])
    assert second.supersedes == first
    assert ModelLogEntry.objects.filter(action=VERSION_ADDED, object_id=str(second.pk)).exists()
    assert Notification.objects.filter(subject__startswith="Neue Version", user=people.users["editor"]).exists()
