from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, RevisionMixin
from wagtail.search import index

from portal.access import Viewer

from .querysets import ContractQuerySet, ContractReportQuerySet, runs_in
from .reference import ZERO, District, FundingProgramme, TargetGroup, format_positions


class Contract(index.Indexed, RevisionMixin, ClusterableModel):
    class Status(models.TextChoices):
        NEGOTIATION = "negotiation", _("in Verhandlung")
        ACTIVE = "active", _("laufend")
        ENDED = "ended", _("beendet")
        TERMINATED = "terminated", _("gekündigt")

    class Interval(models.IntegerChoices):
        QUARTERLY = 3, _("vierteljährlich")
        HALF_YEARLY = 6, _("halbjährlich")
        YEARLY = 12, _("jährlich")

    provider = models.ForeignKey(
        "portal.Organisation", verbose_name=_("Träger"), on_delete=models.PROTECT, related_name="contracts"
    )
    programme = models.ForeignKey(
        FundingProgramme, verbose_name=_("Förderprogramm"), on_delete=models.PROTECT, related_name="contracts"
    )
    reference = models.CharField(_("Aktenzeichen"), max_length=50, unique=True)
    title = models.CharField(_("Bezeichnung"), max_length=200, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.NEGOTIATION)
    start = models.DateField(_("Vertragsbeginn"))
    end = models.DateField(_("Vertragsende"))
    positions = models.DecimalField(_("Stellen (Vollzeitäquivalente)"), max_digits=6, decimal_places=2)
    positions_filled = models.DecimalField(
        _("davon besetzt"),
        max_digits=6,
        decimal_places=2,
        default=ZERO,
        help_text=_("Stellen, die der Träger derzeit tatsächlich besetzt hat."),
    )
    yearly_amount = models.DecimalField(
        _("Jahresbetrag (EUR)"),
        max_digits=12,
        decimal_places=2,
        blank=True,
        help_text=_("Ohne Angabe: Stellen × Jahresbetrag je Stelle des Förderprogramms."),
    )
    target_groups = ParentalManyToManyField(TargetGroup, verbose_name=_("Zielgruppen"), blank=True)
    districts = ParentalManyToManyField(District, verbose_name=_("Stadtteile"), blank=True)
    report_interval = models.PositiveSmallIntegerField(
        _("Berichtsrhythmus"), choices=Interval.choices, default=Interval.HALF_YEARLY
    )
    report_due_days = models.PositiveSmallIntegerField(_("Berichtsfrist (Tage nach Ende des Zeitraums)"), default=31)
    staff_notes = models.TextField(
        _("Interne Notizen"), blank=True, help_text=_("Nur für die Stadtverwaltung; Träger sehen diese Notizen nicht.")
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="contract")

    objects = ContractQuerySet.as_manager()

    # The site search finds contracts by reference, title and provider (never by the staff notes).
    search_fields = [
        index.SearchField("reference"),
        index.SearchField("title"),
        index.RelatedFields("provider", [index.SearchField("name"), index.SearchField("short_name")]),
    ]

    panels = [
        FieldRowPanel([FieldPanel("provider"), FieldPanel("programme")]),
        FieldRowPanel([FieldPanel("reference"), FieldPanel("status")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("Laufzeit")),
        FieldRowPanel(
            [FieldPanel("positions"), FieldPanel("positions_filled"), FieldPanel("yearly_amount")],
            heading=_("Stellen und Förderung"),
        ),
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("districts", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("report_interval"), FieldPanel("report_due_days")])],
            heading=_("Berichtspflichten"),
        ),
        InlinePanel("document_links", heading=_("Vertragsdokumente"), label=_("Dokument")),
        FieldPanel("staff_notes"),
    ]

    class Meta:
        verbose_name = _("Vertrag")
        verbose_name_plural = _("Verträge")
        ordering = ["-start", "reference"]

    def __str__(self):
        return f"{self.reference} – {self.title}" if self.title else self.reference

    def get_absolute_url(self):
        return reverse("contracts:contract_detail", args=[self.pk])

    # validation

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("Das Vertragsende muss nach dem Vertragsbeginn liegen.")
        if self.positions is not None and self.positions <= 0:
            errors["positions"] = _("Bitte geben Sie mehr als 0 Stellen an.")
        if self.positions_filled is not None:
            if self.positions_filled < 0:
                errors["positions_filled"] = _("Die besetzten Stellen dürfen nicht negativ sein.")
            elif self.positions is not None and self.positions_filled > self.positions:
                errors["positions_filled"] = _("Es können nicht mehr Stellen besetzt sein, als der Vertrag vorsieht.")
        if self.yearly_amount is not None and self.yearly_amount < 0:
            errors["yearly_amount"] = _("Der Jahresbetrag darf nicht negativ sein.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.yearly_amount is None and self.positions is not None and self.programme_id:
            self.yearly_amount = (self.positions * self.programme.amount_per_position).quantize(Decimal("0.01"))
        super().save(*args, **kwargs)

    def warnings(self) -> list[str]:
        """Problems that do not stop saving, shown to staff after they save the contract."""
        found = []
        programme = self.programme
        others = (
            Contract.objects.committing()
            .filter(programme=programme)
            .exclude(pk=self.pk)
            .values_list("positions", "start", "end")
        )
        spans = [*others, (self.positions, self.start, self.end)]
        for year in range(self.start.year, self.end.year + 1):
            committed = sum((p for p, s, e in spans if runs_in(s, e, year)), ZERO)
            if committed > programme.positions:
                found.append(
                    _(
                        "Die Verträge des Programms „%(programme)s“ binden %(year)s zusammen %(committed)s Stellen; "
                        "das Programm hat nur %(available)s."
                    )
                    % {
                        "programme": programme,
                        "year": year,
                        "committed": format_positions(committed),
                        "available": format_positions(programme.positions),
                    }
                )
        if self.start < programme.start or self.end > programme.end:
            found.append(
                _("Die Vertragslaufzeit reicht über den Förderzeitraum des Programms (%(start)s – %(end)s) hinaus.")
                % {"start": formats.date_format(programme.start), "end": formats.date_format(programme.end)}
            )
        from documents.models import PortalDocument

        provider_viewer = Viewer(organisation_ids=frozenset([self.provider_id]))
        linked = PortalDocument.objects.filter(contract_links__contract=self)
        hidden = linked.exclude(pk__in=PortalDocument.objects.visible_to(provider_viewer).values("pk"))
        for document in hidden:
            found.append(
                _("Der Träger kann das Dokument „%(title)s“ nicht sehen. Bitte prüfen Sie dessen Zielgruppe.")
                % {"title": document.title}
            )
        return found

    # reporting schedule

    def schedule_periods(self) -> list[tuple[datetime.date, datetime.date]]:
        """The reporting periods from start to end, following calendar quarters, half-years or years."""
        periods = []
        first = self.start
        while first <= self.end:
            block_end_month = ((first.month - 1) // self.report_interval + 1) * self.report_interval
            year, month = (first.year + 1, 1) if block_end_month == 12 else (first.year, block_end_month + 1)
            last = min(datetime.date(year, month, 1) - datetime.timedelta(days=1), self.end)
            periods.append((first, last))
            first = last + datetime.timedelta(days=1)
        return periods

    def prune_schedule(self) -> int:
        """Make scheduled reports nobody has worked on yet follow changed terms: those whose
        period left the schedule (a shorter term, another interval) are deleted, those whose
        period now ends on another day get its end and due date. Reports handed in, reviewed
        with a document or figures stay as they are. Returns how many were deleted."""
        if self.status == self.Status.NEGOTIATION:
            return 0
        periods = dict(self.schedule_periods())
        untouched = self.reports.filter(
            kind=ContractReport.Kind.NARRATIVE,
            status=ContractReport.Status.DUE,
            submitted_at__isnull=True,
            document__isnull=True,
            figures__isnull=True,
        )
        _total, deleted = untouched.exclude(period_start__in=periods).delete()
        for report in untouched.filter(period_start__in=periods):
            last = periods[report.period_start]
            if report.period_end != last:
                report.period_end, report.due_date = last, last + datetime.timedelta(days=self.report_due_days)
                report.save(update_fields=["period_end", "due_date"])
        return deleted.get(ContractReport._meta.label, 0)

    def ensure_schedule(self) -> list[ContractReport]:
        """Create the reports of the schedule that are missing (a Sachbericht per period).

        Only for contracts that bind money; ``prune_schedule`` first when the terms changed.
        """
        if self.status == self.Status.NEGOTIATION:
            return []
        existing = set(self.reports.filter(kind=ContractReport.Kind.NARRATIVE).values_list("period_start", flat=True))
        created = []
        for first, last in self.schedule_periods():
            if first in existing:
                continue
            created.append(
                ContractReport.objects.create(
                    contract=self,
                    kind=ContractReport.Kind.NARRATIVE,
                    period_start=first,
                    period_end=last,
                    due_date=last + datetime.timedelta(days=self.report_due_days),
                )
            )
        return created


class ContractDocument(Orderable):
    contract = ParentalKey(Contract, on_delete=models.CASCADE, related_name="document_links")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("Dokument"),
        on_delete=models.CASCADE,
        related_name="contract_links",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("Vertragsdokument")
        verbose_name_plural = _("Vertragsdokumente")


class ContractReport(ClusterableModel):
    class Kind(models.TextChoices):
        NARRATIVE = "narrative", _("Sachbericht")
        FINANCIAL = "financial", _("Verwendungsnachweis")
        STATISTICS = "statistics", _("Fallstatistik")

    class Status(models.TextChoices):
        DUE = "due", _("offen")
        SUBMITTED = "submitted", _("eingereicht")
        ACCEPTED = "accepted", _("angenommen")
        REVISION_REQUESTED = "revision", _("Überarbeitung erbeten")

    OPEN_STATUSES = (Status.DUE, Status.REVISION_REQUESTED)

    contract = models.ForeignKey(Contract, verbose_name=_("Vertrag"), on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.NARRATIVE)
    period_start = models.DateField(_("Zeitraum von"))
    period_end = models.DateField(_("Zeitraum bis"))
    due_date = models.DateField(_("Fällig am"))
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.DUE)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingereicht von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True, editable=False)
    late = models.BooleanField(
        _("verspätet"),
        default=False,
        editable=False,
        help_text=_("Zum ersten Mal nach dem Fälligkeitstag eingereicht."),
    )
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("Dokument"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    remarks = models.TextField(
        _("Anmerkungen des Trägers"),
        blank=True,
        help_text=_("Bitte keine personenbezogenen Daten von Klientinnen und Klienten."),
    )
    review_comment = models.TextField(_("Rückmeldung der Stadt"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geprüft von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("geprüft am"), null=True, blank=True, editable=False)

    objects = ContractReportQuerySet.as_manager()

    panels = [
        FieldPanel("contract"),
        # the status changes by submission and review only (with their mails and audit log)
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status", read_only=True)]),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end"), FieldPanel("due_date")]),
        FieldPanel("document"),
        InlinePanel("figures", heading=_("Fallzahlen je Zielgruppe"), label=_("Zielgruppe")),
        FieldPanel("remarks"),
        FieldPanel("review_comment"),
    ]

    class Meta:
        verbose_name = _("Bericht")
        verbose_name_plural = _("Berichte")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "kind", "period_start"], name="unique_report_per_period")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_label}"

    def get_absolute_url(self):
        return reverse("contracts:report_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("Das Ende des Berichtszeitraums darf nicht vor seinem Beginn liegen.")
        if self.period_end and self.due_date and self.due_date < self.period_end:
            errors["due_date"] = _("Der Bericht kann erst nach dem Ende des Berichtszeitraums fällig sein.")
        if errors:
            raise ValidationError(errors)

    @property
    def period_label(self) -> str:
        return f"{formats.date_format(self.period_start, 'd.m.Y')} – {formats.date_format(self.period_end, 'd.m.Y')}"

    @property
    def has_figures(self) -> bool:
        return self.kind != self.Kind.FINANCIAL

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today=None) -> bool:
        return self.status == self.Status.DUE and self.due_date < (today or timezone.localdate())

    def can_be_submitted(self, today=None) -> bool:
        """Open, and its period has begun (a report for a future period makes no sense yet)."""
        return self.is_open and self.period_start <= (today or timezone.localdate())

    def status_label(self, today=None) -> str:
        if self.is_overdue(today):
            return str(_("überfällig"))
        return self.get_status_display()

    @property
    def status_key(self) -> str:
        """For styling: the status, or "overdue"."""
        return "overdue" if self.is_overdue() else self.status

    def totals(self) -> dict[str, int]:
        figures = list(self.figures.all())
        return {
            "new_cases": sum(f.new_cases for f in figures),
            "active_cases": sum(f.active_cases for f in figures),
            "closed_cases": sum(f.closed_cases for f in figures),
        }


