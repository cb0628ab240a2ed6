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
  ``MIN_PART`` letters, each written as a word of its own (maybe with a linking element dropped
  or an inflection ending added: "Sicherung", "Wohnraums"; not "Absicherung"), and keeps the cuts
  whose parts both are words of the index's vocabulary (``SearchWord``, one query for all cuts).
  A text then matches the term when it holds the whole stem, or both parts of a kept cut as
  whole words (PostgreSQL looks them up in a word index; on SQLite the trigram index narrows).
  The vocabulary holds every word of every text, readable or not; that changes no result: a
  cut only matches a row that itself holds both words, so a word the viewer may not read can
  only add a cut no readable row matches.

On PostgreSQL a term (and the whole query word, which ranks higher) is matched from the word
index rather than by reading every text: ``split`` also finds the vocabulary's words that contain
the stem (one query, trigram index), and a text contains the stem exactly when one of those is
among its words (``words``, the stored ``to_tsvector('simple', text)`` of migration 0011). That
holds for every text whose words the vocabulary keeps whole and PostgreSQL's parser reads as
written (letters a-z and digits); the others (``irregular``: other letters, very long words,
numbers like "1e5") are matched with ``LIKE`` as before. A term too short for the vocabulary, or
found in too many of its words, is matched with ``LIKE`` too.

Matching only narrows the candidates: every result is a row of a queryset that went through the
access policy first (portal/search.py).
"""

import re
import unicodedata
from functools import reduce
from operator import add, or_
from os.path import commonprefix
from typing import NamedTuple

import snowballstemmer
from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from modelsearch.backends.base import BaseIndex, BaseSearchBackend
from modelsearch.index import RelatedFields, SearchField

from .search_sources import kind_of, sources

MAX_TERMS = 8
MAX_TERM_LENGTH = 60
MIN_PART = 4  # letters of a compound part ("Raum", "Fest", "Jahr")
MAX_COMPOUND = 30  # longer words are not split (bounds the vocabulary look-up)
MAX_COMPOUNDS = 3  # words of a query that are split
TITLE_FIELDS = {"title", "reference", "number"}
# PostgreSQL: a text with a word outside a-z/0-9, a word longer than the vocabulary keeps, or a
# number the parser reads as a float ("1e5x" becomes "1e5" and "x"). A literal in migration 0011.
IRREGULAR = "[^a-z0-9 ]|[a-z0-9]{61}|[0-9]e[0-9]"
_REGULAR_WORD = re.compile(r"[a-z0-9]+")
_FLOAT = re.compile(r"[0-9]e[0-9]")
MAX_WORD_ALTERNATIVES = 2000  # vocabulary words containing a term, beyond that LIKE

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
    the (first, second) cuts of a compound that match where a text has both as words (``split``)."""

    stem: str
    word: str
    parts: tuple = ()
    # PostgreSQL (``split``): the vocabulary's words that contain the stem and the word, or None
    # (matched with LIKE)
    stem_words: tuple | None = None
    word_words: tuple | None = None


def terms(query):
    """The terms of a query, without compound parts (``split`` adds them)."""
    found = []
    for word in words(query):
        term = Term(stem(word), word)
        if term not in found:
            found.append(term)
    return found


_LINKS = ("s", "es", "n", "en")  # linking elements at the end of a first part
_ENDINGS = ("", "e", "en", "n", "s", "es", "er", "ern", "em", "ens")  # of a part written as a word


class Part(NamedTuple):
    """A compound part: the words it may be written as (a form and an inflection ending), and
    ``key``, what they all begin with."""

    words: tuple
    key: str


def _part(forms):
    words = tuple(sorted({form + ending for form in forms if len(form) >= MIN_PART for ending in _ENDINGS}))
    key = commonprefix(words)
    return Part(words, key) if len(key) >= MIN_PART else None


def cuts(word):
    """Every cut of a folded word into two parts of at least ``MIN_PART`` letters: the first
    part as written or without a linking element ("integrations" → "integration"), the second
    as written or as its stem ("gruppen" → "grupp", to find "Gruppe"), each maybe inflected."""
    if not word.isalpha() or not 2 * MIN_PART <= len(word) <= MAX_COMPOUND:
        return []
    found = []
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        first, second = word[:i], word[i:]
        cut = (
            _part([first, *(first[: -len(link)] for link in _LINKS if first.endswith(link))]),
            _part([second, stem(second)]),
        )
        if None not in cut and cut not in found:
            found.append(cut)
    return found


def known_words(candidates, fragments=()):
    """Those of ``candidates`` that are words of the index's vocabulary, and those that contain
    one of ``fragments``, in one query."""
    from .models import SearchWord

    candidates = set(candidates)
    condition = reduce(or_, (Q(word__contains=f) for f in fragments), Q(word__in=candidates) if candidates else Q())
    if not condition:
        return set()
    return set(SearchWord.objects.filter(condition).values_list("word", flat=True))


def _uses_word_index():
    return connection.vendor == "postgresql"


def _fragments(term):
    """What of a term the word index can answer: its stem and whole word, if long enough."""
    if not _uses_word_index():
        return ()
    return tuple({f for f in (term.stem, term.word) if len(f) >= MIN_PART and f.isalnum()})


def _containing(fragment, vocabulary):
    """The words of ``vocabulary`` that contain ``fragment`` and are written as the word index
    has them, or None when the word index cannot answer (too short, too many)."""
    if len(fragment) < MIN_PART or not fragment.isalnum():
        return None
    found = tuple(
        sorted(w for w in vocabulary if fragment in w and _REGULAR_WORD.fullmatch(w) and not _FLOAT.search(w))
    )
    return found if len(found) <= MAX_WORD_ALTERNATIVES else None


