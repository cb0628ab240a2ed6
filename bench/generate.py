#!/usr/bin/env python3
"""Fill a database with a large site for the benchmark (not a test).

    DATABASE_URL=sqlite:///var/bench/bench.sqlite3 .venv/bin/python bench/generate.py [--scale 1.0]

Starts from the demo site (seed_demo) and adds, at scale 1: 20 bodies, 2,000 meetings, 40,000
agenda items (every fourth with two attachments), 20,000 documents, 500 news items, 100
contracts (with their reporting schedules), 10,000 papers (with their consultations) and 300
users; --scale 10 writes ten times as much. Everything
is written with multi-row INSERTs, pages too (``add_children`` computes the tree columns that
treebeard would, and ``check_tree`` lets treebeard verify the tree afterwards); then the new
pages, agenda items and documents are indexed for search in bulk. The documents share one small
stored file.
"""

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

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
    return " ".join(rng.choice(WORDS) for _ in range(n))


def document_text(rng, topics, n):
    """``n`` filler words with each of the document's topic words mixed in a few times."""
    text = [rng.choice(FILLER) for _ in range(n)] + list(topics) * 3
    rng.shuffle(text)
    return " ".join(text)


STARTED = time.monotonic()
CHUNK = 5000  # rows built in memory and written at a time


def log(message):
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def chunks(sequence, size=CHUNK):
    for start in range(0, len(sequence), size):
        yield sequence[start : start + size]


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


