"""OParl answers come from the shared page cache: the same for everyone, purged on every change."""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from portal import pagecache
from tests.oparl.helpers import ROOT, get_json

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def page_cache():
    with override_settings(PAGE_CACHE_SECONDS=300):
        yield


def test_a_list_is_built_once_and_then_served_without_queries(meetings):
    url = f"{ROOT}body/1/meeting/"
    first = Client().get(url)
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(url)
    assert len(queries) == 0
    assert second.status_code == 200 and second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_members_get_the_same_public_answer(meetings, people):
    url = f"{ROOT}body/1/meeting/"
    member = people.client("member_a").get(url).content  # a member of the body fills the cache
    assert meetings.secret_item.title.encode() not in member
    anonymous = Client().get(url)
    assert anonymous.content == member
    with override_settings(PAGE_CACHE_SECONDS=0):
        assert Client().get(url).content == member  # what anonymous visitors get uncached


def test_a_published_change_is_visible_at_once(meetings):
    url = f"{ROOT}meeting/{meetings.past.pk}/"
    assert get_json(Client(), url)["name"] != "Umbenannte Sitzung"
    page = meetings.past
    page.title = "Umbenannte Sitzung"
    page.save_revision().publish()
    assert get_json(Client(), url)["name"] == "Umbenannte Sitzung"


def test_withdrawn_consent_takes_effect_at_once(meetings, people):
    user = people.users["member_a"]
    user.publish_in_oparl = True
    user.save()
    assert get_json(Client(), f"{ROOT}body/1/person/")["data"]
    user.publish_in_oparl = False
    user.save()
    assert get_json(Client(), f"{ROOT}body/1/person/")["data"] == []


def test_logins_do_not_purge(meetings, people):
    from django.contrib.auth.signals import user_logged_in

    Client().get(f"{ROOT}body/1/meeting/")
    version = pagecache.current_version()
    user = people.users["member_a"]
    user_logged_in.send(sender=type(user), request=None, user=user)  # updates last_login only
    assert pagecache.current_version() == version