def _known(part, known):
    words = tuple(w for w in part.words if w in known)
    return part._replace(words=words) if words else None


def split(found):
    """``found`` (from ``terms``) with the cuts of each compound whose parts are both words of
    the index, each part narrowed to the words the index has; one query for the first
    ``MAX_COMPOUNDS`` long words, none when no word is long enough to cut."""
    options, long_words = {}, 0
    for term in found:
        options[term] = cuts(term.word) if long_words < MAX_COMPOUNDS else []
        long_words += bool(options[term])
    fragments = {fragment for term in found for fragment in _fragments(term)}
    known = known_words(
        (word for cut_list in options.values() for cut in cut_list for part in cut for word in part.words),
        sorted(fragments),
    )
    split_terms = []
    for term in found:
        kept = [(_known(first, known), _known(second, known)) for first, second in options[term]]
        term = term._replace(parts=tuple(cut for cut in kept if None not in cut))
        if fragments:
            term = term._replace(stem_words=_containing(term.stem, known), word_words=_containing(term.word, known))
        split_terms.append(term)
    return split_terms


def _has_word(field, part):
    """``field`` holds one of the part's words as a whole word."""
    condition = Q()
    for word in part.words:
        condition |= (
            Q(**{field: word})
            | Q(**{f"{field}__startswith": f"{word} "})
            | Q(**{f"{field}__contains": f" {word} "})
            | Q(**{f"{field}__endswith": f" {word}"})
        )
    return condition


def _has_words(field, parts):
    """``field`` holds both parts of one of the cuts as whole words. PostgreSQL looks the words
    up in a word index (``to_tsvector('simple', text)``, migration 0010): parts that are common
    words ("Stadt", "Jahr") would make the trigram index hand over most rows to be checked."""
    if connection.vendor == "postgresql" and field == "text":
        # folded words of letters only: nothing in them is tsquery syntax
        query = " | ".join("(" + " & ".join("(" + " | ".join(part.words) + ")" for part in cut) + ")" for cut in parts)
        return Q(RawSQL("words @@ to_tsquery('simple', %s)", [query], BooleanField()))
    return reduce(or_, (_has_word(field, first) & _has_word(field, second) for first, second in parts))


def _text_has(fragment, vocabulary_words):
    """The text contains ``fragment``: from the word index where ``vocabulary_words`` (the
    vocabulary's words that contain it, see ``split``) are known, else (and for irregular texts)
    with LIKE."""
    if vocabulary_words is None:
        return Q(text__contains=fragment)
    irregular = Q(RawSQL("irregular", [], BooleanField())) & Q(text__contains=fragment)
    if not vocabulary_words:
        return irregular
    # words of a-z and 0-9 only (``_containing``): quoted, nothing in them is tsquery syntax
    query = " | ".join(f"'{word}'" for word in vocabulary_words)
    return Q(RawSQL("words @@ %s::tsquery", [query], BooleanField())) | irregular


def _matches(term, field="text"):
    if field == "text":
        condition = _text_has(term.stem, term.stem_words)
    else:
        condition = Q(**{f"{field}__contains": term.stem})
    if term.parts:
        condition |= _has_words(field, term.parts)
    return condition


def _fts(term):
    """The FTS5 expression that narrows the rows for ``term``, or "" (too short for trigrams)."""
    if len(term.stem) < 3:
        return ""
    # folded: letters, digits and spaces only, so nothing here is FTS5 syntax
    alternatives = [f'"{term.stem}"', *(f'("{first.key}" AND "{second.key}")' for first, second in term.parts)]
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
    match of the whole term before a match of its compound parts only. For rows that match
    ``found`` (``matching``): a term without compound parts is in each of their texts, so that
    is not asked again row by row."""
    points = []
    for term in found:
        stem_, word = term.stem, term.word
        if term.parts:
            points.append(Case(When(_text_has(stem_, term.stem_words), then=Value(3)), default=Value(0)))
        else:
            points.append(Value(3))
        points.append(Case(When(title__contains=stem_, then=Value(4)), default=Value(0)))
        points.append(Case(When(title__contains=word, then=Value(2)), default=Value(0)))
        points.append(Case(When(Q(title__startswith=word) | Q(title__contains=f" {word}"), then=Value(2)), default=0))
        if term.parts or word != stem_:
            points.append(Case(When(_text_has(word, term.word_words), then=Value(1)), default=Value(0)))
        else:
            points.append(Value(1))
        if term.parts:
            points.append(Case(When(_has_words("title", term.parts), then=Value(2)), default=Value(0)))
    return reduce(add, points, Value(0, output_field=IntegerField()))


def vocabulary_words(text):
    """The words of a folded text the splitter may look for a part in (a word shorter than a
    part cannot begin with one)."""
    return {w[:MAX_TERM_LENGTH] for w in text.split() if len(w) >= MIN_PART}


def add_words(vocabulary):
    from .models import SearchWord

    if vocabulary:  # in order: concurrent writers then wait for each other instead of deadlocking
        SearchWord.objects.bulk_create(
            [SearchWord(word=w) for w in sorted(vocabulary)], ignore_conflicts=True, batch_size=2000
        )


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
        rows, vocabulary = {}, set()
        for obj in items:
            if getattr(obj, "specific_class", type(obj)) is not type(obj):
                continue  # a page is indexed as its own type, with all its fields
            title, text = texts(obj)
            rows[obj.pk] = SearchText(kind=kind, object_id=obj.pk, title=title, text=text)
            vocabulary.update(vocabulary_words(text))
        # one upsert for the batch: a new row is inserted, an existing one keeps its id
        SearchText.objects.bulk_create(
            rows.values(),
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=["title", "text"],
            batch_size=500,
        )
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
