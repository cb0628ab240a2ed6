"""The mails of the motion triage: staff are told of a submission, the submitter of each decision
and of the answer to an Anfrage, only while they may see what the mail names; links come from the
configured base URL, never from the request's host."""

import html

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from papers.models import Motion, Paper
from portal.factories import UserFactory
from portal.models import Membership, Notification

pytestmark = pytest.mark.django_db

BASE = "https://portal.example.org"
STAFF = {"redaktion@example.org", "leitung@example.org"}


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    settings.ALLOWED_HOSTS = ["*"]


def text_of(response):
    return html.unescape(response.content.decode())


def mails_to(email):
    return [m for m in mail.outbox if m.to == [email]]


def the_mail_to(email):
    [message] = mails_to(email)
    body = message.body
    assert "evil.example.com" not in body and "evil.example.com" not in message.alternatives[0][0]
    return message.subject, body


def submit(people, meetings, client_role="member_a", **overrides):
    data = {
        "kind": "antrag",
        "body": meetings.body.pk,
        "organisation": people.org_a.pk,
        "title": "Antrag auf Sprachmittlung",
        "text": "Wir beantragen, Sprachmittlung zu erstatten.",
        "requested_meeting": meetings.upcoming.pk,
        **overrides,
    }
    return people.client(client_role).post("/mein-bereich/antraege/neu/", data, HTTP_HOST="evil.example.com")


def submitted(meetings, people, kind=Motion.Kind.QUESTION, title="Anfrage zu Wartezeiten"):
    return Motion.objects.create(
        body=meetings.body,
        organisation=people.org_a,
        submitted_by=people.users["member_a"],
        title=title,
        text="Wie lange sind die Wartezeiten?",
        kind=kind,
        requested_meeting=meetings.upcoming,
    )


def triage(people, motion, **data):
    return people.client("approver").post(f"/admin/antraege/{motion.pk}/pruefen/", data, HTTP_HOST="evil.example.com")


def test_a_submission_is_told_to_the_staff_who_triage(meetings, people, django_capture_on_commit_callbacks):
    reader = UserFactory(email="nur-lesen@example.org")  # admin access, but may not triage motions
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(people, meetings).status_code == 302
    motion = Motion.objects.get()
    assert {m.to[0] for m in mail.outbox} == STAFF
    subject, body = the_mail_to("leitung@example.org")
    assert subject == "Neuer Antrag: Antrag auf Sprachmittlung"
    assert "Arbeiterwohlfahrt Test hat „Antrag auf Sprachmittlung“ (Antrag) für das Gremium" in body
    assert f"{BASE}/admin/antraege/{motion.pk}/pruefen/" in body
    assert all(n.kind == "motions" for n in Notification.objects.all())


def test_accepting_tells_the_submitter_the_number_and_the_link(meetings, people, django_capture_on_commit_callbacks):
    motion = submitted(meetings, people)
    with django_capture_on_commit_callbacks(execute=True):
        assert triage(people, motion, decision="accept", audience="members").status_code == 302
    paper = Paper.objects.get()
    subject, body = the_mail_to("mitglied-a@example.org")
    assert subject == "Als Vorlage angenommen: Anfrage zu Wartezeiten"
    assert f"Ihre Anfrage „Anfrage zu Wartezeiten“ für das Gremium „{meetings.body.title}“" in body
    assert f"als Vorlage {paper.number} angenommen" in body
    assert f"{BASE}/vorlagen/{paper.pk}/" in body
    assert mails_to("admin-a@example.org") == []  # colleagues see the state on the motion page
    colleague = text_of(people.client("org_admin").get("/mein-bereich/antraege/"))
    assert "als Vorlage angenommen" in colleague and paper.number in colleague


def test_a_paper_for_staff_only_is_not_named_to_the_submitter(meetings, people, django_capture_on_commit_callbacks):
    motion = submitted(meetings, people)
    with django_capture_on_commit_callbacks(execute=True):
        triage(people, motion, decision="accept", audience="staff")
    paper = Paper.objects.get()
    subject, body = the_mail_to("mitglied-a@example.org")
    assert "als Vorlage angenommen" in body
    assert paper.number not in subject + body and f"/vorlagen/{paper.pk}/" not in body
    assert f"{BASE}/mein-bereich/antraege/{motion.pk}/" in body
    for url in ("/mein-bereich/antraege/", "/mein-bereich/", f"/mein-bereich/antraege/{motion.pk}/"):
        page = text_of(people.client("member_a").get(url))
        assert "als Vorlage angenommen" in page and paper.number not in page, url


