"""Documents in the site search (registered in documents/wagtail_hooks.py) and the library's
search over the same folded index."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.search import ranked
from portal.search_index import matching, split, terms
from portal.search_sources import Hit, Source


def _documents(viewer):
    from .models import PortalDocument

    return PortalDocument.objects.visible_to(viewer).current().select_related("organisation")


def _describe_document(document):
    meta = " · ".join(filter(None, [document.get_kind_display(), document.file_extension.upper()]))
    return Hit(
        document.title,
        reverse("documents:detail", args=[document.pk]),
        f"{document.description} {document.extracted_text}",
        meta,
    )


DOCUMENTS = Source(
    "dokumente",
    _("Dokumente"),
    "documents.PortalDocument",
    _documents,
    _describe_document,
    "published_date",
    "bodies",
)


def library_search(documents, query, *, by_relevance, ordering):
    """The document library's search: its filtered documents that match ``query``, best first
    (or in the library's ``ordering``). Punctuation alone matches nothing."""
    found = terms(query)
    if not found:
        return documents.none()
    found = split(found)
    rows = documents.filter(pk__in=matching(DOCUMENTS.kind, found).values("object_id"))
    return ranked(rows, DOCUMENTS, found) if by_relevance else rows.order_by(*ordering)
