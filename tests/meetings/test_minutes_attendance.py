"""The attendance is part of the minutes' lifecycle: edited in the minutes (not on the meeting
page), versioned, approved and published with them; members read only the published version's
attendance; the votes are checked against the attendance of the version being edited; the RSVPs
fill it with one click; the data migration moves the meetings' attendance into their minutes."""

import datetime
import html
import importlib
import io
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from meetings.factories import agenda_item, approve_minutes, draft_minutes, meeting_page
from meetings.minutes import ensure_minutes
from meetings.models import (
    AgendaItem,
    AgendaItemDeparture,
    Attendance,
    BodyMembership,
    MeetingPage,
    MeetingResponse,
    Minutes,
    MinutesAttendance,
)
from portal.factories import member_of

pytestmark = pytest.mark.django_db

GUEST = "Gerda Gastmann"


def text(response):
    return html.unescape(response.content.decode())


def pdf_text(response):
    assert response.status_code == 200, response.status_code
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def held(meetings):
    """A meeting held a week ago, one public and one non-public item, no minutes yet."""
    return meeting_page(
        meetings.body,
        start=timezone.now() - datetime.timedelta(days=7),
        status=MeetingPage.Status.HELD,
        title="Sitzung mit Anwesenheit",
        slug="sitzung-anwesenheit",
        items=[agenda_item("Haushaltsdebatte"), agenda_item("Vergabe Beratung", public=False)],
    )


def items_of(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("sort_order"))


def edit_url(record):
    return f"/admin/snippets/meetings/minutes/edit/{record.pk}/"


def full_pdf(meeting):
    return f"/sitzungen/sitzung/{meeting.pk}/niederschrift-vollstaendig.pdf"


def row(person=None, organisation=None, role="member", status="present", **fields):
    return {
        "person": person.pk if person else "",
        "organisation": organisation.pk if organisation else "",
        "role": role,
        "status": status,
        **fields,
    }


def form_data(client, record, attendance=(), texts=None, keep=True, **extra):
    """The minutes form as the editor gets it (the rows with their ids), with the rows of
    ``attendance`` added (the ones shown deleted unless ``keep``) and ``texts`` typed per item."""
    form = client.get(edit_url(record)).context["form"]
    entries = []
    for entry in (f.instance for f in form.formsets["entries"].forms):
        values = {
            "id": str(entry.pk or ""),
            "agenda_item": str(entry.agenda_item_id),
            "minutes": entry.minutes,
            "decision": entry.decision,
            "result": entry.result,
        }
        values.update((texts or {}).get(entry.agenda_item_id, {}))
        entries.append(values)
    rows = [
        {
            "id": str(a.pk or ""),
            "person": a.person_id or "",
            "name": a.name,
            "organisation": a.organisation_id or "",
            "role": a.role,
            "status": a.status,
            "substitute_for": a.substitute_for,
            "left_for": list(a.left_for.all()),
            "DELETE": "" if keep else "on",
        }
        for a in (f.instance for f in form.formsets["attendances"].forms)
    ]
    initial = len(rows)
    rows += [{"id": "", "name": "", "substitute_for": "", **r} for r in attendance]
    for r in rows:  # checkboxes: one value each (a tuple is posted as several values)
        r["left_for"] = tuple(str(getattr(item, "pk", item)) for item in r.get("left_for", ()))
    data = nested_form_data(
        {
            "attendances": inline_formset(rows, initial=initial),
            "entries": inline_formset(entries, initial=len(entries)),
        }
    )
    data.update(extra)
    return data


def published(meeting):
    return list(
        Attendance.objects.filter(meeting=meeting).order_by("sort_order").values_list("person_id", "name", "role")
    )


# --- where the attendance is edited ------------------------------------------------------------


def test_attendance_is_edited_in_the_minutes_not_on_the_meeting_page(people, held, meetings):
    client = people.client("editor")
    page_form = text(client.get(f"/admin/pages/{held.pk}/edit/"))
    assert "attendances-TOTAL_FORMS" not in page_form
    assert "Anwesenheit aus den Rückmeldungen übernehmen" not in page_form
    assert "departures-TOTAL_FORMS" not in page_form  # who left the room: in the minutes too

    record = draft_minutes(held, {}, attendance=[{"person": people.users["member_a"], "role": "member"}])
    response = client.get(f"/admin/meetings/{held.pk}/niederschrift/", follow=True)
    minutes_form = text(response)
    assert "attendances-TOTAL_FORMS" in minutes_form
    assert 'name="attendance-from-rsvps"' in minutes_form
    # who left the room is chosen among this meeting's items only
    offered = set(re.findall(r'name="attendances-0-left_for" value="(\d+)"', minutes_form))
    assert offered == {str(item.pk) for item in items_of(held)}
    other = items_of(meetings.upcoming)[0]
    data = form_data(client, record, [row(name="Fremder Punkt", role="guest", left_for=[other])])
    revisions = record.revisions.count()
    response = client.post(edit_url(record), data)
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in text(response)
    assert "Fremder Punkt" in text(response)  # what was typed stays
    assert record.revisions.count() == revisions


