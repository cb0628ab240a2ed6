"""Uploads: one test per refusal, the audience rights, the admin form, new versions, a good PDF."""

import io
import os
import socket
import threading
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection

from documents.factories import pdf_bytes, portal_document
from documents.models import PortalDocument
from documents.validation import sanitise_filename
from portal.access import Audience
from tests.documents.helpers import docx_bytes, docx_with, lying_sizes, odt_bytes, zip_bytes

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/mein-bereich/dokumente/hochladen/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def stored_files():
    from django.conf import settings

    folder = settings.MEDIA_ROOT / "documents"
    return sorted(os.listdir(folder)) if folder.exists() else []


def upload(client, name, content, **data):
    fields = {"kind": "report", "audience": "organisation", "title": "", "description": "", "published_date": ""}
    fields.update(data)
    fields["file"] = SimpleUploadedFile(name, content)
    return client.post(UPLOAD_URL, {k: v for k, v in fields.items() if v is not None})


@pytest.fixture
def member_a(people):
    return people.client("member_a")


def test_good_pdf_is_saved_and_its_text_becomes_searchable(people, member_a, library):
    response = upload(
        member_a, "Bericht Quartier.pdf", pdf_bytes("Quartiersarbeit in Altenhagen"), organisation=people.org_a.pk
    )
    assert response.status_code == 302
    document = PortalDocument.objects.get()
    assert response["Location"] == f"/dokumente/{document.pk}/"
    assert document.organisation == people.org_a
    assert document.audience == Audience.ORGANISATION
    assert document.title == "Bericht Quartier"
    assert document.uploaded_by_user == people.users["member_a"]
    assert "Altenhagen" in document.extracted_text
    assert len(document.sha512) == 128
    assert document.file_size == len(pdf_bytes("Quartiersarbeit in Altenhagen"))
    found = member_a.get(library.url, {"q": "Altenhagen"})
    assert found.context["paginator"].count == 1
    assert people.client("member_b").get(library.url, {"q": "Altenhagen"}).context["paginator"].count == 0


REFUSALS = [
    ("programm.exe", b"MZ\x90\x00", "Endung „.exe“"),
    ("seite.html", b"<html><body>x</body></html>", "Endung „.html“"),
    ("leer.pdf", b"", "Die Datei ist leer"),
    ("seite.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "passt nicht zur Endung „.pdf“"),
    ("bild.jpg", PNG, "passt nicht zur Endung „.jpg“"),
    ("tabelle.docx", zip_bytes(["irgendwas.txt"]), "passt nicht zur Endung „.docx“"),
    (
        "text.odt",
        odt_bytes("x").replace(b"opendocument.text", b"opendocument.graphics"),
        "passt nicht zur Endung „.odt“",
    ),
    ("notiz.txt", b"<html><script>alert(1)</script></html>", "passt nicht zur Endung „.txt“"),
    ("liste.csv", b"a;b\x00\x01\x02", "passt nicht zur Endung „.csv“"),
    ("kaputt.pdf", b"%PDF-1.7\nDas ist kein PDF.\n", "PDF-Datei ist beschädigt"),
    (".pdf", pdf_bytes(), "Dateiname ist ungültig"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refused_uploads_say_why_and_save_nothing(people, member_a, name, content, message):
    before = stored_files()
    response = upload(member_a, name, content, organisation=people.org_a.pk)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PortalDocument.objects.exists()
    assert stored_files() == before


def test_file_over_the_size_limit_is_refused(people, member_a, settings):
    settings.DOCUMENTS_MAX_UPLOAD_SIZE = 200
    response = upload(member_a, "gross.pdf", pdf_bytes("x" * 300), organisation=people.org_a.pk)
    assert response.status_code == 400
    assert "Die Datei ist zu groß" in response.content.decode()
    assert "höchstens 200\xa0Bytes" in response.content.decode()
    assert not PortalDocument.objects.exists()


def test_missing_file_is_refused(people, member_a):
    response = member_a.post(
        UPLOAD_URL, {"kind": "report", "audience": "organisation", "organisation": people.org_a.pk}
    )
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Datei aus." in response.content.decode()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/Bericht.pdf", "Bericht.pdf"),
        ("C:\\Users\\x\\Protokoll.PDF", "Protokoll.pdf"),
        ("Sitzung\x07\x00 2022\n.pdf", "Sitzung 2022.pdf"),
        ("Vertrag\u202egpj.pdf", "Vertraggpj.pdf"),
        ("Übersicht Träger.docx", "Übersicht Träger.docx"),
    ],
)
def test_file_names_are_sanitised(raw, clean):
    assert sanitise_filename(raw) == clean


