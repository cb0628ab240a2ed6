"""Production app processes (gunicorn) on free loopback ports, for tests that need several
processes over one database: migrate, people to log in with, HTTP helpers."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

BASE_DIR = Path(__file__).resolve().parent.parent
PASSWORD = "Richtig-Passwort-2026"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(folder, database_url, **extra):
    folder = Path(folder)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.production_settings",
        "SECRET_KEY": "servers-test-" + "x" * 40,
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(folder / "media"),
        "PAGE_CACHE_DIR": str(folder / "pages"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(BASE_DIR),
    }
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def manage(env, *args, check=True):
    return subprocess.run(  # noqa: S603
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=env,
        cwd=BASE_DIR,
        check=check,
        capture_output=True,
        text=True,
    )


def create_member(env, email):
    """A person with a verified address and an active membership (not staff: no MFA)."""
    manage(
        env,
        "shell",
        "-c",
        "from allauth.account.models import EmailAddress\n"
        "from portal.models import Membership, Organisation, User\n"
        f"u = User.objects.create_user(email={email!r}, password={PASSWORD!r})\n"
        "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)\n"
        "o, _ = Organisation.objects.get_or_create(name='Caritas Hagen', defaults={'short_name': 'Caritas'})\n"
        "Membership.objects.create(user=u, organisation=o)\n",
    )


def create_staff_with_totp(env, email, secret):
    """City staff (group Redaktion) with TOTP set up with ``secret``."""
    manage(
        env,
        "shell",
        "-c",
        "from allauth.account.models import EmailAddress\n"
        "from allauth.mfa.totp.internal.auth import TOTP\n"
        "from django.contrib.auth.models import Group\n"
        "from portal.models import User\n"
        f"u = User.objects.create_user(email={email!r}, password={PASSWORD!r})\n"
        "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)\n"
        "u.groups.add(Group.objects.get(name='Redaktion'))\n"
        f"TOTP.activate(u, {secret!r})\n",
    )


class AppServer:
    """gunicorn with the given environment on a free port of 127.0.0.1."""

    def __init__(self, env, workers=1, log=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--timeout",
            "30",
        ]
        self.process = subprocess.Popen(  # noqa: S603
            command, env=env, cwd=BASE_DIR, stdout=log or subprocess.DEVNULL, stderr=log or subprocess.DEVNULL
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ended with {self.process.returncode}")
            try:
                requests.get(self.url + "/robots.txt", timeout=30)  # the first request loads everything
                return
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def csrf_token(session, url):
    match = CSRF_FIELD.search(session.get(url, timeout=30).text)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def login(session, base, email, password=PASSWORD):
    token = csrf_token(session, base + "/konto/login/")
    return session.post(
        base + "/konto/login/",
        {"login": email, "password": password, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=30,
    )


def logout(session, base):
    token = csrf_token(session, base + "/konto/logout/")
    return session.post(base + "/konto/logout/", {"csrfmiddlewaretoken": token}, allow_redirects=False, timeout=30)


def get(base, path, cookies=None):
    return requests.get(base + path, cookies=cookies, allow_redirects=False, timeout=30)
