"""Papers in the site search (registered in papers/wagtail_hooks.py), found by number too:
``0012/2026`` folds to the same word as the indexed number."""

from django.utils.translation import gettext_lazy

from portal.search_sources import Hit, Source


def _papers(viewer):
    from .models import Paper

    return Paper.objects.visible_to(viewer).select_related("originator_organisation")


def _describe_paper(paper):
    meta = " · ".join(filter(None, [paper.get_kind_display(), paper.originator, paper.date.strftime("%d.%m.%Y")]))
    return Hit(
        f"{paper.number} {paper.title}",
        paper.get_absolute_url(),
        " ".join(filter(None, [paper.text, paper.proposal, paper.answer])),
        meta,
    )


PAPERS = Source(
    "vorlagen",
    gettext_lazy("Vorlagen"),
    "papers.Paper",
    _papers,
    _describe_paper,
    "date",
    "consultations__body",
    "title",
)
