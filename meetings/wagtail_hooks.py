import django_filters
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet, SnippetViewSetGroup

from documents.library import MINUTES_HOOK
from portal import registry
from portal.access import access_rows_of, recusal_rows_of
from portal.choosers import SearchableChooserViewSet, search_filter_form

from . import invitations, panels, search
from . import minutes as lifecycle
from .admin_views import FinaliseMinutesView, SendInvitationView, minutes_for_meeting, prefill_attendance
from .forms import ActionItemAdminForm, MinutesForm
from .models import ActionItem, AgendaItem, BodyMembership, BodySeat, MeetingPage, Minutes, Objection, Place


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "meetings/<int:page_id>/einladung/",
            SendInvitationView.as_view(),
            name="meetings_send_invitation",
        ),
        path("meetings/<int:page_id>/niederschrift/", minutes_for_meeting, name="meetings_minutes_for_meeting"),
        path(
            "meetings/niederschrift/<int:pk>/genehmigt/",
            FinaliseMinutesView.as_view(),
            name="meetings_finalise_minutes",
        ),
    ]


class PublishAndInviteMenuItem(ActionMenuItem):
    """Publish the agenda and go on to the invitation (or the amendment) in one action."""

    label = _("Tagesordnung veröffentlichen und einladen")
    name = "action-publish"
    icon_name = "mail"
    template_name = "meetings/admin/publish_and_invite_menu_item.html"

    def is_shown(self, context):
        page = context.get("page")
        if context["view"] != "edit" or page is None or page.specific_class is not MeetingPage:
            return False
        return not context["locked_for_user"] and self.get_user_page_permissions_tester(context).can_publish()


@hooks.register("register_page_action_menu_item")
def publish_and_invite_menu_item():
    return PublishAndInviteMenuItem(order=5)


@hooks.register("after_edit_page")
def after_meeting_published(request, page):
    """After "Tagesordnung veröffentlichen und einladen": the invitation step. After a plain
    publish of an invited meeting whose agenda changed: a reminder to send the amendment."""
    if page.specific_class is not MeetingPage or request.method != "POST" or not request.POST.get("action-publish"):
        return None
    meeting = MeetingPage.objects.select_related("body").get(pk=page.pk)
    if not meeting.live:
        return None
    if request.POST.get("action-publish") == "invite":
        return redirect("meetings_send_invitation", meeting.pk)
    if not meeting.is_cancelled and invitations.agenda_changed(meeting):
        messages.warning(
            request,
            _("Die Tagesordnung wurde nach der Einladung geändert. Bitte versenden Sie den Nachtrag."),
        )
    return None


@hooks.register("after_publish_page")
def meeting_cancelled(request, page):
    """Cancelling an invited meeting sends the cancellation (once)."""
    if page.specific_class is MeetingPage:
        invitations.send_cancellation(page, user=request.user)


def _invitation_button(page, user, priority):
    if page.specific_class is MeetingPage and page.permissions_for_user(user).can_publish():
        yield Button(
            _("Einladung versenden"),
            reverse("meetings_send_invitation", args=[page.pk]),
            icon_name="mail",
            priority=priority,
        )