def test_path_parts_are_removed_from_uploaded_names(people, member_a):
    response = upload(member_a, "../../../geheim/Bericht.pdf", pdf_bytes(), organisation=people.org_a.pk)
    assert response.status_code == 302
    assert PortalDocument.objects.get().filename == "Bericht.pdf"


# --- audiences a member may grant ---------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "data"),
    [
        ("member_a", {"audience": "public"}),
        ("member_a", {"audience": "staff"}),
        ("member_a", {"organisation": "org_b"}),
        ("member_a", {"audience": "body", "bodies": "body"}),
        ("member_b", {"audience": "body", "bodies": "other_body", "organisation": "org_b"}),
        ("member_a", {"organisation": ""}),
    ],
)
def test_crafted_posts_beyond_the_members_rights_are_refused(people, body, site, role, data):
    from meetings.models import BodyPage

    other_body = BodyPage(title="Arbeitsgruppe Wohnen", slug="ag-wohnen")
    site.add_child(instance=other_body)
    values = {"org_b": people.org_b.pk, "body": body.pk, "other_body": other_body.pk, "": ""}
    data = {"organisation": "org_a", **data}
    values["org_a"] = people.org_a.pk
    data = {k: values.get(v, v) for k, v in data.items()}
    response = upload(people.client(role), "bericht.pdf", pdf_bytes(), **data)
    assert response.status_code == 400, data
    assert not PortalDocument.objects.exists()


def test_body_member_shares_with_own_body(people, body):
    response = upload(
        people.client("member_b"),
        "bericht.pdf",
        pdf_bytes(),
        audience="body",
        bodies=body.pk,
        organisation=people.org_b.pk,
    )
    assert response.status_code == 302
    document = PortalDocument.objects.get()
    assert list(document.bodies.all()) == [body]


def test_bodies_are_dropped_unless_the_audience_is_body(people, body):
    upload(
        people.client("member_b"),
        "b.pdf",
        pdf_bytes(),
        audience="members",
        bodies=body.pk,
        organisation=people.org_b.pk,
    )
    assert not PortalDocument.objects.get().bodies.exists()


def test_audience_body_needs_a_body(people, body):
    response = upload(people.client("member_b"), "b.pdf", pdf_bytes(), audience="body", organisation=people.org_b.pk)
    assert response.status_code == 400
    assert "mindestens ein Gremium" in response.content.decode()


def test_member_form_offers_only_what_the_member_may_grant(people):
    form = people.client("member_a").get(UPLOAD_URL).context["form"]
    assert [value for value, _ in form.fields["audience"].choices] == ["members", "organisation"]
    assert list(form.fields["organisation"].queryset) == [people.org_a]
    assert "bodies" not in form.fields


def test_city_staff_may_publish_for_everyone(people):
    response = upload(people.client("editor"), "organigramm.pdf", pdf_bytes(), audience="public", organisation="")
    assert response.status_code == 302
    assert PortalDocument.objects.get().audience == Audience.PUBLIC


# --- the same checks in the Wagtail admin -------------------------------------------------


def admin_post(client, name, content, **data):
    fields = {
        "title": "Vorlage",
        "collection": Collection.get_first_root_node().pk,
        "audience": "public",
        "kind": "other",
        "tags": "",
        "description": "",
        "file": SimpleUploadedFile(name, content),
    }
    fields.update(data)
    return client.post("/admin/documents/add/", fields)


