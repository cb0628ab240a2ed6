#!/usr/bin/env python3
"""Load benchmark (not a test): serve the large site with `make serve` and measure it with wrk.

    make bench     # PostgreSQL in var/bench/postgres, generated once by bench/generate.py
    make bench-10  # the same at ten times the data, in var/bench10/postgres
    .venv/bin/python bench/run.py [--duration 15] [--connections 8] [--no-redis] [--scale-label 10]
    .venv/bin/python bench/run.py --compare   # only the comparison of the two scales

Starts scripts/serve.py (what `make serve` runs) on a free port with the benchmark database
(DATABASE_URL, else var/bench/bench.sqlite3) and, unless --no-redis or REDIS_URL is set, a
redis-server of its own on loopback as the shared cache. Logs a member in (session cookie
made with Django's test client), warms every URL once, then runs wrk with 8 connections on 2
threads for each URL, anonymous and as the member, plus the floor: a small static file from
the same server. Writes the table into bench/RESULTS.md between the "results" markers and
keeps the rest of the file (the findings). With ``--scale-label 10`` the table goes into a
section of its own ("results at scale 10"), and whenever both sections are there the comparison
table lists, per row, p95 at scale 1 and at scale 10, their ratio and whether it is within
``SCALE_TARGET``.

wrk and redis-server come from Debian (`make bench-deps` installs them with apt-get).
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
SECRET_KEY = "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
MEMBER = "bench0001@example.org"
STAFF = "leitung@example.org"  # city staff (Fachbereichsleitung) from the demo site


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(port):
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}")
    env.setdefault("MEDIA_ROOT", str(BENCH_DIR / "media"))
    env.update(
        {
            "SECRET_KEY": SECRET_KEY,
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "PORT": str(port),
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "LOG_LEVEL": "WARNING",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        }
    )
    return env


def start_redis():
    """A throwaway redis-server on loopback; returns (process, url)."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(BENCH_DIR),
        ],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return process, f"redis://127.0.0.1:{port}/0"