def _minutes_button(page, user, priority):
    if page.specific_class is MeetingPage and user.has_perm("meetings.change_minutes"):
        yield Button(
            _("Niederschrift bearbeiten"),
            reverse("meetings_minutes_for_meeting", args=[page.pk]),
            icon_name="doc-full",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def invitation_header_button(page, user, view_name, next_url=None):
    yield from _invitation_button(page, user, priority=12)
    yield from _minutes_button(page, user, priority=13)


@hooks.register("register_page_listing_more_buttons")
def invitation_listing_button(page, user, next_url=None):
    yield from _invitation_button(page, user, priority=5)
    yield from _minutes_button(page, user, priority=6)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("meetings.invitation_sent", _("Einladung versenden"), _("Einladung versendet"))
    actions.register_action("meetings.cancellation_sent", _("Absage versenden"), _("Absage versendet"))
    actions.register_action("meetings.minutes_final", _("Niederschrift genehmigt"), _("Niederschrift genehmigt"))
    actions.register_action("meetings.objection_filed", _("Einwendung erhoben"), _("Einwendung erhoben"))
    actions.register_action(
        "meetings.body_membership.add", _("In das Gremium aufgenommen"), _("Von der Organisation entsandt")
    )
    actions.register_action(
        "meetings.body_membership.end", _("Gremienmitgliedschaft beendet"), _("Von der Organisation beendet")
    )


class ActionItemFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(label=_("überfällig"), method="filter_overdue")

    class Meta:
        model = ActionItem
        fields = ["status", "organisation"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = ActionItem.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class ActionItemViewSet(SnippetViewSet):
    model = ActionItem
    icon = "tasks"
    menu_label = _("Aufgaben")
    list_display = [
        "title",
        Column("organisation", label=_("verantwortlich")),
        Column("due_date", label=_("fällig am")),
        "status",
        BooleanColumn("is_overdue", label=_("überfällig")),
    ]
    filterset_class = ActionItemFilterSet
    search_fields = ["title", "description"]
    ordering = ["due_date"]
    edit_handler = ObjectList(ActionItem.panels, base_form_class=ActionItemAdminForm)

    def get_queryset(self, request):
        return ActionItem.objects.select_related("organisation")


class BodyMembershipViewSet(SnippetViewSet):
    model = BodyMembership
    icon = "group"
    menu_label = _("Gremienmitglieder")
    list_display = ["user", "body", "organisation", "role", "start", "end"]
    list_filter = ["body", "role", "organisation"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]

    def get_queryset(self, request):
        return BodyMembership.objects.select_related("user", "body", "organisation")


class BodySeatViewSet(SnippetViewSet):
    model = BodySeat
    icon = "group"
    menu_label = _("Sitze der Organisationen")
    list_display = ["body", "organisation", "seats"]
    list_filter = ["body", "organisation"]


PLACE_LOOKUPS = ("name", "room", "street_address", "postal_code", "locality")


class PlaceChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    """The place of a meeting is chosen in a modal that searches name, room and address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        search = {"filter_form_class": search_filter_form(*PLACE_LOOKUPS)}
        self.choose_view_class = type("ChooseView", (snippet_chooser.ChooseView,), search)
        self.choose_results_view_class = type("ChooseResultsView", (snippet_chooser.ChooseResultsView,), search)


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "site"
    menu_label = _("Orte")
    list_display = [
        "__str__",
        Column("address", label=_("Anschrift")),
        BooleanColumn("has_coordinates", label=_("Koordinaten")),
    ]
    search_fields = list(PLACE_LOOKUPS)
    ordering = ["name", "room"]
    chooser_viewset_class = PlaceChooserViewSet


class MinutesCreateView(CreateView):
    """Minutes belong to a meeting: they are created from it ("Niederschrift bearbeiten")."""

    def dispatch(self, request, *args, **kwargs):
        messages.info(request, _("Eine Niederschrift legen Sie über „Niederschrift bearbeiten“ an der Sitzung an."))
        return redirect("wagtailsnippets_meetings_minutes:list")


class MinutesEditView(EditView):
    def run_before_hook(self):
        prefill_attendance(self.request, self.object)  # "Anwesenheit aus den Rückmeldungen übernehmen"
        return super().run_before_hook()

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.live_revision_id and self.object.latest_revision_id != self.object.live_revision_id:
            buttons.append(
                Button(
                    _("Änderungen gegenüber der freigegebenen Fassung"),
                    reverse(self.revisions_compare_url_name, args=[self.object.pk, "live", "latest"]),
                    icon_name="history",
                    priority=1,
                )
            )
        if self.object.in_objection_period and self.request.user.has_perm("meetings.publish_minutes"):
            buttons.append(
                Button(
                    _("Als genehmigt feststellen"),
                    reverse("meetings_finalise_minutes", args=[self.object.pk]),
                    icon_name="check",
                    priority=2,
                )
            )
        buttons.append(
            Button(
                _("Einwendungen"),
                reverse("wagtailsnippets_meetings_objection:list") + f"?record={self.object.pk}",
                icon_name="comment",
                priority=3,
            )
        )
        return buttons


class MinutesViewSet(SnippetViewSet):
    model = Minutes
    icon = "doc-full"
    menu_label = _("Niederschriften")
    add_view_class = MinutesCreateView
    edit_view_class = MinutesEditView
    list_display = [
        "meeting",
        Column("status", label=_("Stand"), accessor="get_status_display"),
        Column("objection_deadline", label=_("Einwendungsfrist bis")),
        "final_at",
    ]
    list_filter = ["status"]
    search_fields = ["meeting__title"]
    ordering = ["-meeting__start"]
    edit_handler = ObjectList(Minutes.panels, base_form_class=MinutesForm)

    def get_queryset(self, request):
        return Minutes.objects.select_related("meeting")


class ObjectionCreateView(CreateView):
    """Objections are filed by the Gremium's members on the meeting page."""

    def dispatch(self, request, *args, **kwargs):
        messages.info(request, _("Einwendungen erheben die Mitglieder des Gremiums auf der Seite der Sitzung."))
        return redirect("wagtailsnippets_meetings_objection:list")


class ObjectionFilterSet(WagtailFilterSet):
    record = django_filters.ModelChoiceFilter(
        label=_("Niederschrift"), queryset=Minutes.objects.select_related("meeting").order_by("-meeting__start")
    )

    class Meta:
        model = Objection
        fields = ["status", "record"]


class ObjectionViewSet(SnippetViewSet):
    """Staff decide objections: accepted (and then amend the minutes) or rejected with a reason."""

    model = Objection
    icon = "comment"
    menu_label = _("Einwendungen")
    add_view_class = ObjectionCreateView
    list_display = [
        Column("record", label=_("Niederschrift")),
        Column("agenda_item", label=_("Tagesordnungspunkt")),
        "author",
        "created_at",
        Column("status", label=_("Entscheidung"), accessor="get_status_display"),
    ]
    filterset_class = ObjectionFilterSet
    search_fields = ["text"]

    def get_queryset(self, request):
        return Objection.objects.select_related("record__meeting", "agenda_item", "author")


@hooks.register("after_edit_snippet")
def objection_decided(request, instance):
    if isinstance(instance, Objection):
        lifecycle.decide_objection(instance, request.user)


class MeetingsGroup(SnippetViewSetGroup):
    items = (MinutesViewSet, ObjectionViewSet, ActionItemViewSet, BodyMembershipViewSet, BodySeatViewSet, PlaceViewSet)
    menu_icon = "date"
    menu_label = _("Gremien und Aufgaben")
    menu_name = "meetings"

    def get_submenu_items(self):
        items = super().get_submenu_items()
        url = reverse("wagtailsnippets_meetings_actionitem:list") + "?overdue=true"
        items.append(MenuItem(_("Überfällige Aufgaben"), url, name="overdue-action-items", icon_name="warning"))
        return items


register_snippet(MeetingsGroup)


@hooks.register("construct_homepage_panels")
def overdue_action_items_panel(request, panels):
    from wagtail.admin.ui.components import Component

    class OverduePanel(Component):
        name = "overdue_action_items"
        order = 150
        template_name = "meetings/admin/overdue_panel.html"

        def get_context_data(self, parent_context=None):
            items = ActionItem.objects.overdue().select_related("organisation")[:10]
            return {
                "items": items,
                "today": timezone.localdate(),
                "list_url": reverse("wagtailsnippets_meetings_actionitem:list") + "?overdue=true",
            }

    if request.user.has_perm("meetings.view_actionitem") or request.user.has_perm("meetings.change_actionitem"):
        panels.append(OverduePanel())


class AgendaItemChooserViewSet(SearchableChooserViewSet):
    """Action items name the agenda item they came from: chosen by title, body or meeting."""

    model = AgendaItem
    icon = "list-ol"
    choose_one_text = _("Tagesordnungspunkt auswählen")
    choose_another_text = _("Anderen Tagesordnungspunkt auswählen")
    ordering = ["-meeting__start", "sort_order"]
    search_lookups = ("title", "meeting__title", "meeting__body__short_name")
    extra_columns = (Column("meeting", label=_("Sitzung")),)

    def get_object_list(self):
        return AgendaItem.objects.select_related("meeting__body")


@hooks.register("register_admin_viewset")
def register_agenda_item_chooser():
    return AgendaItemChooserViewSet("agenda_item_chooser", url_prefix="tagesordnungspunkte-auswahl")


@hooks.register("personal_data_export")
def export_meeting_responses(user):
    from .models import MeetingResponse

    responses = MeetingResponse.objects.filter(user=user).select_related("meeting").order_by("meeting__start")
    return {
        "meeting_responses": [
            {
                "meeting": r.meeting.title,
                "start": r.meeting.start.isoformat(),
                "answer": r.get_answer_display(),
                "substitute_name": r.substitute_name,
                "updated_at": r.updated_at.isoformat(),
            }
            for r in responses
        ]
    }


# --- what the core needs to know (portal/registry.py) ---------------------------------------


@hooks.register(registry.ACCESS_ROWS)
def body_access_rows(user_id, today):
    """The Gremien whose restricted content the person reads: current body memberships, only
    while they act for an organisation they are an active member of. And the agenda items the
    person is recused from (Befangenheit), with the documents attached to them."""
    from documents.models import PortalDocument

    return [
        access_rows_of("body", BodyMembership.objects.active(today).filter(user_id=user_id), "body_id"),
        *recusal_rows_of(AgendaItem, user_id, "excluded_people", "excluded_organisations"),
        *recusal_rows_of(
            PortalDocument, user_id, "agenda_items__excluded_people", "agenda_items__excluded_organisations"
        ),
    ]


@hooks.register(MINUTES_HOOK)
def minutes_of_meetings(viewer, limit=20):
    """Past meetings whose minutes the viewer may read, for the library's kind filter
    "Niederschrift" (the minutes live on the meeting pages)."""
    with_minutes = (
        AgendaItem.objects.readable_by(viewer)
        .with_minutes_access(viewer)
        .filter(minutes_access=True)
        .exclude(minutes="", decision="", result="")
        .values("meeting_id")
    )
    meetings = MeetingPage.objects.visible_to(viewer).past().filter(pk__in=with_minutes).select_related("body")
    return [(m.url, f"{m.body.title}: {m.title}", m.start) for m in meetings[:limit]]


@hooks.register(registry.SEARCH_SOURCES, order=20)
def search_sources():
    return [search.MEETINGS, search.AGENDA_ITEMS]


hooks.register(registry.MEMBERS_HOME_PANELS, panels.members_home, order=10)
hooks.register(registry.ORGANISATION_PANELS, panels.organisation_seats, order=10)


@hooks.register(registry.SITE_URLS, order=20)
def site_urls():
    return [path("", include("meetings.urls"))]


@hooks.register(registry.DEMO_SEEDERS, order=30)
def seed_meetings():
    from . import seed

    seed.run()
