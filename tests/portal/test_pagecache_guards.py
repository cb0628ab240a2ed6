"""What the page cache must never mix up: hosts, and logged-in people with anonymous visitors.

Each of these guards is the only one that stops its leak: a key without the host serves one
host's absolute links to another; a cache that stores a response of a logged-in person (should
login ever work without the session cookie the request check looks for) would serve it to
anonymous visitors.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, override_settings

from portal import pagecache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache():
    with override_settings(PAGE_CACHE_SECONDS=300):
        yield


def test_each_host_has_its_own_cached_pages(site):
    first = Client().get("/feeds/nachrichten.rss", HTTP_HOST="localhost")
    assert first.status_code == 200 and first[pagecache.HIT_HEADER] == "miss"
    assert "http://localhost/" in first.content.decode()
    other = Client().get("/feeds/nachrichten.rss", HTTP_HOST="127.0.0.1")
    assert other.status_code == 200 and other[pagecache.HIT_HEADER] == "miss"
    assert "http://127.0.0.1/" in other.content.decode() and "http://localhost/" not in other.content.decode()
    again = Client().get("/feeds/nachrichten.rss", HTTP_HOST="localhost")
    assert again[pagecache.HIT_HEADER] == "hit" and again.content == first.content


def test_a_logged_in_response_is_never_stored(rf, people):
    """A response for a logged-in person that is otherwise cacheable (no cookie, no private
    header, not marked) is not stored: nobody else ever gets it."""
    member = people.users["member_a"]

    def personal(request):
        request.user = member  # logged in without a session cookie (e.g. a token login)
        return HttpResponse("<p>Hallo Mitglied A</p>", content_type="text/html; charset=utf-8")

    def public(request):
        request.user = AnonymousUser()
        return HttpResponse("<p>Öffentlich</p>", content_type="text/html; charset=utf-8")

    response = pagecache.PageCacheMiddleware(personal)(rf.get("/nachrichten/"))
    assert response.status_code == 200 and pagecache.HIT_HEADER not in response
    anonymous = pagecache.PageCacheMiddleware(public)(rf.get("/nachrichten/"))
    assert anonymous.content.decode() == "<p>Öffentlich</p>"
    assert anonymous[pagecache.HIT_HEADER] == "miss"
    # the public answer is what the cache holds
    assert pagecache.PageCacheMiddleware(personal)(rf.get("/nachrichten/"))[pagecache.HIT_HEADER] == "hit"
