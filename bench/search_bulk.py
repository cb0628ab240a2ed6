"""Index many objects for search at once: what saving each of them would write, in bulk.

Saving an object indexes it in every search backend with automatic updates
(``modelsearch.index.insert_or_update_object``): Wagtail's database backend
(``wagtailsearch_indexentry``) and the portal's folded index (``portal.SearchText`` and its
vocabulary ``portal.SearchWord``). Bulk inserts send no signals, so the generator indexes what it
wrote here, through the same backends' ``add_bulk``, with three things that only change how fast
the same rows are written (tests/bench/test_generate.py compares them with the save path):

- Wagtail's PostgreSQL backend recomputes ``title_norm`` over the whole index table after every
  batch (``_refresh_title_norms``: an average over all entries and an update of the new ones),
  which makes a bulk load quadratic; here it runs once, at the end.
- it builds each object's field values five times (title, body, autocomplete and their plain
  texts, ``ObjectIndexer``), and Django expressions for every text of every object, which it
  compiles to SQL again and again; here the values once per object, and the SQL once per shape.
- the GIN indexes of both index tables (PostgreSQL) are dropped for the load and built again
  from their own definitions afterwards, which is much faster than growing them row by row.
"""

import contextlib

from django.db import connection


@contextlib.contextmanager
def _patched(owner, name, value):
    original = owner.__dict__[name]
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)


class _Compiled:
    """An index vector's SQL, compiled already: what ``SQLInsertCompiler.prepare_value`` and
    ``as_sql`` make of the backend's expression, without building it again."""

    contains_column_references = contains_aggregate = contains_over_clause = False

    def __init__(self, sql, params):
        self.sql, self.params = sql, params

    def resolve_expression(self, *args, **kwargs):
        return self

    def as_sql(self, compiler, connection):
        return self.sql, self.params


def _caching_indexer(base, entry_model):
    """``ObjectIndexer`` that prepares each of the object's own fields once, and compiles the SQL
    of a vector once per shape (search configuration and the weights of its non-empty texts):
    Django's expressions (``SearchVector(Value(text))`` combined with ``||``) took most of the
    indexing time. The compiled SQL is the backend's own, made from placeholder texts that are
    then replaced by the object's texts."""
    templates = {}

    def template(expression, count):
        from django.db.models.sql.subqueries import InsertQuery

        compiler = InsertQuery(entry_model).get_compiler(connection=connection)
        value = compiler.prepare_value(entry_model._meta.get_field("body"), expression)
        sql, params = value.as_sql(compiler, connection)
        params = list(params)
        slots = [params.index(_placeholder(i)) if params.count(_placeholder(i)) == 1 else None for i in range(count)]
        return None if None in slots else (sql, params, slots)

    class CachingObjectIndexer(base):
        def prepare_field(self, obj, field):
            if obj is not self.obj:  # a related object: not kept, its id could be reused
                return super().prepare_field(obj, field)
            cache = self.__dict__.setdefault("_prepared", {})
            if id(field) not in cache:
                cache[id(field)] = list(super().prepare_field(obj, field))
            return iter(cache[id(field)])

        def as_vector(self, texts, for_autocomplete=False):
            texts = [(text.strip(), weight) for text, weight in texts]
            texts = [(text, weight) for text, weight in texts if text]
            if not texts:
                return super().as_vector(texts, for_autocomplete)
            config = self.autocomplete_config if for_autocomplete else self.config
            key = (for_autocomplete, config, tuple(weight for _text, weight in texts))
            if key not in templates:
                placeholders = [(_placeholder(i), weight) for i, (_text, weight) in enumerate(texts)]
                templates[key] = template(super().as_vector(placeholders, for_autocomplete), len(texts))
            if templates[key] is None:  # a shape whose texts cannot be told apart: as the backend does
                return super().as_vector(texts, for_autocomplete)
            sql, params, slots = templates[key]
            params = list(params)
            for (text, _weight), slot in zip(texts, slots, strict=True):
                params[slot] = text
            return _Compiled(sql, params)

    return CachingObjectIndexer


