from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

ZERO = Decimal("0")


class District(models.Model):
    name = models.CharField(_("Name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("Stadtteil")
        verbose_name_plural = _("Stadtteile")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TargetGroup(models.Model):
    name = models.CharField(_("Name"), max_length=150, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


def format_positions(value) -> str:
    return formats.number_format(value, 2, use_l10n=True)


class FundingProgramme(models.Model):
    name = models.CharField(_("Name"), max_length=200, unique=True)
    funder = models.CharField(_("Fördermittelgeber"), max_length=200)
    amount_per_position = models.DecimalField(
        _("Jahresbetrag je Vollzeitstelle (EUR)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(ZERO, message=_("Der Betrag darf nicht negativ sein."))],
    )
    positions = models.DecimalField(
        _("Verfügbare Stellen (Vollzeitäquivalente)"),
        max_digits=6,
        decimal_places=2,
        help_text=_("Stellen, die das Programm je Jahr fördert."),
    )
    start = models.DateField(_("Förderbeginn"))
    end = models.DateField(_("Förderende"))
    description = models.TextField(_("Beschreibung"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("funder"),
        FieldRowPanel([FieldPanel("amount_per_position"), FieldPanel("positions")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("Förderzeitraum")),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("Das Förderende muss nach dem Förderbeginn liegen.")
        if self.positions is not None and self.positions <= 0:
            errors["positions"] = _("Bitte geben Sie mehr als 0 Stellen an.")
        if errors:
            raise ValidationError(errors)

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))
