"""The site-wide search: pages, news, meetings, agenda items, documents and contracts.

Every source is a queryset that went through the access policy first (``Source.visible``); the
folded index (portal/search_index.py) only says which of those rows match and how well. Hits,
facet counts, passages and "Meinten Sie …?" suggestions are all built from these querysets, so a
viewer never sees a count, word or passage of something they may not read.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import pagecache
from .access import Viewer
from .search_index import fold, matching, score, split, terms
from .search_sources import sources

MAX_PAGES = 50  # deeper pages are no use to anybody and would only cost time


_WORD = re.compile(r"\w[\w\-‐‑/.]*\w|\w")


def _marker(found):
    """Whether a word is one the terms matched: it contains a stem or is a compound's part."""
    stems = [term.stem for term in found if term.stem]
    parts = {word for term in found for cut in term.parts for part in cut for word in part.words}

    def marked(word):
        folded = fold(word)
        return any(s in folded for s in stems) or folded in parts

    return marked


def _mark(text, found):
    """``text`` escaped, with each word the terms matched in ``<mark>``."""
    marked = _marker(found)
    out, last = [], 0
    for match in _WORD.finditer(text):
        word = match.group()
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(word)}</mark>" if marked(word) else escape(word))
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def highlight(text, query):
    """The whole (short) text with the matching words marked."""
    return mark_safe(_mark(text, terms(query)))  # noqa: S308 - built from escaped text


