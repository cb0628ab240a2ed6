"""Members' motions and questions: submitted from the members' area, triaged by staff."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from papers.models import Motion, Paper

pytestmark = pytest.mark.django_db


def text_of(response):
    return html.unescape(response.content.decode())


def form_data(meetings, people, **overrides):
    return {
        "kind": "antrag",
        "body": meetings.body.pk,
        "organisation": people.org_a.pk,
        "title": "Antrag auf Sprachmittlung",
        "text": "Wir beantragen, Sprachmittlung zu erstatten.",
        "requested_meeting": meetings.upcoming.pk,
        **overrides,
    }


def test_a_body_member_submits_a_motion_with_an_attachment(meetings, people):
    client = people.client("member_a")
    data = form_data(meetings, people, file=SimpleUploadedFile("begruendung.txt", b"Begruendung", "text/plain"))
    response = client.post("/mein-bereich/antraege/neu/", data)
    motion = Motion.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/mein-bereich/antraege/{motion.pk}/"
    assert motion.submitted_by == people.users["member_a"] and motion.organisation == people.org_a
    assert motion.status == Motion.Status.SUBMITTED and motion.requested_meeting == meetings.upcoming
    [document] = motion.attachments.all()
    assert document.audience == "body" and list(document.bodies.all()) == [meetings.body]
    # the organisation sees its state, in the list and on the members' home
    colleague = people.client("org_admin")
    assert "Antrag auf Sprachmittlung" in text_of(colleague.get("/mein-bereich/antraege/"))
    assert "eingereicht" in text_of(colleague.get(f"/mein-bereich/antraege/{motion.pk}/"))
    assert "Antrag auf Sprachmittlung" in text_of(colleague.get("/mein-bereich/"))
    assert "Antrag auf Sprachmittlung" not in text_of(people.client("member_b").get("/mein-bereich/"))
    assert people.client("member_b").get(f"/mein-bereich/antraege/{motion.pk}/").status_code == 404


def test_errors_are_german_and_keep_what_was_typed(meetings, people):
    client = people.client("member_a")
    response = client.post("/mein-bereich/antraege/neu/", form_data(meetings, people, title="", text="Mein Text"))
    content = text_of(response)
    assert response.status_code == 400
    assert "Bitte geben Sie einen Betreff an." in content and "Mein Text" in content
    assert not Motion.objects.exists()


def test_only_members_of_the_body_submit(meetings, people):
    assert people.client("member_b").get("/mein-bereich/antraege/neu/").status_code == 403
    # organisation A's admin is not in the body: cannot submit for it
    response = people.client("org_admin").post("/mein-bereich/antraege/neu/", form_data(meetings, people))
    assert response.status_code == 403
    assert not Motion.objects.exists()


def submitted(meetings, people, **fields):
    return Motion.objects.create(
        body=meetings.body,
        organisation=people.org_a,
        submitted_by=people.users["member_a"],
        title=fields.pop("title", "Anfrage zu Wartezeiten"),
        text="Wie lange sind die Wartezeiten?",
        kind=fields.pop("kind", Motion.Kind.QUESTION),
        requested_meeting=meetings.upcoming,
        **fields,
    )


def test_staff_accept_a_motion_as_a_paper_with_a_number(meetings, people):
    motion = submitted(meetings, people)
    client = people.client("approver")
    listing = text_of(client.get("/admin/snippets/papers/motion/"))
    assert "Anfrage zu Wartezeiten" in listing and "Prüfen" in listing
    response = client.post(f"/admin/antraege/{motion.pk}/pruefen/", {"decision": "accept", "audience": "members"})
    assert response.status_code == 302
    motion.refresh_from_db()
    paper = motion.paper
    assert motion.status == Motion.Status.ACCEPTED and paper.number.endswith(f"/{paper.year}")
    assert paper.kind == Paper.Kind.QUESTION and paper.originator_organisation == people.org_a
    assert paper.audience == "members"
    consultation = paper.consultations.get()
    assert consultation.body == meetings.body and consultation.meeting == meetings.upcoming
    assert consultation.role == "notice"
    page = text_of(people.client("member_a").get(f"/mein-bereich/antraege/{motion.pk}/"))
    assert paper.number in page and "als Vorlage angenommen" in page
    # the answer to the Anfrage is attached to the paper
    paper.answer = "Die Wartezeit beträgt drei Wochen."
    paper.closure = Paper.Closure.DONE
    paper.save()
    assert "Die Wartezeit beträgt drei Wochen." in text_of(people.client("member_a").get(f"/vorlagen/{paper.pk}/"))


def test_staff_ask_for_changes_and_the_member_resubmits(meetings, people):
    motion = submitted(meetings, people, kind=Motion.Kind.MOTION, title="Antrag ohne Begründung")
    client = people.client("approver")
    refused = client.post(f"/admin/antraege/{motion.pk}/pruefen/", {"decision": "changes", "message": ""})
    assert refused.status_code == 400
    assert "Bitte begründen Sie die Entscheidung" in text_of(refused)
    client.post(f"/admin/antraege/{motion.pk}/pruefen/", {"decision": "changes", "message": "Bitte begründen."})
    motion.refresh_from_db()
    assert motion.status == Motion.Status.CHANGES_REQUESTED
    member = people.client("member_a")
    page = text_of(member.get(f"/mein-bereich/antraege/{motion.pk}/"))
    assert "Bitte begründen." in page and "Erneut einreichen" in page
    data = form_data(meetings, people, title="Antrag mit Begründung", text="Begründet.")
    assert member.post(f"/mein-bereich/antraege/{motion.pk}/", data).status_code == 302
    motion.refresh_from_db()
    assert (motion.status, motion.title) == (Motion.Status.SUBMITTED, "Antrag mit Begründung")
    # colleagues outside the body see it but do not revise it
    assert people.client("org_admin").post(f"/mein-bereich/antraege/{motion.pk}/", data).status_code == 403


def test_staff_reject_with_a_reason(meetings, people):
    motion = submitted(meetings, people)
    response = people.client("approver").post(
        f"/admin/antraege/{motion.pk}/pruefen/", {"decision": "reject", "message": "Nicht zuständig."}
    )
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.status == Motion.Status.REJECTED and motion.paper is None
    assert "Nicht zuständig." in text_of(people.client("member_a").get(f"/mein-bereich/antraege/{motion.pk}/"))
    again = people.client("approver").post(f"/admin/antraege/{motion.pk}/pruefen/", {"decision": "accept"})
    assert again.status_code == 400 and not Paper.objects.exists()


def test_triage_is_for_staff(meetings, people):
    motion = submitted(meetings, people)
    assert people.client("member_a").get(f"/admin/antraege/{motion.pk}/pruefen/").status_code in (302, 403)


def test_the_motion_pages_keep_their_queries_as_motions_grow(meetings, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from papers.factories import paper

    def grow(n):
        for i in range(n):
            motion = submitted(meetings, people, title=f"Antrag {Motion.objects.count()}")
            motion.paper = paper(motion.title, audience="staff" if i % 2 else "members")
            motion.status = Motion.Status.ACCEPTED
            motion.save()

    client = people.client("member_a")

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = ["/mein-bereich/antraege/", "/mein-bereich/"]
    grow(2)
    small = [count(url) for url in urls]
    grow(6)
    assert [count(url) for url in urls] == small