# --- versions: drafted, approved, published ----------------------------------------------------------


def test_draft_attendance_is_read_only_once_approved_and_published(people, held, django_capture_on_commit_callbacks):
    member_a, approver = people.users["member_a"], people.users["approver"]
    public, secret = items_of(held)
    record = approve_minutes(
        held,
        {public.pk: {"minutes": "Der Haushalt wird beraten."}, secret.pk: {"minutes": "Vergabe beraten."}},
        attendance=[
            {"person": approver, "organisation": people.city, "role": "chair"},
            {"person": member_a, "organisation": people.org_a, "role": "member"},
        ],
    )
    assert published(held) == [(approver.pk, "", "chair"), (member_a.pk, "", "member")]
    first = pdf_text(people.client("member_a").get(full_pdf(held)))
    assert str(member_a) in first and GUEST not in first

    # a new version with one more person: the editor's preview shows it before it is saved
    editor = people.client("editor")
    data = form_data(editor, record, [row(name=GUEST, role="guest", left_for=[secret])])
    preview_url = reverse("wagtailsnippets_meetings_minutes:preview_on_edit", args=[record.pk])
    assert editor.post(preview_url, data).json()["is_valid"]
    preview = text(editor.get(preview_url))
    assert f"{GUEST}, Gast – anwesend; hat bei TOP 2 wegen Befangenheit den Raum verlassen" in preview
    # submitted to the workflow
    data = form_data(editor, record, [row(name=GUEST, role="guest")], **{"action-submit": "1"})
    response = editor.post(edit_url(record), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    record.refresh_from_db()
    assert record.workflow_in_progress
    latest = record.get_latest_revision_as_object()
    assert [a.display_name for a in latest.attendances.all()] == [str(approver), str(member_a), GUEST]

    # not approved: the members and every read path still have the published attendance
    assert published(held) == [(approver.pk, "", "chair"), (member_a.pk, "", "member")]
    assert GUEST not in pdf_text(people.client("member_a").get(full_pdf(held)))

    # the approver reads the version submitted, and the older one as it was
    client = people.client("approver")
    history = f"/admin/snippets/meetings/minutes/history/{record.pk}/revisions"
    submitted = text(client.get(f"{history}/{record.latest_revision_id}/view/"))
    assert "Anwesenheit" in submitted and GUEST in submitted and str(member_a) in submitted
    older = text(client.get(f"{history}/{record.live_revision_id}/view/"))
    assert str(member_a) in older and GUEST not in older

    # approved: published with the minutes
    task_state = record.current_workflow_task_state
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/snippets/meetings/minutes/workflow/action/{record.pk}/approve/{task_state.pk}/", {"comment": ""}
        )
    assert response.status_code in (200, 302)
    assert published(held) == [(approver.pk, "", "chair"), (member_a.pk, "", "member"), (None, GUEST, "guest")]
    assert GUEST in pdf_text(people.client("member_a").get(full_pdf(held)))


def test_who_left_the_room_is_published_with_the_minutes(people, held):
    member_a = people.users["member_a"]
    public, secret = items_of(held)
    record = approve_minutes(held, {public.pk: {"minutes": "Bericht."}, secret.pk: {"minutes": "Vergabe."}})
    editor = people.client("editor")
    data = form_data(editor, record, [row(member_a, people.org_a, left_for=[secret])])
    assert editor.post(edit_url(record), data).status_code == 302
    assert not AgendaItemDeparture.objects.exists()  # a draft: nothing published yet
    record.refresh_from_db()
    record.latest_revision.publish(user=people.users["approver"])
    departure = AgendaItemDeparture.objects.get()
    assert (departure.agenda_item_id, departure.person_id, departure.organisation_id) == (
        secret.pk,
        member_a.pk,
        people.org_a.pk,
    )
    full = pdf_text(people.client("approver").get(full_pdf(held)))
    assert "hat bei TOP 2 wegen Befangenheit den Raum verlassen" in full
    assert "Wegen Befangenheit haben den Raum verlassen" in full

    # the next version without the departure publishes none
    data = form_data(editor, record, [row(member_a, people.org_a)], keep=False)
    assert editor.post(edit_url(record), data).status_code == 302
    record.refresh_from_db()
    record.latest_revision.publish(user=people.users["approver"])
    assert not AgendaItemDeparture.objects.exists()
    assert published(held) == [(member_a.pk, "", "member")]


