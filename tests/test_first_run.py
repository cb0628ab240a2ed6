"""Rough edges new users met: file sizes, the minutes filter, titles, feeds, form errors, exports."""

import pytest

from tests.factories import portal_document

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
