from django.contrib import messages
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from documents.forms import VERSIONS_LOCKED_HOOK
from portal import registry

from . import panels, search, services
from .admin_views import REVIEW_PERMISSION, VIEW_PERMISSION, ContractsAdminViewSet
from .models import Contract, ContractDocument, ContractReport, District, FundingProgramme, TargetGroup


class FundingProgrammeViewSet(SnippetViewSet):
    model = FundingProgramme
    icon = "pick"
    menu_label = gettext_lazy("Förderprogramme")
    list_display = ["name", "funder", "amount_per_position", "positions", "start", "end"]
    search_fields = ["name", "funder"]
    search_backend_name = None


class ContractViewSet(SnippetViewSet):
    model = Contract
    icon = "doc-full"
    menu_label = gettext_lazy("Verträge")
    list_display = ["reference", "title", "provider", "programme", "status", "start", "end", "positions"]
    list_filter = ["provider", "status", "programme", "districts", "target_groups"]
    search_fields = ["reference", "title", "provider__name", "provider__short_name", "staff_notes"]
    search_backend_name = None
    ordering = ["-start", "reference"]

    def get_queryset(self, request):
        return Contract.objects.select_related("provider", "programme")


class ContractReportViewSet(SnippetViewSet):
    model = ContractReport
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Berichte")
    list_display = ["__str__", "contract", "contract__provider", "due_date", "status", "late", "submitted_at"]
    list_filter = ["status", "kind", "contract__provider", "contract__programme", "due_date"]
    search_fields = ["contract__reference", "contract__provider__name", "contract__provider__short_name"]
    search_backend_name = None
    ordering = ["due_date", "pk"]

    def get_queryset(self, request):
        return ContractReport.objects.select_related("contract__provider")


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "site"
    menu_label = gettext_lazy("Stadtteile")
    search_fields = ["name"]
    search_backend_name = None


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "group"
    menu_label = gettext_lazy("Zielgruppen")
    list_display = ["name", "sort_order"]
    search_fields = ["name"]
    search_backend_name = None


class ContractsGroup(ViewSetGroup):
    items = (
        ContractsAdminViewSet,
        ContractViewSet,
        ContractReportViewSet,
        FundingProgrammeViewSet,
        DistrictViewSet,
        TargetGroupViewSet,
    )
    menu_icon = "doc-full"
    menu_label = gettext_lazy("Verträge")
    menu_name = "contracts"


register_snippet(ContractsGroup)


@hooks.register("register_log_actions")
def register_report_actions(actions):
    actions.register_action(services.SUBMITTED, _("Bericht eingereicht"), _("Bericht vom Träger eingereicht"))
    actions.register_action(
        services.RESUBMITTED, _("Bericht erneut eingereicht"), _("Bericht überarbeitet eingereicht")
    )
    actions.register_action(services.ACCEPTED, _("Bericht angenommen"), _("Bericht angenommen"))
    actions.register_action(
        services.REVISION_REQUESTED, _("Überarbeitung erbeten"), _("Überarbeitung des Berichts erbeten")
    )


@hooks.register("register_snippet_listing_buttons")
def review_button(snippet, user, next_url=None):
    if (
        isinstance(snippet, ContractReport)
        and snippet.status == ContractReport.Status.SUBMITTED
        and user.has_perm(REVIEW_PERMISSION)
    ):
        yield ListingButton(
            _("Prüfen"), reverse("contracts_admin:review", args=[snippet.pk]), icon_name="tick", priority=5
        )


def _after_save(request, instance):
    """Create the missing reports of the schedule and warn about problems that do not stop saving."""
    if isinstance(instance, Contract):
        removed = instance.prune_schedule()
        if removed:
            messages.info(
                request,
                ngettext(
                    "%(n)s nicht mehr benötigter Berichtstermin wurde entfernt.",
                    "%(n)s nicht mehr benötigte Berichtstermine wurden entfernt.",
                    removed,
                )
                % {"n": removed},
            )
        created = instance.ensure_schedule()
        if created:
            messages.info(
                request,
                ngettext("%(n)s Berichtstermin wurde angelegt.", "%(n)s Berichtstermine wurden angelegt.", len(created))
                % {"n": len(created)},
            )
        for warning in instance.warnings():
            messages.warning(request, warning)


hooks.register("after_create_snippet", _after_save)
hooks.register("after_edit_snippet", _after_save)


class ContractsSummaryPanel(Component):
    name = "contracts_summary"
    order = 150
    template_name = "contracts/admin/summary_panel.html"

    def __init__(self, counts):
        self.counts = counts

    def get_context_data(self, parent_context=None):
        return {"counts": self.counts, "url": reverse("contracts_admin:dashboard")}


@hooks.register("construct_homepage_panels")
def add_contracts_panel(request, panels):
    if not request.user.has_perm(VIEW_PERMISSION):
        return
    from django.utils import timezone

    from portal.access import get_viewer

    today = timezone.localdate()
    counts = ContractReport.objects.visible_to(get_viewer(request)).counts(today, today)
    panels.append(ContractsSummaryPanel(counts))


@hooks.register(VERSIONS_LOCKED_HOOK)
def contract_files_are_replaced_by_staff_only(document):
    """Contract documents and report files never get a new version from the members' area:
    providers change a report by resubmitting it, which staff review again."""
    return (
        ContractDocument.objects.filter(document=document).exists()
        or ContractReport.objects.filter(document=document).exists()
    )


@hooks.register("personal_data_export")
def export_submitted_reports(user):
    from .models import ContractReport

    reports = ContractReport.objects.filter(submitted_by=user).select_related("contract").order_by("submitted_at")
    return {
        "submitted_reports": [
            {
                "report": str(r),
                "contract": r.contract.reference,
                "status": r.get_status_display(),
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            }
            for r in reports
        ]
    }


# --- what the core needs to know (portal/registry.py) ---------------------------------------


@hooks.register(registry.SEARCH_SOURCES, order=40)
def search_sources():
    return [search.CONTRACTS]


hooks.register(registry.MEMBERS_HOME_PANELS, panels.members_home, order=40)


@hooks.register(registry.SITE_URLS, order=30)
def site_urls():
    return [path("", include("contracts.urls"))]


@hooks.register(registry.DEMO_SEEDERS, order=40)
def seed_contracts():
    from . import seed

    seed.run()
