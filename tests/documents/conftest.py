from types import SimpleNamespace

import pytest

from documents.factories import portal_document
from meetings.factories import BodyMembershipFactory
from meetings.models import BodyPage
from portal.access import Audience

# A word inside each document's text (not in its title), to find it by full-text search.
WORDS = {
    Audience.PUBLIC: "Apfelbaum",
    Audience.MEMBERS: "Birnbaum",
    Audience.BODY: "Kirschbaum",
    Audience.ORGANISATION: "Pflaumenbaum",
    Audience.STAFF: "Walnussbaum",
}

# Who sees a document of each audience, by role (ROLES order: anonymous, member_a, member_b,
# org_admin, editor, approver, inactive). member_b sits in the body; organisation means org A.
SEES = {
    Audience.PUBLIC: (1, 1, 1, 1, 1, 1, 1),
    Audience.MEMBERS: (0, 1, 1, 1, 1, 1, 0),
    Audience.BODY: (0, 0, 1, 0, 1, 1, 0),
    Audience.ORGANISATION: (0, 1, 0, 1, 1, 1, 0),
    Audience.STAFF: (0, 0, 0, 0, 1, 1, 0),
}


@pytest.fixture
def body(site, people):
    page = BodyPage(title="Lenkungsgruppe Test", slug="lenkungsgruppe-test", kind=BodyPage.Kind.LENKUNGSGRUPPE)
    site.add_child(instance=page)
    BodyMembershipFactory(body=page, user=people.users["member_b"], organisation=people.org_b)
    return page


@pytest.fixture
def docs(people, body):
    """One document per audience, owned by organisation A (the body one shared with the body)."""
    documents = {}
    for audience, word in WORDS.items():
        documents[audience] = portal_document(
            title=f"Dokument {audience.label}",
            text=f"Sitzungsunterlage mit dem Stichwort {word} im Text",
            audience=audience,
            organisation=people.org_a,
            bodies=[body] if audience == Audience.BODY else (),
            filename=f"{audience.value}.pdf",
        )
    return SimpleNamespace(by_audience=documents, body=body)
