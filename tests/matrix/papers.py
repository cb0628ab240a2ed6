"""Access matrix rows of the papers app: paper list and page, register, Beschlussauszug, feeds.

``secret_paper`` is for the members of the body (member A) and staff; the Beschlussauszug row
points at the past meeting's non-public decision. The admin views (listing, put on agenda) are
behind the admin gate; tests/papers/test_admin.py checks them per role.
"""

from tests.matrix.portal import LOGIN

EVERYONE = (200, 200, 200, 200, 200, 200, 200)
BODY_ONLY = (LOGIN, 200, 404, 404, 200, 200, LOGIN)


def context(people, meetings):
    from papers.factories import paper
    from papers.models import Consultation
    from portal.access import Audience

    secret = paper(
        "Vertrauliche Matrix-Vorlage",
        audience=Audience.BODY,
        consultations=[(meetings.body, Consultation.Role.DECISION, meetings.past_secret_item)],
    )
    from papers.models import Motion

    motion = Motion.objects.create(
        body=meetings.body,
        organisation=people.org_a,
        submitted_by=people.users["member_a"],
        title="Matrix-Antrag",
        text="Text",
        status=Motion.Status.CHANGES_REQUESTED,
    )
    return {"secret_paper": secret, "motion_a": motion}


ROWS = {
    "vorlagen/": (lambda c: "/vorlagen/", EVERYONE),
    "vorlagen/<int:pk>/": (lambda c: f"/vorlagen/{c.secret_paper.pk}/", BODY_ONLY),
    "beschluesse/": (lambda c: "/beschluesse/", EVERYONE),
    "beschluesse/<int:pk>/beschlussauszug.pdf": (
        lambda c: f"/beschluesse/{c.meetings.past_secret_item.pk}/beschlussauszug.pdf",
        BODY_ONLY,
    ),
    "feeds/vorlagen.rss": (lambda c: "/feeds/vorlagen.rss", EVERYONE),
    "feeds/vorlagen.atom": (lambda c: "/feeds/vorlagen.atom", EVERYONE),
    # members' motions: everyone logged in sees their organisations' list; only Gremium members
    # submit; a motion is seen by its organisation (A) and staff
    "mein-bereich/antraege/": (lambda c: "/mein-bereich/antraege/", (LOGIN, 200, 200, 200, 200, 200, LOGIN)),
    "mein-bereich/antraege/neu/": (lambda c: "/mein-bereich/antraege/neu/", (LOGIN, 200, 403, 403, 403, 200, LOGIN)),
    "mein-bereich/antraege/<int:pk>/": (
        lambda c: f"/mein-bereich/antraege/{c.motion_a.pk}/",
        (LOGIN, 200, 404, 200, 200, 200, LOGIN),
    ),
}

# POSTs without content: the form again with its errors for those who may submit or revise.
POSTS = {
    "mein-bereich/antraege/neu/": (LOGIN, 400, 403, 403, 403, 400, LOGIN),
    "mein-bereich/antraege/<int:pk>/": (LOGIN, 400, 404, 403, 403, 400, LOGIN),
}
