#!/usr/bin/env python3
"""Fill a database with a large site for the benchmark (not a test).

    DATABASE_URL=sqlite:///var/bench/bench.sqlite3 .venv/bin/python bench/generate.py [--scale 1.0]

Starts from the demo site (seed_demo) and adds, at scale 1: 20 bodies, 2,000 meetings, 40,000
agenda items (every fourth with two attachments), 20,000 documents, 500 news items, 100
contracts (with their reporting schedules), 10,000 papers (with their consultations) and 300
users; --scale 10 writes ten times as much (`make bench-10`). Everything is written in bulk:
on PostgreSQL with COPY (``insert``), pages with multi-row INSERTs (``add_children`` computes
the tree columns that treebeard would, and ``check_tree`` verifies the tree afterwards); then
the new pages, agenda items, documents and papers are indexed for search in bulk, in Wagtail's
index and the site search's own, with the rows saving them would write (bench/search_bulk.py).
The documents share one small stored file. Each phase is timed; the last line sums them up.
"""

import argparse
import contextlib
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402
from django.apps import apps  # noqa: E402

if not apps.ready:  # run as a script (the tests import it with Django set up)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log: it costs time and memory for each of the many statements

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.search_bulk import bulk_indexing, index_objects  # noqa: E402

WORDS = [
    "Integration",
    "Zuwanderung",
    "Wohnraumsicherung",
    "Quartiersmanagement",
    "Unterbringung",
    "Beratung",
    "Sprachkurs",
    "Fallmanagement",
    "Kümmerergruppe",
    "Altenhagen",
    "Wehringhausen",
    "Haspe",
    "Bericht",
    "Konzept",
    "Statistik",
    "Haushalt",
    "Förderung",
    "Träger",
    "Caritas",
    "Diakonie",
    "AWO",
    "Paritätischer",
    "Jugendhilfe",
    "Schule",
    "Kita",
    "Arbeitsmarkt",
    "Gesundheit",
]
# Filler vocabulary (about 900 made-up compound words), so that a topic word occurs in a few
# percent of the documents, as in a real library, rather than in every one of them.
SYLLABLES = [
    "ver", "an", "be", "ge", "zu", "ung", "keit", "heit", "schaft", "amt", "plan", "stelle", "recht", "hilfe",
    "arbeit", "wohn", "stadt", "teil", "bezirk", "bürger", "kreis", "sozial", "fach", "dienst", "leistung",
    "antrag", "bescheid", "frist", "kosten", "mittel",
]  # fmt: skip
FILLER = [a + b for a in SYLLABLES for b in SYLLABLES if a != b]
PASSWORD = "Bench-Passwort-2026"


def words(rng, n):
    return " ".join(rng.choices(WORDS, k=n))


def document_text(rng, topics, n):
    """``n`` filler words with each of the document's topic words mixed in a few times (at
    random places: the filler words are drawn at random already, so no shuffle is needed)."""
    text = rng.choices(FILLER, k=n)
    for topic in list(topics) * 3:
        text.insert(rng.randrange(len(text) + 1), topic)
    return " ".join(text)


STARTED = time.monotonic()
CHUNK = 5000  # rows built in memory and written at a time


PHASES = {}  # name: seconds, in order
_LAP = [STARTED]


def log(message):
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


