"""Submitting and reviewing reports: state changes, documents, audit log and e-mails."""

from __future__ import annotations

import os

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from documents.models import PortalDocument
from portal.access import Audience
from portal.models import Membership, NotificationKind, User
from portal.notifications import notify

from .forms import save_figures
from .models import ContractReport

SUBMITTED = "contracts.report_submitted"
RESUBMITTED = "contracts.report_resubmitted"
ACCEPTED = "contracts.report_accepted"
REVISION_REQUESTED = "contracts.report_revision_requested"


def provider_people(organisation_id):
    """Everyone with an active membership in the provider organisation."""
    return list(
        User.objects.filter(
            pk__in=Membership.objects.active().filter(organisation_id=organisation_id).values("user_id")
        ).order_by("pk")
    )


def _report_document(report, file, user):
    """The uploaded file as a document only the provider (and staff) can see; a new version on resubmission."""
    contract = report.contract
    previous = report.document
    if previous is not None and PortalDocument.objects.filter(supersedes=previous).exists():
        previous = None  # someone already added a newer version; start a new chain
    document = PortalDocument(
        title=f"{report.get_kind_display()} {report.period_label} – {contract.provider.display_name}",
        file=file,
        kind=PortalDocument.Kind.REPORT,
        audience=Audience.ORGANISATION,
        organisation=contract.provider,
        description=_("Bericht zum Vertrag %(reference)s, eingereicht über „Meine Verträge“.")
        % {"reference": contract.reference},
        uploaded_by_user=user,
        supersedes=previous,
    )
    if previous is not None:
        document.collection_id = previous.collection_id
    document.announce = False  # the submission notifies staff; no "new document" notice besides
    document._set_document_file_metadata()
    document.save()
    return document


def submit_report(report: ContractReport, form, user, now=None) -> ContractReport:
    """Store a (re)submission; the caller checked that the user may submit and the form is valid."""
    now = now or timezone.now()
    with transaction.atomic():
        report = ContractReport.objects.select_for_update().select_related("contract__provider").get(pk=report.pk)
        resubmission = report.submitted_at is not None
        file = form.cleaned_data.get("document")
        if file:
            file.name = os.path.basename(file.name)
            report.document = _report_document(report, file, user)
        save_figures(report, form)
        if not resubmission:
            report.late = timezone.localdate(now) > report.due_date
        report.remarks = form.cleaned_data.get("remarks", "")
        report.status = ContractReport.Status.SUBMITTED
        report.submitted_by = user
        report.submitted_at = now
        report.save()
        log(
            instance=report,
            action=RESUBMITTED if resubmission else SUBMITTED,
            user=user,
            data={"late": report.late},
        )
    return report


def review_report(report: ContractReport, decision: str, comment: str, user, now=None) -> ContractReport:
    from .forms import ReviewForm

    now = now or timezone.now()
    with transaction.atomic():
        report = ContractReport.objects.select_for_update().select_related("contract__provider").get(pk=report.pk)
        report.review_comment = comment.strip()
        report.reviewed_by = user
        report.reviewed_at = now
        if decision == ReviewForm.ACCEPT:
            report.status = ContractReport.Status.ACCEPTED
            report.save()
            log(instance=report, action=ACCEPTED, user=user)
        else:
            report.status = ContractReport.Status.REVISION_REQUESTED
            report.save()
            log(instance=report, action=REVISION_REQUESTED, user=user, data={"comment": report.review_comment})
            contract = report.contract
            notify(
                provider_people(contract.provider_id),
                NotificationKind.REPORT_REMINDER,
                _("Bitte überarbeiten: %(report)s zum Vertrag %(reference)s")
                % {"report": report, "reference": contract.reference},
                _(
                    "Die Stadt bittet um eine Überarbeitung des Berichts „%(report)s“ (Vertrag %(reference)s, "
                    "fällig am %(due)s).\n\nRückmeldung:\n%(comment)s\n\nSie können den Bericht unter „Meine "
                    "Verträge“ erneut einreichen."
                )
                % {
                    "report": report,
                    "reference": contract.reference,
                    "due": formats.date_format(report.due_date, "d.m.Y"),
                    "comment": report.review_comment,
                },
                report.get_absolute_url(),
            )
    return report
