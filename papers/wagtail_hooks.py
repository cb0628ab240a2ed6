import django_filters
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from meetings.models import BodyPage
from portal import registry
from portal.choosers import SearchableChooserViewSet

from . import menu, motions, panels, search
from .admin_views import PutOnAgendaView, TriageView
from .feeds import PaperAtomFeed, PaperFeed
from .models import Motion, Paper
from .planning import PUT_ON_AGENDA


class PaperFilterSet(WagtailFilterSet):
    body = django_filters.ModelChoiceFilter(
        label=_("Gremium"),
        field_name="consultations__body",
        queryset=BodyPage.objects.live().order_by("title"),
        distinct=True,
    )

    class Meta:
        model = Paper
        fields = ["kind", "year", "audience", "closure"]


class PaperViewSet(SnippetViewSet):
    model = Paper
    icon = "doc-full"
    menu_label = _("Vorlagen")
    list_display = [
        Column("number", label=_("Nummer"), sort_key="serial"),
        "title",
        "kind",
        Column("originator", label=_("Einreicher")),
        "date",
    ]
    filterset_class = PaperFilterSet
    search_fields = ["title", "originator_unit", "originator_organisation__name"]
    search_backend_name = None
    ordering = ["-date", "-year", "-serial"]
    list_per_page = 50

    def get_queryset(self, request):
        return Paper.objects.select_related("originator_organisation")


class MotionViewSet(SnippetViewSet):
    model = Motion
    icon = "mail"
    menu_label = _("Anträge und Anfragen")
    list_display = ["title", "kind", "body", "organisation", "submitted_at", "status"]
    list_filter = ["status", "kind", "body"]
    search_fields = ["title", "organisation__name"]
    search_backend_name = None
    ordering = ["-submitted_at"]
    add_to_admin_menu = False

    def get_queryset(self, request):
        return Motion.objects.select_related("body", "organisation")


class PapersGroup(SnippetViewSetGroup):
    items = (PaperViewSet, MotionViewSet)
    menu_icon = "doc-full"
    menu_label = _("Vorlagen")
    menu_name = "papers"
    menu_order = 210


register_snippet(PapersGroup)


class PaperChooserViewSet(SearchableChooserViewSet):
    """Related papers are chosen by title or originator."""

    model = Paper
    icon = "doc-full"
    choose_one_text = _("Vorlage auswählen")
    choose_another_text = _("Andere Vorlage auswählen")
    ordering = ["-year", "-serial"]
    search_lookups = ("title", "originator_unit")
    extra_columns = (Column("number", label=_("Nummer")), Column("date", label=_("Datum")))


@hooks.register("register_admin_viewset")
def register_paper_chooser():
    return PaperChooserViewSet("paper_chooser", url_prefix="vorlagen-auswahl")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("vorlagen/<int:pk>/tagesordnung/", PutOnAgendaView.as_view(), name="papers_put_on_agenda"),
        path("antraege/<int:pk>/pruefen/", TriageView.as_view(), name="papers_triage"),
    ]


@hooks.register("register_snippet_listing_buttons")
def put_on_agenda_button(snippet, user, next_url=None):
    if isinstance(snippet, Paper) and user.has_perm("papers.change_paper"):
        yield ListingButton(
            _("Auf die Tagesordnung setzen"),
            reverse("papers_put_on_agenda", args=[snippet.pk]),
            icon_name="list-ol",
            priority=5,
        )


@hooks.register("register_snippet_listing_buttons")
def triage_button(snippet, user, next_url=None):
    if isinstance(snippet, Motion) and snippet.is_open and user.has_perm("papers.change_motion"):
        yield ListingButton(_("Prüfen"), reverse("papers_triage", args=[snippet.pk]), icon_name="tick", priority=5)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(PUT_ON_AGENDA, _("Auf die Tagesordnung gesetzt"), _("Auf die Tagesordnung gesetzt"))
    actions.register_action(motions.SUBMITTED, _("Eingereicht"), _("Antrag oder Anfrage eingereicht"))
    actions.register_action(motions.ACCEPTED, _("Als Vorlage angenommen"), _("Als Vorlage angenommen"))
    actions.register_action(motions.CHANGES_REQUESTED, _("Änderungen erbeten"), _("Änderungen erbeten"))
    actions.register_action(motions.REJECTED, _("Abgelehnt"), _("Antrag oder Anfrage abgelehnt"))


@hooks.register("before_edit_snippet")
def remember_answer(request, instance):
    """The answer to an Anfrage as it was before this edit (the paper is loaded, the form not bound)."""
    if isinstance(instance, Paper):
        instance._answer_before = instance.answer.strip()


@hooks.register("after_edit_snippet")
def tell_answer(request, instance):
    """An answer attached to an Anfrage (empty before, given now) is told to its submitter."""
    if isinstance(instance, Paper) and not getattr(instance, "_answer_before", "x") and instance.answer.strip():
        motions.answer_given(instance)


@hooks.register("construct_homepage_panels")
def overdue_decisions_panel(request, panels_list):
    panel = panels.overdue_decisions(request)
    if panel is not None:
        panels_list.append(panel)


@hooks.register("personal_data_export")
def export_motions(user):
    submitted = Motion.objects.filter(submitted_by=user).select_related("body", "paper").order_by("submitted_at")
    return {
        "motions": [
            {
                "kind": m.get_kind_display(),
                "title": m.title,
                "text": m.text,
                "body": m.body.title,
                "status": m.get_status_display(),
                "paper": m.paper.number if m.paper_id else None,
                "submitted_at": m.submitted_at.isoformat(),
            }
            for m in submitted
        ]
    }


# --- what the core needs to know (portal/registry.py) ---------------------------------------


@hooks.register(registry.SEARCH_SOURCES, order=25)
def search_sources():
    return [search.PAPERS]


hooks.register(registry.MEMBERS_HOME_PANELS, panels.members_home, order=15)


@hooks.register(registry.SITE_URLS, order=25)
def site_urls():
    return [path("", include("papers.urls"))]


@hooks.register(registry.SITE_MENU, order=25)
def site_menu():
    return menu.entries()


@hooks.register(registry.ROOT_URLS)
def root_urls():
    return [
        path("feeds/vorlagen.rss", PaperFeed(), name="papers_rss"),
        path("feeds/vorlagen.atom", PaperAtomFeed(), name="papers_atom"),
    ]


@hooks.register(registry.DEMO_SEEDERS, order=35)
def seed_papers():
    from . import seed

    seed.run()
