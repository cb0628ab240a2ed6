"""Admin views of meetings: send the invitation (asks first when it was sent before), and fill
the attendance from the RSVPs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import invitations
from .models import MeetingPage


class SendInvitationView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "meetings/admin/send_invitation.html"
    page_title = gettext_lazy("Einladung versenden")
    header_icon = "mail"

    def dispatch(self, request, page_id):
        self.meeting = get_object_or_404(MeetingPage, pk=page_id)
        if not self.meeting.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.meeting.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_pages:edit", args=[self.meeting.pk]), "label": self.meeting.title},
            {"url": "", "label": _("Einladung versenden")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            invitations.check_can_invite(self.meeting)
            problem = ""
        except invitations.InvitationError as error:
            problem = str(error)
        context.update(
            meeting=self.meeting,
            recipients=invitations.recipients(self.meeting),
            problem=problem,
            already_sent=self.meeting.invitation_sent_at,
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.meeting.pk]),
        )
        return context

    def post(self, request, page_id):
        if self.meeting.invitation_sent_at and request.POST.get("confirm_resend") != "1":
            context = self.get_context_data(confirm_error=True)
            return self.render_to_response(context, status=400)
        try:
            count = invitations.send_invitation(self.meeting, user=request.user)
        except invitations.InvitationError as error:
            messages.error(request, str(error))
            return redirect(request.path)
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
    """The POSTed meeting form ``data`` with an attendance row added for each RSVP whose person is
    not in the list yet: yes → present, substitute → "in Vertretung" under the substitute's name,
    no → excused. Rows already typed stay as they are. Returns (data, number of rows added)."""
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


def prefill_attendance(request, page):
    """``before_edit_page``: the button "Anwesenheit aus den Rückmeldungen übernehmen" sends the
    meeting form as typed; the rows from the RSVPs are added to it, and the edit view saves it as
    a draft (or shows it again with its errors), so nothing typed is lost."""
    if request.method != "POST" or ATTENDANCE_FROM_RSVPS not in request.POST:
        return None
    if page.specific_class is not MeetingPage:
        return None
    request.POST, added = attendance_with_rsvps(request.POST, page.specific)
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