def wait_until_up(base, process, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("The server stopped before it answered.")
        try:
            urllib.request.urlopen(base + "/robots.txt", timeout=5)  # noqa: S310 - our own loopback server
            return
        except (urllib.error.URLError, OSError):
            time.sleep(1)
    sys.exit("The server did not answer in time.")


def django_facts(env):
    """Session cookies of a member and of city staff (TOTP set up, as the admin requires), the
    URLs to measure and the amount of data, read with the server's settings."""
    code = f"""
import json, django
django.setup()
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client
from home.models import NewsPage
from meetings.models import AgendaItem, MeetingPage
from documents.models import DocumentLibraryPage, PortalDocument
from papers.models import Paper
from portal.models import User
from tests.portal.test_admin_scale import views

def session(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return f"{{settings.SESSION_COOKIE_NAME}}={{client.cookies[settings.SESSION_COOKIE_NAME].value}}"

staff = User.objects.get(email={STAFF!r})
if not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists():
    TOTP.activate(staff, generate_totp_secret())
meeting = MeetingPage.objects.live().filter(audience="public", slug__startswith="sitzung-").order_by("-start").first()
library = DocumentLibraryPage.objects.live().first()
news = NewsPage.objects.live().filter(audience="public").order_by("-date").first()
paper = Paper.objects.filter(audience="public", consultations__agenda_item__isnull=False).order_by("-pk").first()
document = PortalDocument.objects.filter(agenda_items__meeting=meeting).first()
admin = views({{"meeting": meeting, "body": meeting.body, "documents": [document]}})
print(json.dumps({{
    "cookie": session(User.objects.get(email={MEMBER!r})), "staff_cookie": session(staff),
    "meeting": meeting.url, "library": library.url, "news": news.url, "admin": list(admin.items()),
    "paper": paper.get_absolute_url(),
    "data": {{
        "meetings": MeetingPage.objects.count(), "agenda items": AgendaItem.objects.count(),
        "documents": PortalDocument.objects.count(), "users": User.objects.count(),
    }},
}}))
"""
    env = {**env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"}
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def smallest_static_file():
    manifest = json.loads((BASE_DIR / "var" / "static" / "staticfiles.json").read_text())["paths"]
    candidates = [
        (os.path.getsize(BASE_DIR / "var" / "static" / hashed), "/static/" + hashed)
        for name, hashed in manifest.items()
        if name.startswith(("css/", "img/")) and (BASE_DIR / "var" / "static" / hashed).exists()
    ]
    return min(candidates)[1]


# A member's searches vary: the site search rows ask for these in turn (words of the generated
# documents and agenda items: topic words, inflections, umlaut spellings, filler compounds, two
# words, and compounds whose parts the texts hold apart), not one term over and over.
SEARCH_TERMS = [
    "Integration", "Zuwanderung", "Wohnraumsicherung", "Quartiersmanagement", "Unterbringung",
    "Beratungen", "Sprachkurse", "Fallmanagement", "Kuemmerergruppe", "Altenhagen", "Wehringhausen",
    "Berichte", "Konzept", "Statistik", "Haushalt", "Foerderung", "Jugendhilfe", "Gesundheit",
    "Stadtteilplanung", "Bürgeramt", "Integration Haspe", "Beratung Altenhagen", "Wohndienst", "Caritas",
]  # fmt: skip
# Word beginnings, as typed before the word is finished.
SEARCH_PREFIXES = ["Wohnr", "Integr", "Quart", "Kümm", "Wehri", "Sprachk", "Fallm", "Unterb", "Gesundh", "Stadtt"]


def rotating_script(prefix, terms):
    """A wrk script that asks for ``prefix`` + each term in turn (each thread from another
    place in the list) and reports like bench/percentiles.lua."""
    from urllib.parse import quote

    paths = ", ".join(json.dumps(prefix + quote(term)) for term in terms)
    script = BENCH_DIR / f"rotate-{abs(hash((prefix, *terms)))}.lua"
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    script.write_text(
        f"paths = {{{paths}}}\n"
        "local threads = 0\n"
        "setup = function(thread) thread:set('first', threads * 7); threads = threads + 1 end\n"
        "init = function(args) i = first or 0 end\n"
        "request = function() i = i % #paths + 1; return wrk.format(nil, paths[i]) end\n"
        + (BASE_DIR / "bench" / "percentiles.lua").read_text()
    )
    return script


def wrk(url, duration, connections, cookie=None, script=None):
    command = [
        shutil.which("wrk") or "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script or BASE_DIR / "bench" / "percentiles.lua"),
        "-H",
        "Accept-Encoding: gzip",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return json.loads([line for line in out.splitlines() if line.startswith("{")][-1])


def status(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, response.headers.get("X-Page-Cache", "")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return "timeout", ""


def oparl_meeting_list(base):
    """Path of the first body's OParl meeting list, or None without the OParl API."""
    from urllib.parse import urlsplit

    try:
        with urllib.request.urlopen(base + "/oparl/v1.1/body/", timeout=60) as response:  # noqa: S310
            bodies = json.load(response)["data"]
        return urlsplit(bodies[0]["meeting"]).path
    except (OSError, ValueError, KeyError, IndexError):
        return None


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem = next((line.split()[1] for line in meminfo if line.startswith("MemTotal")), "0")
    load = Path("/proc/loadavg").read_text().split()[:3]
    return f"{os.cpu_count()} cores ({cpu}), {int(mem) // 1024} MiB RAM, load before the run {' '.join(load)}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--no-redis", action="store_true", help="page cache in files, no shared cache")
    parser.add_argument(
        "--scale-label", default="1", help="the data's scale (bench/generate.py --scale): 1 or 10, its own section"
    )
    parser.add_argument("--compare", action="store_true", help="only write the comparison of the scales' sections")
    args = parser.parse_args()
    if args.compare:
        print(write_comparison())
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: make bench-deps (apt-get install wrk).")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = environment(port)
    redis = None
    if not args.no_redis and not env.get("REDIS_URL"):
        if not shutil.which("redis-server"):
            sys.exit("redis-server is missing: make bench-deps, or run with --no-redis.")
        redis, env["REDIS_URL"] = start_redis()
    setup = {
        "database": "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite",
        "cache": "Redis (sessions, rate limits, page cache)" if env.get("REDIS_URL") else "page cache in files",
    }
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, str(BASE_DIR / "scripts" / "serve.py")], cwd=BASE_DIR, env=env
    )
    try:
        wait_until_up(base, server)
        facts = django_facts(env)
        cookie = facts["cookie"]
        pages = [
            ("home", "/"),
            ("meeting calendar", "/sitzungen/"),
            ("meeting page", facts["meeting"]),
            ("document library search", facts["library"] + "?q=Integration"),
            ("site search", "/suche/?q=Integration"),
            ("site search, word beginning", "/suche/?q=Wohnr"),
            (f"site search, {len(SEARCH_TERMS)} terms in turn", "/suche/?q=", SEARCH_TERMS),
            (f"site search, {len(SEARCH_PREFIXES)} word beginnings in turn", "/suche/?q=", SEARCH_PREFIXES),
            ("news page", facts["news"]),
            ("RSS feed", "/feeds/nachrichten.rss"),
            ("paper list", "/vorlagen/"),
            ("paper page", facts["paper"]),
            ("register of decisions", "/beschluesse/"),
        ]
        oparl = oparl_meeting_list(base)
        if oparl:
            pages.append(("OParl meeting list", oparl))
        floor_url = smallest_static_file()
        machine_line = machine()
        rows = []
        floor = wrk(base + floor_url, args.duration, args.connections)
        rows.append(("static file (floor)", floor_url, "-", floor))
        print("floor", floor, flush=True)
        for who, who_cookie in (("anonymous", None), ("member", cookie)):
            for name, path, *terms in pages:
                script = rotating_script(path, terms[0]) if terms else None
                first = path + (terms[0][0] if terms else "")
                code, cache = status(base + first, who_cookie)  # warm up (fills the page cache)
                if code != "timeout":
                    code, cache = status(base + first, who_cookie)
                url = base + (first if terms else path)  # a rotating script sets its own paths
                result = wrk(url, args.duration, args.connections, who_cookie, script)
                result["first_status"] = code
                result["cache"] = "varies" if terms else cache or "-"
                rows.append((name, path + ("…" if terms else ""), who, result))
                print(who, name, code, cache, result, flush=True)
        for name, path in facts["admin"]:  # the admin, as city staff
            code, _ = status(base + path, facts["staff_cookie"])
            result = wrk(base + path, args.duration, args.connections, facts["staff_cookie"])
            result["first_status"], result["cache"] = code, "-"
            rows.append((f"admin: {name}", path, "staff", result))
            print("staff", name, code, result, flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if redis:
            redis.terminate()
    write_results(rows, floor, machine_line, args, setup, facts["data"])
    print(write_comparison())


RESULTS = BASE_DIR / "bench" / "RESULTS.md"
MARKERS = ("<!-- results: written by bench/run.py -->", "<!-- end of results -->")
COMPARISON_MARKERS = ("<!-- scale comparison: written by bench/run.py -->", "<!-- end of scale comparison -->")
SCALE_TARGET = 1.3  # p95 at scale 10 at most this many times p95 at scale 1


def markers(label):
    """The markers of a scale's results section (scale 1 keeps the file's original ones)."""
    if label == "1":
        return MARKERS
    return (f"<!-- results at scale {label}: written by bench/run.py -->", f"<!-- end of results at scale {label} -->")


def replace_section(text, section_markers, body, heading, follows=MARKERS[1]):
    """``text`` with ``body`` between the markers; a section not there yet is added under
    ``heading`` after the section that ends with ``follows`` (the scale-1 results)."""
    start, end = section_markers
    if start not in text:
        if follows in text:
            before, after = text.split(follows, 1)
            text = f"{before}{follows}\n\n{heading}\n\n{start}\n{end}{after}"
        else:
            text = f"{text.rstrip()}\n\n{heading}\n\n{start}\n{end}\n"
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    return before + start + "\n" + body + "\n" + end + after


def section_rows(text, label):
    """{(page, viewer): p95 ms} of a scale's results table in ``text``."""
    start, end = markers(label)
    if start not in text:
        return {}
    rows = {}
    for line in text.split(start, 1)[1].split(end, 1)[0].splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 10 or not cells[7].replace(".", "", 1).isdigit():
            continue  # the header, its rule, the lists
        page = cells[0].split(" (`", 1)[0]  # without the path: ids differ between the scales
        rows[(page, cells[1])] = float(cells[7])
    return rows


def comparison_lines(small, large, label="10"):
    """Per row of both tables: p95 at scale 1 and at scale ``label``, the ratio and the verdict."""
    lines = [
        f"| page | viewer | p95 ms at scale 1 | p95 ms at scale {label} | ratio | within {SCALE_TARGET}× |",
        "|---|---|---:|---:|---:|---|",
    ]
    met = 0
    for key, p95 in small.items():
        if key not in large:
            continue
        ratio = large[key] / p95 if p95 else float("inf")
        ok = ratio <= SCALE_TARGET
        met += ok
        lines.append(
            f"| {key[0]} | {key[1]} | {p95:.1f} | {large[key]:.1f} | {ratio:.2f} | {'met' if ok else '**missed**'} |"
        )
    compared = len(lines) - 2
    missing = sorted({*small, *large} - (small.keys() & large.keys()))
    lines += ["", f"Scale {label} within {SCALE_TARGET}× of scale 1 (p95): {met} of {compared} rows met."]
    if missing:
        lines.append("Rows in one table only: " + ", ".join(f"{page} ({who})" for page, who in missing) + ".")
    return lines


def write_comparison(label="10"):
    """Write the comparison of the scale-1 and scale-``label`` tables into RESULTS.md; returns it."""
    text = RESULTS.read_text() if RESULTS.exists() else ""
    small, large = section_rows(text, "1"), section_rows(text, label)
    if not small or not large:
        return f"No comparison: bench/RESULTS.md needs the results at scale 1 and at scale {label}."
    body = "\n".join(comparison_lines(small, large, label))
    heading = f"## Scale 1 against scale {label} (written by `bench/run.py`)"
    RESULTS.write_text(replace_section(text, COMPARISON_MARKERS, body, heading, follows=markers(label)[1]))
    return body


def write_results(rows, floor, machine_line, args, setup, data):
    lines = [
        f"- date: {datetime.datetime.now():%Y-%m-%d %H:%M}",
        f"- machine: {machine_line}; Python {platform.python_version()}",
        f"- load: wrk, 2 threads, {args.connections} connections, {args.duration} s per URL, gzip accepted",
        f"- server: `make serve` (gunicorn, sync workers, 2 x cores + 1), {setup['database']}, {setup['cache']}",
        f"- data: bench/generate.py --scale {args.scale_label}: "
        + ", ".join(f"{count:,} {kind}" for kind, count in data.items()),
        "",
        "| page | viewer | status | page cache | req/s | vs floor | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, path, who, r in rows:
        ratio = r["rps"] / floor["rps"] if floor["rps"] else 0
        lines.append(
            f"| {name} (`{path}`) | {who} | {r.get('first_status', 200)} | {r.get('cache', '-')} | {r['rps']:.0f} "
            f"| {ratio:.0%} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} |"
        )
    lines += ["", "Targets in this run:", ""]
    cached = [r for _, _, who, r in rows if who == "anonymous" and r["cache"] == "hit"]
    member = [r for _, _, who, r in rows if who == "member"]
    oparl = [r for name, _, _, r in rows if name.startswith("OParl")]
    low = min((r["rps"] / floor["rps"] for r in cached), default=0)
    slowest_member = max((r["p95"] for r in member), default=0)
    slowest_oparl = max((r["p95"] for r in oparl), default=0)
    errors = sum(r["errors"] for _, _, _, r in rows)
    anonymous_rate = {name: r["rps"] for name, _, who, r in rows if who == "anonymous" and r["cache"] == "hit"}
    member_share = sorted(
        (r["rps"] / anonymous_rate[name], name)
        for name, _, who, r in rows
        if who == "member" and r["cache"] != "hit" and anonymous_rate.get(name)
    )
    searches = [(r["p95"], name) for name, _, who, r in rows if who == "member" and name.startswith("site search")]
    admin = [(r["p95"], name) for name, _, who, r in rows if who == "staff"]
    admin_failed = [name for name, _, who, r in rows if who == "staff" and r["first_status"] != 200]

    def verdict(ok):
        return "met" if ok else "**missed**"

    lines += [
        f"- anonymous cached pages at least 50 % of the static-file rate: lowest {low:.0%}, {verdict(low >= 0.5)}",
        f"- member pages p95 under 150 ms: highest {slowest_member:.0f} ms, {verdict(slowest_member < 150)}",
        f"- OParl list pages p95 under 100 ms: highest {slowest_oparl:.0f} ms, "
        f"{verdict(oparl and slowest_oparl < 100)}",
        f"- zero errors: {errors}, {verdict(errors == 0)}",
    ]
    if searches:
        p95, name = max(searches)
        lines.append(
            f"- a member's site search p95 under 150 ms (one term, word beginnings, terms in turn): "
            f"highest {p95:.0f} ms ({name}), {verdict(p95 < 150)}"
        )
    if member_share:
        share, name = member_share[0]
        lines.append(
            f"- member pages at least 25 % of the anonymous cached rate of the same page: lowest {share:.0%} "
            f"({name}), {verdict(share >= 0.25)}"
        )
    if admin:
        p95, name = max(admin)
        lines.append(
            f"- admin pages answer 200 for city staff: {len(admin) - len(admin_failed)} of {len(admin)}"
            f"{' (not: ' + ', '.join(admin_failed) + ')' if admin_failed else ''}, {verdict(not admin_failed)}; "
            f"slowest p95 {p95:.0f} ms ({name})"
        )
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    heading = f"## Results at scale {args.scale_label} (written by `bench/run.py --scale-label {args.scale_label}`)"
    RESULTS.write_text(replace_section(text, markers(args.scale_label), "\n".join(lines), heading))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
