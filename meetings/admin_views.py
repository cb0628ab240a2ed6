"""Admin views of meetings: publish the agenda and send the invitation (asks first when it was
sent before), the minutes of a meeting (their attendance filled from the RSVPs), and declaring
minutes final."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import invitations, minutes
from .models import MeetingPage, Minutes, Objection


class InvitationForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Begründung der verkürzten Ladungsfrist"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    confirm_resend = forms.BooleanField(label=gettext_lazy("Ja, erneut an alle Mitglieder senden"), required=False)


class SendInvitationView(WagtailAdminTemplateMixin, TemplateView):
    """Publish the agenda and invite (the second step of "Tagesordnung veröffentlichen und
    einladen"), or send the amendment (Nachtrag) after later changes."""

    template_name = "meetings/admin/send_invitation.html"
    header_icon = "mail"

    def dispatch(self, request, page_id):
        self.meeting = get_object_or_404(MeetingPage.objects.select_related("body", "invitation"), pk=page_id)
        if not self.meeting.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        self.form = InvitationForm(request.POST if request.method == "POST" else None)
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return _("Nachtrag versenden") if self.meeting.invitation_sent_at else _("Einladung versenden")

    def get_page_subtitle(self):
        return self.meeting.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_pages:edit", args=[self.meeting.pk]), "label": self.meeting.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            invitations.check_can_invite(self.meeting)
            problem = ""
        except invitations.InvitationError as error:
            problem = str(error)
        repeated = bool(self.meeting.invitation_sent_at)
        snapshot = invitations.agenda_snapshot(self.meeting, self.meeting.invited_agenda) if repeated else []
        context.update(
            meeting=self.meeting,
            form=self.form,
            recipients=invitations.recipients(self.meeting),
            problem=problem,
            already_sent=self.meeting.invitation_sent_at,
            short_notice=not repeated and invitations.notice_too_short(self.meeting),
            notice_days=invitations.notice_days(self.meeting),
            amended=[row for row in snapshot if row["amended"]],
            agenda_changed=invitations.agenda_changed(self.meeting),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.meeting.pk]),
        )
        return context

    def post(self, request, page_id):
        if not self.form.is_valid():
            return self.render_to_response(self.get_context_data(), status=400)
        data = self.form.cleaned_data
        unchanged = self.meeting.invitation_sent_at and not invitations.agenda_changed(self.meeting)
        if unchanged and not data["confirm_resend"]:
            self.form.add_error(
                "confirm_resend",
                _("Die Tagesordnung ist unverändert. Bitte bestätigen Sie, dass sie erneut versendet werden soll."),
            )
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            count = invitations.send_invitation(self.meeting, user=request.user, reason=data["reason"])
        except invitations.InvitationError as error:
            self.form.add_error("reason" if invitations.notice_too_short(self.meeting) else None, str(error))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(
            request,
            _(
                "Die Einladung wird an %(count)d Personen per E-Mail verschickt; "
                "die Sitzung hat jetzt den Status „eingeladen“."
            )
            % {"count": count},
        )
        return redirect("wagtailadmin_pages:edit", self.meeting.pk)


# --- attendance from the RSVPs ----------------------------------------------------------------

ATTENDANCE_FROM_RSVPS = "attendance-from-rsvps"
RSVP_STATUS = {"yes": "present", "substitute": "substitute", "no": "excused"}


