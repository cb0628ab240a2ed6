"""The meeting pack (Sitzungsmappe): one PDF per meeting with what the viewer may read, and the ZIP
of its attachments; kept per access, rebuilt on change, robust against broken attachments."""

import datetime
import html
import io
import logging
import zipfile
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from documents.factories import portal_document
from meetings import pack
from meetings.agenda import NEUTRAL_TITLE
from meetings.factories import agenda_item, meeting_page
from meetings.models import AgendaItem, MeetingPage
from tests.conftest import make_people
from tests.meetings.scenario import SECRET_DOCUMENT, SECRET_TEXT, SECRET_TITLE

pytestmark = pytest.mark.django_db

SECRET_PDF_TEXT = "Punktzahl Caritas 87 von 100"
MEMBERS_PDF_TEXT = "Konzeptentwurf nur fuer Mitglieder"
PUBLIC_PDF_TEXT = "Zuwanderungsstatistik 2026 oeffentlich"
SECRETS = [SECRET_TITLE, SECRET_TEXT, SECRET_DOCUMENT, SECRET_PDF_TEXT]


@pytest.fixture(scope="module")
def data(module_db):
    """Built once for the module (each test's changes roll back): the people, the meetings of
    ``meetings_scenario`` and a public meeting with a public item carrying a public and a members'
    PDF, a Word file and a broken PDF, and a non-public item with a secret description and a PDF
    for the body's members only."""
    from home import seed
    from tests.meetings.scenario import meetings_scenario

    people = make_people()
    meetings = meetings_scenario(seed.run(), people)
    statistics = portal_document("Statistik Zuwanderung", text=PUBLIC_PDF_TEXT, audience="public")
    concept = portal_document("Konzept Mitglieder", text=MEMBERS_PDF_TEXT, audience="members")
    word = portal_document("Präsentation Quartiere", audience="public", content=b"PK\x03\x04", filename="q.docx")
    broken = portal_document("Kaputte Anlage", audience="public", content=b"%PDF-1.4\nkaputt", filename="k.pdf")
    secret = portal_document(SECRET_DOCUMENT, text=SECRET_PDF_TEXT, audience="body", bodies=[meetings.body])
    meeting = meeting_page(
        meetings.body,
        start=timezone.now() + datetime.timedelta(days=20),
        location="Rathaus, Ratssaal",
        title="Sitzung mit Mappe",
        slug="sitzung-mit-mappe",
        items=[
            agenda_item(
                "Bericht zur Zuwanderung",
                description="Öffentliche Zahlen des Jahres",
                attachments=[statistics, concept, word, broken],
            ),
            agenda_item(SECRET_TITLE, public=False, description=SECRET_TEXT, attachments=[secret]),
            agenda_item("Verschiedenes", description="Termine"),
        ],
    )
    return SimpleNamespace(people=people, meetings=meetings, meeting=meeting)


@pytest.fixture
def ctx(data, db, module_media):
    return data


@pytest.fixture
def people(ctx):
    return ctx.people


@pytest.fixture
def meetings(ctx):
    return ctx.meetings


@pytest.fixture
def meeting(ctx):
    return MeetingPage.objects.get(pk=ctx.meeting.pk)


def url(meeting, name="sitzungsmappe.pdf"):
    return f"/sitzungen/sitzung/{meeting.pk}/{name}"


