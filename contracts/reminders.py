"""Reminders about reports: due within 14 days, and overdue (repeated weekly while nothing comes).

``send_report_reminders()`` records every reminder it sends (``ReportReminder``, unique per
report, stage and day), so running it again (the same day, or in parallel) sends nothing twice.
One e-mail per person and provider lists all reports that are reminded in that run.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.models import NotificationKind
from portal.notifications import notify

from .models import ContractReport, ReportReminder
from .services import provider_people

DUE_WITHIN_DAYS = 14
OVERDUE_REPEAT_DAYS = 7

Stage = ReportReminder.Stage


def _stage(report, today):
    return Stage.OVERDUE if report.due_date < today else Stage.DUE_SOON


def _already_reminded(report, stage, sent, today):
    days = [d for s, d in sent.get(report.pk, []) if s == stage]
    if stage == Stage.DUE_SOON:
        return bool(days)
    return any(d > today - datetime.timedelta(days=OVERDUE_REPEAT_DAYS) for d in days)


def _claim(report, stage, today):
    """Record the reminder first; a second run finds the row and leaves the report alone."""
    try:
        with transaction.atomic():
            ReportReminder.objects.create(report=report, stage=stage, sent_on=today)
    except IntegrityError:
        return False
    return True


def _line(report, stage):
    due = formats.date_format(report.due_date, "d.m.Y")
    if stage == Stage.OVERDUE:
        state = _("überfällig seit %(due)s") % {"due": due}
    else:
        state = _("fällig am %(due)s") % {"due": due}
    return f"- {report} (Vertrag {report.contract.reference}): {state}"


def send_report_reminders(today=None) -> dict[str, int]:
    """Remind providers; returns how many reports were reminded and how many notifications queued."""
    today = today or timezone.localdate()
    candidates = list(
        ContractReport.objects.filter(
            status=ContractReport.Status.DUE, due_date__lte=today + datetime.timedelta(days=DUE_WITHIN_DAYS)
        )
        .select_related("contract__provider")
        .order_by("contract__provider__name", "due_date", "pk")
    )
    sent = defaultdict(list)
    for report_id, stage, day in ReportReminder.objects.filter(report__in=candidates).values_list(
        "report_id", "stage", "sent_on"
    ):
        sent[report_id].append((stage, day))

    by_provider = defaultdict(list)
    for report in candidates:
        stage = _stage(report, today)
        if not _already_reminded(report, stage, sent, today):
            by_provider[report.contract.provider].append((report, stage))

    result = {"reports": 0, "notifications": 0}
    for provider, items in by_provider.items():
        people = provider_people(provider.pk)
        if not people:
            continue  # nobody to tell yet: try again on the next run
        with transaction.atomic():
            claimed = [(report, stage) for report, stage in items if _claim(report, stage, today)]
            if claimed:
                result["notifications"] += _remind(provider, people, claimed)
                result["reports"] += len(claimed)
    return result


def _remind(provider, people, claimed):
    overdue = [r for r, s in claimed if s == Stage.OVERDUE]
    due_soon = [r for r, s in claimed if s == Stage.DUE_SOON]
    if overdue:
        subject = _("Überfällige Berichte von %(provider)s") % {"provider": provider.display_name}
    else:
        subject = _("Bald fällige Berichte von %(provider)s") % {"provider": provider.display_name}
    parts = []
    if overdue:
        parts.append(_("Diese Berichte sind überfällig:") + "\n" + "\n".join(_line(r, Stage.OVERDUE) for r in overdue))
    if due_soon:
        parts.append(
            _("Diese Berichte sind in den nächsten %(days)s Tagen fällig:") % {"days": DUE_WITHIN_DAYS}
            + "\n"
            + "\n".join(_line(r, Stage.DUE_SOON) for r in due_soon)
        )
    parts.append(_("Sie können die Berichte unter „Meine Verträge“ einreichen, auch nach dem Fälligkeitstag."))
    created = notify(
        people,
        NotificationKind.REPORT_REMINDER,
        subject,
        "\n\n".join(parts),
        reverse("contracts:contract_list"),
    )
    return len(created)
