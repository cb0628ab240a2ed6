"""OParl ``Paper`` and ``Consultation``: valid against the schemas, public papers only."""

import pytest
from django.test import Client

from papers.factories import paper
from papers.models import Consultation
from tests.oparl.helpers import ROOT, crawl, get_json
from tests.papers.secrets import SECRET_PAPER_TEXT, SECRET_PAPER_TITLE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def oparl_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"


def test_crawl_validates_papers_and_consultations_and_shows_no_secret(papers, meetings):
    # a public paper put on the non-public item: its consultation names no agenda item
    on_secret_item = paper(
        "Öffentliche Vorlage zur Vergabe",
        consultations=[(meetings.body, Consultation.Role.PRELIMINARY, meetings.past_secret_item)],
    )
    objects, responses = crawl(Client())
    text = "\n".join(responses)
    assert SECRET_PAPER_TITLE not in text and SECRET_PAPER_TEXT not in text
    assert "Anlage nur für Mitglieder" not in text
    assert f"{ROOT}paper/{papers.secret.pk}/" not in text

    public = objects[f"http://testserver{ROOT}paper/{papers.public.pk}/"]
    assert public["reference"] == papers.public.number
    assert public["paperType"] == "Beschlussvorlage"
    assert public["mainFile"]["name"] == "Vorlage Quartiersmanagement (Dokument)"
    assert [f["name"] for f in public["auxiliaryFile"]] == ["Anlage Statistik Quartiere"]
    [step] = public["consultation"]
    assert step["authoritative"] is True and step["role"] == "Entscheidung"
    assert step["agendaItem"].endswith(f"/agendaItem/{meetings.past_public_item.pk}/")
    item = objects[f"http://testserver{ROOT}agendaItem/{meetings.past_public_item.pk}/"]
    assert item["consultation"] == step["id"]
    # the files of papers are Files of the API
    assert f"http://testserver{ROOT}file/{papers.main.pk}/" in objects

    [hidden_step] = objects[f"http://testserver{ROOT}paper/{on_secret_item.pk}/"]["consultation"]
    assert "agendaItem" not in hidden_step and "meeting" in hidden_step
    secret_item = objects[f"http://testserver{ROOT}agendaItem/{meetings.past_secret_item.pk}/"]
    assert "consultation" not in secret_item
    types = {o["type"].rsplit("/", 1)[1] for o in objects.values()}
    assert {"Paper", "Consultation"} <= types


def test_a_paper_that_stops_being_public_is_deleted_in_the_api(papers):
    client = Client()
    url = f"{ROOT}paper/{papers.public.pk}/"
    assert get_json(client, url)["name"] == "Quartiersmanagement in Altenhagen"
    papers.public.audience = "members"
    papers.public.save()
    assert get_json(client, url)["deleted"] is True
    page = get_json(client, f"{ROOT}body/1/paper/")
    assert page["data"] == []


def test_public_decisions_carry_their_beschlussauszug_as_resolution_file(papers, meetings):
    client = Client()
    item = get_json(client, f"{ROOT}agendaItem/{meetings.past_public_item.pk}/")
    resolution = item["resolutionFile"]
    assert resolution["mimeType"] == "application/pdf"
    assert resolution["accessUrl"].endswith(f"/beschluesse/{meetings.past_public_item.pk}/beschlussauszug.pdf")
    assert client.get(resolution["accessUrl"].removeprefix("http://testserver")).status_code == 200
    assert get_json(client, resolution["id"])["name"].startswith("Beschlussauszug")
    secret = get_json(client, f"{ROOT}agendaItem/{meetings.past_secret_item.pk}/")
    assert "resolutionFile" not in secret
    get_json(client, f"{ROOT}resolutionFile/{meetings.past_secret_item.pk}/", status=404)
    files = [f["id"] for f in get_json(client, f"{ROOT}body/1/file/?limit=100")["data"]]
    assert resolution["id"] in files
