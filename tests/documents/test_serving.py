"""Protected serving: headers on every download, inline PDFs, versions, no media route."""

import contextlib
import importlib

import pytest
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve
from django.views.static import serve as static_serve

from documents.factories import portal_document
from documents.models import PortalDocument
from portal.access import Audience

pytestmark = pytest.mark.django_db


def download(client, document, **params):
    response = client.get(document.url, params)
    if hasattr(response, "streaming_content"):
        response.content_bytes = b"".join(response.streaming_content)
    return response


def test_public_pdf_opens_inline_with_sandbox_headers(people):
    document = portal_document(audience=Audience.PUBLIC, text="Organigramm")
    response = download(people.client("anonymous"), document)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp
    assert "no-store" not in response.get("Cache-Control", "")
    assert response.get("Content-Encoding") in (None, "")
    assert response.content_bytes.startswith(b"%PDF-")


def test_non_public_download_is_private_and_not_stored(people):
    document = portal_document(audience=Audience.ORGANISATION, organisation=people.org_a)
    response = download(people.client("member_a"), document)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("filename", "content", "content_type"),
    [("liste.csv", b"Name;Stadtteil\nA;Haspe\n", "text/csv"), ("notiz.txt", b"Hallo", "text/plain")],
)
def test_other_types_download_as_attachment(people, filename, content, content_type):
    document = portal_document(audience=Audience.PUBLIC, filename=filename, content=content)
    response = download(people.client("anonymous"), document)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_wrong_filename_in_url_is_404(people):
    document = portal_document(audience=Audience.PUBLIC)
    assert people.client("anonymous").get(f"/documents/{document.pk}/anders.pdf").status_code == 404


def test_media_file_path_is_not_served_in_production(people, client):
    """The file exists under MEDIA_ROOT, but no URL serves it: only the checked serve view does."""
    document = portal_document(audience=Audience.ORGANISATION, organisation=people.org_a)
    path = f"/media/{document.file.name}"
    assert document.file.storage.exists(document.file.name)
    for role in ("anonymous", "member_a", "editor"):
        response = people.client(role).get(path)
        assert response.status_code == 404, role


def test_media_documents_are_not_routed_even_in_debug(people):
    import portal.urls

    document = portal_document(audience=Audience.STAFF)
    try:
        with override_settings(DEBUG=True):
            clear_url_caches()
            importlib.reload(portal.urls)
            # In DEBUG images are served from MEDIA_URL; documents never (only the page catch-all matches).
            assert resolve("/media/images/x.png").func is static_serve
            with contextlib.suppress(Resolver404):  # not routed at all, or only to the page catch-all
                assert resolve(f"/media/{document.file.name}").func is not static_serve
    finally:
        clear_url_caches()
        importlib.reload(portal.urls)


def test_link_to_an_earlier_version_leads_to_the_current_one(people):
    first = portal_document(title="Konzept", audience=Audience.MEMBERS, text="eins")
    second = portal_document(title="Konzept", audience=Audience.MEMBERS, text="zwei", supersedes=first)
    assert second.version == 2
    client = people.client("member_a")
    response = client.get(first.url)
    assert response.status_code == 302
    assert response["Location"] == second.url
    # The version history asks for exactly this version.
    exact = download(client, first, version=first.pk)
    assert exact.status_code == 200
    assert b"eins" in exact.content_bytes


def test_earlier_version_stays_when_the_viewer_may_not_see_the_newer(people):
    first = portal_document(audience=Audience.MEMBERS, organisation=people.org_a)
    portal_document(audience=Audience.ORGANISATION, organisation=people.org_a, supersedes=first)
    assert people.client("member_b").get(first.url).status_code == 200
    assert people.client("member_a").get(first.url).status_code == 302


def test_history_lists_only_versions_the_viewer_may_see(people):
    first = portal_document(title="Bericht v1", audience=Audience.STAFF, organisation=people.org_a)
    second = portal_document(title="Bericht v2", audience=Audience.MEMBERS, organisation=people.org_a, supersedes=first)
    third = portal_document(title="Bericht v3", audience=Audience.MEMBERS, organisation=people.org_a, supersedes=second)
    member_page = people.client("member_a").get(f"/dokumente/{third.pk}/").content.decode()
    assert "Bericht v2" in member_page and "Bericht v1" not in member_page
    assert f"?version={second.pk}" in member_page
    staff_page = people.client("editor").get(f"/dokumente/{third.pk}/").content.decode()
    assert "Bericht v1" in staff_page and "Bericht v2" in staff_page
    # An earlier version's page points to the current one.
    old_page = people.client("member_a").get(f"/dokumente/{second.pk}/").content.decode()
    assert f"/dokumente/{third.pk}/" in old_page
    assert list(PortalDocument.objects.current().filter(pk__in=[first.pk, second.pk, third.pk])) == [third]


def test_anonymous_cannot_tell_missing_from_hidden_documents(db):
    """A missing document and a non-public one look the same to anonymous visitors."""
    from django.test import Client

    response = Client().get("/documents/987654/gibt-es-nicht.pdf")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