NON_NEGATIVE = MinValueValidator(0, message=_("Bitte geben Sie keine negativen Fallzahlen an."))


class ReportFigure(models.Model):
    """Aggregated case numbers of one target group in one report; never data about a person."""

    report = ParentalKey(ContractReport, on_delete=models.CASCADE, related_name="figures")
    target_group = models.ForeignKey(TargetGroup, verbose_name=_("Zielgruppe"), on_delete=models.PROTECT)
    new_cases = models.PositiveIntegerField(_("neue Fälle"), default=0, validators=[NON_NEGATIVE])
    active_cases = models.PositiveIntegerField(_("laufende Fälle"), default=0, validators=[NON_NEGATIVE])
    closed_cases = models.PositiveIntegerField(_("abgeschlossene Fälle"), default=0, validators=[NON_NEGATIVE])

    panels = [
        FieldPanel("target_group"),
        FieldRowPanel([FieldPanel("new_cases"), FieldPanel("active_cases"), FieldPanel("closed_cases")]),
    ]

    class Meta:
        verbose_name = _("Fallzahl")
        verbose_name_plural = _("Fallzahlen")
        ordering = ["target_group__sort_order", "target_group__name"]
        constraints = [models.UniqueConstraint(fields=["report", "target_group"], name="unique_figure_per_group")]

    def __str__(self):
        return f"{self.target_group}: {self.new_cases}/{self.active_cases}/{self.closed_cases}"


class ReportReminder(models.Model):
    """A reminder that went out, so ``send_report_reminders`` never sends the same one twice."""

    class Stage(models.TextChoices):
        DUE_SOON = "due_soon", _("bald fällig")
        OVERDUE = "overdue", _("überfällig")

    report = models.ForeignKey(ContractReport, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    sent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Erinnerung")
        verbose_name_plural = _("Erinnerungen")
        constraints = [models.UniqueConstraint(fields=["report", "stage", "sent_on"], name="unique_reminder_per_day")]

    def __str__(self):
        return f"{self.report} – {self.get_stage_display()} ({self.sent_on})"
