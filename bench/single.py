#!/usr/bin/env python3
"""Single requests, one at a time (not a test): the median time of 20 and the SQL queries of
one request, per page and viewer, in a process of its own with the server's settings.

    MEDIA_ROOT=$PWD/var/bench/media .venv/bin/python scripts/with_postgres.py --keep var/bench/postgres \\
        .venv/bin/python bench/single.py [--profile PATH]

Fair on a busy machine too (no concurrency, the median of 20), where the wrk rows of
bench/run.py are not. Uses a throwaway Redis as the shared cache like bench/run.py (unless
--no-redis). With --profile, prints the cProfile of the request for PATH (cumulative time).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import BASE_DIR, MEMBER, environment, free_port, start_redis  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", help="a path to profile as the member")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-redis", action="store_true")
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
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from documents.models import DocumentLibraryPage
    from home.models import NewsPage
    from meetings.models import MeetingPage
    from portal.models import User

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
    }
    member = Client(HTTP_HOST="localhost")
    member.force_login(User.objects.get(email=MEMBER), backend="django.contrib.auth.backends.ModelBackend")
    viewers = {"anonymous": Client(HTTP_HOST="localhost"), "member": member}
    if args.profile:
        member.get(args.profile)
        profiler = cProfile.Profile()
        profiler.enable()
        member.get(args.profile)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        return
    print(f"| page | viewer | status | queries | median ms of {args.repeat} |")
    print("|---|---|---|---:|---:|")
    for name, path in pages.items():
        for who, client in viewers.items():
            if name == "member home" and who == "anonymous":
                continue
            client.get(path)  # warm the caches, as a running server has them
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            print(
                f"| {name} (`{path}`) | {who} | {response.status_code} | {len(queries)} "
                f"| {statistics.median(times):.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