def index_for_search(model, label, prefetch=(), **filters):
    """Index the model's rows matching ``filters`` for search in every search backend (Wagtail's
    for the admin, the portal's folded index for the site search), 2,000 at a time (bulk inserts
    send no signals, so nothing indexed them). ``get_indexed_objects`` joins or prefetches the
    related fields the index reads (a document's tags), ``prefetch`` adds what a method reads."""
    from wagtail.search.backends import get_search_backends

    backends = list(get_search_backends())
    pks = list(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True))
    objects = model.get_indexed_objects().prefetch_related(*prefetch)
    for batch in chunks(pks, 2000):
        rows = list(objects.filter(pk__in=batch))
        for backend in backends:
            backend.add_bulk(model, rows)
    log(f"{len(pks)} {label} indexed for search")


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
        serials[date.year] = (
            serials.get(
                date.year, PaperCounter.objects.filter(year=date.year).values_list("last", flat=True).first() or 0
            )
            + 1
        )
        papers.append(
            Paper(
                year=date.year,
                serial=serials[date.year],
                kind=kinds[p % len(kinds)],
                title=f"Bench-Vorlage {words(rng, 6)}",
                date=date,
                originator_unit="Fachbereich 56",
                originator_organisation=organisations[p % len(organisations)] if p % 5 == 0 else None,
                audience=audiences[p % len(audiences)],
                text=words(rng, 80),
                proposal=words(rng, 20),
            )
        )
    with transaction.atomic():
        Paper.objects.bulk_create(papers, batch_size=1000)
        for year, last in serials.items():
            PaperCounter.objects.update_or_create(year=year, defaults={"last": last})
        consultations = []
        for p, paper in enumerate(papers):
            first = bodies[p % len(bodies)]
            item = items[p // 2] if p % 2 == 0 and p // 2 < len(items) else None
            consultations.append(
                Consultation(paper=paper, body=first, role=Consultation.Role.PRELIMINARY, sort_order=0)
            )
            consultations.append(
                Consultation(
                    paper=paper,
                    body_id=item[2] if item else first.pk,
                    role=Consultation.Role.DECISION,
                    meeting_id=item[1] if item else None,
                    agenda_item_id=item[0] if item else None,
                    sort_order=1,
                )
            )
        Consultation.objects.bulk_create(consultations, batch_size=CHUNK)
    log(f"{count} papers")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    n = {
        "bodies": max(1, round(20 * args.scale)),
        "meetings": max(1, round(2000 * args.scale)),
        "items_per_meeting": 20,
        "documents": max(1, round(20000 * args.scale)),
        "news": max(1, round(500 * args.scale)),
        "users": max(1, round(300 * args.scale)),
        "contracts": max(1, round(100 * args.scale)),
        "papers": max(1, round(10000 * args.scale)),
    }
    rng = random.Random(56)  # noqa: S311 - repeatable test data, not secrets
    call_command("migrate", "--noinput", verbosity=0)

    from documents.models import PortalDocument
    from home.models import NewsIndexPage, NewsPage
    from meetings.models import AgendaItem, AgendaItemAttachment, BodyPage, MeetingIndexPage, MeetingPage
    from portal.access import Audience
    from portal.models import Membership, Organisation, User

    if BodyPage.objects.filter(slug__startswith="bench-gremium-").exists():
        log("This database already holds the benchmark data; nothing to do.")
        return
    call_command("seed_demo", force=True, verbosity=0)
    log("demo site ready")

    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

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
    log(f"{len(users)} users")

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
    log(f"{len(bodies)} bodies, {len(meetings)} meetings")

    item_ids = []
    for batch in chunks(meetings, 250):
        with transaction.atomic():
            items = AgendaItem.objects.bulk_create(
                [
                    AgendaItem(
                        meeting=meeting,
                        sort_order=i,
                        title=f"TOP {i + 1}: {words(rng, 4)}",
                        public=bool(i % 4),
                        description=words(rng, 30),
                        minutes=words(rng, 40) if meeting.start < now else "",
                    )
                    for meeting in batch
                    for i in range(n["items_per_meeting"])
                ]
            )
        item_ids += [item.pk for item in items]
    log(f"{len(item_ids)} agenda items")

    stored = default_storage.save("documents/bench-beispiel.txt", ContentFile(b"Beispieldokument\n" * 20))
    audiences = [Audience.PUBLIC, Audience.PUBLIC, Audience.MEMBERS, Audience.ORGANISATION, Audience.BODY]
    document_ids = []
    for batch in chunks(range(n["documents"])):
        topics = {d: rng.sample(WORDS, 2) for d in batch}  # two topic words per document
        with transaction.atomic():
            documents = PortalDocument.objects.bulk_create(
                [
                    PortalDocument(
                        title=f"{' '.join(topics[d])} {d + 1}",
                        file=stored,
                        file_size=340,
                        audience=audiences[d % len(audiences)],
                        organisation=organisations[d % len(organisations)],
                        kind=rng.choice(PortalDocument.Kind.values),
                        description=document_text(rng, topics[d], 10),
                        published_date=(now - datetime.timedelta(days=d % 1500)).date(),
                        extracted_text=document_text(rng, topics[d], 200),
                    )
                    for d in batch
                ]
            )
        document_ids += [document.pk for document in documents]
    log(f"{len(document_ids)} documents")

    attachments = [
        AgendaItemAttachment(
            agenda_item_id=item_id, document_id=document_ids[(i * 7 + k) % len(document_ids)], sort_order=k
        )
        for i, item_id in enumerate(item_ids[::4])  # every fourth item has two attachments
        for k in range(2)
    ]
    with transaction.atomic():
        AgendaItemAttachment.objects.bulk_create(attachments, batch_size=CHUNK)
    log(f"{len(attachments)} attachments")

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
    log(f"{n['news']} news items")

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
    log(f"{n['contracts']} contracts")

    generate_papers(rng, n["papers"], bodies, organisations)

    check_tree()
    index_for_search(BodyPage, "bodies", pk__in=[body.pk for body in bodies])
    index_for_search(MeetingPage, "meetings", prefetch=["agenda_items"], body__in=bodies)
    index_for_search(NewsPage, "news items", slug__startswith="bench-meldung-")
    index_for_search(AgendaItem, "agenda items", meeting__body__in=bodies)
    index_for_search(PortalDocument, "documents", file=stored)
    from papers.models import Paper

    index_for_search(Paper, "papers", title__startswith="Bench-Vorlage")
    from django.db import connection

    with connection.cursor() as cursor:  # fresh planner statistics, as a running database has
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    log("done")


if __name__ == "__main__":
    main()
