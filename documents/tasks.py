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
