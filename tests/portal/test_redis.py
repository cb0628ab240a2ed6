"""With REDIS_URL, every process shares one cache: pages, their purges, sessions and rate limits.

Runs a real redis-server on loopback (Debian's package, installed by `make test`). Each
"worker" below is a cache client of its own, built from the settings the way another gunicorn
worker or another app server would build it.
"""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.test import Client, override_settings

from home.models import NewsPage
from portal import pagecache
from portal.factories import PASSWORD

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if not shutil.which(REDIS_SERVER):
        pytest.fail("redis-server is missing: `make test` installs it (apt-get install redis-server).")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(  # noqa: S603
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def redis_cache(redis_url, settings):
    """The production cache configuration with REDIS_URL set."""
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    with override_settings(CACHES=caches, PAGE_CACHE_SECONDS=300, PAGE_CACHE_ALIAS="default"):
        redis.Redis.from_url(redis_url).flushdb()
        yield redis_url


def other_worker(url):
    return RedisCache(url, {})


def test_a_page_cached_by_one_worker_is_served_by_another(redis_cache, site):
    assert Client().get("/nachrichten/")[pagecache.HIT_HEADER] == "miss"
    version = other_worker(redis_cache).get(pagecache.VERSION_KEY)
    [stored] = redis.Redis.from_url(redis_cache).keys("*pagecache:page:*")
    made_under, status, _headers, content = other_worker(redis_cache).get(stored.decode().split(":", 2)[2])
    assert made_under == version
    assert status == 200 and "Nachrichten" in content.decode()
    assert Client().get("/nachrichten/")[pagecache.HIT_HEADER] == "hit"


def test_a_purge_in_one_worker_reaches_every_worker(redis_cache, site):
    Client().get("/nachrichten/")
    before = other_worker(redis_cache).get(pagecache.VERSION_KEY)
    news = NewsPage.objects.filter(audience="public").first()
    news.title = "Geänderte Überschrift der Meldung"
    news.save_revision().publish()
    assert other_worker(redis_cache).get(pagecache.VERSION_KEY) != before
    response = Client().get("/nachrichten/")
    assert response[pagecache.HIT_HEADER] == "miss"
    assert "Geänderte Überschrift der Meldung" in response.content.decode()


def test_sessions_live_in_the_database_not_in_redis(redis_cache, people):
    """A Redis outage or restart neither logs people out nor keeps an ended session alive."""
    from django.contrib.sessions.models import Session

    client = people.client("member_a")
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=session_key).exists()
    assert not [k for k in redis.Redis.from_url(redis_cache).keys("*") if b"session" in k]
    assert client.get("/mein-bereich/").status_code == 200


def test_failed_logins_are_counted_in_the_shared_cache(redis_cache, people):
    email = people.users["member_a"].email
    # every attempt from a new client, as if each reached another worker
    for _ in range(5):
        Client().post("/konto/login/", {"login": email, "password": "falsch-falsch"})
    keys = [key.decode() for key in redis.Redis.from_url(redis_cache).keys("*allauth:rl:*login_failed*")]
    assert keys
    client = Client()
    response = client.post("/konto/login/", {"login": email, "password": PASSWORD})
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logins_and_pages_work_while_redis_is_unreachable(people, site):
    """portal.cache.RedisCache against a port nobody listens on: no 429, no 500, nothing cached."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    caches = {"default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}}
    with override_settings(CACHES=caches, PAGE_CACHE_SECONDS=300, PAGE_CACHE_ALIAS="default"):
        client = Client()
        response = client.post("/konto/login/", {"login": people.users["member_a"].email, "password": PASSWORD})
        assert response.status_code == 302
        assert client.get("/mein-bereich/").status_code == 200
        for _ in range(2):
            response = Client().get("/")
            assert response.status_code == 200 and response.headers.get("X-Page-Cache") != "hit"
