"""Access matrix rows of the meetings app (calendar feeds, RSVP, minutes PDFs, meeting pack, search).

The meeting, body and calendar pages are Wagtail pages (the catch-all row in portal.py);
their access is tested in tests/meetings/test_meetings_access.py. The fixture: member A is in the body,
member B and the organisation admin of A are not; ``body_only`` is a body-members-only meeting.
"""

from tests.matrix.portal import LOGIN


def personal_feed(c):
    from meetings.models import CalendarToken

    token, _ = CalendarToken.objects.get_or_create(user=c.people.users["member_a"])
    return token.get_absolute_url()


def fresh_body_membership(c):
    """A new membership of member A in the body for each call: ending one makes it disappear."""
    from meetings.models import BodyMembership

    membership = BodyMembership.objects.create(
        body=c.meetings.body, user=c.people.users["member_a"], organisation=c.org_a
    )
    return f"/mein-bereich/gremienmitgliedschaften/{membership.pk}/beenden/"


ROWS = {
    # moved to the site search
    "sitzungen/suche/": (lambda c: "/sitzungen/suche/?q=Vergabe", (301, 301, 301, 301, 301, 301, 301)),
    "sitzungen/kalender.ics": (lambda c: "/sitzungen/kalender.ics", (200, 200, 200, 200, 200, 200, 200)),
    "sitzungen/gremium/<int:pk>/kalender.ics": (
        lambda c: f"/sitzungen/gremium/{c.meetings.body.pk}/kalender.ics",
        (200, 200, 200, 200, 200, 200, 200),
    ),
    "sitzungen/sitzung/<int:pk>/kalender.ics": (
        lambda c: f"/sitzungen/sitzung/{c.meetings.body_only.pk}/kalender.ics",
        (LOGIN, 200, 404, 404, 200, 200, LOGIN),
    ),
    # the secret address is the credential: the same for whoever holds it
    "sitzungen/persoenlich/<str:token>/kalender.ics": (personal_feed, (200, 200, 200, 200, 200, 200, 200)),
    "sitzungen/sitzung/<int:pk>/rueckmeldung/": (
        lambda c: f"/sitzungen/sitzung/{c.meetings.upcoming.pk}/rueckmeldung/",
        (LOGIN, 405, 405, 405, 405, 405, LOGIN),
    ),
    # objections to draft minutes: POST only, by the Gremium's members
    "sitzungen/sitzung/<int:pk>/einwendung/": (
        lambda c: f"/sitzungen/sitzung/{c.meetings.past.pk}/einwendung/",
        (LOGIN, 405, 405, 405, 405, 405, LOGIN),
    ),
    "sitzungen/sitzung/<int:pk>/niederschrift.pdf": (
        lambda c: f"/sitzungen/sitzung/{c.meetings.past.pk}/niederschrift.pdf",
        (200, 200, 200, 200, 200, 200, 200),
    ),
    "sitzungen/sitzung/<int:pk>/niederschrift-vollstaendig.pdf": (
        lambda c: f"/sitzungen/sitzung/{c.meetings.past.pk}/niederschrift-vollstaendig.pdf",
        (LOGIN, 200, 404, 404, 200, 200, LOGIN),
    ),
    "sitzungen/sitzung/<int:pk>/top/<int:item_pk>/auszug.pdf": (
        lambda c: f"/sitzungen/sitzung/{c.meetings.past.pk}/top/{c.meetings.past_secret_item.pk}/auszug.pdf",
        (LOGIN, 200, 404, 404, 200, 200, LOGIN),
    ),
    # the meeting pack: for whoever may see the meeting (its content follows the agenda's redaction,
    # tests/meetings/test_meeting_pack.py); the archive of a public meeting has public attachments
    "sitzungen/sitzung/<int:pk>/sitzungsmappe.pdf": (
        lambda c: f"/sitzungen/sitzung/{c.meetings.body_only.pk}/sitzungsmappe.pdf",
        (LOGIN, 200, 404, 404, 200, 200, LOGIN),
    ),
    "sitzungen/sitzung/<int:pk>/anlagen.zip": (
        lambda c: f"/sitzungen/sitzung/{c.meetings.upcoming.pk}/anlagen.zip",
        (200, 200, 200, 200, 200, 200, 200),
    ),
    "mein-bereich/kalender/": (lambda c: "/mein-bereich/kalender/", (LOGIN, 405, 405, 405, 405, 405, LOGIN)),
    # the organisation admin of A (and city staff) fill A's seats in bodies
    "mein-bereich/organisation/<int:pk>/gremien/": (
        lambda c: f"/mein-bereich/organisation/{c.org_a.pk}/gremien/",
        (LOGIN, 404, 404, 200, 200, 200, LOGIN),
    ),
    "mein-bereich/gremienmitgliedschaften/<int:pk>/beenden/": (
        fresh_body_membership,
        (LOGIN, 404, 404, 200, 200, 200, LOGIN),
    ),
}

# POSTs: only body members answer invitations (an empty answer is a 400 with the form again);
# everyone logged in manages their own calendar address.
POSTS = {
    "sitzungen/sitzung/<int:pk>/rueckmeldung/": (LOGIN, 400, 403, 403, 403, 400, LOGIN),
    # the past meeting's minutes are final: body members are sent back with a message
    "sitzungen/sitzung/<int:pk>/einwendung/": (LOGIN, 302, 403, 403, 403, 302, LOGIN),
    "mein-bereich/kalender/": (LOGIN, 302, 302, 302, 302, 302, LOGIN),
    # the matrix posts no seat or person: the form again, with errors
    "mein-bereich/organisation/<int:pk>/gremien/": (LOGIN, 404, 404, 400, 400, 400, LOGIN),
    "mein-bereich/gremienmitgliedschaften/<int:pk>/beenden/": (LOGIN, 404, 404, 302, 302, 302, LOGIN),
}
