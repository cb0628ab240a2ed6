"""The production setup on loopback for the fault suite (`make test-faults`): PostgreSQL from
scripts/with_postgres.py, Redis, an SMTP sink and two gunicorn app servers sharing them, a task
worker when a scenario needs one, and a bounded load loop against 127.0.0.1."""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import redis
import requests

from tests import servers
from tests.faults.sink import SMTPSink

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
SUMMARY_DIR = Path(os.environ.get("FAULTS_SUMMARY_DIR", servers.BASE_DIR / "var" / "faults"))
MEMBER = "mitglied@caritas.example.org"
ORG_ADMIN = "leitung@caritas.example.org"
EDITOR = "redaktion@stadt.example.org"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NEW_TITLE = "Startseite nach der Veröffentlichung"
SETUP = f"""
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from wagtail.models import Page
from portal.models import Membership, Organisation, User

org = Organisation.objects.create(name="Caritas Hagen", short_name="Caritas")

def person(email, role="member", group=None):
    user = User.objects.create_user(email=email, password={servers.PASSWORD!r}, first_name="Erika", last_name="Muster")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    else:
        Membership.objects.create(user=user, organisation=org, role=role)
    return user

person({MEMBER!r})
person({ORG_ADMIN!r}, role="admin")
TOTP.activate(person({EDITOR!r}, group="Fachbereichsleitung"), {TOTP_SECRET!r})
home = Page.objects.get(depth=2).specific
home.title = {NEW_TITLE!r}
home.save_revision()  # a draft, published during the test through one app server
print(org.pk, home.pk)
"""


def require_postgres():
    missing = [name for name in ("POSTGRES_PG_CTL", "POSTGRES_DATA", "POSTGRES_OPTIONS") if not os.environ.get(name)]
    if missing or not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.fail("The fault suite runs through `make test-faults` (scripts/with_postgres.py starts PostgreSQL).")


