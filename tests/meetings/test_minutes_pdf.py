"""The minutes PDFs: titles of their own, no page with only the approval line, named signatures."""

import io

import pytest
from pypdf import PdfReader

from meetings.agenda import agenda_for
from meetings.models import Attendance, BodyMembership
from meetings.pdf import Variant, render_minutes_pdf
from portal.access import Viewer

pytestmark = pytest.mark.django_db


def pages(content):
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def secretary(meetings, people):
    editor = people.users["editor"]
    editor.first_name, editor.last_name = "Jonas", "Brandt"
    editor.save()
    BodyMembership.objects.create(
        body=meetings.body, user=editor, organisation=people.city, role=BodyMembership.Role.SECRETARY
    )
    return editor


def test_public_and_full_minutes_have_titles_of_their_own(people, meetings):
    public = people.client("member_a").get(f"/sitzungen/sitzung/{meetings.past.pk}/niederschrift.pdf")
    full = people.client("member_a").get(f"/sitzungen/sitzung/{meetings.past.pk}/niederschrift-vollstaendig.pdf")
    public_title = PdfReader(io.BytesIO(public.content)).metadata.title
    full_title = PdfReader(io.BytesIO(full.content)).metadata.title
    assert public_title != full_title
    assert "öffentlicher Teil" in public_title and "nicht öffentlich" not in public_title
    assert "nicht öffentlichem Teil" in full_title


def test_signature_lines_name_chair_and_secretary(people, meetings, secretary):
    chair = people.users["approver"]  # the body's chair
    chair.first_name, chair.last_name = "Sabine", "Keller"
    chair.save()
    full = "\n".join(
        pages(
            people.client("member_a")
            .get(f"/sitzungen/sitzung/{meetings.past.pk}/niederschrift-vollstaendig.pdf")
            .content
        )
    )
    assert "Sabine Keller" in full and "Jonas Brandt" in full

    # who chaired the meeting (attendance) comes before the body's chair
    Attendance.objects.create(meeting=meetings.past, name="Gisela Engelhardt", role=BodyMembership.Role.CHAIR)
    full = "\n".join(
        pages(
            people.client("member_a")
            .get(f"/sitzungen/sitzung/{meetings.past.pk}/niederschrift-vollstaendig.pdf")
            .content
        )
    )
    assert "Gisela Engelhardt" in full and "Sabine Keller" not in full

    # the public minutes name only people who agreed to be published
    public_url = f"/sitzungen/sitzung/{meetings.past.pk}/niederschrift.pdf"
    public = "\n".join(pages(people.client("anonymous").get(public_url).content))
    assert "Jonas Brandt" not in public and "Gisela Engelhardt" not in public
    secretary.publish_in_oparl = True
    secretary.save()
    assert "Jonas Brandt" in "\n".join(pages(people.client("anonymous").get(public_url).content))


CLOSING = (
    "Vorsitz",
    "Schriftführung",
    "Genehmigt am",
    "Seite ",
    "Sabine",
    "Jonas",
    "Keller",
    "Brandt",
)


@pytest.mark.parametrize("variant", [Variant.FULL, Variant.PUBLIC])
def test_the_last_page_holds_more_than_the_approval_line_and_signatures(people, meetings, secretary, variant):
    """Whatever the length of the minutes, the signatures and the approval line share their page
    with the end of the content."""
    viewer = Viewer.for_user(people.users["editor"])
    item = meetings.past.agenda_items.get(public=True)
    checked = 0
    for lines in range(20, 70, 2):
        item.minutes = "\n\n".join(f"Absatz {n} der Diskussion über das Quartiersmanagement." for n in range(lines))
        item.save()
        entries = agenda_for(meetings.past, viewer)
        if variant == Variant.PUBLIC:
            entries = [e for e in entries if e.public]
        content = pages(render_minutes_pdf(meetings.past, entries, variant))
        if len(content) < 2:
            continue
        checked += 1
        rest = [line for line in content[-1].splitlines() if line.strip() and not line.startswith(CLOSING)]
        assert rest, f"{lines} paragraphs: the last page holds only {content[-1]!r}"
    assert checked
