"""Access matrix rows of the papers app: paper list and page, register, Beschlussauszug, feeds.

``secret_paper`` is for the members of the body (member A) and staff; the Beschlussauszug row
points at the past meeting's non-public decision. The admin views (listing, put on agenda) are
behind the admin gate; tests/papers/test_admin.py checks them per role.
"""

from tests.matrix.portal import LOGIN

EVERYONE = (200, 200, 200, 200, 200, 200, 200)
BODY_ONLY = (LOGIN, 200, 404, 404, 200, 200, LOGIN)


def context(people, meetings):
    from papers.models import Consultation
    from portal.access import Audience
    from tests.papers.factories import paper

    secret = paper(
        "Vertrauliche Matrix-Vorlage",
        audience=Audience.BODY,
        consultations=[(meetings.body, Consultation.Role.DECISION, meetings.past_secret_item)],
    )
    return {"secret_paper": secret}


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
}
