#!/usr/bin/env python3
"""Fill a database with a large site for the benchmark (not a test).

    DATABASE_URL=sqlite:///var/bench/bench.sqlite3 .venv/bin/python bench/generate.py [--scale 1.0]

Starts from the demo site (seed_demo) and adds, at scale 1: 20 bodies, 2,000 meetings, 40,000
agenda items (every fourth with two attachments), 20,000 documents, 500 news items, 100 contracts
(with their reporting schedules) and 300 users. Pages go through treebeard (Wagtail cannot
bulk-create pages); everything else uses bulk_create. The documents share one small stored file
and are indexed for search in bulk.
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


def log(message):
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


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
    }
    rng = random.Random(56)  # noqa: S311 - repeatable test data, not secrets
    call_command("migrate", "--noinput", verbosity=0)

    from documents.models import PortalDocument
    from home.models import NewsIndexPage, NewsPage
    from meetings.models import AgendaItem, BodyPage, MeetingIndexPage, MeetingPage
    from portal.access import Audience
    from portal.models import Membership, Organisation, User

    if BodyPage.objects.filter(slug__startswith="bench-gremium-").exists():
        log("This database already holds the benchmark data; nothing to do.")
        return
    call_command("seed_demo", force=True, verbosity=0)
    log("demo site ready")

    from allauth.account.models import EmailAddress

    organisations = list(Organisation.objects.filter(active=True))
    password = make_password(PASSWORD)
    User.objects.bulk_create(
        [
            User(email=f"bench{i:04d}@example.org", first_name="Bench", last_name=f"Person {i}", password=password)
            for i in range(n["users"])
        ]
    )
    users = list(User.objects.filter(email__startswith="bench").order_by("pk"))
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users])
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=organisations[i % len(organisations)]) for i, u in enumerate(users)]
    )
    from django.contrib.auth.models import Group

    Group.objects.get(name="Mitglieder").user_set.add(*users)
    log(f"{len(users)} users")

    index = MeetingIndexPage.objects.first()
    now = timezone.now()
    bodies = []
    for b in range(n["bodies"]):
        body = BodyPage(title=f"Arbeitsgruppe {b + 1}", slug=f"bench-gremium-{b + 1}", short_name=f"AG {b + 1}")
        index.add_child(instance=body)
        bodies.append(body)
    meetings = []
    with transaction.atomic():
        for m in range(n["meetings"]):
            body = bodies[m % len(bodies)]
            start = now + datetime.timedelta(days=m // len(bodies) * 7 - 400, hours=rng.randint(0, 8))
            meeting = MeetingPage(
                title=f"Sitzung {body.short_name} {m // len(bodies) + 1}",
                slug=f"sitzung-{m + 1}",
                start=start,
                end=start + datetime.timedelta(hours=2),
                location="Rathaus Hagen, Raum " + str(rng.randint(1, 30)),
                status="held" if start < now else "invited",
                audience=Audience.PUBLIC if m % 5 else Audience.BODY,
            )
            body.add_child(instance=meeting)
            meetings.append(meeting)
            if m % 500 == 499:
                log(f"{m + 1} meetings")
    log(f"{len(bodies)} bodies, {len(meetings)} meetings")

    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=meeting,
                sort_order=i,
                title=f"TOP {i + 1}: {words(rng, 4)}",
                public=bool(i % 4),
                description=words(rng, 30),
                minutes=words(rng, 40) if meeting.start < now else "",
            )
            for meeting in meetings
            for i in range(n["items_per_meeting"])
        ],
        batch_size=2000,
    )
    log(f"{AgendaItem.objects.count()} agenda items")

    stored = default_storage.save("documents/bench-beispiel.txt", ContentFile(b"Beispieldokument\n" * 20))
    audiences = [Audience.PUBLIC, Audience.PUBLIC, Audience.MEMBERS, Audience.ORGANISATION, Audience.BODY]
    topics = [rng.sample(WORDS, 2) for _ in range(n["documents"])]  # two topic words per document
    PortalDocument.objects.bulk_create(
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
            for d in range(n["documents"])
        ],
        batch_size=2000,
    )
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    documents = list(PortalDocument.objects.filter(file=stored))  # with their primary keys
    log(f"{len(documents)} documents; indexing them for search")
    for start in range(0, len(documents), 1000):
        backend.add_bulk(PortalDocument, documents[start : start + 1000])
    log("documents indexed")

    from meetings.models import AgendaItemAttachment

    item_ids = list(AgendaItem.objects.filter(meeting__in=meetings).order_by("pk").values_list("pk", flat=True))
    AgendaItemAttachment.objects.bulk_create(
        [
            AgendaItemAttachment(agenda_item_id=item_id, document=documents[(i * 7 + k) % len(documents)], sort_order=k)
            for i, item_id in enumerate(item_ids[::4])  # every fourth item has two attachments
            for k in range(2)
        ],
        batch_size=5000,
    )
    log(f"{AgendaItemAttachment.objects.count()} attachments")

    news_index = NewsIndexPage.objects.first()
    with transaction.atomic():
        for i in range(n["news"]):
            news = NewsPage(
                title=f"Meldung {i + 1}: {words(rng, 3)}",
                slug=f"bench-meldung-{i + 1}",
                date=(now - datetime.timedelta(days=i)).date(),
                teaser=words(rng, 25),
                audience=Audience.PUBLIC if i % 4 else Audience.MEMBERS,
            )
            news_index.add_child(instance=news)
    log(f"{n['news']} news items")

    from contracts.models import Contract, District, FundingProgramme, TargetGroup

    programme = FundingProgramme.objects.first()
    districts, target_groups = list(District.objects.all()), list(TargetGroup.objects.all())
    with transaction.atomic():
        for c in range(n["contracts"]):
            start = programme.start + datetime.timedelta(days=30 * (c % 12))
            contract = Contract(
                provider=organisations[c % len(organisations)],
                programme=programme,
                reference=f"56/BENCH/{c + 1:04d}",
                title=f"Fallmanagement {words(rng, 2)}",
                status=Contract.Status.ACTIVE,
                start=start,
                end=programme.end,
                positions=Decimal(rng.choice(["0.5", "1", "1.5", "2"])),
                positions_filled=Decimal("0.5"),
            )
            contract.districts.set(rng.sample(districts, k=min(2, len(districts))))
            contract.target_groups.set(target_groups)
            contract.save()  # a cluster: the many-to-many rows are written on save
            contract.ensure_schedule()
    log(f"{n['contracts']} contracts")
    from django.db import connection

    with connection.cursor() as cursor:  # fresh planner statistics, as a running database has
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    log("done")


if __name__ == "__main__":
    main()
