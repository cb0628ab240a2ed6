"""The library page: filters, sorting, pagination, constant query counts; extraction; demo data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.factories import portal_document
from documents.models import DocumentLibraryPage, PortalDocument
from documents.tasks import process_document
from portal.access import Audience
from portal.factories import OrganisationFactory
from tests.documents.helpers import docx_bytes, odt_bytes

pytestmark = pytest.mark.django_db


def titles(response):
    return [d.title for d in response.context["documents"]]


def bulk_documents(count, organisations, audience=Audience.PUBLIC):
    PortalDocument.objects.bulk_create(
        PortalDocument(
            title=f"Dokument {i:04d}",
            file=f"documents/dokument-{i}.pdf",
            file_size=1000 + i,
            audience=audience,
            organisation=organisations[i % len(organisations)],
            kind=PortalDocument.Kind.values[i % len(PortalDocument.Kind.values)],
            published_date=datetime.date(2020 + i % 5, 1 + i % 12, 1),
        )
        for i in range(count)
    )


@pytest.mark.parametrize("role", ["anonymous", "member_a"])
def test_library_query_count_is_constant(people, library, role):
    organisations = [people.org_a, people.org_b, people.city]
    client = people.client(role)

    def count_queries(params):
        client.get(library.url, params)  # warm caches (site root, content types)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(library.url, params)
        assert response.status_code == 200
        return len(queries)

    bulk_documents(10, organisations)
    small = [count_queries({}), count_queries({"kind": "report", "sort": "title", "seite": "1"})]
    bulk_documents(490, organisations, audience=Audience.MEMBERS)
    large = [count_queries({}), count_queries({"kind": "report", "sort": "title", "seite": "1"})]
    assert small == large, f"queries for 10 documents {small}, for 500 {large}"
    print(f"\nlibrary queries as {role}: {small[0]} (10 documents), {large[0]} (500 documents)")


def test_filters_sort_and_pagination(people, library, body):
    other = OrganisationFactory(name="Diakonie Test", short_name="Diakonie-T")
    portal_document(
        title="Bericht A", kind="report", organisation=people.org_a, published_date=datetime.date(2021, 3, 1)
    )
    portal_document(title="Anlage B", kind="attachment", organisation=other, published_date=datetime.date(2022, 5, 1))
    portal_document(
        title="Zeitplan C", kind="report", organisation=other, published_date=datetime.date(2022, 1, 1), bodies=[body]
    )
    client = people.client("anonymous")
    assert titles(client.get(library.url)) == ["Anlage B", "Zeitplan C", "Bericht A"]
    assert titles(client.get(library.url, {"sort": "title"})) == ["Anlage B", "Bericht A", "Zeitplan C"]
    assert titles(client.get(library.url, {"kind": "report"})) == ["Zeitplan C", "Bericht A"]
    assert titles(client.get(library.url, {"organisation": other.pk})) == ["Anlage B", "Zeitplan C"]
    assert titles(client.get(library.url, {"year": 2022, "sort": "title"})) == ["Anlage B", "Zeitplan C"]
    assert titles(client.get(library.url, {"body": body.pk})) == ["Zeitplan C"]
    assert titles(client.get(library.url, {"kind": "report", "q": "Testinhalt", "sort": "title"})) == [
        "Bericht A",
        "Zeitplan C",
    ]
    # unknown values are ignored, not errors
    assert client.get(library.url, {"year": "abc", "organisation": "999999", "seite": "x"}).status_code == 200


@pytest.mark.parametrize("cache_seconds", [0, 300], ids=["uncached", "cached"])
def test_filter_choices_show_only_what_the_viewer_may_see(people, library, settings, cache_seconds):
    """Cached, the choices are kept per set of readable documents and purged on changes."""
    settings.PAGE_CACHE_SECONDS = cache_seconds
    secret_org = OrganisationFactory(name="Geheimer Träger", short_name="Geheim")
    portal_document(title="Intern", audience=Audience.ORGANISATION, organisation=secret_org)
    portal_document(title="Offen", organisation=people.org_a)
    assert "Geheim" in people.client("editor").get(library.url).content.decode()  # first, filling the cache
    for role in ("anonymous", "member_b", "member_a"):
        page = people.client(role).get(library.url).content.decode()
        assert "Geheim" not in page and "AWO-T" in page, role
    assert "Caritas-T" not in people.client("anonymous").get(library.url).content.decode()
    portal_document(title="Neu", organisation=people.org_b)
    assert "Caritas-T" in people.client("anonymous").get(library.url).content.decode()


def test_pagination(people, library):
    bulk_documents(45, [people.org_a])
    client = people.client("anonymous")
    first = client.get(library.url)
    assert len(first.context["documents"]) == 20
    assert "Seite 1 von 3" in first.content.decode()
    last = client.get(library.url, {"seite": 3, "sort": "title"})
    assert titles(last) == [f"Dokument {i:04d}" for i in range(40, 45)]
    assert "sort=title" in last.content.decode()


def test_entry_shows_facts_and_version_badge(people, library):
    first = portal_document(title="Konzept", organisation=people.org_a, kind="concept")
    portal_document(title="Konzept", organisation=people.org_a, kind="concept", supersedes=first)
    response = people.client("anonymous").get(library.url)
    assert titles(response) == ["Konzept"]  # only the current version is listed
    html = response.content.decode()
    for fact in ("Version 2", "Konzept", "PDF", "AWO-T", "Bytes"):
        assert fact in html, fact


def test_members_see_the_upload_link(people, library):
    assert "/mein-bereich/dokumente/hochladen/" not in people.client("anonymous").get(library.url).content.decode()
    assert "/mein-bereich/dokumente/hochladen/" in people.client("member_a").get(library.url).content.decode()


# --- extraction -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "content", "word"),
    [
        ("protokoll.docx", docx_bytes("Wehringhausen Protokoll"), "Wehringhausen"),
        ("notiz.odt", odt_bytes("Haspe"), "Haspe"),
    ],
)
def test_office_documents_are_extracted_and_searchable(people, library, filename, content, word):
    document = portal_document(title="Unterlage", filename=filename, content=content)
    document.refresh_from_db()
    assert word in document.extracted_text
    assert titles(people.client("anonymous").get(library.url, {"q": word})) == ["Unterlage"]


def test_extraction_task_is_idempotent_and_survives_broken_files(people):
    document = portal_document(text="Erster Text")
    document.refresh_from_db()
    checksum = document.sha512
    assert process_document.call(document.pk) is False  # unchanged file: nothing to do
    PortalDocument.objects.filter(pk=document.pk).update(sha512="")
    assert process_document.call(document.pk) is True
    document.refresh_from_db()
    assert document.sha512 == checksum
    broken = portal_document(filename="kaputt.docx", content=b"PK\x03\x04 kein docx")
    broken.refresh_from_db()
    assert broken.extracted_text == "" and len(broken.sha512) == 128
    assert process_document.call(999999) is False


# --- demo data ------------------------------------------------------------------------------


def test_seed_is_idempotent_and_respects_audiences(site):
    from documents import seed as documents_seed
    from portal import seed as portal_seed
    from portal.access import ANONYMOUS, Viewer
    from portal.models import User

    portal_seed.run()
    documents_seed.run()
    documents_seed.run()
    assert PortalDocument.objects.count() == 6
    library = DocumentLibraryPage.objects.get()
    assert library.show_in_menus and library.get_parent().specific == site
    audiences = sorted(PortalDocument.objects.values_list("audience", flat=True))
    assert audiences == ["members", "organisation", "organisation", "public", "public", "staff"]
    public = PortalDocument.objects.visible_to(ANONYMOUS)
    assert [d.title for d in public.search("Schwanke")] == [
        "Organigramm des Fachbereichs Integration, Zuwanderung und Wohnraumsicherung (56)"
    ]
    awo = Viewer.for_user(User.objects.get(email="awo@example.org"))
    caritas = Viewer.for_user(User.objects.get(email="caritas@example.org"))
    assert PortalDocument.objects.visible_to(awo).search("Altenhagen").count() >= 1
    assert not PortalDocument.objects.visible_to(caritas).filter(title__startswith="AWO").exists()
    assert PortalDocument.objects.visible_to(caritas).filter(title__startswith="Caritas").exists()
