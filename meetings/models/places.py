from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class Place(models.Model):
    """A place where meetings are held (Ort): a building, or a room in it, with its address.

    Meetings choose their place in the admin (``MeetingPage.place``); the OParl API publishes
    every place a public meeting uses as a Location, with structured address and, when the
    coordinates are known, GeoJSON.
    """

    name = models.CharField(_("Bezeichnung"), max_length=255, help_text=_("z. B. Rathaus an der Volme"))
    room = models.CharField(_("Raum"), max_length=100, blank=True, help_text=_("z. B. Raum A.201"))
    street_address = models.CharField(_("Straße und Hausnummer"), max_length=255, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    locality = models.CharField(_("Stadt"), max_length=100, blank=True)
    description = models.TextField(
        _("Beschreibung"), blank=True, help_text=_("z. B. Zugang, Barrierefreiheit, Anfahrt")
    )
    latitude = models.DecimalField(
        _("Breitengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
        help_text=_("In Grad (WGS 84), z. B. 51.359500"),
    )
    longitude = models.DecimalField(
        _("Längengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
        help_text=_("In Grad (WGS 84), z. B. 7.473700"),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("room")]),
        MultiFieldPanel(
            [FieldPanel("street_address"), FieldRowPanel([FieldPanel("postal_code"), FieldPanel("locality")])],
            heading=_("Anschrift"),
        ),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading=_("Koordinaten (optional)"),
        ),
    ]

    class Meta:
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")
        ordering = ["name", "room", "pk"]

    def __str__(self):
        return f"{self.name}, {self.room}" if self.room else self.name

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError(
                {missing: _("Bitte Breiten- und Längengrad zusammen angeben oder beide leer lassen.")}
            )

    @property
    def address(self):
        """Street, postal code and town in one line (what is known of them)."""
        town = f"{self.postal_code} {self.locality}".strip()
        return ", ".join(part for part in (self.street_address, town) if part)

    @property
    def full_text(self):
        """Name, room and address in one line, as shown where the place is a text."""
        return ", ".join(part for part in (str(self), self.address) if part)

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None
