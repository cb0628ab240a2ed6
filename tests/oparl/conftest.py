import pytest


@pytest.fixture(autouse=True)
def oparl_base_url(settings):
    """The API's ids and links come from the configured base URL; the test client's host."""
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
