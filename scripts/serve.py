#!/usr/bin/env python3
"""Production-like server on this machine: production settings, gunicorn, whitenoise.

Runs migrate and collectstatic, then replaces itself with gunicorn. Works on SQLite (the
default `db.sqlite3`) or on DATABASE_URL. For local use without TLS it turns the HTTPS
redirect and secure cookies off unless they are set, and makes up a SECRET_KEY (kept in
var/secret_key) when none is given; it says so on stderr.

Environment: HOST (127.0.0.1), PORT (8000), WEB_CONCURRENCY (gunicorn workers, 2 x cores + 1),
GUNICORN_THREADS (1), plus everything the production settings read.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def warn(message):
    print(f"serve: WARNING: {message}", file=sys.stderr)


def gunicorn_command(host, port, workers, env):
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.wsgi:application",
        "--config",
        str(BASE_DIR / "gunicorn.conf.py"),
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        env.get("GUNICORN_THREADS", "1"),
        "--access-logfile",
        env.get("GUNICORN_ACCESS_LOG", "-"),
        "--forwarded-allow-ips",
        env.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]


def main():
    env = os.environ
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    if not env.get("SECRET_KEY"):
        key_file = BASE_DIR / "var" / "secret_key"
        if not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        env["SECRET_KEY"] = key_file.read_text().strip()
        warn(f"SECRET_KEY is not set; using a generated key from {key_file} (local use only).")
    for name in ("SECURE_SSL_REDIRECT", "SECURE_COOKIES"):
        if name not in env:
            env[name] = "false"
            warn(f"{name}=false: plain HTTP for local use. Set {name}=true behind a TLS proxy.")
    host, port = env.get("HOST", "127.0.0.1"), env.get("PORT", "8000")
    env.setdefault("ALLOWED_HOSTS", f"{host},localhost,127.0.0.1")
    python = sys.executable
    manage = str(BASE_DIR / "manage.py")
    subprocess.run([python, manage, "migrate", "--noinput"], check=True, cwd=BASE_DIR)
    subprocess.run([python, manage, "collectstatic", "--noinput", "--verbosity", "0"], check=True, cwd=BASE_DIR)
    workers = env.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1))
    command = gunicorn_command(host, port, workers, env)
    print(f"serve: http://{host}:{port}/ with {workers} workers", file=sys.stderr)
    os.chdir(BASE_DIR)
    os.execv(python, command)  # noqa: S606 (fixed argument list, no shell)


if __name__ == "__main__":
    main()
