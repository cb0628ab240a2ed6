from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.log_actions import log

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


VERSION_ADDED = "documents.version_added"


@receiver(post_save, sender=PortalDocument)
def version_added(sender, instance, created, raw=False, **kwargs):
    """Every new version is logged on the document and told to city staff (whoever added it:
    members' area, admin, a report's resubmission)."""
    if raw or not created or instance.supersedes_id is None:
        return
    from django.urls import reverse

    from portal.models import NotificationKind
    from portal.notifications import notify, staff_people

    user = instance.uploaded_by_user
    log(
        instance=instance,
        action=VERSION_ADDED,
        user=user,
        data={"supersedes": instance.supersedes_id, "version": instance.version},
    )
    organisation = instance.organisation.display_name if instance.organisation_id else "–"
    notify(
        [person for person in staff_people() if person != user],
        NotificationKind.NEW_DOCUMENT,
        _("Neue Version: %(title)s (Version %(version)s)") % {"title": instance.title, "version": instance.version},
        _("%(person)s hat eine neue Version von „%(title)s“ (Organisation: %(organisation)s) hochgeladen.")
        % {"person": user or _("Unbekannt"), "title": instance.title, "organisation": organisation},
        reverse("documents:detail", args=[instance.pk]),
    )
