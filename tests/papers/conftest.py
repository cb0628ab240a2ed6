from types import SimpleNamespace

import pytest

from documents.factories import portal_document
from papers.factories import paper
from papers.models import Consultation
from portal.access import Audience
from tests.papers.secrets import SECRET_PAPER_TEXT, SECRET_PAPER_TITLE


@pytest.fixture
def papers(meetings, people):
    """A public paper decided in the past meeting's public item, and a paper for the body's
    members only, decided in its non-public item."""
    main = portal_document("Vorlage Quartiersmanagement (Dokument)", audience="public")
    annex = portal_document("Anlage Statistik Quartiere", audience="public")
    members_annex = portal_document("Anlage nur für Mitglieder", audience="members")
    public = paper(
        "Quartiersmanagement in Altenhagen",
        text="Die Verwaltung berichtet über das Quartiersmanagement.",
        proposal="Der Ausschuss nimmt den Bericht zur Kenntnis.",
        main_file=main,
        attachments=[annex, members_annex],
        consultations=[(meetings.body, Consultation.Role.DECISION, meetings.past_public_item)],
    )
    secret = paper(
        SECRET_PAPER_TITLE,
        text=SECRET_PAPER_TEXT,
        audience=Audience.BODY,
        consultations=[(meetings.body, Consultation.Role.DECISION, meetings.past_secret_item)],
    )
    return SimpleNamespace(public=public, secret=secret, main=main, annex=annex, members_annex=members_annex)