def read(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    return PdfReader(io.BytesIO(response.content))


def text_of(reader):
    outline = " ".join(o.title for o in flat_outline(reader))
    return " ".join(page.extract_text() for page in reader.pages) + str(reader.metadata) + outline


def flat_outline(reader, outline=None):
    for entry in reader.outline if outline is None else outline:
        if isinstance(entry, list):
            yield from flat_outline(reader, entry)
        else:
            yield entry


def page_text(reader, n):
    return reader.pages[n].extract_text()


def test_body_member_gets_the_whole_pack_with_outline_and_merged_attachments(people, meeting, caplog):
    with caplog.at_level(logging.WARNING, logger="meetings.pack"):
        reader = read(people.client("member_a").get(url(meeting)))
    content = text_of(reader)
    for expected in ("Sitzungsmappe", "Lenkungsgruppe Test", "Rathaus, Ratssaal", SECRET_TEXT, SECRET_PDF_TEXT):
        assert expected in content
    assert "vertraulich" in page_text(reader, 0)  # the cover warns: non-public items inside

    outline = {o.title: reader.get_destination_page_number(o) for o in flat_outline(reader)}
    top1, top2, top3 = (
        outline[t] for t in ("TOP 1: Bericht zur Zuwanderung", f"TOP 2: {SECRET_TITLE}", "TOP 3: Verschiedenes")
    )
    statistics, concept = outline["Anlage: Statistik Zuwanderung"], outline["Anlage: Konzept Mitglieder"]
    secret = outline[f"Anlage: {SECRET_DOCUMENT}"]
    assert outline["Deckblatt"] == 0 and outline["Tagesordnung"] == 1
    # each TOP, then its PDF attachments; the public part first, then the non-public part
    assert top1 < concept < statistics < top3 <= top2 < secret == len(reader.pages) - 1
    assert PUBLIC_PDF_TEXT in page_text(reader, statistics)
    assert SECRET_PDF_TEXT in page_text(reader, secret)
    # other files and the broken PDF are listed with their addresses; the broken one is logged
    top1_text = " ".join(page_text(reader, n) for n in range(top1, concept))
    assert "Präsentation Quartiere (DOCX)" in top1_text and "http://testserver/documents/" in top1_text
    assert "Kaputte Anlage (PDF): kann nicht in die Mappe übernommen werden" in top1_text
    assert "Anlage: Kaputte Anlage" not in outline and "Anlage: Präsentation Quartiere" not in outline
    assert any("is not merged" in r.getMessage() for r in caplog.records)


def test_the_pack_is_tagged(people, meeting):
    reader = read(people.client("editor").get(url(meeting)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "de"
    assert "Sitzungsmappe – Lenkungsgruppe Test" in reader.metadata.title


@pytest.mark.parametrize("role", ["anonymous", "member_b", "org_admin", "inactive"])
def test_outsiders_get_the_non_public_item_only_by_number_and_neutral_title(people, meeting, role):
    # the body member's pack is built (and kept) first: it must not reach the others
    read(people.client("member_a").get(url(meeting)))
    reader = read(people.client(role).get(url(meeting)))
    content = text_of(reader)
    for secret in SECRETS:
        assert secret not in content, f"{secret!r} leaked to {role}"
    assert f"TOP 2: {NEUTRAL_TITLE}" in content
    assert PUBLIC_PDF_TEXT in content and "Öffentliche Zahlen des Jahres" in content
    assert (MEMBERS_PDF_TEXT in content) == (role in ("member_b", "org_admin"))
    assert "vertraulich" not in page_text(reader, 0)


def zip_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", {"Statistik Zuwanderung", "Präsentation Quartiere", "Kaputte Anlage"}),
        ("member_b", {"Statistik Zuwanderung", "Präsentation Quartiere", "Kaputte Anlage", "Konzept Mitglieder"}),
        (
            "member_a",
            {
                "Statistik Zuwanderung",
                "Präsentation Quartiere",
                "Kaputte Anlage",
                "Konzept Mitglieder",
                SECRET_DOCUMENT,
            },
        ),
    ],
)
def test_the_zip_holds_the_attachments_the_viewer_may_read(people, meeting, role, expected):
    people.client("editor").get(url(meeting, "anlagen.zip"))  # the staff archive is kept first
    files = zip_of(people.client(role).get(url(meeting, "anlagen.zip")))
    assert {name.split(" – ", 1)[1].rsplit(".", 1)[0] for name in files} == expected
    assert "TOP 01 – Statistik Zuwanderung.pdf" in files
    everything = zip_text(files)
    if SECRET_DOCUMENT not in expected:
        assert SECRET_PDF_TEXT not in everything and SECRET_DOCUMENT not in everything
    else:
        assert SECRET_PDF_TEXT in everything


def zip_text(files):
    """Names, raw contents and the text of the readable PDFs of an archive."""
    texts = [" ".join(files), b" ".join(files.values()).decode("latin-1")]
    for name, content in files.items():
        if name.endswith(".pdf") and name != "TOP 01 – Kaputte Anlage.pdf":
            texts += [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    return " ".join(texts)


def test_a_missing_file_is_named_in_the_zip_and_listed_in_the_pack(people, meeting, caplog):
    document = AgendaItem.objects.get(meeting=meeting, sort_order=0).attachments.get(title="Statistik Zuwanderung")
    document.file.name = "documents/gibt-es-nicht.pdf"  # the file is gone (the row rolls back, a file would not)
    document.save()
    files = zip_of(people.client("member_b").get(url(meeting, "anlagen.zip")))
    assert "TOP 01 – Statistik Zuwanderung.pdf" not in files
    assert "TOP 01 – Statistik Zuwanderung.pdf" in files["Hinweis.txt"].decode()
    content = text_of(read(people.client("member_b").get(url(meeting))))
    assert "Statistik Zuwanderung (PDF): kann nicht in die Mappe übernommen werden" in content


def test_a_meeting_without_attachments_has_no_zip(people, meetings):
    assert people.client("member_a").get(url(meetings.body_only, "anlagen.zip")).status_code == 404
    content = text_of(read(people.client("member_a").get(url(meetings.body_only))))
    assert "Die Tagesordnung liegt noch nicht vor." in content


def test_the_pack_is_kept_and_rebuilt_when_the_meeting_changes(people, meeting, monkeypatch):
    builds = []
    real_build = pack.build
    monkeypatch.setattr(pack, "build", lambda *args: builds.append(1) or real_build(*args))
    client = people.client("member_b")
    first = client.get(url(meeting)).content
    assert client.get(url(meeting)).content == first and len(builds) == 1
    # the same access (another member of organisation B): the same kept pack
    assert people.client("member_b").get(url(meeting)).content == first and len(builds) == 1
    # another access: a pack of its own
    people.client("member_a").get(url(meeting))
    assert len(builds) == 2

    # a published change of an item
    page = MeetingPage.objects.get(pk=meeting.pk).get_latest_revision().as_object()
    page.agenda_items.first().description = "Neue Zahlen vom Statistikamt"
    page.save_revision().publish(skip_permission_checks=True)
    assert "Neue Zahlen vom Statistikamt" in text_of(read(client.get(url(meeting))))
    assert len(builds) == 3

    # a new version of an attachment's file
    document = AgendaItem.objects.get(meeting=meeting, sort_order=0).attachments.get(title="Statistik Zuwanderung")
    from django.core.files.base import ContentFile

    from documents.factories import pdf_bytes

    document.file.save("neu.pdf", ContentFile(pdf_bytes("Korrigierte Statistik")), save=False)
    document._set_document_file_metadata()
    document.save()
    content = text_of(read(client.get(url(meeting))))
    assert "Korrigierte Statistik" in content and PUBLIC_PDF_TEXT not in content
    assert len(builds) == 4

    # an attachment the viewer may no longer read
    document.audience = "staff"
    document.save()
    content = text_of(read(client.get(url(meeting))))
    assert "Korrigierte Statistik" not in content and "Anlage: Statistik Zuwanderung" not in content


def test_the_meeting_page_links_the_pack(people, meeting, meetings):
    page = html.unescape(people.client("member_b").get(meeting.url).content.decode())
    assert url(meeting) in page and url(meeting, "anlagen.zip") in page
    assert "Sitzungsmappe" in page
    # a meeting with an agenda but no attachments: the pack, no archive
    past = people.client("anonymous").get(meetings.past.url).content.decode()
    assert url(meetings.past) in past and url(meetings.past, "anlagen.zip") not in past


def count_queries(client, address):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


def with_items(meeting, count):
    page = MeetingPage.objects.get(pk=meeting.pk).get_latest_revision().as_object()
    page.agenda_items = [agenda_item(f"Punkt {n}", public=n % 3 != 0, description="Text") for n in range(count)]
    page.save_revision().publish(skip_permission_checks=True)
    documents = [portal_document(f"Anlage {n}", text=f"Seite {n}", audience="public") for n in range(count)]
    for item, document in zip(
        AgendaItem.objects.filter(meeting=meeting).order_by("sort_order"), documents, strict=True
    ):
        item.attachments.add(document)


@pytest.mark.parametrize("role", ["anonymous", "member_a"])
def test_pack_queries_do_not_grow_with_items_and_attachments(people, meeting, role):
    client = people.client(role)
    client.get(url(meeting))  # warm what is kept beyond the pack (site root paths, sessions)
    few = count_queries(client, url(meeting))
    few_zip = count_queries(client, url(meeting, "anlagen.zip"))
    with_items(meeting, 8)
    many = count_queries(client, url(meeting))
    many_zip = count_queries(client, url(meeting, "anlagen.zip"))
    assert few == many, f"{few} queries with 3 items, {many} with 8"
    assert few_zip == many_zip


def test_encrypted_and_oversized_pdfs_are_not_merged(ctx, monkeypatch):
    from pypdf import PdfWriter

    from documents.factories import pdf_bytes

    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes("Verschluesselt")))
    writer.encrypt("geheim")
    buffer = io.BytesIO()
    writer.write(buffer)
    encrypted = portal_document("Verschlüsselt", content=buffer.getvalue(), filename="v.pdf")
    plain = portal_document("Lesbar", text="Lesbarer Text")
    assert pack.readable_pdf(encrypted) is None
    assert "Lesbarer Text" in pack.readable_pdf(plain).pages[0].extract_text()
    monkeypatch.setattr(pack, "MAX_MERGED_BYTES", plain.file_size - 1)
    assert pack.readable_pdf(plain) is None


def test_merged_pages_do_not_point_into_the_packs_structure_tree(ctx):
    from weasyprint import HTML

    tagged = HTML(string='<html lang="de"><title>A</title><p>Getaggte Anlage</p></html>').write_pdf(
        pdf_variant="pdf/ua-1"
    )
    assert "/StructParents" in PdfReader(io.BytesIO(tagged)).pages[0]
    document = portal_document("Getaggt", content=tagged, filename="getaggt.pdf")
    item = AgendaItem.objects.get(meeting=ctx.meeting, sort_order=2)
    item.attachments.add(document)
    reader = read(ctx.people.client("anonymous").get(url(ctx.meeting)))
    merged = next(p for p in reader.pages if "Getaggte Anlage" in p.extract_text())
    assert "/StructParents" not in merged
    assert "/StructParents" in reader.pages[0]  # the generated part keeps its tags


def test_a_broken_cache_does_not_break_the_pack(people, meeting, monkeypatch):
    class Broken:
        def get(self, key):
            raise OSError("No space left on device")

        def set(self, key, value):
            raise OSError("No space left on device")

    monkeypatch.setattr(pack, "_cache", Broken)
    assert SECRET_TEXT in text_of(read(people.client("member_a").get(url(meeting))))
