"""Each audience × each role: the serve URL, the document page, the library and search."""

import pytest

from portal.access import Audience
from tests.conftest import ROLES
from tests.documents.conftest import SEES, WORDS

pytestmark = pytest.mark.django_db


def expected_status(visible, role):
    if visible:
        return 200
    return "login" if role in ("anonymous", "inactive") else 404


def check(response, expected, label):
    # A served file is a streaming response holding the file open. Close the file itself:
    # response.close() would send request_finished, which closes the test's database connection.
    if getattr(response, "file_to_stream", None) is not None:
        response.file_to_stream.close()
    if expected == "login":
        assert response.status_code == 302, label
        assert response["Location"].startswith("/konto/login/"), label
    else:
        assert response.status_code == expected, f"{label}: {response.status_code}"


@pytest.mark.parametrize("audience", list(Audience))
def test_serve_and_detail_by_audience_and_role(people, docs, audience):
    document = docs.by_audience[audience]
    for role, sees in zip(ROLES, SEES[audience], strict=True):
        client = people.client(role)
        expected = expected_status(sees, role)
        check(client.get(document.url), expected, f"serve {audience} as {role}")
        check(client.get(f"/dokumente/{document.pk}/"), expected, f"detail {audience} as {role}")


@pytest.mark.parametrize("audience", list(Audience))
def test_library_and_search_by_audience_and_role(people, docs, library, audience):
    document = docs.by_audience[audience]
    for role, sees in zip(ROLES, SEES[audience], strict=True):
        client = people.client(role)
        listing = client.get(library.url)
        assert listing.status_code == 200
        assert (document.title in listing.content.decode()) == bool(sees), f"library {audience} as {role}"
        found = client.get(library.url, {"q": WORDS[audience]})
        assert found.status_code == 200
        assert (document.title in found.content.decode()) == bool(sees), f"search {audience} as {role}"
        assert found.context["paginator"].count == sees, f"search count {audience} as {role}"


def test_library_of_members_never_cached_by_shared_caches(people, library):
    """Members' lists depend on who they are; the anonymous list is public, like any public page
    (tests/portal/test_pagecache.py: it is served from the page cache, members never read that)."""
    for role in ("member_a", "org_admin", "editor"):
        assert people.client(role).get(library.url)["Cache-Control"] == "private, no-store", role
    assert "private" not in people.client("anonymous").get(library.url).get("Cache-Control", "")
