"""Members' area "Meine Verträge": the contracts of the viewer's organisations and their reports.

Every object is looked up through ``visible_to(viewer)``: another organisation's contract or
report is a 404, whatever the URL or the POST says.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from documents.models import PortalDocument
from portal.access import get_viewer

from . import services
from .forms import ReportSubmitForm, target_groups_for
from .models import Contract, ContractReport, may_submit_for

PER_PAGE = 20


@login_required
def contract_list(request):
    viewer = get_viewer(request)
    today = timezone.localdate()
    open_q = Q(reports__status__in=ContractReport.OPEN_STATUSES)
    contracts = (
        Contract.objects.visible_to(viewer)
        .select_related("provider", "programme")
        .prefetch_related("districts", "target_groups")
        .annotate(
            open_reports=Count("reports", filter=open_q & Q(reports__period_start__lte=today)),
            overdue_reports=Count(
                "reports", filter=Q(reports__status=ContractReport.Status.DUE, reports__due_date__lt=today)
            ),
            next_due=Min("reports__due_date", filter=open_q),
        )
        .order_by("provider__name", "-start", "reference")
    )
    page_obj = Paginator(contracts, PER_PAGE).get_page(request.GET.get("seite"))
    return render(request, "contracts/contract_list.html", {"page_obj": page_obj, "contracts": page_obj.object_list})


@login_required
def contract_detail(request, pk):
    viewer = get_viewer(request)
    contract = get_object_or_404(
        Contract.objects.visible_to(viewer)
        .select_related("provider", "programme")
        .prefetch_related("districts", "target_groups"),
        pk=pk,
    )
    documents = (
        PortalDocument.objects.visible_to(viewer)
        .filter(contract_links__contract=contract)
        .order_by("contract_links__sort_order", "title")
    )
    reports = contract.reports.select_related("submitted_by").order_by("period_start", "kind", "pk")
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "contract": contract,
            "documents": documents,
            "reports": reports,
            "may_submit": may_submit_for(viewer, contract),
            "today": timezone.localdate(),
        },
    )


def _visible_report(request, pk):
    viewer = get_viewer(request)
    report = get_object_or_404(
        ContractReport.objects.visible_to(viewer).select_related(
            "contract__provider", "contract__programme", "submitted_by"
        ),
        pk=pk,
    )
    return viewer, report


@login_required
def report_detail(request, pk):
    viewer, report = _visible_report(request, pk)
    document = PortalDocument.objects.visible_to(viewer).filter(pk=report.document_id).first()
    figures = list(report.figures.select_related("target_group"))
    return render(
        request,
        "contracts/report_detail.html",
        {
            "report": report,
            "contract": report.contract,
            "document": document,
            "figures": figures,
            "totals": report.totals() if figures else None,
            "may_submit": may_submit_for(viewer, report.contract) and report.can_be_submitted(),
            "today": timezone.localdate(),
        },
    )


@login_required
def report_submit(request, pk):
    viewer, report = _visible_report(request, pk)
    if not may_submit_for(viewer, report.contract):
        # staff see the report, but only the provider reports
        raise PermissionDenied
    if not report.can_be_submitted():
        if report.is_open:
            messages.info(request, _("Dieser Bericht kann erst ab Beginn seines Berichtszeitraums eingereicht werden."))
        else:
            messages.info(request, _("Dieser Bericht ist bereits eingereicht; Sie können ihn hier ansehen."))
        return redirect(report)
    form = ReportSubmitForm(
        request.POST or None, request.FILES or None, report=report, target_groups=target_groups_for(report)
    )
    if request.method == "POST" and form.is_valid():
        report = services.submit_report(report, form, request.user)
        if report.late:
            messages.success(
                request,
                _(
                    "Vielen Dank, der Bericht wurde eingereicht. Er ist als verspätet vermerkt "
                    "(fällig war er am %(due)s)."
                )
                % {"due": date_format(report.due_date, "SHORT_DATE_FORMAT")},
            )
        else:
            messages.success(request, _("Vielen Dank, der Bericht wurde eingereicht."))
        return redirect(report)
    return render(
        request,
        "contracts/report_submit.html",
        {"report": report, "contract": report.contract, "form": form, "today": timezone.localdate()},
        status=400 if form.errors else 200,
    )