def test_publishing_the_agenda_keeps_the_published_attendance(people, held):
    member_a = people.users["member_a"]
    _public, secret = items_of(held)
    approve_minutes(held, {}, attendance=[{"person": member_a, "role": "member", "left_for": [secret]}])
    page = MeetingPage.objects.get(pk=held.pk).get_latest_revision_as_object()
    page.title = "Sitzung mit Anwesenheit (geändert)"
    page.save_revision(user=people.users["editor"]).publish(user=people.users["editor"])
    assert published(held) == [(member_a.pk, "", "member")]
    assert list(AgendaItemDeparture.objects.values_list("agenda_item_id", "person_id")) == [(secret.pk, member_a.pk)]


# --- the votes of an item: at most the voting members present in this version ----------------------


def test_votes_are_checked_against_the_attendance_of_the_version(people, held):
    member_a, approver, editor_user = people.users["member_a"], people.users["approver"], people.users["editor"]
    public, _secret = items_of(held)
    record = ensure_minutes(held)
    # the published attendance (ten voting members) is not what the version is checked against
    Attendance.objects.bulk_create(
        Attendance(meeting=held, name=f"Früher {n}", role="member", sort_order=n) for n in range(10)
    )
    attendance = [
        row(approver, people.city, role="chair"),
        row(member_a, people.org_a),
        row(name="Bernd Beispiel", status="substitute", substitute_for="Carla Cordes"),
        row(editor_user, people.city, role="secretary"),  # does not vote
        row(people.users["member_b"], people.org_b, status="excused"),  # not there
    ]
    client = people.client("editor")
    typed = {"minutes": "Abstimmung über den Haushalt", "result": "adopted"}
    votes = {"votes_for": "5", "votes_against": "2", "votes_abstained": "1"}
    revisions = record.revisions.count()
    response = client.post(edit_url(record), form_data(client, record, attendance, {public.pk: {**typed, **votes}}))
    assert response.status_code == 200
    content = text(response)
    assert "Es sind 8 Stimmen eingetragen, aber nur 3 stimmberechtigte Mitglieder" in content
    assert "Abstimmung über den Haushalt" in content and "Bernd Beispiel" in content  # nothing typed is lost
    assert 'value="5"' in content
    assert record.revisions.count() == revisions

    # who left the room for the item does not vote on it
    attendance[1]["left_for"] = [public]
    votes = {"votes_for": "2", "votes_against": "1"}
    response = client.post(edit_url(record), form_data(client, record, attendance, {public.pk: {**typed, **votes}}))
    assert "Es sind 3 Stimmen eingetragen, aber nur 2 stimmberechtigte Mitglieder" in text(response)
    votes = {"votes_for": "2"}
    response = client.post(edit_url(record), form_data(client, record, attendance, {public.pk: {**typed, **votes}}))
    assert response.status_code == 302
    record.refresh_from_db()
    entry = record.get_latest_revision_as_object().entries.get(agenda_item=public)
    assert entry.votes_for == 2


# --- attendance from the RSVPs --------------------------------------------------------------------


def test_attendance_from_the_rsvps_in_the_minutes_keeps_the_typed_rows(people, meetings):
    meeting = meetings.past
    member_c = member_of(people.org_b, first_name="Carla", last_name="Cordes")
    BodyMembership.objects.create(body=meetings.body, user=member_c, organisation=people.org_b)
    member_d = member_of(people.org_b, first_name="Dora", last_name="Dietz")
    BodyMembership.objects.create(body=meetings.body, user=member_d, organisation=people.org_b)
    answers = [
        (people.users["member_a"], "yes", ""),
        (member_c, "substitute", "Erik Ersatz"),
        (member_d, "no", ""),
        (people.users["approver"], "yes", ""),  # already typed as present: not twice
    ]
    for user, answer, substitute in answers:
        MeetingResponse.objects.create(meeting=meeting, user=user, answer=answer, substitute_name=substitute)
    record = ensure_minutes(meeting)
    client = people.client("editor")
    typed = [
        row(people.users["approver"], people.city, role="chair"),
        row(name="Gast ohne Konto", role="guest"),
    ]
    data = form_data(client, record, typed, **{"attendance-from-rsvps": "1"})
    response = client.post(edit_url(record), data, follow=True)
    assert "3 Einträge aus den Rückmeldungen wurden in die Anwesenheit übernommen." in text(response)

    def rows():
        draft = Minutes.objects.get(pk=record.pk).get_latest_revision_as_object()
        return [
            (a.person_id, a.name, a.organisation_id, a.role, a.status, a.substitute_for)
            for a in draft.attendances.all()
        ]

    saved = rows()
    assert saved[:2] == [  # the typed rows first, unchanged
        (people.users["approver"].pk, "", people.city.pk, "chair", "present", ""),
        (None, "Gast ohne Konto", None, "guest", "present", ""),
    ]
    assert sorted(saved[2:], key=str) == sorted(
        [
            (people.users["member_a"].pk, "", people.org_a.pk, "member", "present", ""),
            (None, "Erik Ersatz", people.org_b.pk, "member", "substitute", str(member_c)),
            (member_d.pk, "", people.org_b.pk, "member", "excused", ""),
        ],
        key=str,
    )
    assert published(meeting) == []  # a draft version: nothing published
    # a second click adds nobody twice
    response = client.post(edit_url(record), form_data(client, record, **{"attendance-from-rsvps": "1"}), follow=True)
    assert "Alle Rückmeldungen stehen schon in der Anwesenheit." in text(response)
    assert len(rows()) == 5


