import pytest

from tests.oparl.helpers import SECRET_PLACE, place


@pytest.fixture(autouse=True)
def oparl_base_url(settings):
    """The API's ids and links come from the configured base URL; the test client's host."""
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"


@pytest.fixture
def meetings(meetings):
    """The meetings scenario with places: ``upcoming`` meets at ``place`` (the town hall, with
    address and coordinates), ``body_only`` at ``secret_place``, which no public meeting uses;
    ``past`` has neither a place nor a location text."""
    from meetings.models import MeetingPage

    meetings.place = place(room="Raum 1")
    meetings.secret_place = place(SECRET_PLACE, street_address="Geheime Straße 1")
    for meeting, chosen in ((meetings.upcoming, meetings.place), (meetings.body_only, meetings.secret_place)):
        page = MeetingPage.objects.get(pk=meeting.pk).get_latest_revision().as_object()
        page.place = chosen
        page.save_revision().publish()
    return meetings