def test_admin_upload_uses_the_same_checks(people):
    client = people.client("editor")
    response = admin_post(client, "vorlage.pdf", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 200
    assert "passt nicht zur Endung „.pdf“" in response.content.decode()
    assert not PortalDocument.objects.exists()
    response = admin_post(client, "leer.pdf", b"")
    assert "Die Datei ist leer" in response.content.decode()
    assert not PortalDocument.objects.exists()


def test_admin_upload_of_a_good_pdf_is_extracted(people):
    response = admin_post(people.client("editor"), "vorlage.pdf", pdf_bytes("Konfliktmanagement Haspe"))
    assert response.status_code == 302
    document = PortalDocument.objects.get()
    assert "Konfliktmanagement" in document.extracted_text


def test_admin_requires_an_organisation_for_an_organisation_audience(people):
    response = admin_post(people.client("editor"), "vorlage.pdf", pdf_bytes(), audience="organisation")
    assert response.status_code == 200
    assert "Bitte wählen Sie die Organisation" in response.content.decode()
    assert not PortalDocument.objects.exists()


# --- new versions ---------------------------------------------------------------------------


def test_member_uploads_a_new_version(people, library):
    first = portal_document(title="Sachbericht", audience=Audience.ORGANISATION, organisation=people.org_a, text="alt")
    client = people.client("member_a")
    url = f"/mein-bereich/dokumente/{first.pk}/neue-version/"
    form = client.get(url).context["form"]
    assert form.initial["title"] == "Sachbericht"
    response = client.post(
        url,
        {
            "file": SimpleUploadedFile("sachbericht-v2.pdf", pdf_bytes("neu")),
            "title": "Sachbericht",
            "kind": "report",
            "audience": "organisation",
        },
    )
    assert response.status_code == 302
    second = PortalDocument.objects.get(supersedes=first)
    assert second.version == 2
    assert second.organisation == people.org_a
    listing = client.get(library.url)
    assert [d.pk for d in listing.context["documents"]] == [second.pk]
    assert "Version 2" in listing.content.decode()
    # The earlier version is no longer current: no second successor.
    assert client.get(url).status_code == 404


# --- virus scan -----------------------------------------------------------------------------


class FakeClamd:
    """A clamd stand-in on a Unix socket: reads one INSTREAM and answers ``reply``."""

    def __init__(self, path, reply):
        self.path, self.reply, self.received = path, reply, b""
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(1)
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        conn, _ = self.server.accept()
        with conn:
            data = b""
            while not data.endswith(b"\0\0\0\0"):
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            self.received = data
            conn.sendall(self.reply)
        self.server.close()


@pytest.fixture
def clamd_socket(settings, tmp_path):
    path = str(tmp_path / "clamd.sock")
    settings.DOCUMENTS_CLAMD_SOCKET = path
    return path


def test_virus_scanner_refuses_an_infected_file(people, member_a, clamd_socket):
    clamd = FakeClamd(clamd_socket, b"stream: Eicar-Test-Signature FOUND\0")
    response = upload(member_a, "bericht.pdf", pdf_bytes(), organisation=people.org_a.pk)
    clamd.thread.join(5)
    assert response.status_code == 400
    assert "Schadsoftware gefunden (Eicar-Test-Signature)" in response.content.decode()
    assert clamd.received.startswith(b"zINSTREAM\0")
    assert not PortalDocument.objects.exists()


def test_virus_scanner_lets_a_clean_file_pass(people, member_a, clamd_socket):
    clamd = FakeClamd(clamd_socket, b"stream: OK\0")
    response = upload(member_a, "bericht.pdf", pdf_bytes(), organisation=people.org_a.pk)
    clamd.thread.join(5)
    assert response.status_code == 302
    assert PortalDocument.objects.count() == 1


def test_unreachable_virus_scanner_refuses_the_upload(people, member_a, clamd_socket):
    response = upload(member_a, "bericht.pdf", pdf_bytes(), organisation=people.org_a.pk)
    assert response.status_code == 400
    assert "Virenprüfung ist gerade nicht erreichbar" in response.content.decode()
    assert not PortalDocument.objects.exists()


def test_office_and_image_files_pass_the_checks(people, member_a):
    for name, content in [
        ("a.docx", docx_bytes("Wort")),
        ("b.odt", odt_bytes("Text")),
        ("c.png", PNG),
        ("d.csv", b"a;b\n"),
    ]:
        response = upload(member_a, name, content, organisation=people.org_a.pk)
        assert response.status_code == 302, name
    assert PortalDocument.objects.count() == 4


def test_admin_document_views_render(people):
    document = portal_document(title="Vorlage", organisation=people.org_a)
    client = people.client("editor")
    for url in (
        "/admin/documents/",
        "/admin/documents/add/",
        "/admin/documents/multiple/add/",
        f"/admin/documents/edit/{document.pk}/",
    ):
        assert client.get(url).status_code == 200, url


def test_admin_multiple_upload_refuses_a_disguised_file(people):
    response = people.client("editor").post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("bild.pdf", b"<html></html>")},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "passt nicht zur Endung" in response.json()["error_message"]
    assert not PortalDocument.objects.exists()


# --- archive bombs and extraction limits ----------------------------------------------------

ZEROS = ("word/media/bild.bin", b"\x00" * (20 * 1024 * 1024))  # 20 MB packing to 20 KB
BOMB_MESSAGE = "ungewöhnlich stark komprimiert"


def test_archive_bomb_is_refused_in_the_members_upload(people, member_a):
    bomb = docx_with(members=[ZEROS])
    assert len(bomb) < 100 * 1024
    before = stored_files()
    response = upload(member_a, "bericht.docx", bomb, organisation=people.org_a.pk)
    assert response.status_code == 400
    assert BOMB_MESSAGE in response.content.decode()
    assert not PortalDocument.objects.exists() and stored_files() == before