def test_changes_requested_are_told_with_the_message_and_the_resubmission_to_staff(
    meetings, people, django_capture_on_commit_callbacks
):
    motion = submitted(meetings, people, kind=Motion.Kind.MOTION, title="Antrag ohne Begründung")
    with django_capture_on_commit_callbacks(execute=True):
        triage(people, motion, decision="changes", message="Bitte begründen Sie den Bedarf.")
    subject, body = the_mail_to("mitglied-a@example.org")
    assert subject == "Bitte überarbeiten: Antrag ohne Begründung"
    assert "Ihren Antrag „Antrag ohne Begründung“" in body and "Bitte begründen Sie den Bedarf." in body
    edit_url = f"/mein-bereich/antraege/{motion.pk}/"
    assert BASE + edit_url in body
    assert "Erneut einreichen" in text_of(people.client("member_a").get(edit_url))

    mail.outbox.clear()
    data = {
        "kind": "antrag",
        "body": meetings.body.pk,
        "organisation": people.org_a.pk,
        "title": "Antrag mit Begründung",
        "text": "Der Bedarf ist belegt.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert people.client("member_a").post(edit_url, data).status_code == 302
    assert {m.to[0] for m in mail.outbox} == STAFF
    subject, body = the_mail_to("redaktion@example.org")
    assert subject == "Überarbeiteter Antrag: Antrag mit Begründung"
    assert "überarbeitet und erneut eingereicht" in body


def test_rejection_is_told_with_the_reason(meetings, people, django_capture_on_commit_callbacks):
    motion = submitted(meetings, people)
    with django_capture_on_commit_callbacks(execute=True):
        triage(people, motion, decision="reject", message="Dafür ist das Land zuständig.")
    subject, body = the_mail_to("mitglied-a@example.org")
    assert subject == "Abgelehnt: Anfrage zu Wartezeiten"
    assert "abgelehnt" in body and "Dafür ist das Land zuständig." in body
    assert f"{BASE}/mein-bereich/antraege/{motion.pk}/" in body
    assert [m.to[0] for m in mail.outbox] == ["mitglied-a@example.org"]


def test_a_submitter_who_left_the_organisation_is_not_told(meetings, people, django_capture_on_commit_callbacks):
    motion = submitted(meetings, people)
    Membership.objects.filter(user=people.users["member_a"]).update(active=False)
    with django_capture_on_commit_callbacks(execute=True):
        triage(people, motion, decision="reject", message="Nicht zuständig.")
    assert mail.outbox == []
    motion.refresh_from_db()
    assert motion.status == Motion.Status.REJECTED


def edit_paper(people, paper, **changes):
    consultations = [
        {"id": c.pk, "body": c.body_id, "role": c.role, "meeting": c.meeting_id or "", "agenda_item": ""}
        for c in paper.consultations.all()
    ]
    data = nested_form_data(
        {
            "kind": paper.kind,
            "date": paper.date.isoformat(),
            "title": paper.title,
            "originator_unit": paper.originator_unit,
            "originator_organisation": paper.originator_organisation_id or "",
            "audience": paper.audience,
            "text": paper.text,
            "proposal": paper.proposal,
            "attachment_links": inline_formset([]),
            "consultations": inline_formset(consultations, initial=len(consultations)),
            "relations": inline_formset([]),
            "answer": paper.answer,
            "closure": paper.closure,
            **changes,
        }
    )
    response = people.client("editor").post(
        f"/admin/snippets/papers/paper/edit/{paper.pk}/", data, HTTP_HOST="evil.example.com"
    )
    assert response.status_code == 302, text_of(response)[:3000]


def test_the_answer_to_an_anfrage_is_told_to_the_submitter(meetings, people, django_capture_on_commit_callbacks):
    motion = submitted(meetings, people)
    with django_capture_on_commit_callbacks(execute=True):
        triage(people, motion, decision="accept", audience="members")
    paper = Paper.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        edit_paper(people, paper, text="Ergänzter Sachverhalt.")  # no answer yet: nobody is told
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        edit_paper(people, paper, answer="Die Wartezeit beträgt drei Wochen.", closure="done")
    subject, body = the_mail_to("mitglied-a@example.org")
    assert subject == "Antwort auf Ihre Anfrage: Anfrage zu Wartezeiten"
    assert f"Die Antwort steht in der Vorlage {paper.number}." in body
    assert f"{BASE}/vorlagen/{paper.pk}/" in body
    assert [m.to[0] for m in mail.outbox] == ["mitglied-a@example.org"]
    assert "Die Wartezeit beträgt drei Wochen." in text_of(people.client("member_a").get(f"/vorlagen/{paper.pk}/"))
    # editing the answered paper again tells nobody again
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        edit_paper(people, Paper.objects.get(), answer="Die Wartezeit beträgt zwei Wochen.")
    assert mail.outbox == []


def test_the_answer_is_not_told_to_a_submitter_who_may_not_see_the_paper(
    meetings, people, django_capture_on_commit_callbacks
):
    motion = submitted(meetings, people)
    with django_capture_on_commit_callbacks(execute=True):
        triage(people, motion, decision="accept", audience="staff")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        edit_paper(people, Paper.objects.get(), answer="Nur für die Verwaltung.")
    assert mail.outbox == []