def _placeholder(i):
    return f"\x00bulk-index-text-{i}\x00"


def _gin_indexes(tables):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s) AND indexdef LIKE %s ORDER BY indexname",
            [list(tables), "% USING gin %"],
        )
        return cursor.fetchall()


DROPPED = "bench_dropped_index"  # the GIN indexes dropped for a load, until they are built again


@contextlib.contextmanager
def _without_gin_indexes(tables):
    """Drop the GIN indexes of ``tables`` for the block and build them again at its end. Their
    definitions are kept in a table until then, so that a load that was interrupted (the
    process killed) builds them at the end of the next one."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {DROPPED} (name text PRIMARY KEY, definition text NOT NULL)")
        cursor.execute(f"SELECT name, definition FROM {DROPPED}")  # noqa: S608 - our own table
        indexes = dict(cursor.fetchall())
        for name, definition in _gin_indexes(tables):
            cursor.execute(f"INSERT INTO {DROPPED} VALUES (%s, %s) ON CONFLICT DO NOTHING", [name, definition])  # noqa: S608
            cursor.execute(f'DROP INDEX "{name}"')
            indexes[name] = definition
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            # in a transaction, PostgreSQL builds no index on a table with foreign key checks
            # still deferred to the commit: make them now (Django's constraints are all deferred)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for name, definition in indexes.items():
                cursor.execute(definition)
                cursor.execute(f"DELETE FROM {DROPPED} WHERE name = %s", [name])  # noqa: S608
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextlib.contextmanager
def bulk_indexing():
    """Within this block, ``add_bulk`` of Wagtail's PostgreSQL backend defers its title norms to
    the end and prepares each field once, and the index tables have no GIN indexes."""
    if connection.vendor != "postgresql":
        yield
        return
    from modelsearch.backends import get_search_backends
    from modelsearch.backends.database.postgres import postgres

    from portal.models import SearchText

    backends = [
        backend
        for backend in get_search_backends(with_auto_update=True)
        if isinstance(backend, postgres.PostgresSearchBackend)
    ]
    with contextlib.ExitStack() as stack:  # left in reverse order
        stack.enter_context(_without_gin_indexes([postgres.IndexEntry._meta.db_table, SearchText._meta.db_table]))
        if backends:  # once for the whole load, before the GIN indexes are built again
            stack.callback(postgres.PostgresIndex(backends[0])._refresh_title_norms)
        stack.enter_context(
            _patched(postgres, "ObjectIndexer", _caching_indexer(postgres.ObjectIndexer, postgres.IndexEntry))
        )
        stack.enter_context(_patched(postgres.PostgresIndex, "_refresh_title_norms", lambda self, full=False: None))
        yield


def _index_batch(queryset, pks):
    from modelsearch.backends import get_search_backends

    objects = list(queryset.filter(pk__in=pks).order_by("pk"))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(queryset.model, objects)
    return len(objects)


_FORKED = {}  # what the worker processes inherit (a queryset is not pickled: that would run it)


def _worker_batch(pks):
    return _index_batch(_FORKED["queryset"], pks)


def index_objects(queryset, batch_size=2000, workers=1):
    """Index the rows of ``queryset`` in every search backend that saving them would update,
    ``batch_size`` at a time. The queryset should load what the indexing reads (related rows:
    ``select_related``/``prefetch_related``), or each object costs queries of its own.

    With ``workers`` > 1 on PostgreSQL outside a transaction, the batches are shared among as
    many processes (forked, each with a connection of its own; the batches are disjoint, and
    every batch is written in its own statements, as one process would); in a transaction (the
    tests) the rows written so far are not visible to another connection, so one process."""
    import multiprocessing

    from django.db import connection, connections

    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    batches = [pks[start : start + batch_size] for start in range(0, len(pks), batch_size)]
    if workers <= 1 or len(batches) <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        return sum(_index_batch(queryset, batch) for batch in batches)
    connections.close_all()  # the children open their own, never the parent's socket
    _FORKED["queryset"] = queryset
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return sum(pool.imap_unordered(_worker_batch, batches))
    finally:
        _FORKED.clear()