def test_archive_limits_come_from_the_settings(people, member_a, settings):
    settings.DOCUMENTS_ARCHIVE_MAX_RATIO = 10_000
    response = upload(member_a, "bericht.docx", docx_with(members=[ZEROS]), organisation=people.org_a.pk)
    assert response.status_code == 302  # within the ratio and the size limit
    settings.DOCUMENTS_ARCHIVE_MAX_SIZE = 1024 * 1024
    response = upload(member_a, "bericht.docx", docx_with(members=[ZEROS]), organisation=people.org_a.pk)
    assert response.status_code == 400 and "mehr als 1,0\xa0MB" in response.content.decode()
    settings.DOCUMENTS_ARCHIVE_MAX_SIZE = 100 * 1024 * 1024
    settings.DOCUMENTS_ARCHIVE_MAX_MEMBERS = 5
    response = upload(member_a, "bericht.docx", docx_with(members=[(f"word/m{n}.xml", b"x") for n in range(10)]))
    assert response.status_code == 400 and "zu vielen Teilen" in response.content.decode()
    assert PortalDocument.objects.count() == 1


def test_archive_with_lying_headers_is_refused(people, member_a):
    """Headers claiming 1 KB for a member that unpacks to 20 MB: the unpacking is counted too."""
    liar = lying_sizes(docx_with(members=[ZEROS]), ZEROS[0], 1024)
    response = upload(member_a, "bericht.docx", liar, organisation=people.org_a.pk)
    assert response.status_code == 400
    assert "beschädigt" in response.content.decode() or BOMB_MESSAGE in response.content.decode()
    assert not PortalDocument.objects.exists()


def test_archive_bomb_is_refused_in_the_admin(people):
    buffer = io.BytesIO(odt_bytes("Vorlage"))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Pictures/bild.png", ZEROS[1])
    response = admin_post(people.client("editor"), "vorlage.odt", buffer.getvalue())
    assert response.status_code == 200
    assert BOMB_MESSAGE in response.content.decode()
    assert not PortalDocument.objects.exists()


def test_good_docx_is_accepted_and_its_text_extracted(people, member_a):
    response = upload(member_a, "bericht.docx", docx_with(extra_paragraphs=3), organisation=people.org_a.pk)
    assert response.status_code == 302
    assert PortalDocument.objects.get().extracted_text == "Quartiersarbeit Quartiersarbeit Quartiersarbeit Hallo"


@pytest.mark.parametrize("limit", ["memory", "time"])
def test_extraction_over_its_limits_fails_safely(people, member_a, settings, caplog, limit):
    """A file within the upload limits whose parsing needs too much memory or time: the document
    is kept without searchable text, the failure is logged, the process goes on."""
    settings.DOCUMENTS_ARCHIVE_MAX_RATIO = 10_000
    if limit == "memory":
        settings.DOCUMENTS_EXTRACTION_MEMORY_LIMIT = 40 * 1024 * 1024
    else:
        settings.DOCUMENTS_EXTRACTION_TIMEOUT = 1
    response = upload(member_a, "gross.docx", docx_with(extra_paragraphs=60_000), organisation=people.org_a.pk)
    assert response.status_code == 302
    document = PortalDocument.objects.get()
    assert document.extracted_text == "" and len(document.sha512) == 128
    assert "text extraction of a .docx file" in caplog.text
    assert people.client("member_a").get(f"/dokumente/{document.pk}/").status_code == 200


def test_extracted_text_is_capped(monkeypatch):
    """However long a file's text, the index keeps at most MAX_TEXT_LENGTH characters, and the
    parsers stop reading once they have that much."""
    import io

    from documents import extraction

    monkeypatch.setattr(extraction, "MAX_TEXT_LENGTH", 50_000)
    plain = extraction.extract_text(io.BytesIO(b"Quartiersarbeit " * 20_000), "txt")  # 320,000 characters
    assert 49_000 < len(plain) <= 50_000
    read = []

    def paragraphs():
        for n in range(100_000):
            read.append(n)
            yield "Quartiersarbeit " * 10  # 160 characters each

    capped = extraction._capped(paragraphs())
    assert len(read) < 400 and 50_000 < len(capped) < 51_000  # stopped after about 50,000 characters
    assert len(extraction.docx_text(io.BytesIO(docx_with(extra_paragraphs=20_000)))) < 51_000


def test_after_an_error_the_form_asks_for_the_file_again(people, member_a):
    """A chosen file is not kept across a form error: the error summary says so plainly."""
    response = upload(member_a, "Bericht.pdf", pdf_bytes("Quartiersarbeit"), organisation=people.org_a.pk, kind="")
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "Bitte wählen Sie die Datei noch einmal aus" in html
    assert not PortalDocument.objects.exists()
    response = upload(member_a, "Bericht.pdf", pdf_bytes("Quartiersarbeit"), organisation=people.org_a.pk)
    assert response.status_code == 302  # chosen again, it is saved
