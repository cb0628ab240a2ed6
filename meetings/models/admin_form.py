"""The meeting's admin form: the rules that span the meeting, its agenda and its attendance.

Checked on the whole form, because they read the agenda items and attendance being edited (the
inline forms), not the rows saved before: a meeting is "durchgeführt" only after its start,
minutes and results are written only after the start, and an item's votes are at most the
voting members present (less those who left the room for it).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

# Roles that vote: chair, deputy chair, members and their substitutes (not guests or the secretary).
VOTING_ROLES = ("chair", "deputy", "member", "substitute")
PRESENT = ("present", "substitute")
MINUTES_FIELDS = ("minutes", "decision", "result", "votes_for", "votes_against", "votes_abstained")

HELD_TOO_EARLY = _("„durchgeführt“ kann eine Sitzung erst nach ihrem Beginn sein (%(start)s Uhr).")
MINUTES_TOO_EARLY = _(
    "Niederschrift, Beschluss, Ergebnis und Stimmen können erst nach Beginn der Sitzung (%(start)s Uhr) "
    "eingetragen werden."
)
TOO_MANY_VOTES = _(
    "Es sind %(votes)s Stimmen eingetragen, aber nur %(voters)s stimmberechtigte Mitglieder waren bei diesem "
    "Punkt anwesend (Anwesenheit „anwesend“ oder „in Vertretung“ mit stimmberechtigter Rolle, ohne die wegen "
    "Befangenheit Abwesenden). Bitte prüfen Sie die Stimmen oder die Anwesenheit."
)


def _kept_forms(formset):
    """The inline forms that stay (not deleted), each validated."""
    forms = []
    for form in formset.forms:
        if not form.is_valid() or (formset.can_delete and formset._should_delete_form(form)):
            continue
        if not form.has_changed() and not form.instance.pk:
            continue  # an empty extra form
        forms.append(form)
    return forms


def _person_key(data):
    person = data.get("person")
    return ("person", person.pk) if person else ("name", (data.get("name") or "").strip().casefold())


class MeetingPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start")
        if start is None:
            return cleaned
        started = start <= timezone.now()
        start_text = timezone.localtime(start).strftime("%d.%m.%Y, %H:%M")
        if cleaned.get("status") == "held" and not started:
            self.add_error("status", HELD_TOO_EARLY % {"start": start_text})
        voters = self._voters()
        for item_form in _kept_forms(self.formsets["agenda_items"]):
            data = item_form.cleaned_data
            if not started:
                for name in MINUTES_FIELDS:
                    if data.get(name) not in (None, ""):
                        item_form.add_error(name, MINUTES_TOO_EARLY % {"start": start_text})
                continue
            votes = sum(data.get(name) or 0 for name in ("votes_for", "votes_against", "votes_abstained"))
            if not votes:
                continue
            departed = {_person_key(f.cleaned_data) for f in _kept_forms(item_form.formsets["departures"])}
            present = len(voters - departed)
            if votes > present:
                item_form.add_error("votes_for", TOO_MANY_VOTES % {"votes": votes, "voters": present})
        return cleaned

    def _voters(self):
        """The voting members present, as typed in the attendance tab."""
        voters = set()
        for form in _kept_forms(self.formsets["attendances"]):
            data = form.cleaned_data
            if data.get("status") in PRESENT and data.get("role") in VOTING_ROLES:
                voters.add(_person_key(data))
        return voters
