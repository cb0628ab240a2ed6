#!/usr/bin/env python3
"""Single requests, one at a time (not a test): the median time of 20 and the SQL queries of
one request, per page and viewer, in a process of its own with the server's settings.

    MEDIA_ROOT=$PWD/var/bench/media .venv/bin/python scripts/with_postgres.py --keep var/bench/postgres \\
        .venv/bin/python bench/single.py [--profile PATH]

Fair on a busy machine too (no concurrency, the median of 20), where the wrk rows of
bench/run.py are not. Uses a throwaway Redis as the shared cache like bench/run.py (unless
--no-redis). With --admin, the admin views of tests/portal/test_admin_scale.py as city staff instead.
With --profile, prints the cProfile of the request for PATH as the member (cumulative time).
With --only WORDS, just the pages whose name contains WORDS (e.g. --only "site search").

The site search rows: one term and one word beginning (warmed, as the other pages), and the
terms and word beginnings of bench/run.py (``SEARCH_TERMS``, ``SEARCH_PREFIXES``) each asked once,
not warmed: the median of those first requests is what a term no cache holds costs; its query
count is the highest of them.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (  # noqa: E402
    BASE_DIR,
    MEMBER,
    SEARCH_PREFIXES,
    SEARCH_TERMS,
    STAFF,
    environment,
    free_port,
    start_redis,
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", help="a path to profile as the member")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-redis", action="store_true")
    parser.add_argument("--admin", action="store_true", help="the admin views as city staff instead")
    parser.add_argument("--only", help="just the pages whose name contains this")
    args = parser.parse_args()
    redis = None
    env = environment(free_port())
    if not args.no_redis and not env.get("REDIS_URL"):
        redis, env["REDIS_URL"] = start_redis()
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    os.chdir(BASE_DIR)
    try:
        run(args)
    finally:
        if redis:
            redis.terminate()


def run(args):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from documents.models import DocumentLibraryPage
    from home.models import NewsPage
    from meetings.models import MeetingPage
    from portal.models import User

    call_command("collectstatic", "--noinput", verbosity=0)  # as scripts/serve.py does
    meeting = MeetingPage.objects.live().filter(audience="public", slug__startswith="sitzung-").order_by("-start")[0]
    news = NewsPage.objects.live().filter(audience="public").order_by("-date")[0]
    library = DocumentLibraryPage.objects.live()[0]
    pages = {
        "member home": "/mein-bereich/",
        "home": "/",
        "meeting calendar": "/sitzungen/",
        "meeting page": meeting.url,
        "news page": news.url,
        "document library search": library.url + "?q=Integration",
        "site search": "/suche/?q=Integration",
        "site search, word beginning": "/suche/?q=Wohnr",
        # the first request of each, so no cache answers it (see the docstring)
        f"site search, {len(SEARCH_TERMS + SEARCH_PREFIXES)} terms once each": [
            "/suche/?" + urlencode({"q": term}) for term in SEARCH_TERMS + SEARCH_PREFIXES
        ],
    }
    member = Client(HTTP_HOST="localhost")
    member.force_login(User.objects.get(email=MEMBER), backend="django.contrib.auth.backends.ModelBackend")
    viewers = {"anonymous": Client(HTTP_HOST="localhost"), "member": member}
    if args.admin:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        from documents.models import PortalDocument
        from tests.portal.test_admin_scale import views

        staff = User.objects.get(email=STAFF)
        if not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(staff, generate_totp_secret())
        viewers = {"staff": Client(HTTP_HOST="localhost")}
        viewers["staff"].force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
        document = PortalDocument.objects.filter(agenda_items__meeting=meeting).first()
        pages = {
            f"admin: {k}": v
            for k, v in views({"meeting": meeting, "body": meeting.body, "documents": [document]}).items()
        }
    if args.profile:
        member.get(args.profile)
        profiler = cProfile.Profile()
        profiler.enable()
        member.get(args.profile)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        return
    if args.only:
        pages = {name: path for name, path in pages.items() if args.only in name}
    print(f"| page | viewer | status | queries | bytes | median ms of {args.repeat} |")
    print("|---|---|---|---:|---:|---:|")
    for name, path in pages.items():
        for who, client in viewers.items():
            if name == "member home" and who == "anonymous":
                continue
            if isinstance(path, list):
                once_each(name, path, who, client, connection)
                continue
            client.get(path)  # warm the caches, as a running server has them
            queries = []

            def count(execute, sql, *args, queries=queries):
                queries.append(sql)
                return execute(sql, *args)

            with connection.execute_wrapper(count):
                response = client.get(path)
            size = len(response.content)
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            print(
                f"| {name} (`{path}`) | {who} | {response.status_code} | {len(queries)} | {size:,} "
                f"| {statistics.median(times):.1f} |",
                flush=True,
            )


def once_each(name, paths, who, client, connection):
    """One request for each of ``paths``, none warmed: the median time, the most queries."""
    times, counts, statuses = [], [], set()
    for path in paths:
        queries = []

        def count(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        counts.append(len(queries))
        statuses.add(response.status_code)
    print(
        f"| {name} (`/suche/?q=…`) | {who} | {'/'.join(map(str, sorted(statuses)))} | {max(counts)} | - "
        f"| {statistics.median(times):.1f} |",
        flush=True,
    )


if __name__ == "__main__":
    main()
