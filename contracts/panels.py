"""The contracts' section of the members' area (registered in contracts/wagtail_hooks.py)."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from portal.access import get_viewer

MEMBERS_HOME_DAYS = 30


def members_home(request):
    """Open reports of the viewer's own organisations, due within 30 days (only for providers)."""
    from .models import Contract, ContractReport

    viewer = get_viewer(request)
    if not Contract.objects.filter(provider_id__in=viewer.organisation_ids).exists():
        return ""
    today = timezone.localdate()
    reports = (
        ContractReport.objects.visible_to(viewer)
        .filter(contract__provider_id__in=viewer.organisation_ids)
        .open()
        .filter(period_start__lte=today, due_date__lte=today + datetime.timedelta(days=MEMBERS_HOME_DAYS))
        .select_related("contract__provider")
        .order_by("due_date", "pk")
    )
    context = {"reports": list(reports[:5]), "more": reports.count() > 5, "days": MEMBERS_HOME_DAYS}
    return render_to_string("contracts/includes/members_home_reports.html", context, request=request)
