"""Notification preferences, immediate mails, daily digests and one-click unsubscribe."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from home.models import NewsIndexPage, NewsPage
from portal import notifications
from portal.models import Frequency, Notification, NotificationKind, NotificationPreference, User

pytestmark = pytest.mark.django_db


def set_pref(user, kind, frequency):
    NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"frequency": frequency})


@pytest.fixture
def three(people):
    """member_a immediately, member_b as digest, org_admin off."""
    a, b, off = people.users["member_a"], people.users["member_b"], people.users["org_admin"]
    kind = NotificationKind.MINUTES_APPROVED
    set_pref(a, kind, Frequency.IMMEDIATE)
    set_pref(b, kind, Frequency.DAILY)
    set_pref(off, kind, Frequency.OFF)
    return a, b, off


def test_immediate_digest_and_off(three, django_capture_on_commit_callbacks, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.org"  # the one base URL of mailed links
    a, b, off = three
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify([a, b, off], NotificationKind.MINUTES_APPROVED, "Niederschrift freigegeben", "Text", "/x/")
    assert [m.to for m in mail.outbox] == [[a.email]]
    message = mail.outbox[0]
    assert message.subject == "Niederschrift freigegeben"
    assert "https://portal.example.org/x/" in message.body
    assert "https://portal.example.org/konto/benachrichtigungen/" in message.body  # the settings link
    html = message.alternatives[0][0]
    assert '<html lang="de">' in html and "abbestellen" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get(user=a).sent_at is not None
    assert Notification.objects.get(user=b).sent_at is None and Notification.objects.get(user=b).digest
    assert not Notification.objects.filter(user=off).exists()


def test_digest_is_sent_once_per_day(three, django_capture_on_commit_callbacks):
    a, b, off = three
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            notifications.notify([b], NotificationKind.MINUTES_APPROVED, "Niederschrift LG 1", "Text 1", "/lg1/")
            notifications.notify([b], NotificationKind.MINUTES_APPROVED, "Niederschrift LG 2", "Text 2", "/lg2/")
        assert not mail.outbox
    with time_machine.travel(datetime.datetime(2026, 3, 3, 6, 0, tzinfo=datetime.UTC), tick=False):
        call_command("send_digests")
        call_command("send_digests")  # running twice sends nothing twice
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [b.email]
    assert "Niederschrift LG 1" in digest.body and "Niederschrift LG 2" in digest.body
    assert "Freigegebene Niederschriften" in digest.body
    assert Notification.objects.filter(sent_at=None).count() == 0


def test_unsubscribe_link_works_without_login(three, django_capture_on_commit_callbacks):
    a, _, _ = three
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify([a], NotificationKind.MINUTES_APPROVED, "Betreff", "Text")
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    client = Client()
    page = client.get("/" + path)
    assert page.status_code == 200 and "abbestellen" in page.content.decode()
    assert NotificationPreference.objects.get(user=a, kind=NotificationKind.MINUTES_APPROVED).frequency == "immediate"
    response = client.post("/" + path)  # one-click POST from the mail program, no CSRF token
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=a, kind=NotificationKind.MINUTES_APPROVED).frequency == "off"


def test_digest_unsubscribe_turns_off_daily_kinds(people):
    user = people.users["member_b"]
    token = notifications.unsubscribe_token(user, notifications.DIGEST)
    Client().post(reverse("portal:unsubscribe", args=[token]))
    prefs = notifications.frequencies_for_id(user.pk)
    assert prefs[NotificationKind.NEW_DOCUMENT] == "off" and prefs[NotificationKind.MEMBERS_NEWS] == "off"
    assert prefs[NotificationKind.MEETING_INVITATION] == "immediate"  # was not part of the digest


def test_tampered_unsubscribe_token_is_refused(people):
    token = notifications.unsubscribe_token(people.users["member_a"], NotificationKind.MEMBERS_NEWS)
    response = Client().post(reverse("portal:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert "ungültig" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_settings_page_saves_choices(people):
    client = people.client("member_a")
    page = client.get(reverse("portal:notification_settings")).content.decode()
    assert "Einladungen zu Sitzungen" in page and "tägliche Zusammenfassung" in page
    data = dict.fromkeys(NotificationKind.values, "daily") | {NotificationKind.MEMBERS_NEWS: "off"}
    assert client.post(reverse("portal:notification_settings"), data).status_code == 302
    prefs = notifications.frequencies_for_id(people.users["member_a"].pk)
    assert prefs[NotificationKind.MEMBERS_NEWS] == "off" and prefs[NotificationKind.MEETING_INVITATION] == "daily"
    bad = client.post(reverse("portal:notification_settings"), data | {NotificationKind.NEW_DOCUMENT: "stündlich"})
    assert bad.status_code == 400 and "Bitte eine gültige Auswahl treffen" in bad.content.decode()


def test_members_news_notifies_members_once(people, site, django_capture_on_commit_callbacks):
    set_pref(people.users["member_a"], NotificationKind.MEMBERS_NEWS, Frequency.IMMEDIATE)
    index = NewsIndexPage.objects.get()
    news = NewsPage(title="Intern: neue Vorlage", slug="intern-vorlage", teaser="Bitte beachten.", audience="members")
    with django_capture_on_commit_callbacks(execute=True):
        index.add_child(instance=news)
        news.save_revision().publish()
        news.save_revision().publish()  # a correction does not notify again
    sent_to = [m.to[0] for m in mail.outbox]
    assert sent_to == [people.users["member_a"].email]
    digests = Notification.objects.filter(kind=NotificationKind.MEMBERS_NEWS, digest=True)
    assert people.users["member_b"].pk in set(digests.values_list("user", flat=True))
    assert people.users["inactive"].pk not in set(Notification.objects.values_list("user", flat=True))


def test_public_news_sends_nothing(people, site, django_capture_on_commit_callbacks):
    index = NewsIndexPage.objects.get()
    news = NewsPage(title="Öffentlich", slug="oeffentlich-neu", teaser="x", audience="public")
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        index.add_child(instance=news)
        news.save_revision().publish()
    assert Notification.objects.count() == before


def test_deleted_account_gets_no_mail(people, django_capture_on_commit_callbacks):
    from portal.services import delete_account

    user = people.users["member_a"]
    delete_account(user)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify([user], NotificationKind.MINUTES_APPROVED, "x", "y")
    assert not mail.outbox


def test_new_document_notifies_those_who_may_see_it(people, django_capture_on_commit_callbacks):
    from documents.factories import portal_document
    from documents.models import PortalDocument
    from portal.access import Audience

    for role in ("member_a", "member_b", "org_admin"):
        set_pref(people.users[role], NotificationKind.NEW_DOCUMENT, Frequency.IMMEDIATE)
    superuser = User.objects.create_superuser(email="root@example.org", password="x")  # no groups
    with django_capture_on_commit_callbacks(execute=True):
        portal_document(
            title="Protokollvorlage AWO",
            audience=Audience.ORGANISATION,
            organisation=people.org_a,
            uploaded_by_user=people.users["org_admin"],
        )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == [people.users["member_a"].email]  # org A, not B, not the uploader
    assert "Protokollvorlage AWO" in mail.outbox[0].subject
    document = PortalDocument.objects.get(title="Protokollvorlage AWO")
    assert f"/dokumente/{document.pk}/" in mail.outbox[0].body
    # staff see everything, and get it in their (default) daily digest
    assert Notification.objects.filter(user=people.users["editor"], digest=True).exists()
    assert Notification.objects.filter(user=superuser, digest=True).exists()


def test_staff_only_document_announces_nothing(people, django_capture_on_commit_callbacks):
    from documents.factories import portal_document
    from portal.access import Audience

    with django_capture_on_commit_callbacks(execute=True):
        portal_document(title="Intern", audience=Audience.STAFF)
    assert not Notification.objects.exists()


def test_a_long_subject_is_shortened_not_refused(people, django_capture_on_commit_callbacks):
    """A title of up to 255 characters after a prefix is longer than the subject field holds
    (PostgreSQL refuses such a row): the subject is cut with an ellipsis, the mail still goes."""
    member = people.users["member_a"]
    long_title = "Niederschrift: " + "Wohnraumsicherung " * 20
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify([member], NotificationKind.MINUTES_APPROVED, long_title, "Text", "/x/")
    stored = Notification.objects.get(user=member)
    assert len(stored.subject) == Notification._meta.get_field("subject").max_length
    assert stored.subject.startswith("Niederschrift: Wohnraumsicherung") and stored.subject.endswith("…")
    assert mail.outbox[0].subject == stored.subject
