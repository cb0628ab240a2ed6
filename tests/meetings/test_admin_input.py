"""Sane input in the meeting admin: German dates and times, nothing typed replaced, "durchgeführt"
only after the start, votes in the minutes at most the voting members present, attendance from
the RSVPs with one click."""

import datetime
import html
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from meetings.models import ActionItem, MeetingPage, MeetingResponse
from portal.factories import member_of
from tests.meetings.helpers import agenda_item_formsets

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def edit_url(meeting):
    return f"/admin/pages/{meeting.pk}/edit/"


def form(meeting, items=(), attendances=(), **fields):
    """The meeting edit form as the admin posts it (saved as a draft)."""
    return nested_form_data(
        {
            "title": meeting.title,
            "slug": meeting.slug,
            "start": "12.03.2031 14:00",
            "status": "planned",
            "audience": "public",
            "agenda_items": inline_formset(
                [
                    {
                        "public": "on",
                        "attachment_links": inline_formset([]),
                        **agenda_item_formsets(departures=item.pop("departures", ())),
                        **item,
                    }
                    for item in items
                ]
            ),
            "attendances": inline_formset(list(attendances)),
            "comments": inline_formset([]),
            **fields,
        }
    )


def draft(meeting):
    return MeetingPage.objects.get(pk=meeting.pk).get_latest_revision().as_object()


def page_text(response):
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("25.11.2031 18:00", datetime.datetime(2031, 11, 25, 18, 0)),
        ("25.11.2031, 18:00", datetime.datetime(2031, 11, 25, 18, 0)),
        ("25.11.2031 18:00 Uhr", datetime.datetime(2031, 11, 25, 18, 0)),
        ("01.12.2031", datetime.datetime(2031, 12, 1, 0, 0)),
        ("2031-11-25 18:00", datetime.datetime(2031, 11, 25, 18, 0)),
    ],
)
def test_german_date_and_time_in_the_meeting_form(people, meetings, typed, expected):
    client = people.client("editor")
    response = client.post(edit_url(meetings.upcoming), form(meetings.upcoming, start=typed))
    assert response.status_code == 302, page_text(response)[:3000]
    assert draft(meetings.upcoming).start == expected.replace(tzinfo=BERLIN)


def test_an_unreadable_date_is_an_error_that_keeps_the_typed_text(people, meetings):
    revisions = meetings.upcoming.revisions.count()
    response = people.client("editor").post(
        edit_url(meetings.upcoming), form(meetings.upcoming, start="32.11.2031 18:00", end="morgen")
    )
    assert response.status_code == 200
    content = page_text(response)
    assert "Bitte ein gültiges Datum und Uhrzeit eingeben." in content
    assert 'value="32.11.2031 18:00"' in content and 'value="morgen"' in content
    assert meetings.upcoming.revisions.count() == revisions  # nothing saved


def test_the_date_picker_writes_german_and_keeps_what_was_typed(people, meetings):
    content = people.client("editor").get(edit_url(meetings.upcoming)).content.decode()
    local = timezone.localtime(meetings.upcoming.start)
    assert f'value="{local:%d.%m.%Y %H:%M}"' in content  # shown the German way
    assert '"format": "d.m.Y H:i"' in content
    # the picker no longer replaces a value it cannot read with "now" when the field loses focus
    assert '"validateOnBlur": false' in content


def test_german_date_in_a_snippet_date_field(people, meetings):
    response = people.client("editor").post(
        "/admin/snippets/meetings/actionitem/add/",
        {
            "title": "Konzept vorlegen",
            "agenda_item": meetings.past_public_item.pk,
            "organisation": people.org_a.pk,
            "due_date": "01.12.2031",
            "status": "open",
        },
    )
    assert response.status_code == 302, page_text(response)[:3000]
    assert ActionItem.objects.get(title="Konzept vorlegen").due_date == datetime.date(2031, 12, 1)
    response = people.client("editor").post(
        "/admin/snippets/meetings/actionitem/add/",
        {
            "title": "Noch eine",
            "agenda_item": meetings.past_public_item.pk,
            "organisation": people.org_a.pk,
            "due_date": "31.02.2031",
            "status": "open",
        },
    )
    assert response.status_code == 200
    assert "Bitte ein gültiges Datum eingeben." in page_text(response)
    assert 'value="31.02.2031"' in page_text(response)


def test_german_date_in_a_front_end_form_in_another_language(rf):
    from django import forms
    from django.utils import translation

    class Form(forms.Form):
        day = forms.DateField()
        start = forms.DateTimeField()

    with translation.override("en"):
        bound = Form({"day": "01.12.2031", "start": "25.11.2031, 18:00"})
        assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["day"] == datetime.date(2031, 12, 1)


