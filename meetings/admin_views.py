"""Admin view: send the invitation to a meeting (asks first when it was sent before)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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
