#!/usr/bin/env python3
"""How long the meeting pack (Sitzungsmappe) of a meeting with 20 PDF attachments takes to build
(not a test; the target of issue 16 is under 5 s on the benchmark data).

    MEDIA_ROOT=$PWD/var/bench/media .venv/bin/python scripts/with_postgres.py --keep var/bench/postgres \\
        .venv/bin/python bench/pack.py [--attachments 20] [--sections 4] [--items 20] [--repeat 3]

or against any database with a meeting (``DATABASE_URL=sqlite:///… bench/pack.py``, e.g. after
``manage.py seed_demo``). Takes the public meeting with the most agenda items (20 on the benchmark
data; fewer are topped up to --items), attaches --attachments generated PDFs of --sections sections
of about two pages each (headings, text and a table, as a Vorlage has) round-robin to its items,
and requests its pack through the view as a member of its Gremium (who reads everything): built
afresh --repeat times (the pack cache bypassed), then once built and once from the cache as a
running server has it. Everything it adds is rolled back; the generated files go to a temporary
folder that is removed at the end.
"""

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

WORDS = [
    *("Integration", "Zuwanderung", "Quartier", "Beratung", "Fallmanagement", "Träger", "Förderung"),
    *("Stelle", "Bericht", "Konzept", "Sprachkurs", "Wohnraum", "Unterbringung", "Ehrenamt", "Netzwerk"),
    *("Kooperation", "Haushalt", "Maßnahme", "Evaluation", "Ziel"),
]


def attachment_pdf(n, sections):
    """A PDF of ``sections`` sections (about two A4 pages each) rendered by WeasyPrint: headings,
    paragraphs and a table."""
    from weasyprint import HTML

    paragraph = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(180))
    rows = "".join(
        f"<tr><td>Position {r}</td><td>{r * 1234 + n} EUR</td><td>{WORDS[r % 20]}</td></tr>" for r in range(25)
    )
    body = "".join(
        f"<h2>Abschnitt {p + 1}</h2><p>{paragraph}</p><p>{paragraph}</p><table>{rows}</table>"
        f'<div style="break-after: page"></div>'
        for p in range(sections)
    )
    html = (
        f'<html lang="de"><head><title>Anlage {n + 1}</title></head><body><h1>Anlage {n + 1}</h1>{body}</body></html>'
    )
    return HTML(string=html).write_pdf()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--attachments", type=int, default=20)
    parser.add_argument("--sections", type=int, default=4, help="sections per attachment (about 2 pages each)")
    parser.add_argument("--items", type=int, default=20, help="agenda items the meeting gets at least")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    media = tempfile.mkdtemp(prefix="bench-pack-")
    try:
        run(args, media)
    finally:
        shutil.rmtree(media, ignore_errors=True)


def run(args, media):
    import django

    django.setup()
    from django.conf import settings
    from django.db import transaction
    from django.db.models import Count
    from django.test import Client, override_settings
    from pypdf import PdfReader

    from documents.models import PortalDocument
    from meetings import pack
    from meetings.models import AgendaItem, BodyMembership, MeetingPage
    from portal.models import Membership, Organisation, User

    meeting = (
        MeetingPage.objects.live()
        .filter(audience="public")
        .annotate(items=Count("agenda_items"))
        .order_by("-items", "-start")
        .first()
    )
    if meeting is None or not meeting.items:
        sys.exit("No public meeting with an agenda: run bench/generate.py (or manage.py seed_demo) first.")
    packs = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": f"{media}/packs"}
    with (
        override_settings(MEDIA_ROOT=Path(media), CACHES={**settings.CACHES, "meeting_packs": packs}),
        transaction.atomic(),
    ):
        count = meeting.items
        AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting, sort_order=n, title=f"Punkt {n + 1}", description=" ".join(WORDS), public=n % 4 > 0
            )
            for n in range(count, args.items)
        )
        items = list(AgendaItem.objects.filter(meeting=meeting).order_by("sort_order"))
        started = time.perf_counter()
        for n in range(args.attachments):
            document = PortalDocument.objects.create_from_bytes(
                f"Anlage {n + 1}", attachment_pdf(n, args.sections), f"anlage-{n + 1}.pdf", audience="public"
            )
            items[n % len(items)].attachments.add(document)
        print(f"{args.attachments} PDFs of {args.sections} sections attached in {time.perf_counter() - started:.1f} s")
        member = User.objects.create(email="bench-pack@example.org")
        organisation = Organisation.objects.filter(active=True).first()
        Membership.objects.create(user=member, organisation=organisation)
        BodyMembership.objects.create(body=meeting.body, user=member, organisation=organisation)
        client = Client(HTTP_HOST="localhost")
        client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
        url = f"/sitzungen/sitzung/{meeting.pk}/sitzungsmappe.pdf"

        kept = pack._kept
        pack._kept = lambda key, build: build()  # every request builds
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        pack._kept = kept
        reader = PdfReader(io.BytesIO(response.content))
        merged = sum(1 for item in reader.outline if isinstance(item, list) for o in item)
        print(
            f"meeting {meeting.pk} ({len(items)} items), {args.attachments} attachments: "
            f"{len(reader.pages)} pages, {len(response.content) / 1e6:.1f} MB, {merged} attachments in the outline"
        )
        print(
            f"built:  median {statistics.median(times):.2f} s of {args.repeat} ({', '.join(f'{t:.2f}' for t in times)})"
        )
        pack._cache().clear()
        for label in ("first request", "from the cache"):
            started = time.perf_counter()
            client.get(url)
            print(f"{label}: {time.perf_counter() - started:.2f} s")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
