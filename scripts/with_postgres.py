#!/usr/bin/env python3
"""Run a command against PostgreSQL: DATABASE_URL when set, else a throwaway local cluster.

    with_postgres.py [--keep DIR] COMMAND [ARGS...]
    with_postgres.py --check     # exits 0 when PostgreSQL can be used

The command finds the cluster's control in its environment (POSTGRES_PG_CTL, POSTGRES_DATA,
POSTGRES_OPTIONS, POSTGRES_RUN_AS), so a test can stop and start the server (tests/faults).
The cluster lives in a temporary folder, listens on a free port on 127.0.0.1 only, and is
stopped and removed when the command ends. With --keep DIR it lives in DIR instead and is
kept (stopped) for the next run, e.g. the benchmark's large database. initdb refuses to run
as root, so as root the cluster runs as the 'postgres' (or 'nobody') system user.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile


def find_binary(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    sys.exit(f"{name} not found: install PostgreSQL (e.g. apt-get install postgresql) or set DATABASE_URL.")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_user():
    if os.geteuid() != 0:
        return None, []
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name), ["runuser", "-u", name, "--"]
        except KeyError:
            continue
    sys.exit("Running as root, but there is no 'postgres' or 'nobody' user to run PostgreSQL as.")


def main(command, keep=None):
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return subprocess.call(command)
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    user, prefix = as_user()
    if keep:
        tmp = os.path.abspath(keep)
        os.makedirs(tmp, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="portal-pg-")
    data = os.path.join(tmp, "data")
    if user is not None:
        os.chown(tmp, user.pw_uid, user.pw_gid)
        if keep:  # the server's user must reach the kept folder (var/ may be private to root)
            parent = os.path.dirname(tmp)
            while parent != os.path.dirname(parent):
                mode = os.stat(parent).st_mode
                if not mode & 0o001:
                    os.chmod(parent, mode | 0o001)
                parent = os.path.dirname(parent)
    port = free_port()
    log = os.path.join(tmp, "server.log")
    options = f"-h 127.0.0.1 -p {port} -k {tmp} -F"
    try:
        if not os.path.exists(os.path.join(data, "PG_VERSION")):
            subprocess.run(
                [*prefix, initdb, "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        subprocess.run(
            [*prefix, pg_ctl, "-D", data, "-l", log, "-w", "start", "-o", options],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        env = dict(
            os.environ,
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/postgres",
            POSTGRES_PG_CTL=pg_ctl,
            POSTGRES_DATA=data,
            POSTGRES_OPTIONS=options,
            POSTGRES_LOG=log,
            POSTGRES_RUN_AS=user.pw_name if user is not None else "",
        )
        print(f"PostgreSQL test cluster on 127.0.0.1:{port}", flush=True)
        return subprocess.call(command, env=env)
    finally:
        subprocess.run([*prefix, pg_ctl, "-D", data, "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL)
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args == ["--check"]:  # is a database (DATABASE_URL or initdb/pg_ctl) at hand?
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            find_binary("initdb"), find_binary("pg_ctl")
        sys.exit(0)
    keep = None
    if args[:1] == ["--keep"] and len(args) > 1:
        keep, args = args[1], args[2:]
    if not args:
        sys.exit("usage: with_postgres.py [--keep DIR] COMMAND [ARGS...]")
    sys.exit(main(args, keep))
