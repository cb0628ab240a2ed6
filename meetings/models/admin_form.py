"""Rules of the meeting admin: a meeting is "durchgeführt" only after its start (the meeting's
form), and an item's votes in the minutes are at most the voting members present, less those
who left the room for it (``MinutesEntry.clean``; minutes exist only once the meeting started).
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


def voters_present(item):
    """How many voting members were present for agenda ``item``: the meeting's attendance
    "anwesend" or "in Vertretung" with a voting role, less those who left the room for it."""
    voters = {
        _key(a.person_id, a.name)
        for a in item.meeting.attendances.all()
        if a.status in PRESENT and a.role in VOTING_ROLES
    }
    departed = {_key(d.person_id, d.name) for d in item.departures.all()}
    return len(voters - departed)


def too_many_votes(item, votes):
    """The error for ``votes`` on ``item`` when more were counted than voters were present."""
    present = voters_present(item)
    return TOO_MANY_VOTES % {"votes": votes, "voters": present} if votes > present else None


def _key(person_id, name):
    return ("person", person_id) if person_id else ("name", (name or "").strip().casefold())
