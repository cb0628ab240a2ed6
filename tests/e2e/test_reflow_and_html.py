"""Every page type at 320 px without sideways scrolling, and its HTML valid (Nu HTML Checker).

One test walks the pages as an anonymous visitor and as an organisation admin, checks reflow
(WCAG 1.4.10) in the browser (the document and every element against the viewport), keeps the
server's HTML and validates it all with one run of
vnu.jar (npm package ``vnu-jar``, installed by ``make test`` through package.json).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from contracts.factories import ContractFactory
from contracts.models import FundingTransparencyPage
from meetings.factories import body_page
from meetings.models import BodySeat, MeetingPage
from portal.factories import PASSWORD, member_of
from portal.models import Invitation
from tests.conftest import make_people
from tests.e2e.conftest import log_in, sideways
from tests.meetings.scenario import meetings_scenario

# What new users met at 320 px: a long body name in the calendar's select, an online-meeting
# link, long compounds and long e-mail addresses in the organisation admin's buttons.
LONG_BODY = "Ausschuss für Soziales, Integration und Demographie"
LONG_LINK = "https://konferenz.example.org/lenkungsgruppe-integration/sitzung-zugang?pwd=Kx7Qm2Zr9Lb4Wv8TnHs3"
LONG_EMAILS = ["fallmanagement.wehringhausen-altenhagen@awo-hagen-maerkischer-kreis.example.org"]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

ANONYMOUS_PAGES = [
    "/",
    "/impressum/",
    "/nachrichten/",
    "/nachrichten/foerderung-case-management/",
    "/nachrichten/neuer-fachbereich-56/",
    "{calendar}",
    "{calendar}?zeit=vergangene&gremium={body_pk}",
    "{calendar}?monat={month}",
    "{body}",
    "{past}",
    "{library}",
    "{library}?kind=minutes",
    "/dokumente/{public_doc}/",
    "/suche/",
    "/suche/?q=Quartiersmanagement",
    "/suche/?q=Zuwanderung&typ=agendaitems",
    "{transparency}",
    "/konto/login/",
    "/konto/password/reset/",
    "/gibt-es-nicht/",
]
MEMBER_PAGES = [
    "/mein-bereich/",
    "/mein-bereich/organisation/{org_a}/",
    "/mein-bereich/organisation/{org_a}/gremien/",
    "{upcoming}",
    "{calendar}",
    "/mein-bereich/dokumente/hochladen/",
    "/mein-bereich/vertraege/",
    "/konto/profil/",
    "/konto/email/",
    "/konto/password/change/",
    "/konto/2fa/",
    "/konto/benachrichtigungen/",
    "/konto/loeschen/",
]


@pytest.fixture
def vnu():
    java = shutil.which("java")
    if not (VNU.exists() and java):
        message = "vnu.jar or java missing: run `make test` (npm ci installs vnu-jar from package.json)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-jar", str(VNU)]


def test_every_page_type_reflows_at_320px_and_is_valid_html(browser, live_server, site, library, vnu, tmp_path):
    people = make_people()
    meetings = meetings_scenario(site, people)
    ContractFactory(provider=people.org_a, reference="56-KIM-Fallmanagement-Wehringhausen-Altenhagen")
    transparency = FundingTransparencyPage(title="Fallmanagement in Zahlen", slug="fallmanagement")
    site.add_child(instance=transparency)
    committee = body_page(meetings.index, LONG_BODY, slug="ausschuss-soziales")
    BodySeat.objects.create(body=committee, organisation=people.org_a, seats=2)
    MeetingPage.objects.filter(pk=meetings.upcoming.pk).update(online_link=LONG_LINK)
    member_of(people.org_a, email=LONG_EMAILS[0].replace("fallmanagement", "koordination"))
    Invitation.objects.create(email=LONG_EMAILS[0], organisation=people.org_a)
    values = {
        "calendar": meetings.index.url,
        "body": meetings.body.url,
        "body_pk": meetings.body.pk,
        "month": f"{timezone.localtime(meetings.upcoming.start):%Y-%m}",
        "past": meetings.past.url,
        "upcoming": meetings.upcoming.url,
        "library": library.url,
        "public_doc": meetings.public_doc.pk,
        "transparency": transparency.url,
        "org_a": people.org_a.pk,
    }
    problems, saved = [], {}
    for pages, login in ((ANONYMOUS_PAGES, None), (MEMBER_PAGES, "admin-a@example.org")):
        context = browser.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 320, "height": 640})
        page = context.new_page()
        if login:
            log_in(page, login, PASSWORD)
            page.wait_for_url("**/mein-bereich/")
        for template in pages:
            path = template.format(**values)
            response = page.goto(path)
            assert response.status in (200, 404), (path, response.status)
            if wide := sideways(page):
                problems.append(f"{path} scrolls sideways at 320 px: {wide}")
            file = tmp_path / f"page-{len(saved):02d}.html"
            file.write_text(response.text(), encoding="utf-8")
            saved[str(file)] = path
        context.close()

    result = subprocess.run([*vnu, "--format", "json", "--errors-only", *saved], capture_output=True, text=True)
    messages = json.loads(result.stderr)["messages"]
    assert len(saved) == len(ANONYMOUS_PAGES) + len(MEMBER_PAGES)
    for message in messages:
        file = message.get("url", "").removeprefix("file:")
        problems.append(
            f"{saved.get(file, file)} line {message.get('lastLine')}: {message['message']}"
            f" [{message.get('extract', '').strip()}]"
        )
    assert not problems, "\n".join(problems)
