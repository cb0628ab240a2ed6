"""Rules of the meeting admin: a meeting is "durchgeführt" only after its start (the meeting's
form), and an item's votes in the minutes are at most the voting members present, less those
who left the room for it, as the attendance of the same version of the minutes has them
(``meetings.forms.MinutesForm``; minutes exist only once the meeting started).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

# Roles that vote: chair, deputy chair, members and their substitutes (not guests or the secretary).
VOTING_ROLES = ("chair", "deputy", "member", "substitute")
PRESENT = ("present", "substitute")

HELD_TOO_EARLY = _("„durchgeführt“ kann eine Sitzung erst nach ihrem Beginn sein (%(start)s Uhr).")
TOO_MANY_VOTES = _(
    "Es sind %(votes)s Stimmen eingetragen, aber nur %(voters)s stimmberechtigte Mitglieder waren bei diesem "
    "Punkt anwesend (Anwesenheit „anwesend“ oder „in Vertretung“ mit stimmberechtigter Rolle, ohne die wegen "
    "Befangenheit Abwesenden). Bitte prüfen Sie die Stimmen oder die Anwesenheit."
)


class MeetingPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start")
        if start is not None and cleaned.get("status") == "held" and start > timezone.now():
            start_text = timezone.localtime(start).strftime("%d.%m.%Y, %H:%M")
            self.add_error("status", HELD_TOO_EARLY % {"start": start_text})
        return cleaned


def voters_present(attendances, item_id):
    """How many voting members were present for the agenda item ``item_id``: rows of an
    attendance (``person_id``, ``name``, ``role``, ``status`` and ``left_for``, the ids of the
    items the person left the room for) "anwesend" or "in Vertretung" with a voting role, less
    those who left the room for this item."""
    voters = {
        attendance_key(a["person_id"], a["name"])
        for a in attendances
        if a["status"] in PRESENT and a["role"] in VOTING_ROLES
    }
    departed = {attendance_key(a["person_id"], a["name"]) for a in attendances if item_id in a["left_for"]}
    return len(voters - departed)


def too_many_votes(votes, voters):
    """The error for ``votes`` on an item when more were counted than ``voters`` were present."""
    return TOO_MANY_VOTES % {"votes": votes, "voters": voters} if votes > voters else None


def attendance_key(person_id, name):
    return ("person", person_id) if person_id else ("name", (name or "").strip().casefold())
