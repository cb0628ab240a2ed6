import datetime

from django import template
from django.template.defaultfilters import floatformat
from django.utils import timezone

from contracts.models import Contract, ContractReport

register = template.Library()

MEMBERS_HOME_DAYS = 30


@register.filter
def money(value):
    """56000 -> "56.000,00 €" (German grouping and decimal comma)."""
    if value is None or value == "":
        return "–"
    return f"{floatformat(value, '2g')} €"


@register.filter
def fte(value):
    """Positions as full-time equivalents: 1.5 -> "1,50"."""
    if value is None or value == "":
        return "–"
    return floatformat(value, "2g")


@register.inclusion_tag("contracts/includes/members_home_reports.html", takes_context=True)
def organisation_reports(context):
    """The members' home block: open reports of the viewer's own organisations (only for providers)."""
    viewer = context["viewer"]
    if not Contract.objects.filter(provider_id__in=viewer.organisation_ids).exists():
        return {"show": False}
    today = timezone.localdate()
    reports = (
        ContractReport.objects.visible_to(viewer)
        .filter(contract__provider_id__in=viewer.organisation_ids)
        .open()
        .filter(period_start__lte=today, due_date__lte=today + datetime.timedelta(days=MEMBERS_HOME_DAYS))
        .select_related("contract__provider")
        .order_by("due_date", "pk")
    )
    return {
        "reports": list(reports[:5]),
        "more": reports.count() > 5,
        "show": True,
        "days": MEMBERS_HOME_DAYS,
    }
