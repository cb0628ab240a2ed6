"""The OParl 1.1 API on small data: redaction, errors, headers, files, deletions."""

import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from documents.factories import portal_document
from documents.models import PortalDocument
from meetings.models import BodyMembership, MeetingPage
from oparl.models import PublishedObject
from tests.meetings.scenario import SECRET_TITLE
from tests.oparl.helpers import ROOT, check_object, crawl, get_json, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client()


def test_crawl_of_the_scenario_is_valid_and_redacts_non_public_items(client, meetings, people):
    from tests.meetings.scenario import SECRET_DOCUMENT, SECRET_MINUTES, SECRET_TEXT, SECRET_TITLE
    from tests.oparl.helpers import SECRET_PLACE

    people.users["member_a"].publish_in_oparl = True
    people.users["member_a"].save()
    objects, responses = crawl(client)
    text = "\n".join(responses)
    secrets = (SECRET_TITLE, SECRET_TEXT, SECRET_MINUTES, SECRET_DOCUMENT, SECRET_PLACE, "Zuschlag an Träger X")
    for secret in (*secrets, "Klausurtagung"):
        assert secret not in text
    assert "Mitglieder-Anlage Konzept" not in text
    assert "konferenz.example.org" not in text

    secret_item = objects[f"http://testserver{ROOT}agendaItem/{meetings.secret_item.pk}/"]
    assert secret_item["public"] is False
    assert secret_item["name"] == "Nicht öffentlicher Tagesordnungspunkt"
    assert set(secret_item) <= {"id", "type", "created", "modified", "meeting", "number", "order", "name", "public"}
    past_secret = objects[f"http://testserver{ROOT}agendaItem/{meetings.past_secret_item.pk}/"]
    assert past_secret["name"] == "Vergabeangelegenheit"
    assert "result" not in past_secret and "resolutionText" not in past_secret

    public_item = objects[f"http://testserver{ROOT}agendaItem/{meetings.past_public_item.pk}/"]
    assert public_item["resolutionText"] == "Zur Kenntnis genommen"

    types = {o["type"].rsplit("/", 1)[1] for o in objects.values()}
    assert {"System", "Body", "Organization", "Meeting", "AgendaItem", "File", "Person", "Membership"} <= types
    assert "Location" in types
    people_ids = {o["id"] for o in objects.values() if o["type"].endswith("/Person")}
    assert people_ids == {f"http://testserver{ROOT}person/{people.users['member_a'].pk}/"}
    assert f"http://testserver{ROOT}meeting/{meetings.body_only.pk}/" not in objects


def test_file_urls_sizes_and_checksums(client, meetings):
    doc = PortalDocument.objects.get(pk=meetings.public_doc.pk)
    data = get_json(client, f"{ROOT}file/{doc.pk}/")
    check_object(data)
    content = b"".join(client.get(path_of(data["accessUrl"]), follow=True).streaming_content)
    assert data["size"] == len(content)
    assert data["sha512Checksum"] == hashlib.sha512(content).hexdigest()
    assert data["mimeType"] == "text/plain"
    download = client.get(path_of(data["downloadUrl"]), follow=True)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert data["agendaItem"] and data["meeting"]


def test_pdf_access_url_is_inline_and_download_url_an_attachment(client, meetings):
    pdf = portal_document("Protokoll", filename="protokoll.pdf", audience="public")
    item = meetings.past_public_item
    item.attachments.add(pdf)
    data = get_json(client, f"{ROOT}file/{pdf.pk}/")
    assert data["mimeType"] == "application/pdf"
    access = client.get(path_of(data["accessUrl"]), follow=True)
    assert access.status_code == 200
    assert access["Content-Disposition"].startswith("inline")
    download = client.get(path_of(data["downloadUrl"]), follow=True)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


def test_non_public_documents_never_appear(client, meetings):
    for doc in (meetings.members_doc, meetings.body_doc):
        data = get_json(client, f"{ROOT}file/{doc.pk}/", status=404)
        assert "message" in data
    listed = get_json(client, f"{ROOT}body/1/file/")["data"]
    documents = [f["id"] for f in listed if "/file/" in f["id"]]  # the others are public minutes
    assert documents == [f"http://testserver{ROOT}file/{meetings.public_doc.pk}/"]