# --- the data migration ------------------------------------------------------------------------------


def test_the_data_migration_moves_the_attendance_into_the_minutes(people, held, meetings):
    member_a, approver = people.users["member_a"], people.users["approver"]
    public, secret = items_of(held)
    record = approve_minutes(held, {public.pk: {"minutes": "Bericht."}})
    draft_minutes(held, {public.pk: {"minutes": "Bericht, geändert."}})  # a newer draft version
    # as before the migration: the attendance on the meeting, none in the minutes or their revisions
    MinutesAttendance.objects.all().delete()
    for revision in record.revisions.all():
        revision.content.pop("attendances", None)
        revision.save(update_fields=["content"])
    Attendance.objects.all().delete()
    AgendaItemDeparture.objects.all().delete()
    Attendance.objects.create(meeting=held, person=approver, organisation=people.city, role="chair", sort_order=0)
    Attendance.objects.create(meeting=held, person=member_a, organisation=people.org_a, role="member", sort_order=1)
    AgendaItemDeparture.objects.create(agenda_item=secret, person=member_a, organisation=people.org_a)
    AgendaItemDeparture.objects.create(agenda_item=secret, name="Ohne Liste")  # not in the list
    # a meeting without minutes keeps its rows as they are
    Attendance.objects.create(meeting=meetings.upcoming, name="Vorab eingetragen", role="guest")

    migration = importlib.import_module("meetings.migrations.0012_attendance_in_the_minutes")
    migration.attendance_into_minutes(apps, None)
    migration.attendance_into_minutes(apps, None)  # twice: nothing twice

    expected = [
        (approver.pk, "", "chair", []),
        (member_a.pk, "", "member", [secret.pk]),
        (None, "Ohne Liste", "", [secret.pk]),
    ]

    def version(obj):
        return [(a.person_id, a.name, a.role, [i.pk for i in a.left_for.all()]) for a in obj.attendances.all()]

    record.refresh_from_db()
    assert version(record) == expected
    assert version(record.get_latest_revision_as_object()) == expected
    assert version(record.live_revision.as_object()) == expected
    assert not Minutes.objects.filter(meeting=meetings.upcoming).exists()
    assert list(Attendance.objects.filter(meeting=meetings.upcoming).values_list("name", flat=True)) == [
        "Vorab eingetragen"
    ]
    # publishing the latest version keeps the attendance (and who left the room)
    record.latest_revision.publish(user=approver)
    assert published(held) == [(approver.pk, "", "chair"), (member_a.pk, "", "member"), (None, "Ohne Liste", "")]
    assert list(AgendaItemDeparture.objects.order_by("sort_order").values_list("person_id", "name")) == [
        (member_a.pk, ""),
        (None, "Ohne Liste"),
    ]
    # minutes made later for a meeting that kept its rows start with them
    later = ensure_minutes(meetings.upcoming)
    assert [a.name for a in later.get_latest_revision_as_object().attendances.all()] == ["Vorab eingetragen"]


# --- queries -----------------------------------------------------------------------------------------


def test_minutes_editor_queries_stay_constant_as_the_data_grows(people, meetings, held, django_assert_max_num_queries):
    member_a = people.users["member_a"]
    public, secret = items_of(held)
    record = approve_minutes(
        held,
        {},
        attendance=[{"person": member_a, "organisation": people.org_a, "role": "member", "left_for": [secret]}],
    )
    client = people.client("editor")
    client.get(edit_url(record))  # warm the caches
    with django_assert_max_num_queries(200) as few:
        client.get(edit_url(record))
    for n in range(6):  # more meetings with minutes and attendance, more people
        other = meeting_page(
            meetings.body,
            start=timezone.now() - datetime.timedelta(days=30 + n),
            title=f"Weitere Sitzung {n}",
            slug=f"weitere-sitzung-{n}",
            items=[agenda_item(f"Punkt {n}")],
        )
        person = member_of(people.org_b, email=f"weitere-{n}@example.org")
        approve_minutes(other, {}, attendance=[{"person": person, "role": "member", "left_for": items_of(other)}])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(edit_url(record))
