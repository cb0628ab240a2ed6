"""Editors publish the agenda and invite in one action: notice period, invitation PDF, e-mails
with .ics; later changes as an amendment (Nachtrag, SEQUENCE), cancelling sends a cancellation."""

import datetime
import html
import io
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from meetings.models import MeetingPage
from tests.meetings.scenario import SECRET_TITLE

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


class FormFields(HTMLParser):
    """The values a browser would post from the page edit form (inputs, textareas, selects)."""

    def __init__(self):
        super().__init__()
        self.data, self._textarea, self._select, self._in_form = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "page-edit-form":
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.lstrip("\n") if not self.data[self._textarea] else data


def edit_form(client, meeting):
    parser = FormFields()
    parser.feed(text(client.get(f"/admin/pages/{meeting.pk}/edit/")))
    return parser.data


def publish_and_invite(client, meeting, **changes):
    data = {**edit_form(client, meeting), **changes, "action-publish": "invite"}
    return client.post(f"/admin/pages/{meeting.pk}/edit/", data)


def ics_event(message):
    _name, content, mimetype = message.attachments[0]
    calendar = Calendar.from_ical(content)
    return calendar, calendar.walk("VEVENT")[0], mimetype


def test_publish_and_invite_in_one_action(people, meetings, django_capture_on_commit_callbacks):
    client = people.client("editor")
    edit_page = text(client.get(f"/admin/pages/{meetings.upcoming.pk}/edit/"))
    assert "Tagesordnung veröffentlichen und einladen" in edit_page
    response = publish_and_invite(client, meetings.upcoming, title="Sitzung mit neuer Überschrift")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/meetings/{meetings.upcoming.pk}/einladung/"
    meeting = MeetingPage.objects.get(pk=meetings.upcoming.pk)
    assert meeting.title == "Sitzung mit neuer Überschrift" and not meeting.has_unpublished_changes

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(response["Location"]).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingPage.Status.INVITED and meeting.invitation_sequence == 0
    # the invitation PDF is kept with the meeting's audience; non-public items by their public title
    document = meeting.invitation
    assert document.audience == meeting.audience and list(document.bodies.all()) == [meetings.body]
    reader = PdfReader(io.BytesIO(document.file.read()))
    pdf = " ".join(page.extract_text() for page in reader.pages)
    assert "Einladung" in pdf and "Rathaus, Raum 1" in pdf and "Bericht zur Zuwanderung" in pdf
    assert "Nicht öffentlicher Teil" in pdf and SECRET_TITLE not in pdf
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    # every body member gets the mail with the .ics
    assert sorted(m.to[0] for m in mail.outbox) == ["leitung@example.org", "mitglied-a@example.org"]
    calendar, event, mimetype = ics_event(mail.outbox[0])
    assert "method=PUBLISH" in mimetype and event["SEQUENCE"] == 0
    # the meeting page links the invitation for those who may read the document
    assert document.url in text(people.client("anonymous").get(meeting.url))
    assert people.client("anonymous").get(document.url).status_code == 200


def test_short_notice_needs_a_reason(people, meetings, django_capture_on_commit_callbacks):
    soon = timezone.now() + datetime.timedelta(days=3)
    MeetingPage.objects.filter(pk=meetings.upcoming.pk).update(start=soon)
    client = people.client("editor")
    url = f"/admin/meetings/{meetings.upcoming.pk}/einladung/"
    assert "Ladungsfrist des Gremiums beträgt 7 Tage" in text(client.get(url))
    response = client.post(url, {"reason": " "})
    assert response.status_code == 400
    assert "Die Ladungsfrist von 7 Tagen ist unterschritten." in text(response)
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Eilentscheidung zur Unterbringung"})
    assert response.status_code == 302
    meeting = MeetingPage.objects.get(pk=meetings.upcoming.pk)
    assert meeting.short_notice_reason == "Eilentscheidung zur Unterbringung"
    assert len(mail.outbox) == 2


def test_changes_after_the_invitation_go_out_as_amendment(people, meetings, django_capture_on_commit_callbacks):
    client = people.client("editor")
    url = f"/admin/meetings/{meetings.upcoming.pk}/einladung/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    first = MeetingPage.objects.get(pk=meetings.upcoming.pk).invitation
    mail.outbox.clear()

    form = edit_form(client, meetings.upcoming)
    title_field = next(k for k, v in form.items() if v == "Bericht zur Zuwanderung")
    response = client.post(
        f"/admin/pages/{meetings.upcoming.pk}/edit/",
        {**form, title_field: "Bericht zur Zuwanderung 2026", "action-publish": "action-publish"},
        follow=True,
    )
    assert "Bitte versenden Sie den Nachtrag." in text(response)
    page = text(client.get(url))
    assert "Geänderte oder neue Tagesordnungspunkte (Nachtrag)" in page and "Bericht zur Zuwanderung 2026" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    meeting = MeetingPage.objects.get(pk=meetings.upcoming.pk)
    assert meeting.invitation_sequence == 1
    assert meeting.invitation.supersedes == first
    message = next(m for m in mail.outbox if m.to == ["mitglied-a@example.org"])
    assert message.subject.startswith("Nachtrag zur Einladung")
    assert "TOP 1: Bericht zur Zuwanderung 2026 [Nachtrag]" in message.body
    assert "Nachtrag" not in message.body.split("TOP 2:")[1].splitlines()[0]
    _calendar, event, _mimetype = ics_event(message)
    assert event["SEQUENCE"] == 1 and str(event["UID"]).startswith(f"sitzung-{meeting.pk}@")


def test_cancelling_sends_a_cancellation(people, meetings, django_capture_on_commit_callbacks):
    client = people.client("editor")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/meetings/{meetings.upcoming.pk}/einladung/")
    mail.outbox.clear()
    form = edit_form(client, meetings.upcoming)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/{meetings.upcoming.pk}/edit/",
            {**form, "status": "cancelled", "action-publish": "action-publish"},
        )
    assert response.status_code == 302
    meeting = MeetingPage.objects.get(pk=meetings.upcoming.pk)
    assert meeting.is_cancelled and meeting.cancellation_sent_at
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.subject.startswith("Absage")
    calendar, event, mimetype = ics_event(message)
    assert "method=CANCEL" in mimetype and calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1
    # publishing again sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/pages/{meetings.upcoming.pk}/edit/", {**form, "status": "cancelled", "action-publish": "1"}
        )
    assert len(mail.outbox) == 2
