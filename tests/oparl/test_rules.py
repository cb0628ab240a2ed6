"""One test per OParl 1.1 rule of the API: ids, canonical URLs, licence, errors, lists, files."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from meetings.models import MeetingPage
from oparl.models import PublishedObject
from tests.oparl import helpers
from tests.oparl.helpers import ROOT, get_json

pytestmark = pytest.mark.django_db
API = f"http://testserver{ROOT}"


@pytest.fixture
def client():
    return Client()


def test_ids_come_from_the_configured_base_url_not_the_host_header(client, meetings, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.org"
    url = f"{ROOT}meeting/{meetings.upcoming.pk}/"
    data = client.get(url, HTTP_HOST="evil.example.com").json()
    assert data["id"] == f"https://portal.example.org{url}"
    assert data["web"].startswith("https://portal.example.org/")
    assert data["agendaItem"][0]["auxiliaryFile"][0]["accessUrl"].startswith("https://portal.example.org/")


def test_without_a_setting_the_base_url_is_the_default_sites_root(client, meetings, settings):
    settings.WAGTAILADMIN_BASE_URL = ""
    site = Site.objects.get(is_default_site=True)
    data = get_json(client, ROOT)
    assert data["id"] == site.root_url + ROOT


@pytest.mark.parametrize("path,target", [("meeting/0{pk}/", "meeting/{pk}/"), ("body/1", "body/1/")])
def test_non_canonical_urls_answer_301(client, meetings, path, target):
    pk = meetings.upcoming.pk
    response = client.get(ROOT + path.format(pk=pk) + "?omit_internal=true")
    assert response.status_code == 301
    assert response["Location"] == ROOT + target.format(pk=pk) + "?omit_internal=true"


def test_system_and_body_carry_the_licence(client, meetings, settings):
    assert get_json(client, ROOT)["license"] == "https://creativecommons.org/licenses/by/4.0/"
    settings.OPARL_LICENSE = "https://www.govdata.de/dl-de/by-2-0"
    assert get_json(client, f"{ROOT}body/1/")["license"] == "https://www.govdata.de/dl-de/by-2-0"


def test_body_has_every_list_of_1_1_and_they_answer(client, meetings):
    body = get_json(client, f"{ROOT}body/1/")
    for key in ("organization", "person", "meeting", "paper", "agendaItem", "consultation", "file"):
        assert body[key] == f"{API}body/1/{key}/"
    assert body["locationList"] == f"{API}body/1/location/"
    assert body["legislativeTermList"] == f"{API}body/1/legislativeTerm/"
    for key in ("consultation", "locationList", "legislativeTermList", "paper"):
        get_json(client, body[key])
    assert get_json(client, f"{ROOT}body/1/consultation/")["data"] == []
    terms = get_json(client, f"{ROOT}body/1/legislativeTerm/")["data"]
    assert [t["id"] for t in terms] == [t["id"] for t in body["legislativeTerm"]]


def test_the_body_list_takes_the_filters(client, meetings):
    assert len(get_json(client, f"{ROOT}body/")["data"]) == 1
    assert get_json(client, f"{ROOT}body/?created_since=2999-01-01T00:00:00Z")["data"] == []
    get_json(client, f"{ROOT}body/?modified_since=gestern", status=400)


def test_errors_are_oparl_error_objects(client, meetings):
    data = get_json(client, f"{ROOT}meeting/999999/", status=404)
    assert data["type"] == "https://schema.oparl.org/1.1/Error"
    assert data["message"] == "Das Objekt wurde nicht gefunden."
    assert data["debug"]


def test_omit_internal_leaves_out_the_internal_lists(client, meetings, people):
    people.users["member_a"].publish_in_oparl = True
    people.users["member_a"].save()
    full = get_json(client, f"{ROOT}meeting/{meetings.upcoming.pk}/")
    assert full["agendaItem"]
    short = get_json(client, f"{ROOT}meeting/{meetings.upcoming.pk}/?omit_internal=true")
    assert "agendaItem" not in short and short["name"] == full["name"]
    assert "legislativeTerm" not in get_json(client, f"{ROOT}body/?omit_internal=true")["data"][0]
    person = get_json(client, f"{ROOT}body/1/person/?omit_internal=true")["data"][0]
    assert "membership" not in person
    page = get_json(client, f"{ROOT}body/1/agendaItem/?omit_internal=true")
    assert not [i for i in page["data"] if "auxiliaryFile" in i]
    assert "omit_internal=true" in page["links"]["self"]


def test_a_deleted_files_urls_answer_410(client, meetings):
    data = get_json(client, f"{ROOT}file/{meetings.public_doc.pk}/")
    assert client.get(helpers.path_of(data["downloadUrl"])).status_code == 302
    meetings.public_doc.audience = "members"
    meetings.public_doc.save()
    for url in (data["accessUrl"], data["downloadUrl"]):
        response = client.get(helpers.path_of(url))
        assert response.status_code == 410
        assert response.json()["type"] == "https://schema.oparl.org/1.1/Error"


def test_created_until_the_shown_created_includes_the_object(client, meetings):
    published = timezone.now().replace(microsecond=654321)  # sub-second in the database
    MeetingPage.objects.filter(pk=meetings.upcoming.pk).update(first_published_at=published)
    shown = get_json(client, f"{ROOT}meeting/{meetings.upcoming.pk}/")
    assert shown["created"] == timezone.localtime(published).isoformat(timespec="seconds")
    for name, value in (("created_until", shown["created"]), ("modified_until", shown["modified"])):
        query = f"{name}={value.replace('+', '%2B')}"
        ids = [m["id"] for m in get_json(client, f"{ROOT}body/1/meeting/?{query}")["data"]]
        assert shown["id"] in ids, name
    query = f"created_since={shown['created'].replace('+', '%2B')}"
    assert shown["id"] in [m["id"] for m in get_json(client, f"{ROOT}body/1/meeting/?{query}")["data"]]


def test_agenda_item_order_counts_from_zero(client, meetings):
    items = get_json(client, f"{ROOT}meeting/{meetings.upcoming.pk}/")["agendaItem"]
    assert [i["order"] for i in items] == [0, 1]
    assert [i["number"] for i in items] == ["1", "2"]


def test_public_minutes_are_the_results_protocol(client, meetings):
    past = get_json(client, f"{ROOT}meeting/{meetings.past.pk}/")
    protocol = past["resultsProtocol"]
    assert protocol["mimeType"] == "application/pdf"
    response = client.get(helpers.path_of(protocol["accessUrl"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert get_json(client, protocol["id"]) == protocol
    files = [f["id"] for f in helpers.walk_list(client, f"{API}body/1/file/")]
    assert protocol["id"] in files
    # no minutes yet: no protocol
    assert "resultsProtocol" not in get_json(client, f"{ROOT}meeting/{meetings.upcoming.pk}/")


def test_modified_is_the_time_of_the_change_not_of_the_account(client, meetings, people):
    user = people.users["member_a"]
    user.date_joined = timezone.now().replace(year=2020)
    user.save()
    before = timezone.now()
    user.publish_in_oparl = True
    user.save()
    person = get_json(client, f"{ROOT}person/{user.pk}/")
    assert person["created"].startswith("2020-")
    assert person["modified"] >= timezone.localtime(before).isoformat(timespec="seconds")


def test_missing_schemas_skip_with_one_line_or_fail_where_configured(settings, tmp_path):
    settings.OPARL_SCHEMA_DIR = ""
    settings.BASE_DIR = tmp_path / "repository"
    with pytest.raises(pytest.skip.Exception, match="OPARL_SCHEMA_DIR"):
        helpers.schema_dir()
    settings.OPARL_SCHEMA_DIR = str(tmp_path / "nothing")
    with pytest.raises(pytest.fail.Exception, match="OPARL_SCHEMA_DIR"):
        helpers.schema_dir()


def test_validated_against_the_official_schemas():
    """Skips with one line when the schemas are not there (validation of the crawls is then off)."""
    assert (helpers.schema_dir() / "Body.json").exists()


def test_the_api_records_only_what_it_showed(client, meetings):
    get_json(client, ROOT)
    assert not PublishedObject.objects.filter(kind="meeting", object_id=meetings.body_only.pk).exists()


def test_organizations_have_the_bodys_start_and_end_date(client, meetings):
    url = f"{ROOT}organization/{meetings.body.pk}/"
    assert "startDate" not in get_json(client, url) and "endDate" not in get_json(client, url)
    body = meetings.body
    body.start_date, body.end_date = datetime.date(2021, 3, 1), datetime.date(2026, 10, 31)
    body.save_revision().publish()
    organization = get_json(client, url)
    helpers.check_object(organization)
    assert (organization["startDate"], organization["endDate"]) == ("2021-03-01", "2026-10-31")


def test_the_invitation_pdf_is_the_meetings_invitation(client, meetings):
    from documents.factories import portal_document

    meeting = MeetingPage.objects.get(pk=meetings.upcoming.pk)
    assert "invitation" not in get_json(client, f"{ROOT}meeting/{meeting.pk}/")
    meeting.invitation = portal_document("Einladung zur Sitzung", audience="public")
    meeting.save()
    invitation = get_json(client, f"{ROOT}meeting/{meeting.pk}/")["invitation"]
    assert invitation["name"] == "Einladung zur Sitzung" and invitation["mimeType"] == "application/pdf"
    assert get_json(client, invitation["id"])["id"] == invitation["id"]
    assert invitation["id"] in [f["id"] for f in helpers.walk_list(client, f"{API}body/1/file/")]
    # an invitation anonymous visitors may not read is not offered
    meeting.invitation = portal_document("Einladung nur für Mitglieder", audience="members")
    meeting.save()
    assert "invitation" not in get_json(client, f"{ROOT}meeting/{meeting.pk}/")
