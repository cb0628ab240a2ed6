"""Backups: one tar.gz with a database dump, the media files and a manifest.

Layout of the archive::

    manifest.json      format, date, versions, database vendor, applied migrations,
                       and the SHA-256 and size of every other member
    database.sqlite3   a consistent copy made with SQLite's online backup API, or
    database.pgdump    pg_dump's custom format (restored with pg_restore)
    media/...          every file of the default storage (file system or object storage)

Restoring needs an empty database and an empty media storage, so nothing is overwritten.
"""

import contextlib
import datetime
import glob
import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import dj_database_url
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, connections

FORMAT = 1


class BackupError(Exception):
    pass


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def walk_storage(storage, folder=""):
    """Every file name in ``storage`` below ``folder``, sorted."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in dirs:
        names += walk_storage(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def pg_binary(name):
    """Full path of a PostgreSQL client program (PATH first, then Debian's versioned folders)."""
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def pg_env(settings_dict):
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    return env


def versions():
    import django
    import wagtail
    from django.db.migrations.recorder import MigrationRecorder

    applied = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied[app] = max(applied.get(app, name), name)
    commit = ""
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        commit = subprocess.run(  # noqa: S603
            [shutil.which("git") or "git", "rev-parse", "HEAD"],
            cwd=Path(__file__).resolve().parent.parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "portal_commit": commit,
        "migrations": dict(sorted(applied.items())),
    }


def dump_database(target_dir, alias="default"):
    conn = connections[alias]
    vendor = conn.vendor
    if vendor == "sqlite":
        path = Path(target_dir) / "database.sqlite3"
        conn.ensure_connection()
        destination = sqlite3.connect(path)
        try:
            conn.connection.backup(destination)  # consistent, even while others write
        finally:
            destination.close()
    elif vendor == "postgresql":
        path = Path(target_dir) / "database.pgdump"
        subprocess.run(  # noqa: S603
            [pg_binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"],
            env=pg_env(conn.settings_dict),
            check=True,
        )
    else:
        raise BackupError(f"No backup method for the {vendor} database.")
    return vendor, path


def create_backup(output, storage=None, alias="default"):
    """Write the archive to ``output`` and return the manifest."""
    storage = storage or default_storage
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as tmp:
        vendor, db_path = dump_database(tmp, alias)
        files = {db_path.name: {"sha256": sha256_file(db_path), "size": db_path.stat().st_size}}
        media = walk_storage(storage)
        partial = output.with_suffix(output.suffix + ".part")
        # The archive holds password hashes and every private document: owner-only from the start.
        partial.touch(mode=0o600)
        partial.chmod(0o600)
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(db_path, arcname=db_path.name)
            for name in media:
                digest, size = hashlib.sha256(), 0
                with storage.open(name, "rb") as handle, tempfile.TemporaryFile(dir=tmp) as copy:
                    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                        digest.update(chunk)
                        size += len(chunk)
                        copy.write(chunk)
                    copy.seek(0)
                    info = tarfile.TarInfo(f"media/{name}")
                    info.size = size
                    info.mtime = int(datetime.datetime.now().timestamp())
                    archive.addfile(info, copy)
                files[f"media/{name}"] = {"sha256": digest.hexdigest(), "size": size}
            manifest = {
                "format": FORMAT,
                "created": datetime.datetime.now(datetime.UTC).isoformat(),
                "database": vendor,
                "versions": versions(),
                "files": files,
            }
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(datetime.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
        partial.replace(output)
    return manifest


def read_manifest(archive):
    member = archive.getmember("manifest.json")
    manifest = json.load(archive.extractfile(member))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _check(archive, manifest, name):
    expected = manifest["files"][name]
    digest = hashlib.sha256()
    handle = archive.extractfile(name)
    data = handle.read()
    digest.update(data)
    if digest.hexdigest() != expected["sha256"] or len(data) != expected["size"]:
        raise BackupError(f"Checksum mismatch for {name}: the archive is damaged.")
    return data


def sqlite_is_empty(path):
    if not Path(path).exists() or Path(path).stat().st_size == 0:
        return True
    with sqlite3.connect(path) as db:
        return not db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]


def postgres_is_empty(settings_dict):
    import psycopg

    env = pg_env(settings_dict)
    params = {k: env[v] for k, v in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER")) if v in env}
    if "PGPASSWORD" in env:
        params["password"] = env["PGPASSWORD"]
    with psycopg.connect(dbname=settings_dict["NAME"], **params) as db:
        return not db.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]


def restore_backup(path, database_url=None, storage=None, alias="default"):
    """Restore the archive into an empty database and an empty media storage."""
    if database_url:
        settings_dict = dj_database_url.parse(database_url)
    else:
        settings_dict = connections[alias].settings_dict
    engine = settings_dict["ENGINE"]
    storage = storage or default_storage
    with tarfile.open(path, "r:gz") as archive:
        manifest = read_manifest(archive)
        vendor = manifest["database"]
        if vendor not in engine:
            raise BackupError(f"The backup holds a {vendor} database; the target is {engine}.")
        if walk_storage(storage):
            raise BackupError("The media storage is not empty; restore needs an empty one.")
        if vendor == "sqlite":
            target = settings_dict["NAME"]
            if not sqlite_is_empty(target):
                raise BackupError(f"The database {target} is not empty; restore needs an empty one.")
            data = _check(archive, manifest, "database.sqlite3")
            if not database_url:
                connections[alias].close()
            with tempfile.NamedTemporaryFile(suffix=".sqlite3") as tmp:
                tmp.write(data)
                tmp.flush()
                source = sqlite3.connect(tmp.name)
                destination = sqlite3.connect(target)
                try:
                    source.backup(destination)
                finally:
                    source.close()
                    destination.close()
        else:
            if not postgres_is_empty(settings_dict):
                raise BackupError(f"The database {settings_dict['NAME']} is not empty; restore needs an empty one.")
            data = _check(archive, manifest, "database.pgdump")
            with tempfile.NamedTemporaryFile(suffix=".pgdump") as tmp:
                tmp.write(data)
                tmp.flush()
                subprocess.run(  # noqa: S603
                    [
                        pg_binary("pg_restore"),
                        "--no-owner",
                        "--no-privileges",
                        "--exit-on-error",
                        f"--dbname={settings_dict['NAME']}",
                        tmp.name,
                    ],
                    env=pg_env(settings_dict),
                    check=True,
                )
        for name in sorted(manifest["files"]):
            if not name.startswith("media/"):
                continue
            data = _check(archive, manifest, name)
            stored = storage.save(name.removeprefix("media/"), ContentFile(data))
            if stored != name.removeprefix("media/"):
                raise BackupError(f"{name} was stored as {stored}.")
    return manifest


def media_storage(media_root=None):
    return FileSystemStorage(location=media_root) if media_root else default_storage