def attendance_with_rsvps(data, meeting):
    """The POSTed minutes form ``data`` with an attendance row added for each RSVP to ``meeting``
    whose person is not in the list yet: yes → present, substitute → "in Vertretung" under the
    substitute's name, no → excused. Rows already typed stay as they are. Returns (data, number
    of rows added)."""
    from .models import BodyMembership, MeetingResponse

    prefix = "attendances"
    total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
    people, names = set(), set()
    for n in range(total):
        if data.get(f"{prefix}-{n}-DELETE"):
            continue
        if data.get(f"{prefix}-{n}-person"):
            people.add(data[f"{prefix}-{n}-person"])
        for field in ("name", "substitute_for"):
            if data.get(f"{prefix}-{n}-{field}", "").strip():
                names.add(data[f"{prefix}-{n}-{field}"].strip().casefold())
    responses = (
        MeetingResponse.objects.filter(meeting=meeting)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    seats = {}
    day = timezone.localtime(meeting.start).date()
    for membership in BodyMembership.objects.active(on=day).filter(body_id=meeting.body_id).order_by("pk"):
        seats.setdefault(membership.user_id, membership)
    data = data.copy()
    added = 0
    for response in responses:
        person = response.user
        if str(person.pk) in people or str(person).casefold() in names:
            continue
        substitute = response.answer == MeetingResponse.Answer.SUBSTITUTE
        if substitute and response.substitute_name.strip().casefold() in names:
            continue
        seat = seats.get(person.pk)
        row = {
            "id": "",
            "person": "" if substitute else str(person.pk),
            "name": response.substitute_name if substitute else "",
            "organisation": str(seat.organisation_id) if seat else "",
            "role": seat.role if seat else "",
            "status": RSVP_STATUS[response.answer],
            "substitute_for": str(person) if substitute else "",
            "ORDER": str(total + 1),
            "DELETE": "",
        }
        for field, value in row.items():
            data[f"{prefix}-{total}-{field}"] = value
        total += 1
        added += 1
    data[f"{prefix}-TOTAL_FORMS"] = str(total)
    return data, added


def prefill_attendance(request, record):
    """Before the minutes' edit view: the button "Anwesenheit aus den Rückmeldungen übernehmen"
    sends the minutes form as typed; the rows from the RSVPs are added to it, and the edit view
    saves it as a draft version (or shows it again with its errors), so nothing typed is lost."""
    if request.method != "POST" or ATTENDANCE_FROM_RSVPS not in request.POST:
        return None
    request.POST, added = attendance_with_rsvps(request.POST, record.meeting)
    if added:
        messages.info(
            request,
            ngettext(
                "%(count)s Eintrag aus den Rückmeldungen wurde in die Anwesenheit übernommen.",
                "%(count)s Einträge aus den Rückmeldungen wurden in die Anwesenheit übernommen.",
                added,
            )
            % {"count": added},
        )
    else:
        messages.info(request, _("Alle Rückmeldungen stehen schon in der Anwesenheit."))
    return None


# --- minutes -----------------------------------------------------------------------------------


def minutes_for_meeting(request, page_id):
    """The minutes of a meeting in the admin: created on first use, then edited as a snippet."""
    meeting = get_object_or_404(MeetingPage, pk=page_id)
    if not request.user.has_perm("meetings.change_minutes"):
        raise PermissionDenied
    if not meeting.has_started and not Minutes.objects.filter(meeting=meeting).exists():
        messages.error(request, _("Die Niederschrift kann erst nach Beginn der Sitzung angelegt werden."))
        return redirect("wagtailadmin_pages:edit", meeting.pk)
    record = minutes.ensure_minutes(meeting, user=request.user)
    return redirect("wagtailsnippets_meetings_minutes:edit", record.pk)


class FinaliseForm(forms.Form):
    approved_in = forms.ModelChoiceField(
        label=gettext_lazy("Genehmigt in der Sitzung"),
        queryset=MeetingPage.objects.none(),
        required=False,
        empty_label=gettext_lazy("– ohne Sitzung (Einwendungsfrist abgelaufen) –"),
        help_text=gettext_lazy(
            "Die Sitzung, die die Niederschrift unter „Genehmigung der Niederschrift“ genehmigt hat."
        ),
    )

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        self.fields["approved_in"].queryset = minutes.later_meetings(record)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("approved_in") and not self.record.objection_period_over():
            raise forms.ValidationError(
                _(
                    "Die Einwendungsfrist läuft noch bis zum %(date)s. "
                    "Bitte wählen Sie die Sitzung, die die Niederschrift genehmigt hat."
                )
                % {"date": self.record.objection_deadline.strftime("%d.%m.%Y")}
            )
        return cleaned


class FinaliseMinutesView(WagtailAdminTemplateMixin, TemplateView):
    """Approvers declare draft minutes final: the objection period is over, or a later meeting
    approved them under its TOP "Genehmigung der Niederschrift"."""

    template_name = "meetings/admin/finalise_minutes.html"
    page_title = gettext_lazy("Niederschrift genehmigt")
    header_icon = "check"

    def dispatch(self, request, pk):
        self.record = get_object_or_404(Minutes.objects.select_related("meeting"), pk=pk)
        if not request.user.has_perm("meetings.publish_minutes"):
            raise PermissionDenied
        self.form = FinaliseForm(request.POST if request.method == "POST" else None, record=self.record)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.record.meeting.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            record=self.record,
            form=self.form,
            open_objections=self.record.objections.filter(status=Objection.Status.OPEN).count(),
            edit_url=reverse("wagtailsnippets_meetings_minutes:edit", args=[self.record.pk]),
        )
        return context

    def post(self, request, pk):
        if not self.form.is_valid():
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            minutes.finalise(self.record, user=request.user, approved_in=self.form.cleaned_data["approved_in"])
        except minutes.MinutesError as error:
            self.form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, _("Die Niederschrift ist genehmigt; der öffentliche Teil ist jetzt öffentlich."))
        return redirect("wagtailsnippets_meetings_minutes:edit", self.record.pk)
