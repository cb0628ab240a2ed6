"""Production settings for the fault suite: as in production, but a mail the mail server did not
take is tried again after a second (instead of after 1, 5, 15... minutes), so an outage of a few
seconds shows its recovery within the run."""

from tests.production_settings import *  # noqa: F403

MAIL_RETRY_DELAYS = [1] * 60
