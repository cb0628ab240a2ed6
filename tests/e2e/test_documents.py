"""A member uploads a PDF for the organisation and finds it by a word inside; others cannot."""

import pytest

from documents.factories import pdf_bytes
from documents.models import PortalDocument
from portal.factories import PASSWORD, OrganisationFactory, member_of
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def members():
    org_a = OrganisationFactory(name="Arbeiterwohlfahrt Test", short_name="AWO-T")
    org_b = OrganisationFactory(name="Caritas Test", short_name="Caritas-T")
    return {
        "a": member_of(org_a, email="mitglied-a@example.org"),
        "b": member_of(org_b, email="mitglied-b@example.org"),
    }


def search(page, library, word):
    page.goto(library.url)
    page.get_by_label("Suchbegriff").fill(word)
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url(f"**?q={word}*")


def test_member_uploads_and_finds_a_pdf_others_cannot(page, library, members, tmp_path, assert_accessible):
    pdf = tmp_path / "Protokoll Nachbarschaftstreffen.pdf"
    pdf.write_bytes(pdf_bytes("Stadtteilfest in Altenhagen am Samstag"))

    log_in(page, "mitglied-a@example.org", PASSWORD)
    page.wait_for_url("**/mein-bereich/")
    page.goto("/mein-bereich/dokumente/hochladen/")
    assert_accessible(page)
    page.get_by_label("Datei", exact=True).set_input_files(str(pdf))
    page.get_by_label("Zielgruppe").select_option("organisation")
    page.get_by_role("button", name="Hochladen").click()
    page.wait_for_url("**/dokumente/*/")
    assert page.get_by_text("wurde hochgeladen").is_visible()
    document = PortalDocument.objects.get()
    assert document.organisation.short_name == "AWO-T"

    # Found by a word that is only inside the PDF.
    search(page, library, "Stadtteilfest")
    link = page.get_by_role("link", name="Protokoll Nachbarschaftstreffen", exact=True)
    assert link.is_visible()
    assert_accessible(page)
    download = page.request.get(link.get_attribute("href"))
    assert download.status == 200
    assert download.body().startswith(b"%PDF-")

    # A member of another organisation neither finds nor opens it.
    page.get_by_role("button", name="Abmelden").click()
    log_in(page, "mitglied-b@example.org", PASSWORD)
    page.wait_for_url("**/mein-bereich/")
    search(page, library, "Stadtteilfest")
    assert page.get_by_role("link", name="Protokoll Nachbarschaftstreffen", exact=True).count() == 0
    assert page.get_by_text("Keine Dokumente gefunden").is_visible()
    assert page.goto(document.url).status == 404
    assert page.goto(f"/dokumente/{document.pk}/").status == 404


def test_library_is_accessible_to_anonymous_visitors(page, library, assert_accessible):
    response = page.goto(library.url)
    assert response.status == 200
    assert page.get_by_label("Suchbegriff").is_visible()
    assert_accessible(page)