def test_held_only_after_the_start(people, meetings):
    client = people.client("editor")
    response = client.post(edit_url(meetings.upcoming), form(meetings.upcoming, status="held"))
    assert response.status_code == 200
    assert "„durchgeführt“ kann eine Sitzung erst nach ihrem Beginn sein (12.03.2031, 14:00 Uhr)." in page_text(
        response
    )
    past = timezone.localtime(timezone.now() - datetime.timedelta(days=1)).strftime("%d.%m.%Y %H:%M")
    assert (
        client.post(edit_url(meetings.upcoming), form(meetings.upcoming, status="held", start=past)).status_code == 302
    )


def present(user, organisation, role="member", status="present"):
    return {"person": user.pk, "organisation": organisation.pk, "role": role, "status": status}


def test_votes_in_the_minutes_at_most_the_voting_members_present(people, meetings):
    """Minutes are written in their own form (meetings.Minutes) against the attendance of the
    meeting: the secretary does not vote, the excused are not counted, who left the room for an
    item does not vote on it."""
    from meetings.minutes import ensure_minutes
    from meetings.models import AgendaItemDeparture, Attendance

    meeting = meetings.past
    for person, organisation, role, status in [
        (people.users["member_a"], people.org_a, "member", "present"),
        (people.users["approver"], people.city, "chair", "present"),
        (people.users["editor"], people.city, "secretary", "present"),  # does not vote
        (people.users["member_b"], people.org_b, "member", "excused"),
    ]:
        Attendance.objects.create(meeting=meeting, person=person, organisation=organisation, role=role, status=status)
    client = people.client("editor")
    record = ensure_minutes(meeting)
    url = f"/admin/snippets/meetings/minutes/edit/{record.pk}/"
    item = meeting.agenda_items.get(public=True)

    def post(votes_for, votes_against):
        entries = [
            {
                "id": str(entry.pk or ""),
                "agenda_item": str(entry.agenda_item_id),
                "minutes": "",
                "decision": "",
                "result": "adopted" if entry.agenda_item_id == item.pk else "",
                "votes_for": str(votes_for) if entry.agenda_item_id == item.pk else "",
                "votes_against": str(votes_against) if entry.agenda_item_id == item.pk else "",
            }
            for entry in record.get_latest_revision_as_object().entries.all()
        ]
        return client.post(url, nested_form_data({"entries": inline_formset(entries)}))

    response = post(2, 1)
    assert response.status_code == 200
    assert "Es sind 3 Stimmen eingetragen, aber nur 2 stimmberechtigte Mitglieder" in page_text(response)
    AgendaItemDeparture.objects.create(agenda_item=item, person=people.users["member_a"])
    response = post(2, 0)
    assert "Es sind 2 Stimmen eingetragen, aber nur 1 stimmberechtigte Mitglieder" in page_text(response)
    response = post(1, 0)
    assert response.status_code == 302, [f.errors for f in response.context["form"].formsets["entries"]]
    record.refresh_from_db()
    entry = record.get_latest_revision_as_object().entries.get(agenda_item=item)
    assert entry.votes_for == 1


def test_attendance_from_the_rsvps_keeps_the_typed_rows(people, meetings):
    from meetings.models import BodyMembership

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
        MeetingResponse.objects.create(meeting=meetings.upcoming, user=user, answer=answer, substitute_name=substitute)
    client = people.client("editor")
    assert "Anwesenheit aus den Rückmeldungen übernehmen" in page_text(client.get(edit_url(meetings.upcoming)))
    typed = [
        present(people.users["approver"], people.city, role="chair"),
        {"name": "Gast ohne Konto", "status": "present", "role": "guest"},
    ]
    data = form(meetings.upcoming, attendances=typed)
    data["attendance-from-rsvps"] = "1"
    response = client.post(edit_url(meetings.upcoming), data, follow=True)
    assert "3 Einträge aus den Rückmeldungen wurden in die Anwesenheit übernommen." in page_text(response)
    rows = [
        (a.person_id, a.name, a.organisation_id, a.role, a.status, a.substitute_for)
        for a in draft(meetings.upcoming).attendances.all()
    ]
    assert rows[:2] == [  # the typed rows first, unchanged
        (people.users["approver"].pk, "", people.city.pk, "chair", "present", ""),
        (None, "Gast ohne Konto", None, "guest", "present", ""),
    ]
    assert sorted(rows[2:], key=str) == sorted(
        [
            (people.users["member_a"].pk, "", people.org_a.pk, "member", "present", ""),
            (None, "Erik Ersatz", people.org_b.pk, "member", "substitute", str(member_c)),
            (member_d.pk, "", people.org_b.pk, "member", "excused", ""),
        ],
        key=str,
    )
    # a second click adds nobody twice
    all_rows = typed + [
        present(people.users["member_a"], people.org_a),
        {"name": "Erik Ersatz", "status": "substitute", "substitute_for": str(member_c), "role": "member"},
        present(member_d, people.org_b, status="excused"),
    ]
    again = form(meetings.upcoming, attendances=all_rows)
    again["attendance-from-rsvps"] = "1"
    response = client.post(edit_url(meetings.upcoming), again, follow=True)
    assert "Alle Rückmeldungen stehen schon in der Anwesenheit." in page_text(response)
    assert draft(meetings.upcoming).attendances.count() == 5
