"""The text the site search matches, folded for German, and the search backend that keeps it.

Wagtail's database backends match whole words (SQLite FTS5 without stemming; PostgreSQL's
``german`` configuration stems but never finds a word inside a compound). People type parts of
compounds ("Wohnraum" for "Wohnraumsicherung"), word beginnings, "ue" for "ü" and numbers with or
without hyphens, so the portal keeps a second index of its own, fed by Wagtail's indexing
(signals, tasks, ``rebuild_modelsearch_index``) like any other search backend:

- ``fold`` writes text and queries in one form: lower case, umlauts and their ae/oe/ue spellings
  as plain vowels, ß as ss, hyphens, slashes and dots inside a word or number dropped
  ("Case-Management" and "Casemanagement", "56-KIM-02" and "56kim02" become the same).
- ``terms`` turns a query into folded German stems (Snowball): "Sitzungen" → "sitzung".
- a term matches when it occurs anywhere in the folded text (substring), so compound parts and
  word beginnings are found. PostgreSQL answers that from a ``pg_trgm`` GIN index; SQLite from an
  FTS5 table with the trigram tokenizer (migration 0008).

Matching only narrows the candidates: every result is a row of a queryset that went through the
access policy first (portal/search.py).
"""

import re
import unicodedata
from functools import reduce
from operator import add

import snowballstemmer
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from modelsearch.backends.base import BaseIndex, BaseSearchBackend
from modelsearch.index import RelatedFields, SearchField

from .search_sources import kind_of, sources

MAX_TERMS = 8
MAX_TERM_LENGTH = 60
TITLE_FIELDS = {"title", "reference", "number"}

_STEMMER = snowballstemmer.stemmer("german")
_FOLDS = [("ä", "a"), ("ö", "o"), ("ü", "u"), ("ae", "a"), ("oe", "o"), ("ue", "u"), ("ß", "ss")]
_JOINERS = re.compile(r"(?<=\w)[-‐‑–/.](?=\w)")  # inside a word or number
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text):
    """Text in the one form that index and query share."""
    text = unicodedata.normalize("NFC", str(text or "")).lower()
    text = _JOINERS.sub("", text)
    text = _NOT_WORD.sub(" ", text)
    for umlaut, plain in _FOLDS:
        text = text.replace(umlaut, plain)
    return " ".join(text.split())


def stem(word):
    """The folded German stem of a folded word (numbers and short words stay as they are)."""
    if len(word) < 4 or not word.isalpha():
        return word
    return fold(_STEMMER.stemWord(word)) or word


def words(query):
    """The folded words of a query, at most ``MAX_TERMS`` of bounded length."""
    return [w[:MAX_TERM_LENGTH] for w in fold(query).split()][:MAX_TERMS]


def terms(query):
    """(stem, word) pairs of a query: the stem must match, the whole word ranks higher."""
    pairs = []
    for word in words(query):
        pair = (stem(word), word)
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def matching(kind, pairs):
    """The index entries of ``kind`` that contain every stem."""
    from .models import SearchText

    entries = SearchText.objects.filter(kind=kind)
    for stem_, _word in pairs:
        entries = entries.filter(text__contains=stem_)
    long_stems = [s for s, _w in pairs if len(s) >= 3]
    if connection.vendor == "sqlite" and long_stems:
        # the trigram index narrows the rows; the LIKE conditions above stay exact
        match = " AND ".join(f'"{s}"' for s in long_stems)  # folded: letters, digits and spaces only
        entries = entries.filter(
            pk__in=RawSQL("SELECT rowid FROM portal_searchtext_fts WHERE portal_searchtext_fts MATCH %s", [match])
        )
    return entries


def score(pairs):
    """Title and number matches before text matches; whole words before parts."""
    parts = []
    for stem_, word in pairs:
        parts.append(Case(When(title__contains=stem_, then=Value(4)), default=Value(0)))
        parts.append(Case(When(title__contains=word, then=Value(2)), default=Value(0)))
        parts.append(Case(When(Q(title__startswith=word) | Q(title__contains=f" {word}"), then=Value(2)), default=0))
        parts.append(Case(When(text__contains=word, then=Value(1)), default=Value(0)))
    return reduce(add, parts, Value(0, output_field=IntegerField()))


def indexed_models():
    return {source.model for source in sources()}


def is_indexed(model):
    return any(issubclass(model, base) for base in indexed_models())


def _values(obj, field):
    if isinstance(field, SearchField):
        value = field.get_value(obj)
        if value:
            yield field.field_name, value if isinstance(value, str) else str(value)
    elif isinstance(field, RelatedFields):
        related = field.get_value(obj)
        if related is None:
            return
        objects = related.all() if hasattr(related, "all") else [related() if callable(related) else related]
        for sub in objects:
            for sub_field in field.fields:
                for _name, value in _values(sub, sub_field):
                    yield "related", value


def texts(obj):
    """(title, text) of an object as the search matches them: folded, numbers count as titles."""
    title, body = [], []
    for field in obj.get_search_fields():
        for name, value in _values(obj, field):
            (title if name in TITLE_FIELDS else body).append(value)
    title = fold(" ".join(title))
    return title, f"{title} {fold(' '.join(body))}".strip()


class PortalIndex(BaseIndex):
    def add_items(self, model, items):
        from .models import SearchText

        if not is_indexed(model):
            return
        kind = kind_of(model)
        for obj in items:
            if getattr(obj, "specific_class", type(obj)) is not type(obj):
                continue  # a page is indexed as its own type, with all its fields
            title, text = texts(obj)
            SearchText.objects.update_or_create(kind=kind, object_id=obj.pk, defaults={"title": title, "text": text})

    def delete_item(self, item):
        from .models import SearchText

        SearchText.objects.filter(kind=kind_of(type(item)), object_id=item.pk).delete()

    def reset(self):
        from .models import SearchText

        SearchText.objects.all().delete()


class PortalRebuilder:
    def __init__(self, index):
        self.index = index

    def start(self):
        self.index.reset()
        return self.index

    def finish(self):
        pass


class SearchBackend(BaseSearchBackend):
    """Keeps ``SearchText`` up to date; the site search queries it directly (portal/search.py)."""

    index_class = PortalIndex
    rebuilder_class = PortalRebuilder
