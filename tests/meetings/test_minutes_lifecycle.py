"""The minutes' own lifecycle: drafted in the admin apart from the agenda, approved through the
workflow, a draft with an objection period for the Gremium, objections, final, then public."""

import datetime
import html
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from meetings import minutes as lifecycle
from meetings.factories import agenda_item, approve_minutes, draft_minutes, meeting_page
from meetings.models import AgendaItem, MeetingPage, Minutes, Objection
from portal.models import Notification

pytestmark = pytest.mark.django_db

DRAFT_TEXT = "Entwurfstext zur Haushaltsdebatte"
SECRET_DRAFT = "Vertraulicher Entwurf zur Vergabe"


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def held(meetings):
    """A meeting held a week ago, one public and one non-public item, no minutes yet."""
    return meeting_page(
        meetings.body,
        start=timezone.now() - datetime.timedelta(days=7),
        status=MeetingPage.Status.HELD,
        title="Sitzung zur Niederschrift",
        slug="sitzung-niederschrift",
        items=[agenda_item("Haushaltsdebatte"), agenda_item("Vergabe Beratung", public=False)],
    )


def items_of(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("sort_order"))


def released(meeting):
    public, secret = items_of(meeting)
    return approve_minutes(
        meeting,
        {
            public.pk: {"minutes": DRAFT_TEXT, "decision": "Der Haushalt wird beraten.", "result": "noted"},
            secret.pk: {"minutes": SECRET_DRAFT, "result": "adopted", "votes_for": 3},
        },
    )


# --- editors publish the agenda -----------------------------------------------------------------


def test_editors_publish_the_agenda_themselves(people, meetings):
    editor = people.users["editor"]
    assert meetings.upcoming.permissions_for_user(editor).can_publish()
    assert meetings.body.permissions_for_user(editor).can_publish_subpage()
    page = text(people.client("editor").get(f"/admin/pages/{meetings.upcoming.pk}/edit/"))
    assert 'name="action-publish"' in page
    # the minutes workflow governs the minutes, not the meeting page
    assert MeetingPage.objects.get(pk=meetings.upcoming.pk).get_workflow().name != "Niederschrift freigeben"
    assert "Niederschrift bearbeiten" in page


def test_publishing_the_agenda_never_touches_the_minutes(people, held):
    record = released(held)
    page = MeetingPage.objects.get(pk=held.pk).get_latest_revision_as_object()
    page.title = "Sitzung zur Niederschrift (geändert)"
    page.save_revision(user=people.users["editor"]).publish(user=people.users["editor"])
    public, _secret = items_of(held)
    assert public.minutes == DRAFT_TEXT
    assert record.entries.count() == 2


# --- drafting and approval in the admin -----------------------------------------------------------


def minutes_post_data(record, texts, action):
    draft = record.get_latest_revision_as_object()
    forms = []
    for entry in draft.entries.all():
        values = {"agenda_item": str(entry.agenda_item_id), "minutes": "", "decision": "", "result": ""}
        values.update(texts.get(entry.agenda_item_id, {}))
        forms.append({"id": str(entry.pk or ""), **values})
    return {**nested_form_data({"attendances": inline_formset([]), "entries": inline_formset(forms)}), action: "1"}


