"""Staff views in the Wagtail admin: the dashboard, the exports and the review of a report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from portal.access import get_viewer

from . import charts, exports, services, stats
from .forms import ReviewForm
from .models import ContractReport

VIEW_PERMISSION = "contracts.view_contract"
REVIEW_PERMISSION = "contracts.change_contractreport"
SERIES_COLOURS = ["#5b6770", "#00507a", "#2e7d32"]  # each at least 3:1 against white (WCAG 1.4.11)


class PermissionRequiredMixin:
    permission = VIEW_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _breakdown_chart(title, breakdown):
    return charts.bar_chart(
        title,
        [(row.label, [row.positions, row.filled]) for row in breakdown.rows],
        [_("Stellen"), _("davon besetzt")],
    )


class DashboardView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "contracts/admin/dashboard.html"
    page_title = gettext_lazy("Vertragsübersicht")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            year = int(self.request.GET.get("jahr", ""))
        except ValueError:
            year = None
        data = stats.dashboard(get_viewer(self.request), year=year)
        data["programme_chart"] = charts.bar_chart(
            _("Stellen je Förderprogramm und Jahr"),
            [(p.label, [p.available, p.committed, p.filled]) for p in data["programme_years"]],
            [_("verfügbar"), _("gebunden"), _("besetzt")],
        )
        data["provider_chart"] = _breakdown_chart(_("Stellen je Träger"), data["per_provider"])
        data["district_chart"] = _breakdown_chart(_("Stellen je Stadtteil"), data["per_district"])
        data["target_group_chart"] = _breakdown_chart(_("Stellen je Zielgruppe"), data["per_target_group"])
        data["colours"] = SERIES_COLOURS
        data["may_review"] = self.request.user.has_perm(REVIEW_PERMISSION)
        context.update(data)
        return context


class ExportView(PermissionRequiredMixin, View):
    def get(self, request, what, fmt):
        if what not in exports.EXPORTS or fmt not in ("csv", "xlsx"):
            raise Http404
        return exports.export(get_viewer(request), what, fmt)


class ReviewView(PermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    permission = REVIEW_PERMISSION
    template_name = "contracts/admin/review.html"
    form_class = ReviewForm
    header_icon = "doc-full"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.report = get_object_or_404(
            ContractReport.objects.visible_to(get_viewer(request)).select_related(
                "contract__provider", "contract__programme", "submitted_by", "document"
            ),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return _("Bericht prüfen")

    def get_page_subtitle(self):
        return f"{self.report} – {self.report.contract.reference}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("contracts_admin:dashboard"), "label": _("Vertragsübersicht")},
            {"url": "", "label": self.get_page_title()},
        ]

    def post(self, request, *args, **kwargs):
        if self.report.status != ContractReport.Status.SUBMITTED:
            messages.warning(
                request,
                _("Dieser Bericht wartet nicht auf eine Prüfung (Status: %(status)s).")
                % {"status": self.report.status_label()},
            )
            return redirect("contracts_admin:dashboard")
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = list(self.report.figures.select_related("target_group"))
        context.update(
            report=self.report,
            contract=self.report.contract,
            figures=figures,
            totals=self.report.totals() if figures else None,
            reviewable=self.report.status == ContractReport.Status.SUBMITTED,
        )
        return context

    def form_valid(self, form):
        decision = form.cleaned_data["decision"]
        report = services.review_report(self.report, decision, form.cleaned_data["comment"], self.request.user)
        if decision == ReviewForm.ACCEPT:
            messages.success(self.request, _("Der Bericht „%(report)s“ wurde angenommen.") % {"report": report})
        else:
            messages.success(
                self.request,
                _("Die Überarbeitung von „%(report)s“ wurde erbeten; der Träger wurde per E-Mail benachrichtigt.")
                % {"report": report},
            )
        return redirect("contracts_admin:dashboard")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PermissionMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


class ContractsAdminViewSet(ViewSet):
    name = "contracts_admin"
    url_prefix = "vertraege"
    icon = "table"
    menu_label = gettext_lazy("Übersicht")

    def get_menu_item(self, order=None):
        return PermissionMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name="contracts-dashboard",
            icon_name=self.icon,
            order=self.get_menu_item_order(order),
        )

    def get_urlpatterns(self):
        return [
            path("", DashboardView.as_view(), name="dashboard"),
            path("export/<slug:what>.<slug:fmt>", ExportView.as_view(), name="export"),
            path("berichte/<int:pk>/pruefen/", ReviewView.as_view(), name="review"),
        ]