def passage(text, found, width=220):
    """The part of ``text`` around the first matching word, escaped, the matches marked
    (``found``: the terms, from ``split(terms(query))``)."""
    text = re.sub(r"\s+", " ", strip_tags(text or "")).strip()
    marked = _marker(found)
    start = 0
    for match in _WORD.finditer(text):
        if marked(match.group()):
            start = max(0, match.start() - width // 3)
            break
    snippet = text[start:]
    if start and " " in snippet:
        snippet = "… " + snippet.split(" ", 1)[1]  # start at a word
    if len(snippet) > width:
        snippet = snippet[:width].rsplit(" ", 1)[0] + " …"
    return mark_safe(_mark(snippet, found))  # noqa: S308 - built from escaped text


SORTS = {"": _("Relevanz"), "datum": _("Datum (neueste zuerst)")}


# --- searching ------------------------------------------------------------------------------


def matches(source, viewer, found, *, year=None, body=None):
    """The rows of ``source`` the viewer may read that match every term (and the filters)."""
    model = source.model
    rows = source.visible(viewer).filter(pk__in=matching(source.kind, found).values("object_id"))
    if year:
        rows = rows.filter(**{f"{source.date}__year": year})
    if body:
        if not source.body:
            return rows.none()
        rows = rows.filter(pk__in=model.objects.filter(**{source.body: body}).values("pk"))
    return rows


def ranked(rows, source, found, sort=""):
    """``rows`` with their score and date, best (or newest) first."""
    from .models import SearchText

    entry = SearchText.objects.filter(kind=source.kind, object_id=OuterRef("pk")).annotate(s=score(found))
    rows = rows.annotate(search_score=Subquery(entry.values("s")[:1]), search_date=F(source.date))
    newest = F("search_date").desc(nulls_last=True)
    order = [newest, "-search_score", "-pk"] if sort == "datum" else ["-search_score", newest, "-pk"]
    return rows.order_by(*order)


def _day(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value or date.min


@dataclass
class Results:
    """All matching rows of the chosen sources in one ranked list, loaded page by page
    (Django's Paginator asks ``count()``, then one slice)."""

    viewer: Viewer
    query: str
    found: list  # the terms
    parts: list  # (source, matching rows, count)
    sort: str = ""
    hits: list = field(default_factory=list)

    def count(self):
        return sum(n for _s, _rows, n in self.parts)

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        stop = window.stop
        candidates = []
        for source, rows, n in self.parts:
            if not n:
                continue
            for pk, points, when in ranked(rows, source, self.found, self.sort).values_list(
                "pk", "search_score", "search_date"
            )[:stop]:
                day = _day(when)
                key = (-day.toordinal(), -(points or 0)) if self.sort == "datum" else (-(points or 0), -day.toordinal())
                candidates.append((key, source, pk))
        candidates.sort(key=lambda c: c[0])
        chosen = candidates[window]
        loaded = {}
        for source in {c[1].key: c[1] for c in chosen}.values():
            pks = [pk for _k, s, pk in chosen if s is source]
            rows = source.visible(self.viewer).filter(pk__in=pks)
            if source.specific:
                rows = rows.specific()
            loaded.update({(source.key, obj.pk): obj for obj in rows})
        hits = []
        for _key, source, pk in chosen:
            obj = loaded.get((source.key, pk))
            if obj is None:
                continue
            hit = source.describe(obj)
            hit.label = source.label
            hit.passage = passage(hit.text, self.found)
            hit.marked_title = mark_safe(_mark(hit.title, self.found))  # noqa: S308 - escaped
            hits.append(hit)
        return hits


def search(viewer, query, *, keys=None, year=None, body=None, sort=""):
    """Results and facets (type, Gremium, year; counts of what the viewer may read)."""
    from wagtail.models import Page

    found = split(terms(query))
    every = sources()
    chosen = [s for s in every if keys is None or s.key in keys]
    types, years, bodies, parts = [], {}, {}, []
    for source in every:
        rows = matches(source, viewer, found, year=year, body=body)
        by_year = rows.annotate(y=ExtractYear(source.date)).values("y").annotate(n=Count("pk")).order_by()
        counted = {row["y"]: row["n"] for row in by_year}
        n = sum(counted.values())
        types.append((source, n))
        if source not in chosen:
            continue
        parts.append((source, rows, n))
        for y, k in counted.items():
            if y:
                years[y] = years.get(y, 0) + k
        if source.body and n:
            by_body = rows.values(source.body).annotate(n=Count("pk", distinct=True)).order_by()
            for row in by_body:
                if row[source.body]:
                    bodies[row[source.body]] = bodies.get(row[source.body], 0) + row["n"]
    # the Gremien are pages: their titles without knowing their page type
    names = dict(Page.objects.filter(pk__in=bodies).values_list("pk", "title")) if bodies else {}
    return Results(viewer, query, found, parts, sort), {
        "types": [(s, n) for s, n in types if n],
        "years": sorted(years.items(), reverse=True),
        "bodies": sorted(((pk, names[pk], n) for pk, n in bodies.items() if pk in names), key=lambda b: b[1]),
    }


class Found:
    """One page of hits of a search with its facets, as plain data (source keys for sources), so
    it can be kept per access group (``find``). Django's Paginator asks it ``count()`` and the
    page's slice, as it asks ``Results``."""

    def __init__(self, total, start, hits, facets):
        self.total, self.start, self.hits, self.facets = total, start, hits, facets

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, window):
        return self.hits if window.start == self.start else []

    def facets_with_sources(self):
        from .search_sources import source

        types = [(source(key), n) for key, n in self.facets["types"]]
        return {**self.facets, "types": [(s, n) for s, n in types if s is not None]}


def find(viewer, query, *, keys=None, year=None, body=None, sort="", number=1, page_size=10, name=None):
    """The page ``number`` of ``search`` (its hits) and the facets, kept per access group and
    language under ``name`` (``pagecache.part_name`` of the request's query, None: not kept)
    until the next content change: viewers who may read the same rows get the same hits, counts
    and passages, and nothing in them is personal."""
    from django.core.paginator import Paginator
    from django.utils.translation import get_language

    def build():
        results, facets = search(viewer, query, keys=keys, year=year, body=body, sort=sort)
        page = Paginator(results, page_size).get_page(number)
        hits = list(page.object_list)
        for hit in hits:
            hit.label = str(hit.label)  # in the language of the key, not a lazy translation
        facets = {**facets, "types": [(s.key, n) for s, n in facets["types"]]}
        return Found(page.paginator.count, (page.number - 1) * page_size, hits, facets)

    return pagecache.for_access(viewer, f"{name}:{get_language()}" if name else None, build)


# --- "Meinten Sie …?" -----------------------------------------------------------------------


def vocabulary(viewer):
    """Folded word → written word, from the titles the viewer may read in the active language
    (kept per access group and language)."""
    from django.utils.translation import get_language

    def build():
        words = {}
        for source in sources():
            for title in source.visible(viewer).values_list(source.title_field, flat=True).iterator():
                for word in re.findall(r"\w{4,}", title or ""):
                    words.setdefault(fold(word), word)
        return words

    return pagecache.for_access(viewer, f"search-vocabulary:{get_language()}", build)


def suggest(viewer, query):
    """A close spelling of a query that found nothing, or ``None``."""
    known = vocabulary(viewer)
    changed, out = False, []
    for word in query.split():
        folded = fold(word)
        if not folded or folded in known or any(folded in k for k in known):
            out.append(word)
            continue
        near = [k for k in known if abs(len(k) - len(folded)) <= 3 and k[:1] == folded[:1]]
        close = difflib.get_close_matches(folded, near, n=1, cutoff=0.75)
        if close:
            out.append(known[close[0]])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None