def test_minutes_drafted_submitted_and_approved_in_the_admin(people, held, django_capture_on_commit_callbacks):
    editor, approver = people.client("editor"), people.client("approver")
    response = editor.get(f"/admin/meetings/{held.pk}/niederschrift/")
    record = Minutes.objects.get(meeting=held)
    edit_url = f"/admin/snippets/meetings/minutes/edit/{record.pk}/"
    assert response.status_code == 302 and response["Location"] == edit_url
    form_page = text(editor.get(edit_url))
    assert "Haushaltsdebatte" in form_page and "Vergabe Beratung" in form_page
    assert 'name="action-publish"' not in form_page  # editors submit, approvers publish

    public, secret = items_of(held)
    data = minutes_post_data(
        record, {public.pk: {"minutes": DRAFT_TEXT}, secret.pk: {"minutes": SECRET_DRAFT}}, "action-submit"
    )
    response = editor.post(edit_url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    record.refresh_from_db()
    assert record.workflow_in_progress and record.status == Minutes.Status.DRAFT
    public.refresh_from_db()
    assert public.minutes == ""  # not approved: nothing on the agenda
    assert DRAFT_TEXT not in text(people.client("member_a").get(held.url))

    task_state = record.current_workflow_task_state
    assert 'name="action-publish"' in text(approver.get(edit_url))
    with django_capture_on_commit_callbacks(execute=True):
        response = approver.post(
            f"/admin/snippets/meetings/minutes/workflow/action/{record.pk}/approve/{task_state.pk}/", {"comment": ""}
        )
    assert response.status_code in (200, 302)
    record.refresh_from_db()
    assert record.status == Minutes.Status.OBJECTION
    assert record.objection_deadline == timezone.localdate() + datetime.timedelta(days=14)
    public.refresh_from_db()
    assert public.minutes == DRAFT_TEXT
    # the Gremium is told, with the deadline
    notified = Notification.objects.filter(subject__startswith="Entwurf der Niederschrift")
    assert set(notified.values_list("user__email", flat=True)) == {"mitglied-a@example.org", "leitung@example.org"}


def test_no_minutes_before_the_meeting_starts(people, meetings):
    response = people.client("editor").get(f"/admin/meetings/{meetings.upcoming.pk}/niederschrift/", follow=True)
    assert "Die Niederschrift kann erst nach Beginn der Sitzung angelegt werden." in text(response)
    assert not Minutes.objects.filter(meeting=meetings.upcoming).exists()


def test_amended_version_shows_the_diff_against_the_approved_one(people, held):
    record = released(held)
    public, _secret = items_of(held)
    draft_minutes(held, {public.pk: {"minutes": "Geänderte Fassung nach Einwendung"}}, user=people.users["editor"])
    record.refresh_from_db()
    client = people.client("approver")
    edit_page = text(client.get(f"/admin/snippets/meetings/minutes/edit/{record.pk}/"))
    compare_url = f"/admin/snippets/meetings/minutes/history/{record.pk}/revisions/compare/live...latest/"
    assert compare_url in edit_page
    compare = text(client.get(compare_url))
    assert "Geänderte Fassung nach Einwendung" in compare and DRAFT_TEXT in compare
    # the published agenda keeps the approved text until the new version is approved
    public.refresh_from_db()
    assert public.minutes == DRAFT_TEXT
    # every version stays readable for staff
    history = client.get(f"/admin/snippets/meetings/minutes/history/{record.pk}/")
    assert history.status_code == 200
    first = record.revisions.order_by("created_at").first()
    old = text(client.get(f"/admin/snippets/meetings/minutes/history/{record.pk}/revisions/{first.pk}/view/"))
    assert "Haushaltsdebatte" in old


# --- who reads draft and final minutes ----------------------------------------------------------


def test_draft_minutes_only_for_the_gremium_and_staff(people, held):
    released(held)
    pdf = f"/sitzungen/sitzung/{held.pk}/niederschrift.pdf"
    for role in ("anonymous", "member_b", "org_admin"):
        page = text(people.client(role).get(held.url))
        assert DRAFT_TEXT not in page and SECRET_DRAFT not in page, role
        assert people.client(role).get(pdf).status_code in (404, 302), role
    for role in ("member_a", "editor", "approver"):
        page = text(people.client(role).get(held.url))
        assert DRAFT_TEXT in page and SECRET_DRAFT in page, role
        assert "Die Niederschrift ist ein Entwurf" in page
    # not in the search either (the index holds final minutes only)
    assert "Haushaltsdebatte" not in text(people.client("anonymous").get("/suche/", {"q": "Entwurfstext"}))
    assert "Haushaltsdebatte" not in text(people.client("member_a").get("/suche/", {"q": "Entwurfstext"}))
    # nor in OParl
    oparl = people.client("anonymous").get(f"/oparl/v1.1/meeting/{held.pk}/")
    assert oparl.status_code == 200
    assert "Haushaltsdebatte" in oparl.json()["agendaItem"][0]["name"]
    assert "resolutionText" not in oparl.json()["agendaItem"][0]


def test_final_minutes_public_part_goes_public(people, held, meetings, django_capture_on_commit_callbacks):
    record = released(held)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.finalise(record, approved_in=meetings.upcoming)
    anonymous = people.client("anonymous")
    page = text(anonymous.get(held.url))
    assert DRAFT_TEXT in page and SECRET_DRAFT not in page
    assert "Die Niederschrift ist ein Entwurf" not in page
    assert anonymous.get(f"/sitzungen/sitzung/{held.pk}/niederschrift.pdf").status_code == 200
    assert "Haushaltsdebatte" in text(anonymous.get("/suche/", {"q": "Entwurfstext"}))
    assert SECRET_DRAFT in text(people.client("member_a").get(held.url))
    oparl = anonymous.get(f"/oparl/v1.1/meeting/{held.pk}/").json()
    assert oparl["agendaItem"][0]["resolutionText"] == "Der Haushalt wird beraten."
    assert SECRET_DRAFT not in text(people.client("member_b").get(held.url))


def test_objection_period_ends_by_the_daily_job(people, held):
    record = released(held)
    assert lifecycle.finalise_due() == []
    Minutes.objects.filter(pk=record.pk).update(objection_deadline=timezone.localdate() - datetime.timedelta(days=1))
    Objection.objects.create(record=record, agenda_item=items_of(held)[0], author=people.users["member_a"], text="x")
    assert lifecycle.finalise_due() == []  # an open objection holds the minutes back
    Objection.objects.update(status=Objection.Status.REJECTED, reason="Wortlaut ist korrekt.")
    out = io.StringIO()
    call_command("finalise_minutes", stdout=out)  # the daily cron job
    assert "1 Niederschrift(en) genehmigt." in out.getvalue()
    record.refresh_from_db()
    assert record.is_final


def test_finalise_in_the_admin_under_a_later_meeting(people, held, meetings):
    record = released(held)
    url = f"/admin/meetings/niederschrift/{record.pk}/genehmigt/"
    assert people.client("editor").get(url).status_code in (302, 403)
    client = people.client("approver")
    response = client.post(url, {"approved_in": ""})
    assert response.status_code == 400
    assert "Die Einwendungsfrist läuft noch" in text(response)
    response = client.post(url, {"approved_in": meetings.upcoming.pk})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.is_final and record.approved_in_id == meetings.upcoming.pk


# --- objections ------------------------------------------------------------------------------------


def objection_url(meeting):
    return f"/sitzungen/sitzung/{meeting.pk}/einwendung/"


def test_member_files_objection_and_is_told_the_decision(people, held, django_capture_on_commit_callbacks):
    record = released(held)
    public, _secret = items_of(held)
    client = people.client("member_a")
    page = text(client.get(held.url))
    assert "Einwendung erheben" in page

    response = client.post(objection_url(held), {"agenda_item": str(public.pk), "text": "  "})
    assert response.status_code == 400
    assert "Bitte schreiben Sie Ihre Einwendung." in text(response)
    response = client.post(objection_url(held), {"agenda_item": "999999", "text": "Mein Text bleibt erhalten"})
    assert response.status_code == 400
    content = text(response)
    assert "Bitte wählen Sie einen Tagesordnungspunkt dieser Sitzung." in content
    assert "Mein Text bleibt erhalten" in content  # nothing typed is lost

    response = client.post(
        objection_url(held), {"agenda_item": str(public.pk), "text": "Der Beschluss lautete anders."}
    )
    assert response.status_code == 302
    objection = Objection.objects.get(record=record)
    assert objection.author == people.users["member_a"] and objection.agenda_item == public
    assert "Der Beschluss lautete anders." in text(client.get(held.url))
    staff_told = Notification.objects.filter(subject__startswith="Einwendung zur Niederschrift")
    assert set(staff_told.values_list("user__email", flat=True)) == {"redaktion@example.org", "leitung@example.org"}

    # other members and outsiders may not object
    assert (
        people.client("member_b").post(objection_url(held), {"agenda_item": str(public.pk), "text": "x"}).status_code
        == 403
    )

    # staff reject without reason: a German error; with reason: the person is told
    staff = people.client("editor")
    edit_url = f"/admin/snippets/meetings/objection/edit/{objection.pk}/"
    response = staff.post(edit_url, {"status": "rejected", "reason": ""})
    assert response.status_code == 200
    assert "Bitte begründen Sie, warum die Einwendung zurückgewiesen wird." in text(response)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(edit_url, {"status": "rejected", "reason": "Der Wortlaut ist korrekt."})
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.decided_by == people.users["editor"]
    told = Notification.objects.get(user=people.users["member_a"], subject__startswith="Ihre Einwendung")
    assert "zurückgewiesen" in told.text and "Der Wortlaut ist korrekt." in told.text
    assert any("Ihre Einwendung" in m.subject for m in mail.outbox)


def test_no_objections_after_the_period(people, held):
    record = released(held)
    Minutes.objects.filter(pk=record.pk).update(objection_deadline=timezone.localdate() - datetime.timedelta(days=1))
    public, _secret = items_of(held)
    client = people.client("member_a")
    assert "Die Einwendungsfrist ist abgelaufen." in text(client.get(held.url))
    response = client.post(objection_url(held), {"agenda_item": str(public.pk), "text": "Zu spät"}, follow=True)
    assert "keine Einwendungen (mehr)" in text(response)
    assert not Objection.objects.exists()


def test_meeting_page_queries_constant_with_objections(people, held, django_assert_max_num_queries):
    record = released(held)
    client = people.client("member_a")
    client.get(held.url)  # warm the caches
    public, _secret = items_of(held)
    Objection.objects.create(record=record, agenda_item=public, author=people.users["member_a"], text="eins")
    with django_assert_max_num_queries(40) as few:
        client.get(held.url)
    for n in range(5):
        Objection.objects.create(record=record, agenda_item=public, author=people.users["member_a"], text=f"t{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(held.url)


def test_minutes_admin_is_for_staff_only(people, held):
    record = released(held)
    Objection.objects.create(record=record, agenda_item=items_of(held)[0], author=people.users["member_a"], text="x")
    urls = [
        f"/admin/meetings/{held.pk}/niederschrift/",
        f"/admin/meetings/niederschrift/{record.pk}/genehmigt/",
        f"/admin/meetings/{held.pk}/einladung/",
        "/admin/snippets/meetings/minutes/",
        f"/admin/snippets/meetings/minutes/edit/{record.pk}/",
        f"/admin/snippets/meetings/minutes/history/{record.pk}/",
        "/admin/snippets/meetings/objection/",
    ]
    for role in ("anonymous", "member_a", "member_b", "org_admin", "inactive"):
        for url in urls:
            response = people.client(role).get(url, follow=True)
            assert response.status_code in (200, 403), (role, url)
            content = text(response)
            assert DRAFT_TEXT not in content and "Haushaltsdebatte" not in content, (role, url)
            assert "entries-TOTAL_FORMS" not in content and "Einwendung" not in content, (role, url)
    editor, approver = people.client("editor"), people.client("approver")
    for url in urls[2:]:
        assert editor.get(url).status_code == 200, url
        assert approver.get(url).status_code == 200, url
    assert approver.get(urls[1]).status_code == 200
    assert editor.get(urls[1]).status_code in (302, 403)  # only approvers declare minutes final
    # objections are filed by members, minutes made from the meeting: no "add" in the admin
    assert editor.get("/admin/snippets/meetings/objection/add/").status_code == 302
    assert editor.get("/admin/snippets/meetings/minutes/add/").status_code == 302


def test_minutes_and_objection_lists_constant_queries(people, meetings, django_assert_max_num_queries):
    client = people.client("editor")

    def add_meeting(n):
        meeting = meeting_page(
            meetings.body,
            start=timezone.now() - datetime.timedelta(days=20 + n),
            title=f"Sitzung {n}",
            slug=f"sitzung-liste-{n}",
            items=[agenda_item(f"Punkt {n}")],
        )
        record = approve_minutes(meeting, {})
        Objection.objects.create(
            record=record, agenda_item=items_of(meeting)[0], author=people.users["member_a"], text="x"
        )

    add_meeting(0)
    urls = ("/admin/snippets/meetings/minutes/", "/admin/snippets/meetings/objection/")
    counts = {}
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(60) as first:
            assert client.get(url).status_code == 200
        counts[url] = len(first.captured_queries)
    for n in range(1, 5):
        add_meeting(n)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            response = client.get(url)
        assert response.status_code == 200 and "Sitzung 4" in text(response)
