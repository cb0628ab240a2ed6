from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.access import Audience

from .models import PortalDocument


@receiver(post_save, sender=PortalDocument)
def process_saved_document(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """Extract text and compute the checksum in the background after every upload or file change."""
    if raw or (update_fields is not None and "file" not in update_fields):
        return
    from .tasks import announce_document, process_document

    process_document.enqueue(instance.pk)
    # ``announce = False``: the upload is announced its own way (contract reports)
    if created and instance.audience != Audience.STAFF and getattr(instance, "announce", True):
        transaction.on_commit(lambda: announce_document.enqueue(instance.pk))
