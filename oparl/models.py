from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedObject(models.Model):
    """Every object the API has shown: its timestamps and a digest of its JSON.

    ``modified`` changes whenever anything the object's JSON shows changes (including what it
    embeds): the API compares the digest after each change of the public data. An object that
    left the API (deleted, unpublished, no longer public) stays with ``deleted`` set, so clients
    that keep copies learn of it.
    """

    kind = models.CharField(max_length=30)
    object_id = models.PositiveIntegerField()
    created = models.DateTimeField()
    modified = models.DateTimeField(db_index=True)
    digest = models.CharField(max_length=64, blank=True)
    deleted = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("OParl-Objekt")
        verbose_name_plural = _("OParl-Objekte")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="oparl_one_record_per_object")]
        ordering = ["kind", "object_id"]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.modified:%Y-%m-%d %H:%M:%S})"


class SyncState(models.Model):
    """One row: ``generation`` counts changes of the public data, ``synced`` the one last compared."""

    generation = models.BigIntegerField(default=1)
    synced = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("OParl-Abgleich")
        verbose_name_plural = _("OParl-Abgleich")

    def __str__(self):
        return f"{self.synced}/{self.generation}"
