from django.db import models
from django.utils.translation import gettext_lazy as _


class Tombstone(models.Model):
    """An object that left the public API (deleted, unpublished, no longer public).

    OParl clients keep copies: the API keeps answering for such an object with
    ``deleted: true`` and ``modified`` set to the time it went away.
    """

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", "Organization"
        MEETING = "meeting", "Meeting"
        AGENDA_ITEM = "agendaItem", "AgendaItem"
        FILE = "file", "File"
        PERSON = "person", "Person"
        MEMBERSHIP = "membership", "Membership"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    created = models.DateTimeField()
    deleted_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("Gelöschtes OParl-Objekt")
        verbose_name_plural = _("Gelöschte OParl-Objekte")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="oparl_one_tombstone_per_object")]
        ordering = ["kind", "object_id"]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.deleted_at:%Y-%m-%d %H:%M})"