@pytest.mark.parametrize(
    "url,status",
    [
        ("meeting/999999/", 404),
        ("nonsense/1/", 404),
        ("body/2/", 404),
        ("body/1/nonsense/", 404),
        ("does/not/exist", 404),
        ("body/1/meeting/?created_since=yesterday", 400),
        ("body/1/meeting/?modified_until=2024-13-45T00:00:00%2B01:00", 400),
        ("body/1/meeting/?limit=-3", 400),
        ("body/1/meeting/?page=abc", 400),
        ("body/1/meeting/?page=99", 404),
    ],
)
def test_errors_are_json(client, meetings, url, status):
    data = get_json(client, ROOT + url, status=status)
    # an OParl Error object (1.1, 2.9)
    assert data["type"] == "https://schema.oparl.org/1.1/Error"
    assert data["message"] and data["debug"]


def test_conditional_get_on_objects_and_lists(client, meetings):
    for url in (f"{ROOT}meeting/{meetings.upcoming.pk}/", f"{ROOT}body/1/meeting/", ROOT):
        response = client.get(url)
        assert response.status_code == 200
        etag = response["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


URLS = [
    "",
    "body/",
    "body/1/",
    "body/1/meeting/",
    "meeting/{pk}/",
    "meeting/999999/",
    "file/{doc}/access/",
    "file/{doc}/download/",
    "does/not/exist",
]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_any_method_but_get_and_head_is_405_with_an_error_object(meetings, method):
    client = Client(enforce_csrf_checks=True)  # as a real client: no CSRF token
    for url in URLS:
        url = ROOT + url.format(pk=meetings.upcoming.pk, doc=meetings.public_doc.pk)
        response = getattr(client, method)(url, data="{}", content_type="application/json")
        assert response.status_code == 405, (method, url, response.status_code)
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Access-Control-Allow-Origin"] == "*"
        data = response.json()
        assert data["type"] == "https://schema.oparl.org/1.1/Error"
        assert data["message"].startswith("Die OParl-Schnittstelle kann nur gelesen werden")
        assert method.upper() in data["debug"]
    assert get_json(client, f"{ROOT}meeting/{meetings.upcoming.pk}/")["name"]  # nothing changed


def test_head_answers_and_options_names_the_methods(client, meetings):
    assert client.head(ROOT).status_code == 200
    response = client.options(f"{ROOT}body/1/meeting/")
    assert response.status_code == 204
    assert response["Allow"] == response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_an_unexpected_error_is_an_error_object_with_details_only_in_debug(client, meetings, settings, monkeypatch):
    from django.db import OperationalError

    from oparl import views

    def broken(*args, **kwargs):
        raise ValueError("secret internals")

    monkeypatch.setattr(views, "ensure_synced", broken)
    for url in (f"{ROOT}body/1/meeting/", f"{ROOT}file/{meetings.public_doc.pk}/access/"):
        data = get_json(client, url, status=500)
        assert data["type"] == "https://schema.oparl.org/1.1/Error"
        assert data["message"] == "Ein interner Fehler ist aufgetreten."
        assert "secret internals" not in data["debug"]
    settings.DEBUG = True
    assert "secret internals" in get_json(client, f"{ROOT}body/1/person/", status=500)["debug"]
    settings.DEBUG = False

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views, "ensure_synced", unreachable)
    response = client.get(f"{ROOT}body/1/organization/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response.json()["type"] == "https://schema.oparl.org/1.1/Error"


def test_unpublished_meeting_is_deleted_and_listed_only_with_modified_since(client, meetings):
    meeting = meetings.past
    url = f"{ROOT}meeting/{meeting.pk}/"
    assert "deleted" not in get_json(client, url)
    meeting.unpublish()
    data = get_json(client, url)
    check_object(data)
    record = PublishedObject.objects.get(kind="meeting", object_id=meeting.pk, deleted=True)
    assert data["deleted"] is True
    assert data["modified"] == timezone.localtime(record.modified).isoformat(timespec="seconds")
    listed = [m["id"] for m in get_json(client, f"{ROOT}body/1/meeting/")["data"]]
    assert f"http://testserver{url}" not in listed
    since = get_json(client, f"{ROOT}body/1/meeting/?modified_since=2000-01-01T00:00:00%2B01:00")["data"]
    deleted = [m for m in since if m["id"] == f"http://testserver{url}"]
    assert deleted and deleted[0]["deleted"] is True
    # The items of the unpublished meeting went with it.
    item = get_json(client, f"{ROOT}agendaItem/{meetings.past_public_item.pk}/")
    assert item["deleted"] is True

    meeting.save_revision().publish()
    assert "deleted" not in get_json(client, url)
    assert not PublishedObject.objects.get(kind="meeting", object_id=meeting.pk).deleted


def test_withdrawn_consent_deletes_the_person(client, meetings, people):
    user = people.users["member_a"]
    user.publish_in_oparl = True
    user.save()
    url = f"{ROOT}person/{user.pk}/"
    assert get_json(client, url)["name"] == str(user)
    user.publish_in_oparl = False
    user.save()
    data = get_json(client, url)
    assert data["deleted"] is True and "familyName" not in data
    assert get_json(client, f"{ROOT}body/1/person/")["data"] == []


def test_paper_list_is_empty_but_valid(client, meetings):
    page = get_json(client, f"{ROOT}body/1/paper/")
    assert page["data"] == []
    assert page["pagination"]["totalElements"] == 0
    assert "next" not in page["links"]


def test_meeting_that_stops_being_public_is_deleted_one_never_public_is_not_mentioned(client, meetings):
    get_json(client, f"{ROOT}meeting/{meetings.body_only.pk}/", status=404)
    assert not PublishedObject.objects.filter(object_id=meetings.body_only.pk).exists()
    assert "deleted" not in get_json(client, f"{ROOT}meeting/{meetings.upcoming.pk}/")

    meeting = meetings.upcoming
    meeting.audience = "body"
    meeting.save_revision().publish()
    data = get_json(client, f"{ROOT}meeting/{meeting.pk}/")
    assert data["deleted"] is True and "name" not in data
    assert get_json(client, f"{ROOT}agendaItem/{meetings.secret_item.pk}/")["deleted"] is True


def test_a_file_that_stops_being_public_is_deleted(client, meetings):
    document = meetings.public_doc
    url = f"{ROOT}file/{document.pk}/"
    assert "deleted" not in get_json(client, url)
    document.audience = "members"
    document.save()
    data = get_json(client, url)
    assert data["deleted"] is True and "name" not in data and "accessUrl" not in data
    document.audience = "public"
    document.save()
    assert "deleted" not in get_json(client, url)
    # a document that never was a file of the API is not mentioned
    meetings.members_doc.audience = "staff"
    meetings.members_doc.save()
    get_json(client, f"{ROOT}file/{meetings.members_doc.pk}/", status=404)
    assert not PublishedObject.objects.filter(kind="file", object_id=meetings.members_doc.pk).exists()


def republish_with_items(meeting, change):
    page = MeetingPage.objects.get(pk=meeting.pk).get_latest_revision().as_object()
    items = list(page.agenda_items.all())
    for item in items:
        change(item)
    page.agenda_items = items
    page.save_revision().publish()


def test_files_leave_with_their_agenda_item_and_their_meeting(client, meetings):
    url = f"{ROOT}file/{meetings.public_doc.pk}/"
    assert "deleted" not in get_json(client, url)
    republish_with_items(meetings.upcoming, lambda item: setattr(item, "public", False))
    assert get_json(client, url)["deleted"] is True
    republish_with_items(meetings.upcoming, lambda item: setattr(item, "public", item.title != SECRET_TITLE))
    assert "deleted" not in get_json(client, url)
    MeetingPage.objects.get(pk=meetings.upcoming.pk).unpublish()
    assert get_json(client, url)["deleted"] is True


def test_files_leave_with_their_deleted_meeting(client, meetings):
    url = f"{ROOT}file/{meetings.public_doc.pk}/"
    assert "deleted" not in get_json(client, url)
    MeetingPage.objects.get(pk=meetings.upcoming.pk).delete()
    assert get_json(client, url)["deleted"] is True


def test_memberships_leave_with_their_unpublished_body(client, meetings, people):
    user = people.users["member_a"]
    user.publish_in_oparl = True
    user.save()
    membership = BodyMembership.objects.get(user=user, body=meetings.body)
    url = f"{ROOT}membership/{membership.pk}/"
    assert "deleted" not in get_json(client, url)
    meetings.body.unpublish()
    assert get_json(client, url)["deleted"] is True
    meetings.body.save_revision().publish()
    assert "deleted" not in get_json(client, url)


def test_public_file_of_a_non_public_item_never_appears(client, meetings):
    """A public document attached only to a non-public agenda item stays out of the API."""
    from documents.factories import portal_document

    document = portal_document("Öffentliche Datei im nicht öffentlichen TOP", audience="public")
    item = meetings.secret_item
    item.attachments.add(document)
    item.save()
    get_json(client, f"{ROOT}file/{document.pk}/", status=404)
    listed = get_json(client, f"{ROOT}body/1/file/")["data"]
    assert all(not f["id"].endswith(f"/file/{document.pk}/") for f in listed)
