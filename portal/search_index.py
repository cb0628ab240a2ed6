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
- ``split`` lets a compound query find its parts written apart ("Wohnraumsicherung" finds
  "Sicherung von Wohnraum"): it tries every cut of a long query word into two parts of at least
  ``MIN_PART`` letters (a linking "s"/"es"/"en" of the first part stemmed away) and keeps the
  cuts whose parts both begin a word of the index's vocabulary (``SearchWord``, one query for
  all cuts). A text then matches the term when it holds the whole stem, or a word beginning
  with each part of a kept cut. The vocabulary holds every word of every text, readable or
  not; that changes no result: a cut only matches a row that itself holds words beginning with
  both parts, so a word the viewer may not read can only add a cut no readable row matches.

Matching only narrows the candidates: every result is a row of a queryset that went through the
access policy first (portal/search.py).
"""

import re
import unicodedata
from functools import reduce
from operator import add, or_
from typing import NamedTuple

import snowballstemmer
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from modelsearch.backends.base import BaseIndex, BaseSearchBackend
from modelsearch.index import RelatedFields, SearchField

from .search_sources import kind_of, sources

MAX_TERMS = 8
MAX_TERM_LENGTH = 60
MIN_PART = 4  # letters of a compound part ("Raum", "Fest", "Jahr")
MAX_COMPOUND = 30  # longer words are not split (bounds the vocabulary look-up)
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


class Term(NamedTuple):
    """One query word: its ``stem`` must match and the whole ``word`` ranks higher; ``parts`` are
    the (first, second) cuts of a compound that match where both begin a word (see ``split``)."""

    stem: str
    word: str
    parts: tuple = ()


def terms(query):
    """The terms of a query, without compound parts (``split`` adds them)."""
    found = []
    for word in words(query):
        term = Term(stem(word), word)
        if term not in found:
            found.append(term)
    return found


def _part(letters):
    """The form a compound part is looked for in: its stem ("integrations" → "integration",
    "gruppen" → "grupp"), or the letters themselves where the stem would be too short."""
    stemmed = stem(letters)
    return stemmed if len(stemmed) >= MIN_PART else letters


def cuts(word):
    """Every cut of a folded word into two parts of at least ``MIN_PART`` letters, as parts."""
    if not word.isalpha() or not 2 * MIN_PART <= len(word) <= MAX_COMPOUND:
        return []
    found = []
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        cut = (_part(word[:i]), _part(word[i:]))
        if cut not in found:
            found.append(cut)
    return found


def _next(prefix):
    """The smallest string after every string that begins with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


# SearchWord's table; a range, which its index (code-point order, migration 0010) answers
_BEGINS_A_WORD = "EXISTS (SELECT 1 FROM portal_searchword WHERE word >= %s AND word < %s)"


def known_beginnings(candidates):
    """Those of ``candidates`` that begin a word of the vocabulary, in one query."""
    candidates = sorted(set(candidates))
    if not candidates:
        return set()
    params = [value for c in candidates for value in (c, _next(c))]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([_BEGINS_A_WORD] * len(candidates)), params)
        answers = cursor.fetchone()
    return {c for c, known in zip(candidates, answers, strict=True) if known}


def split(found):
    """``found`` (from ``terms``) with the cuts of each compound whose parts both begin a word of
    the index; one query for all words, none when no word is long enough to cut."""
    options = {term: cuts(term.word) for term in found}
    known = known_beginnings(part for cut_list in options.values() for cut in cut_list for part in cut)
    return [
        term._replace(parts=tuple(cut for cut in options[term] if cut[0] in known and cut[1] in known))
        for term in found
    ]


def _begins(field, part):
    """``field`` holds a word beginning with ``part``."""
    return Q(**{f"{field}__startswith": part}) | Q(**{f"{field}__contains": f" {part}"})


def _matches(term, field="text"):
    condition = Q(**{f"{field}__contains": term.stem})
    for first, second in term.parts:
        condition |= _begins(field, first) & _begins(field, second)
    return condition


def _fts(term):
    """The FTS5 expression that narrows the rows for ``term``, or "" (too short for trigrams)."""
    options = [term.stem, *(part for cut in term.parts for part in cut)]
    if any(len(option) < 3 for option in options):
        return ""
    # folded: letters, digits and spaces only, so nothing here is FTS5 syntax
    alternatives = [f'"{term.stem}"', *(f'("{first}" AND "{second}")' for first, second in term.parts)]
    return "(" + " OR ".join(alternatives) + ")"


def matching(kind, found):
    """The index entries of ``kind`` that match every term."""
    from .models import SearchText

    entries = SearchText.objects.filter(kind=kind)
    for term in found:
        entries = entries.filter(_matches(term))
    narrowing = [expression for expression in map(_fts, found) if expression]
    if connection.vendor == "sqlite" and narrowing:
        # the trigram index narrows the rows; the LIKE conditions above stay exact
        entries = entries.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM portal_searchtext_fts WHERE portal_searchtext_fts MATCH %s",
                [" AND ".join(narrowing)],
            )
        )
    return entries


def score(found):
    """Title and number matches before text matches, whole words before word parts, and any
    match of the whole term before a match of its compound parts only."""
    points = []
    for term in found:
        stem_, word = term.stem, term.word
        points.append(Case(When(text__contains=stem_, then=Value(3)), default=Value(0)))
        points.append(Case(When(title__contains=stem_, then=Value(4)), default=Value(0)))
        points.append(Case(When(title__contains=word, then=Value(2)), default=Value(0)))
        points.append(Case(When(_begins("title", word), then=Value(2)), default=Value(0)))
        points.append(Case(When(text__contains=word, then=Value(1)), default=Value(0)))
        if term.parts:
            in_title = reduce(or_, (_begins("title", first) & _begins("title", second) for first, second in term.parts))
            points.append(Case(When(in_title, then=Value(2)), default=Value(0)))
    return reduce(add, points, Value(0, output_field=IntegerField()))


def vocabulary_words(text):
    """The words of a folded text the splitter may look for a part in (a word shorter than a
    part cannot begin with one)."""
    return {w[:MAX_TERM_LENGTH] for w in text.split() if len(w) >= MIN_PART}


def add_words(vocabulary):
    from .models import SearchWord

    if vocabulary:
        SearchWord.objects.bulk_create([SearchWord(word=w) for w in vocabulary], ignore_conflicts=True, batch_size=2000)


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
        vocabulary = set()
        for obj in items:
            if getattr(obj, "specific_class", type(obj)) is not type(obj):
                continue  # a page is indexed as its own type, with all its fields
            title, text = texts(obj)
            SearchText.objects.update_or_create(kind=kind, object_id=obj.pk, defaults={"title": title, "text": text})
            vocabulary.update(vocabulary_words(text))
        add_words(vocabulary)

    def delete_item(self, item):
        from .models import SearchText

        SearchText.objects.filter(kind=kind_of(type(item)), object_id=item.pk).delete()

    def reset(self):
        from .models import SearchText, SearchWord

        SearchText.objects.all().delete()
        SearchWord.objects.all().delete()


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