class Postgres:
    """The cluster scripts/with_postgres.py started; stopped and started on the same port."""

    def __init__(self):
        require_postgres()
        user = os.environ.get("POSTGRES_RUN_AS")
        self.prefix = ["runuser", "-u", user, "--"] if user else []
        self.ctl = [*self.prefix, os.environ["POSTGRES_PG_CTL"], "-D", os.environ["POSTGRES_DATA"]]

    def stop(self):
        subprocess.run([*self.ctl, "-m", "fast", "-w", "stop"], check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    def start(self):
        log = os.environ.get("POSTGRES_LOG", "/dev/null")
        command = [*self.ctl, "-l", log, "-w", "start", "-o", os.environ["POSTGRES_OPTIONS"]]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


class Redis:
    def __init__(self, folder):
        self.port = servers.free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = folder
        self.process = None

    def start(self):
        command = [
            REDIS_SERVER,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(self.folder),
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603
        client = redis.Redis.from_url(self.url)
        for _ in range(200):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Stack:
    def __init__(self, folder, env, postgres, redis_server, sink, org_pk, home_pk):
        self.folder, self.env = folder, env
        self.postgres, self.redis, self.sink = postgres, redis_server, sink
        self.org_pk, self.home_pk = org_pk, home_pk
        self.apps = []
        self.logs = []

    def start_apps(self):
        for name in ("a", "b"):
            log = open(self.folder / f"gunicorn-{name}.log", "w")  # noqa: SIM115
            self.logs.append(log)
            self.apps.append(servers.AppServer(self.env, workers=2, log=log))

    def worker_booted(self):
        """How often gunicorn (re)started a worker, over both app servers."""
        return sum((self.folder / f"gunicorn-{n}.log").read_text().count("Booting worker") for n in ("a", "b"))

    def manage(self, *args, check=True):
        return servers.manage(self.env, *args, check=check)

    def shell(self, code):
        output = self.manage("shell", "-c", code).stdout.strip()
        return output.splitlines()[-1] if output else ""

    def task_worker(self, worker_id):
        command = [sys.executable, str(servers.BASE_DIR / "manage.py"), "db_worker", "--worker-id", worker_id]
        command += ["--interval", "0.5", "--no-startup-delay"]
        log = open(self.folder / f"worker-{worker_id}.log", "a")  # noqa: SIM115
        self.logs.append(log)
        return subprocess.Popen(command, env=self.env, cwd=servers.BASE_DIR, stdout=log, stderr=log)  # noqa: S603

    def manage_process(self, *args):
        command = [sys.executable, str(servers.BASE_DIR / "manage.py"), *args]
        return subprocess.Popen(command, env=self.env, cwd=servers.BASE_DIR, stdout=subprocess.DEVNULL)  # noqa: S603

    def member_session(self, email=MEMBER, app=None):
        browser = requests.Session()
        response = servers.login(browser, (app or self.apps[0]).url, email)
        assert response.status_code == 302, (response.status_code, response.text[:3000])
        return browser

    def close(self):
        for app in self.apps:
            app.stop()
        for log in self.logs:
            log.close()


def kill(process):
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        kill(process)


def wait_for(condition, timeout, interval=0.1):
    """Seconds until ``condition()`` was true; fails after ``timeout`` seconds."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not reached within {timeout} s: {condition.__doc__ or condition}")
        time.sleep(interval)
    return time.monotonic() - start


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    postgres = Postgres()
    folder = tmp_path_factory.mktemp("faults")
    redis_server = Redis(folder)
    redis_server.start()
    sink = SMTPSink()
    sink.start()
    env = servers.production_env(
        folder,
        os.environ["DATABASE_URL"],
        DJANGO_SETTINGS_MODULE="tests.faults.settings",
        REDIS_URL=redis_server.url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
        EMAIL_TIMEOUT="30",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    servers.manage(env, "migrate", "--noinput")
    org_pk, home_pk = (int(x) for x in servers.manage(env, "shell", "-c", SETUP).stdout.split()[-2:])
    stack = Stack(folder, env, postgres, redis_server, sink, org_pk, home_pk)
    try:
        stack.start_apps()
        yield stack
    finally:
        stack.close()
        sink.stop()
        redis_server.stop()


class Load(threading.Thread):
    """A bounded load: GETs on the targets in turn, at most ``max_requests`` and ``max_seconds``,
    against 127.0.0.1 only. Each response is recorded with the time it was sent."""

    def __init__(self, targets, max_requests=2000, max_seconds=90, pause=0.05):
        super().__init__(daemon=True)
        self.targets = targets  # (name, url, cookies)
        self.max_requests, self.max_seconds, self.pause = max_requests, max_seconds, pause
        self.records = []
        self.halt = threading.Event()
        self.t0 = time.monotonic()

    def run(self):
        while len(self.records) < self.max_requests and time.monotonic() - self.t0 < self.max_seconds:
            for name, url, cookies in self.targets:
                if self.halt.is_set():
                    return
                sent = time.monotonic()
                try:
                    response = requests.get(url, cookies=cookies, allow_redirects=False, timeout=10)
                    status, text, cache = response.status_code, response.text, response.headers.get("X-Page-Cache", "")
                    retry_after = response.headers.get("Retry-After")
                except requests.RequestException as error:
                    status, text, cache, retry_after = "connection-error", str(error), "", None
                self.records.append(
                    {
                        "t": sent - self.t0,
                        "name": name,
                        "status": status,
                        "seconds": time.monotonic() - sent,
                        "cache": cache,
                        "german_503": status == 503
                        and "Vorübergehend nicht erreichbar" in text
                        and retry_after == "30",
                    }
                )
            time.sleep(self.pause)

    def now(self):
        return time.monotonic() - self.t0

    def stop(self):
        self.halt.set()
        self.join(timeout=20)
        return self.records

    def between(self, start, end):
        return [r for r in self.records if start <= r["t"] < end]


def by_status(records):
    return {str(k): v for k, v in sorted(Counter(str(r["status"]) for r in records).items())}


class Summary:
    def __init__(self):
        self.scenarios = {}

    def add(self, name, **figures):
        self.scenarios[name] = figures

    def write(self):
        SUMMARY_DIR.mkdir(parents=True, exist_ok=True)
        (SUMMARY_DIR / "summary.json").write_text(json.dumps(self.scenarios, indent=2, ensure_ascii=False))
        lines = ["| scenario | figure | value |", "|---|---|---|"]
        for name, figures in self.scenarios.items():
            for key, value in figures.items():
                lines.append(f"| {name} | {key} | {value} |")
        (SUMMARY_DIR / "summary.md").write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="session")
def summary():
    collected = Summary()
    yield collected
    collected.write()
