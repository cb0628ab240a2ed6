"""Rough edges new users met: file sizes, the minutes filter, titles, feeds, form errors, exports."""

import pytest

from documents.factories import portal_document

pytestmark = pytest.mark.django_db


def test_library_shows_the_real_size_of_small_files(people, library):
    portal_document("Kleine Datei", content=b"x" * 198)
    html = people.client("anonymous").get(library.url).content.decode()
    assert "198\xa0Bytes" in html or "198 Bytes" in html
    assert "0\xa0Bytes" not in html and "0 Bytes" not in html


def test_minutes_filter_finds_the_minutes_of_meetings(people, meetings, library):
    anonymous = people.client("anonymous").get(library.url, {"kind": "minutes"}).content.decode()
    assert meetings.past.url in anonymous
    assert meetings.upcoming.url not in anonymous  # no minutes yet
    assert meetings.body_only.url not in anonymous  # not visible to the public


def test_home_title_names_the_site_once_and_announces_the_feeds(people, site):
    html = people.client("anonymous").get("/").content.decode()
    assert "<title>Integrationsportal Hagen</title>" in html
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html


def test_filtered_views_say_so_in_the_title(people, meetings, library):
    client = people.client("anonymous")
    library_title = client.get(library.url, {"kind": "minutes", "q": "Haspe"}).content.decode()
    assert "<title>Dokumente: Niederschrift, „Haspe“ – " in library_title
    calendar = client.get(meetings.index.url, {"zeit": "vergangene", "gremium": meetings.body.pk}).content.decode()
    assert f"<title>{meetings.index.title}: Vergangene Sitzungen, {meetings.body.title} – " in calendar
    year = meetings.past.start.year
    search = client.get(
        "/suche/", {"q": "Bericht", "typ": "tagesordnungspunkte", "gremium": meetings.body.pk, "jahr": year}
    ).content.decode()
    assert f"<title>Suche nach „Bericht“: Tagesordnungspunkte, {meetings.body.title}, {year} – " in search
    unfiltered = client.get("/suche/", {"q": "Bericht"}).content.decode()
    assert "<title>Suche nach „Bericht“ – " in unfiltered


def test_password_pages_have_titles_of_their_own(people):
    client = people.client("anonymous")
    titles = {
        client.get(url).content.decode().split("<title>")[1].split("</title>")[0]
        for url in ("/konto/password/reset/", "/konto/password/reset/done/", "/konto/password/reset/key/done/")
    }
    titles.add(people.client("member_a").get("/konto/password/change/").content.decode().split("<title>")[1])
    assert len(titles) == 4


def test_errors_are_named_in_the_title_and_summed_up_at_the_top(people):
    response = people.client("member_a").post("/konto/password/change/", {"oldpassword": "falsch"})
    html = response.content.decode()
    assert "<title>Fehler: " in html
    assert 'class="error-summary" role="alert" tabindex="-1" autofocus' in html
    # the password rules are a list in a div the input points at, not in a <span> in a <p>
    assert '<div class="help" id="id_password1_helptext"><ul>' in html
    assert 'aria-describedby="id_password1_helptext' in html


def test_account_wording(people):
    html = people.client("member_a").get("/konto/email/").content.decode()
    assert "Email-Adresse" not in html and "Authentisierung" not in html
    assert "Zwei-Faktor-Authentifizierung" in html


def test_invitation_mail_says_who_invited(people, mailoutbox, django_capture_on_commit_callbacks):
    from portal import services

    admin = people.users["org_admin"]
    admin.first_name, admin.last_name = "Ada", "Admin"
    admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.invite("neu@example.org", people.org_a, "member", admin)
    assert "Eingeladen hat Sie Ada Admin (admin-a@example.org)." in mailoutbox[0].body


def test_removing_a_member_asks_first_and_records_who_did_it(people):
    from django.urls import reverse
    from wagtail.models import ModelLogEntry

    membership = people.users["member_a"].memberships.get()
    url = reverse("portal:membership_remove", args=[membership.pk])
    client = people.client("org_admin")
    confirm = client.get(url)
    assert confirm.status_code == 200 and "entfernen?" in confirm.content.decode()
    membership.refresh_from_db()
    assert membership.active  # asking changes nothing
    assert client.post(url).status_code == 302
    membership.refresh_from_db()
    assert not membership.active
    entry = ModelLogEntry.objects.get(action="portal.membership.remove")
    assert entry.user == people.users["org_admin"] and entry.object_id == str(membership.pk)


def test_data_export_has_answers_settings_reports_and_uploads(people, meetings):
    from meetings.models import MeetingResponse
    from portal.models import NotificationPreference

    user = people.users["member_a"]
    MeetingResponse.objects.create(meeting=meetings.upcoming, user=user, answer="yes")
    kind = NotificationPreference._meta.get_field("kind").choices[0][0]
    NotificationPreference.objects.create(user=user, kind=kind, frequency="daily")
    portal_document("Mein Upload", uploaded_by_user=user)
    data = people.client("member_a").get("/konto/daten-export/").json()
    assert [r["meeting"] for r in data["meeting_responses"]] == [meetings.upcoming.title]
    assert len(data["notification_settings"]) == 1
    assert [d["title"] for d in data["uploaded_documents"]] == ["Mein Upload"]
    assert data["submitted_reports"] == []


def test_admin_avatars_are_initials_not_gravatar(people, settings):
    from wagtail.admin.templatetags.wagtailadmin_tags import avatar_url

    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    user = people.users["editor"]
    user.first_name, user.last_name = "Rita", "Redaktion"
    url = avatar_url(user)
    assert url.startswith("data:image/svg+xml,") and "RR" in url


def test_default_workflow_has_a_german_name(db):
    from wagtail.models import Task, Workflow

    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()


def test_demo_site_record_points_at_the_configured_base_url(db, settings):
    from wagtail.models import Site

    from home import seed

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    seed.run()
    default = Site.objects.get(is_default_site=True)
    assert f"http://{default.hostname}:{default.port}" == settings.WAGTAILADMIN_BASE_URL.rstrip("/")
