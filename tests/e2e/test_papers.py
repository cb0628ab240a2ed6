"""One paper from a member's motion through triage, the steering group's recommendation and the
committee's decision to its Beschlussauszug and its action items."""

import datetime
import re

import pytest
from django.utils import timezone

from meetings.factories import body_page, meeting_index, meeting_page
from meetings.models import ActionItem, AgendaItem, BodyMembership
from papers.models import Consultation, Motion
from portal.factories import PASSWORD, OrganisationFactory, enable_totp, member_of, staff_user
from tests.e2e.conftest import log_in
from tests.portal.test_accounts import totp_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def setup(site):
    org = OrganisationFactory(name="Arbeiterwohlfahrt Test", short_name="AWO-T")
    member = member_of(org, email="mitglied-a@example.org")
    staff = staff_user("Fachbereichsleitung", mfa=False, email="leitung@example.org")
    index = meeting_index(site)
    steering = body_page(index, "Lenkungsgruppe Test")
    committee = body_page(index, "Ausschuss Test")
    BodyMembership.objects.create(body=steering, user=member, organisation=org)
    now = timezone.now()
    steering_meeting = meeting_page(steering, start=now - datetime.timedelta(days=7), slug="lg-sitzung")
    committee_meeting = meeting_page(committee, start=now - datetime.timedelta(days=2), slug="ausschuss-sitzung")
    return {
        "secret": enable_totp(staff),
        "org": org,
        "committee": committee,
        "steering_meeting": steering_meeting,
        "committee_meeting": committee_meeting,
    }


def put_on_agenda(page, paper, meeting):
    page.goto(f"/admin/vorlagen/{paper.pk}/tagesordnung/")
    page.locator("select[name=meeting]").select_option(str(meeting.pk))
    page.get_by_role("button", name="Auf die Tagesordnung setzen").click()
    page.wait_for_url(re.compile(rf"/admin/snippets/papers/paper/edit/{paper.pk}/"))


def decide(paper, body, decision, result):
    item = AgendaItem.objects.get(consultations__paper=paper, consultations__body=body)
    AgendaItem.objects.filter(pk=item.pk).update(decision=decision, result=result)
    return item


def test_from_motion_to_beschlussauszug(page, setup, assert_accessible):
    # a member of the steering group submits a motion
    log_in(page, "mitglied-a@example.org", PASSWORD)
    page.wait_for_url("**/mein-bereich/")
    page.get_by_role("link", name="Antrag oder Anfrage einreichen").first.click()
    page.wait_for_url("**/mein-bereich/antraege/neu/")
    assert_accessible(page)
    page.get_by_role("button", name="Einreichen").click()  # empty: explained, nothing lost
    assert page.get_by_text("Bitte geben Sie einen Betreff an.").first.is_visible()
    page.get_by_label("Betreff").fill("Sprachmittlung im Case-Management")
    page.get_by_label("Text", exact=True).fill("Die AWO beantragt, Sprachmittlung als Sachkosten zu erstatten.")
    page.get_by_role("button", name="Einreichen").click()
    page.wait_for_url(re.compile(r"/mein-bereich/antraege/\d+/$"))
    assert page.get_by_text("eingereicht", exact=True).first.is_visible()
    assert_accessible(page)
    motion = Motion.objects.get()

    # staff accept it as a public paper and put it on the steering group's agenda
    page.context.clear_cookies()
    log_in(page, "leitung@example.org", PASSWORD)
    page.wait_for_url(re.compile(r"/konto/2fa/authenticate/"))
    page.locator("input[name=code]").fill(totp_code(setup["secret"]))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(re.compile(r"/mein-bereich/|/admin/"))
    page.goto(f"/admin/antraege/{motion.pk}/pruefen/")
    assert_accessible(page)
    page.get_by_label("Als Vorlage annehmen (mit Nummer)").check()
    page.get_by_label("Zielgruppe der Vorlage").select_option("public")
    page.get_by_role("button", name="Entscheidung speichern").click()
    page.wait_for_url(re.compile(r"/admin/snippets/papers/paper/edit/\d+/"))
    motion.refresh_from_db()
    paper = motion.paper
    assert page.get_by_text(f"Angenommen als Vorlage {paper.number}").is_visible()
    put_on_agenda(page, paper, setup["steering_meeting"])

    # the steering group recommends; the committee decides
    decide(paper, paper.consultations.get().body, "Die Lenkungsgruppe empfiehlt die Erstattung.", "adopted")
    Consultation.objects.create(paper=paper, body=setup["committee"], role=Consultation.Role.DECISION, sort_order=1)
    put_on_agenda(page, paper, setup["committee_meeting"])
    decision = decide(paper, setup["committee"], "Der Ausschuss beschließt die Erstattung.", "adopted")
    ActionItem.objects.create(
        agenda_item=decision, title="Trägerverträge ergänzen", organisation=setup["org"], due_date=timezone.localdate()
    )

    # the member follows the paper to its Beschlussauszug and the action items
    page.context.clear_cookies()
    log_in(page, "mitglied-a@example.org", PASSWORD)
    page.wait_for_url("**/mein-bereich/")
    page.goto(f"/mein-bereich/antraege/{motion.pk}/")
    page.get_by_role("link", name=paper.number).click()
    page.wait_for_url(f"**/vorlagen/{paper.pk}/")
    assert page.get_by_text("Die Lenkungsgruppe empfiehlt die Erstattung.").is_visible()
    assert page.get_by_text("Der Ausschuss beschließt die Erstattung.").is_visible()
    assert page.get_by_text("beschlossen", exact=True).first.is_visible()
    assert_accessible(page)
    link = page.get_by_role("link", name=re.compile(rf"Beschlussauszug zu TOP {decision.number}")).last
    pdf = page.request.get(link.get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF-")
    page.goto("/beschluesse/")
    assert page.get_by_text("Trägerverträge ergänzen").is_visible()
    assert_accessible(page)
