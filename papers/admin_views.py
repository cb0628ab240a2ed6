"""Admin view: put a paper on the agenda of a meeting (creates the agenda item from the paper)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from meetings.models import MeetingPage

from . import motions, planning
from .forms import TriageForm
from .models import Motion, Paper

RECENT_DAYS = 90


class PutOnAgendaForm(forms.Form):
    consultation = forms.ModelChoiceField(label=gettext_lazy("Beratung"), queryset=None, empty_label=None)
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Sitzung"),
        queryset=None,
        help_text=gettext_lazy("Kommende Sitzungen und die der letzten drei Monate der Gremien der Beratungsfolge."),
    )

    def __init__(self, *args, paper, **kwargs):
        super().__init__(*args, **kwargs)
        self.paper = paper
        open_consultations = paper.consultations.filter(agenda_item__isnull=True).select_related("body")
        self.fields["consultation"].queryset = open_consultations.order_by("sort_order", "pk")
        self.fields["consultation"].label_from_instance = lambda c: f"{c.body.title} ({c.get_role_display()})"
        since = timezone.now() - timezone.timedelta(days=RECENT_DAYS)
        meetings = (
            MeetingPage.objects.filter(body__in=open_consultations.values("body"), start__gte=since)
            .exclude(status=MeetingPage.Status.CANCELLED)
            .select_related("body")
            .order_by("start")
        )
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.body.display_name}: {m.title} ({timezone.localtime(m.start):%d.%m.%Y})"
        )

    def clean(self):
        data = super().clean()
        consultation, meeting = data.get("consultation"), data.get("meeting")
        if consultation and meeting and meeting.body_id != consultation.body_id:
            self.add_error(
                "meeting", _("Bitte wählen Sie eine Sitzung des Gremiums „%(body)s“.") % {"body": consultation.body}
            )
        return data


class PutOnAgendaView(WagtailAdminTemplateMixin, FormView):
    template_name = "papers/admin/put_on_agenda.html"
    page_title = gettext_lazy("Auf die Tagesordnung setzen")
    header_icon = "list-ol"
    form_class = PutOnAgendaForm

    def dispatch(self, request, pk):
        self.paper = get_object_or_404(Paper, pk=pk)
        if not request.user.has_perm("papers.change_paper"):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return f"{self.paper.number} {self.paper.title}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "paper": self.paper}

    def edit_url(self):
        return reverse("wagtailsnippets_papers_paper:edit", args=[self.paper.pk])

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_papers_paper:list"), "label": _("Vorlagen")},
            {"url": self.edit_url(), "label": self.paper.number},
            {"url": "", "label": _("Auf die Tagesordnung setzen")},
        ]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "paper": self.paper, "edit_url": self.edit_url()}

    def form_valid(self, form):
        meeting = form.cleaned_data["meeting"]
        if not meeting.permissions_for_user(self.request.user).can_edit():
            form.add_error("meeting", _("Sie dürfen die Tagesordnung dieser Sitzung nicht bearbeiten."))
            return self.form_invalid(form)
        try:
            item = planning.put_on_agenda(self.paper, form.cleaned_data["consultation"], meeting, self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Die Vorlage steht jetzt als TOP %(number)s auf der Tagesordnung der Sitzung „%(meeting)s“.")
            % {"number": item.number, "meeting": meeting.title},
        )
        return redirect(self.edit_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TriageView(WagtailAdminTemplateMixin, FormView):
    """Staff decide on a member's motion: accept as paper, ask for changes, or reject."""

    template_name = "papers/admin/triage.html"
    page_title = gettext_lazy("Antrag oder Anfrage prüfen")
    header_icon = "tick"
    form_class = TriageForm

    def dispatch(self, request, pk):
        if not request.user.has_perm("papers.change_motion") or not request.user.has_perm("papers.add_paper"):
            raise PermissionDenied
        self.motion = get_object_or_404(Motion.objects.select_related("body", "organisation", "submitted_by"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.motion)

    def list_url(self):
        return reverse("wagtailsnippets_papers_motion:list")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.list_url(), "label": _("Anträge und Anfragen")},
            {"url": "", "label": str(self.motion)},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "motion": self.motion,
            "attachments": list(self.motion.attachments.all()),
            "list_url": self.list_url(),
        }

    def form_valid(self, form):
        if not self.motion.is_open:
            form.add_error(None, _("Über diese Einreichung wurde bereits entschieden."))
            return self.form_invalid(form)
        decision, message = form.cleaned_data["decision"], form.cleaned_data["message"].strip()
        user = self.request.user
        if decision == "accept":
            paper = motions.accept(self.motion, user, form.cleaned_data["audience"])
            messages.success(self.request, _("Angenommen als Vorlage %(number)s.") % {"number": paper.number})
            return redirect(reverse("wagtailsnippets_papers_paper:edit", args=[paper.pk]))
        if decision == "changes":
            motions.request_changes(self.motion, user, message)
            messages.success(self.request, _("Die Einreichenden wurden um Änderungen gebeten."))
        else:
            motions.reject(self.motion, user, message)
            messages.success(self.request, _("Die Einreichung wurde abgelehnt."))
        return redirect(self.list_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
