"""Sane input in the meeting admin: German dates and times, nothing typed replaced, "durchgeführt"
only after the start. (The minutes' votes and attendance: test_minutes_attendance.py.)"""

import datetime
import html
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from meetings.models import ActionItem, MeetingPage
from tests.meetings.helpers import agenda_item_formsets

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def edit_url(meeting):
    return f"/admin/pages/{meeting.pk}/edit/"


def form(meeting, items=(), **fields):
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
                        **agenda_item_formsets(),
                        **item,
                    }
                    for item in items
                ]
            ),
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
