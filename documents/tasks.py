"""Background work for documents (django-tasks): checksum and text extraction for search."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def process_document(document_id: int) -> bool:
    """Compute the SHA-512 checksum and the searchable text of a document, then reindex it.

    Idempotent: a document whose file has not changed since the last run is left alone.
    Returns whether anything changed.
    """
    from wagtail.search import index

    from .extraction import extract_text, sha512_of
    from .models import PortalDocument

    document = PortalDocument._base_manager.filter(pk=document_id).first()
    if document is None or not document.file:
        return False
    try:
        with document.open_file() as file:
            checksum = sha512_of(file)
            if checksum == document.sha512:
                return False
            text = extract_text(file, document.file_extension)
    except OSError:
        logger.warning("document %s: file missing, nothing to extract", document_id)
        return False
    # update(), not save(): saving would enqueue this task again.
    PortalDocument._base_manager.filter(pk=document_id).update(sha512=checksum, extracted_text=text)
    document.sha512, document.extracted_text = checksum, text
    index.insert_or_update_object(document)
    return True


@task()
def announce_document(document_id: int) -> int:
    """Tell everyone who may see a new document (but whoever uploaded it); returns how many."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from portal.models import NotificationKind
    from portal.notifications import notify, people_who_may_see, staff_people

    from .models import PortalDocument

    document = PortalDocument.objects.filter(pk=document_id).select_related("uploaded_by_user").first()
    if document is None:
        return 0
    recipients = people_who_may_see(PortalDocument, document.pk, exclude=document.uploaded_by_user)
    if document.supersedes_id:
        # staff have their own notice of every new version (documents.signals.version_added)
        staff = set(staff_people().values_list("pk", flat=True))
        recipients = [person for person in recipients if person.pk not in staff]
    notify(
        recipients,
        NotificationKind.NEW_DOCUMENT,
        _("Neues Dokument: %(title)s") % {"title": document.title},
        document.description or document.title,
        reverse("documents:detail", args=[document.pk]),
    )
    return len(recipients)