class phase:  # noqa: N801 - used as a context manager: ``with phase("documents"):``
    """Time a step of the generator; the summary at the end lists them."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.started = time.monotonic()

    def __exit__(self, *exc):
        PHASES[self.name] = PHASES.get(self.name, 0) + time.monotonic() - self.started
        _LAP[0] = time.monotonic()
        log(f"{self.name}: {PHASES[self.name]:.1f} s")


def lap(name, message):
    """Log ``message`` and count the time since the last phase or lap as phase ``name``."""
    now = time.monotonic()
    PHASES[name] = PHASES.get(name, 0) + now - _LAP[0]
    _LAP[0] = now
    log(f"{message} ({PHASES[name]:.1f} s)")


def chunks(sequence, size=CHUNK):
    for start in range(0, len(sequence), size):
        yield sequence[start : start + size]


def insert_values(model, rows):
    """Insert ``rows`` of ``model`` (dicts of the same plain values, str, int, bool, date or
    None, by field attname) and return their ids in order: ``bulk_create``, on PostgreSQL with
    COPY and without a model instance per row. The ids are taken from the table's sequence first
    (what bulk_create's RETURNING would hand back); the other fields are as a new instance has
    them, prepared once as ``save()`` prepares them. PostgreSQL reads COPY much faster than a
    multi-row INSERT of thousands of rows that it must parse."""
    from django.db import DEFAULT_DB_ALIAS, connections

    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql" or model._meta.parents:
        return [obj.pk for obj in model.objects.bulk_create([model(**row) for row in rows], batch_size=1000)]
    opts, quote, varying = model._meta, connection.ops.quote_name, list(rows[0])
    template = model(**rows[0])
    fixed = [field for field in opts.concrete_fields if not field.primary_key and field.attname not in varying]
    fixed_values = [field.get_db_prep_save(field.pre_save(template, True), connection) for field in fixed]
    columns = [opts.pk.column, *(field.column for field in fixed), *(opts.get_field(name).column for name in varying)]
    copy_sql = f"COPY {quote(opts.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        with cursor.cursor.copy(copy_sql) as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row([pk, *fixed_values, *row.values()])
    return ids


@contextlib.contextmanager
def keys_checked_at_the_end():
    """Within this block, PostgreSQL checks no foreign key row by row; at its end, every foreign
    key of every model is checked in one query over the whole table. Django's foreign keys are
    checked at the commit, one trigger and one locking look-up a row: for the papers'
    consultations that was most of the time. Needs a superuser (the benchmark's own cluster
    has one); without, the rows are checked as usual."""
    from django.apps import apps
    from django.db import DEFAULT_DB_ALIAS, connections

    connection = connections[DEFAULT_DB_ALIAS]
    superuser = False
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT current_setting('is_superuser')")
            superuser = cursor.fetchone()[0] == "on"
        if superuser:
            cursor.execute("SET session_replication_role = replica")  # no triggers: no row checks
    try:
        yield
    finally:
        if superuser:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
    if not superuser:
        return
    quote = connection.ops.quote_name
    with phase("foreign key checks"), connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            for field in model._meta.local_concrete_fields:
                if not (field.is_relation and field.db_constraint):
                    continue
                target = field.target_field
                table, column = quote(model._meta.db_table), quote(field.column)
                sql = (
                    f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS "  # noqa: S608 - quoted names
                    f"(SELECT 1 FROM {quote(target.model._meta.db_table)} r "
                    f"WHERE r.{quote(target.column)} = t.{column})"
                )
                cursor.execute(sql)
                missing = cursor.fetchone()[0]
                if missing:
                    sys.exit(f"{missing} rows of {model._meta.label} refer to no {target.model._meta.label}")


def add_children(parent, pages):
    """Append ``pages`` (unsaved instances of one page model) as the last children of ``parent``.

    What ``parent.add_child(instance=page)`` does one page at a time (a dozen queries each), in
    a few multi-row INSERTs: the treebeard columns (``path``, ``depth``, ``numchild``) and
    Wagtail's (``url_path``, ``draft_title``, content type, locale) are computed here, the
    ``wagtailcore_page`` rows are bulk-created, then the rows of the specific model's own table
    with the same primary keys, and the parent's ``numchild`` is raised once. No signals are
    sent (nor by ``bulk_create``): the caller indexes the pages for search. ``check_tree``
    verifies the result.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F
    from wagtail.models import Page

    model = type(pages[0])
    with transaction.atomic():
        parent = Page.objects.select_for_update().get(pk=parent.pk)  # current numchild and path
        last = parent.get_last_child()
        step = Page._str2int(last.path[-Page.steplen :]) if last else 0
        content_type = ContentType.objects.get_for_model(model)
        for page in pages:
            step += 1
            page.depth = parent.depth + 1
            page.path = Page._get_path(parent.path, page.depth, step)
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.draft_title = page.title
            page.content_type = content_type
            page.locale_id = parent.locale_id
        base_fields = [field.attname for field in Page._meta.concrete_fields]
        for batch in chunks(pages, 1000):
            bases = Page.objects.bulk_create([Page(**{name: getattr(p, name) for name in base_fields}) for p in batch])
            for page, base in zip(batch, bases, strict=True):
                page.id = page.page_ptr_id = base.pk
            # bulk_create refuses models with a parent table; _insert is what Model.save() uses
            # for the child table's row, here with many rows at once.
            model._base_manager._insert(batch, fields=model._meta.local_concrete_fields)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return pages


def check_tree():
    """Fail loudly unless the page tree is consistent: the checks of treebeard's
    ``Page.find_problems()`` (characters and length of each path, depth, orphans, numchild),
    made on one read of the tree rather than two queries per page."""
    from collections import Counter

    from wagtail.models import Page

    rows = list(Page.objects.values_list("pk", "path", "depth", "numchild"))
    paths = {path for _, path, _, _ in rows}
    children = Counter(path[: -Page.steplen] for _, path, _, _ in rows)
    problems = {"bad path": [], "orphans": [], "wrong depth": [], "wrong numchild": []}
    for pk, path, depth, numchild in rows:
        if set(path) - set(Page.alphabet) or len(path) % Page.steplen:
            problems["bad path"].append(pk)
        elif depth > 1 and path[: -Page.steplen] not in paths:
            problems["orphans"].append(pk)
        elif depth != len(path) // Page.steplen:
            problems["wrong depth"].append(pk)
        elif numchild != children[path]:
            problems["wrong numchild"].append(pk)
    if any(problems.values()):
        sys.exit("The page tree is broken: " + ", ".join(f"{k}: {v[:10]}" for k, v in problems.items() if v))
    log(f"page tree checked ({len(rows)} pages, no problems)")


def index_for_search(queryset, label):
    """Index ``queryset``'s rows for search in every backend that saving them would update
    (bulk inserts send no signals, so nothing indexed them), 2,000 at a time; the queryset
    loads what the indexing reads, so no object costs a query of its own."""
    with phase(f"index {label}"):
        count = index_objects(queryset, workers=os.cpu_count() or 1)
    log(f"{count} {label} indexed for search")


def generate_papers(rng, count, bodies, organisations):
    """Papers numbered as the app numbers them, every third one non-public, each with two
    consultations; about half on an agenda item of a benchmark meeting."""
    from meetings.models import AgendaItem
    from papers.models import Consultation, Paper, PaperCounter
    from portal.access import Audience

    items = list(
        AgendaItem.objects.filter(meeting__body__in=bodies).values_list("pk", "meeting_id", "meeting__body_id")[:count]
    )
    audiences = [Audience.PUBLIC, Audience.PUBLIC, Audience.MEMBERS, Audience.PUBLIC, Audience.BODY, Audience.STAFF]
    kinds = Paper.Kind.values
    today = datetime.date.today()
    papers, serials = [], {}
    for p in range(count):
        date = today - datetime.timedelta(days=(count - p) % 2500)
        if date.year not in serials:  # one query a year, not one a paper
            serials[date.year] = PaperCounter.objects.filter(year=date.year).values_list("last", flat=True).first() or 0
        serials[date.year] += 1
        papers.append(
            {
                "year": date.year,
                "serial": serials[date.year],
                "kind": kinds[p % len(kinds)],
                "title": f"Bench-Vorlage {words(rng, 6)}",
                "date": date,
                "originator_unit": "Fachbereich 56",
                "originator_organisation_id": organisations[p % len(organisations)].pk if p % 5 == 0 else None,
                "audience": str(audiences[p % len(audiences)]),
                "text": words(rng, 80),
                "proposal": words(rng, 20),
            }
        )
    preliminary, decision = str(Consultation.Role.PRELIMINARY), str(Consultation.Role.DECISION)
    with transaction.atomic():
        paper_ids = insert_values(Paper, papers)
        for year, last in serials.items():
            PaperCounter.objects.update_or_create(year=year, defaults={"last": last})
        consultations = []
        for p, paper_id in enumerate(paper_ids):
            first = bodies[p % len(bodies)]
            item = items[p // 2] if p % 2 == 0 and p // 2 < len(items) else None
            consultations.append(
                {
                    "paper_id": paper_id,
                    "body_id": first.pk,
                    "role": preliminary,
                    "meeting_id": None,
                    "agenda_item_id": None,
                    "sort_order": 0,
                }
            )
            consultations.append(
                {
                    "paper_id": paper_id,
                    "body_id": item[2] if item else first.pk,
                    "role": decision,
                    "meeting_id": item[1] if item else None,
                    "agenda_item_id": item[0] if item else None,
                    "sort_order": 1,
                }
            )
        insert_values(Consultation, consultations)
    lap("papers", f"{count} papers")


def counts(scale):
    """How many of each the generator writes at ``scale`` (1: the benchmark's usual size)."""
    return {
        "bodies": max(1, round(20 * scale)),
        "meetings": max(1, round(2000 * scale)),
        "items_per_meeting": 20,
        "documents": max(1, round(20000 * scale)),
        "news": max(1, round(500 * scale)),
        "users": max(1, round(300 * scale)),
        "contracts": max(1, round(100 * scale)),
        "papers": max(1, round(10000 * scale)),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    with phase("migrate"):
        call_command("migrate", "--noinput", verbosity=0)

    from django.db import connection

    from meetings.models import BodyPage

    with connection.cursor() as cursor:  # the mark of a finished run
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_generated (scale varchar(20) NOT NULL)")
        cursor.execute("SELECT scale FROM bench_generated")
        finished = cursor.fetchall()
    if finished:
        log(f"This database already holds the benchmark data (scale {finished[0][0]}); nothing to do.")
        return
    if BodyPage.objects.filter(slug__startswith="bench-gremium-").exists():
        written = written_data(counts(args.scale))
        if written is None:
            sys.exit(
                "This database holds benchmark data that was interrupted while it was written (or of another "
                "scale): remove the database (make bench: var/bench/postgres, make bench-10: var/bench10/postgres) "
                "and run again."
            )
        log("The benchmark data is written, its search indexing was not finished: indexing it again.")
        index(*written)
    else:
        with phase("demo site"):
            call_command("seed_demo", force=True, verbosity=0)
        generate(args.scale)

    with phase("vacuum analyze"), connection.cursor() as cursor:  # fresh planner statistics
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_generated (scale) VALUES (%s)", [f"{args.scale:g}"])
    total = time.monotonic() - STARTED
    log(f"done in {total:.0f} s: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in PHASES.items()))


def written_data(n):
    """What ``write`` returns, read from a database it wrote completely (the papers come last),
    or None."""
    from documents.models import PortalDocument
    from meetings.models import AgendaItem, BodyPage, MeetingPage
    from papers.models import Paper

    if Paper.objects.filter(title__startswith="Bench-Vorlage").count() != n["papers"]:
        return None
    bodies = list(BodyPage.objects.filter(slug__startswith="bench-gremium-").order_by("pk"))
    meetings = list(MeetingPage.objects.filter(body__in=bodies).order_by("pk"))
    item_ids = list(AgendaItem.objects.filter(meeting__body__in=bodies).order_by("pk").values_list("pk", flat=True))
    documents = PortalDocument.objects.filter(file__startswith="documents/bench-beispiel").order_by("pk")
    return bodies, meetings, item_ids, list(documents.values_list("pk", flat=True))


def generate(scale):
    """Add the benchmark data at ``scale`` to the demo site and index it for search; returns
    the ids of what it wrote, by kind."""
    _LAP[0] = time.monotonic()
    with keys_checked_at_the_end():
        bodies, meetings, item_ids, document_ids = write(counts(scale))
    return index(bodies, meetings, item_ids, document_ids)


def write(n):
    """Write the benchmark data (``n``: ``counts``); returns what the indexing needs."""
    rng = random.Random(56)  # noqa: S311 - repeatable test data, not secrets

    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    from documents.models import PortalDocument
    from home.models import NewsIndexPage, NewsPage
    from meetings.models import AgendaItem, AgendaItemAttachment, BodyPage, MeetingIndexPage, MeetingPage
    from portal.access import Audience
    from portal.models import Membership, Organisation, User

    organisations = list(Organisation.objects.filter(active=True))
    password = make_password(PASSWORD)
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(email=f"bench{i:04d}@example.org", first_name="Bench", last_name=f"Person {i}", password=password)
                for i in range(n["users"])
            ],
            batch_size=1000,
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users], batch_size=1000
        )
        Membership.objects.bulk_create(
            [Membership(user=u, organisation=organisations[i % len(organisations)]) for i, u in enumerate(users)],
            batch_size=1000,
        )
        Group.objects.get(name="Mitglieder").user_set.add(*users)
    lap("users", f"{len(users)} users")

    index = MeetingIndexPage.objects.first()
    now = timezone.now()
    bodies = add_children(
        index,
        [
            BodyPage(title=f"Arbeitsgruppe {b + 1}", slug=f"bench-gremium-{b + 1}", short_name=f"AG {b + 1}")
            for b in range(n["bodies"])
        ],
    )
    meetings_of = {body.pk: [] for body in bodies}
    for m in range(n["meetings"]):
        body = bodies[m % len(bodies)]
        start = now + datetime.timedelta(days=m // len(bodies) * 7 - 400, hours=rng.randint(0, 8))
        meetings_of[body.pk].append(
            MeetingPage(
                title=f"Sitzung {body.short_name} {m // len(bodies) + 1}",
                slug=f"sitzung-{m + 1}",
                body=body,
                start=start,
                end=start + datetime.timedelta(hours=2),
                location="Rathaus Hagen, Raum " + str(rng.randint(1, 30)),
                status="held" if start < now else "invited",
                audience=Audience.PUBLIC if m % 5 else Audience.BODY,
            )
        )
    meetings = [meeting for body in bodies for meeting in add_children(body, meetings_of[body.pk])]
    lap("bodies and meetings", f"{len(bodies)} bodies, {len(meetings)} meetings")

    item_ids = []
    for batch in chunks(meetings, 250):
        item_ids += insert_values(
            AgendaItem,
            [
                {
                    "meeting_id": meeting.pk,
                    "sort_order": i,
                    "title": f"TOP {i + 1}: {words(rng, 4)}",
                    "public": bool(i % 4),
                    "description": words(rng, 30),
                    "minutes": words(rng, 40) if meeting.start < now else "",
                }
                for meeting in batch
                for i in range(n["items_per_meeting"])
            ],
        )
    lap("agenda items", f"{len(item_ids)} agenda items")

    from wagtail.models import get_root_collection_id

    collection_id = get_root_collection_id()
    stored = default_storage.save("documents/bench-beispiel.txt", ContentFile(b"Beispieldokument\n" * 20))
    audiences = [Audience.PUBLIC, Audience.PUBLIC, Audience.MEMBERS, Audience.ORGANISATION, Audience.BODY]
    kinds = PortalDocument.Kind.values
    document_ids = []
    for batch in chunks(range(n["documents"])):
        topics = {d: rng.sample(WORDS, 2) for d in batch}  # two topic words per document
        document_ids += insert_values(
            PortalDocument,
            [
                {
                    "title": f"{' '.join(topics[d])} {d + 1}",
                    "file": stored,
                    "file_size": 340,
                    "collection_id": collection_id,  # its default is a query per document
                    "audience": str(audiences[d % len(audiences)]),
                    "organisation_id": organisations[d % len(organisations)].pk,
                    "kind": rng.choice(kinds),
                    "description": document_text(rng, topics[d], 10),
                    "published_date": (now - datetime.timedelta(days=d % 1500)).date(),
                    "extracted_text": document_text(rng, topics[d], 200),
                }
                for d in batch
            ],
        )
    lap("documents", f"{len(document_ids)} documents")

    attachments = [
        {"agenda_item_id": item_id, "document_id": document_ids[(i * 7 + k) % len(document_ids)], "sort_order": k}
        for i, item_id in enumerate(item_ids[::4])  # every fourth item has two attachments
        for k in range(2)
    ]
    insert_values(AgendaItemAttachment, attachments)
    lap("attachments", f"{len(attachments)} attachments")

    news_index = NewsIndexPage.objects.first()
    add_children(
        news_index,
        [
            NewsPage(
                title=f"Meldung {i + 1}: {words(rng, 3)}",
                slug=f"bench-meldung-{i + 1}",
                date=(now - datetime.timedelta(days=i)).date(),
                teaser=words(rng, 25),
                audience=Audience.PUBLIC if i % 4 else Audience.MEMBERS,
            )
            for i in range(n["news"])
        ],
    )
    lap("news items", f"{n['news']} news items")

    from contracts.models import Contract, ContractReport, District, FundingProgramme, TargetGroup

    programme = FundingProgramme.objects.first()
    districts, target_groups = list(District.objects.all()), list(TargetGroup.objects.all())
    contracts = []
    for c in range(n["contracts"]):
        positions = Decimal(rng.choice(["0.5", "1", "1.5", "2"]))
        contracts.append(
            Contract(
                provider=organisations[c % len(organisations)],
                programme=programme,
                reference=f"56/BENCH/{c + 1:04d}",
                title=f"Fallmanagement {words(rng, 2)}",
                status=Contract.Status.ACTIVE,
                start=programme.start + datetime.timedelta(days=30 * (c % 12)),
                end=programme.end,
                positions=positions,
                positions_filled=Decimal("0.5"),
                yearly_amount=(positions * programme.amount_per_position).quantize(Decimal("0.01")),  # as save()
            )
        )
    with transaction.atomic():
        Contract.objects.bulk_create(contracts, batch_size=1000)
        Contract.districts.through.objects.bulk_create(
            [
                Contract.districts.through(contract_id=contract.pk, district_id=district.pk)
                for contract in contracts
                for district in rng.sample(districts, k=min(2, len(districts)))
            ],
            batch_size=CHUNK,
        )
        Contract.target_groups.through.objects.bulk_create(
            [
                Contract.target_groups.through(contract_id=contract.pk, targetgroup_id=group.pk)
                for contract in contracts
                for group in target_groups
            ],
            batch_size=CHUNK,
        )
        # The reporting schedule, as ensure_schedule() writes it for a new contract.
        ContractReport.objects.bulk_create(
            [
                ContractReport(
                    contract=contract,
                    kind=ContractReport.Kind.NARRATIVE,
                    period_start=first,
                    period_end=last,
                    due_date=last + datetime.timedelta(days=contract.report_due_days),
                )
                for contract in contracts
                for first, last in contract.schedule_periods()
            ],
            batch_size=CHUNK,
        )
    lap("contracts", f"{n['contracts']} contracts")

    generate_papers(rng, n["papers"], bodies, organisations)
    return bodies, meetings, item_ids, document_ids


def index(bodies, meetings, item_ids, document_ids):
    """Index what ``write`` wrote for search; returns the ids of what it wrote, by kind."""
    from documents.models import PortalDocument
    from home.models import NewsPage
    from meetings.models import AgendaItem, BodyPage, MeetingPage
    from papers.models import Paper

    with phase("check tree"):
        check_tree()
    news = NewsPage.objects.filter(slug__startswith="bench-meldung-")
    papers = Paper.objects.filter(title__startswith="Bench-Vorlage")
    with bulk_indexing():
        index_for_search(BodyPage.get_indexed_objects().filter(pk__in=[body.pk for body in bodies]), "bodies")
        index_for_search(
            MeetingPage.get_indexed_objects()
            .filter(body__in=bodies)
            .select_related("minutes_record")
            .prefetch_related("agenda_items"),
            "meetings",
        )
        index_for_search(NewsPage.get_indexed_objects().filter(pk__in=news), "news items")
        index_for_search(
            AgendaItem.get_indexed_objects().filter(meeting__body__in=bodies).select_related("meeting__minutes_record"),
            "agenda items",
        )
        index_for_search(PortalDocument.get_indexed_objects().filter(pk__in=document_ids), "documents")
        index_for_search(Paper.get_indexed_objects().filter(pk__in=papers), "papers")
    return {
        "bodies": [body.pk for body in bodies],
        "meetings": [meeting.pk for meeting in meetings],
        "agenda items": item_ids,
        "documents": document_ids,
        "news items": list(news.values_list("pk", flat=True)),
        "papers": list(papers.values_list("pk", flat=True)),
    }


if __name__ == "__main__":
    main()
