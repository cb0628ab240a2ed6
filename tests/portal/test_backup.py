"""Backup and restore of the demo site: row counts and media checksums come back unchanged."""

import hashlib
import sqlite3
import tarfile
import uuid

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from portal.backup import walk_storage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def row_counts_here():
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - table names from introspection
            counts[table] = cursor.fetchone()[0]
    return counts


def media_checksums(storage):
    result = {}
    for name in walk_storage(storage):
        with storage.open(name, "rb") as handle:
            result[name] = hashlib.sha256(handle.read()).hexdigest()
    return result


def count_rows(execute, tables):
    return {table: execute(f'SELECT count(*) FROM "{table}"') for table in tables}  # noqa: S608


def restored_counts_sqlite(path, tables):
    with sqlite3.connect(path) as db:
        return count_rows(lambda sql: db.execute(sql).fetchone()[0], tables)


@pytest.fixture
def postgres_database():
    """A fresh, empty PostgreSQL database next to the test database; dropped afterwards."""
    import psycopg

    settings = connection.settings_dict
    params = {"host": settings.get("HOST") or None, "port": settings.get("PORT") or None}
    params = {k: v for k, v in params.items() if v}
    params["user"] = settings.get("USER") or None
    if settings.get("PASSWORD"):
        params["password"] = settings["PASSWORD"]
    name = f"restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "localhost"
    url = f"postgres://{user}{password}@{host}:{settings.get('PORT') or 5432}/{name}"
    yield url, name, params
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_and_restore_the_demo_site(tmp_path, request):
    call_command("seed_demo", force=True)
    expected_rows = row_counts_here()
    expected_media = media_checksums(default_storage)
    assert expected_media, "the demo site has documents"
    assert sum(expected_rows.values()) > 100

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive))
    assert archive.stat().st_mode & 0o777 == 0o600  # password hashes and private documents inside
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert "manifest.json" in names
    assert {f"media/{name}" for name in expected_media} <= names

    media_root = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        target = tmp_path / "restored.sqlite3"
        url = f"sqlite:///{target}"
        call_command("restore", str(archive), database_url=url, media_root=str(media_root))
        restored_rows = restored_counts_sqlite(target, expected_rows)
    else:
        import psycopg

        url, name, params = request.getfixturevalue("postgres_database")
        call_command("restore", str(archive), database_url=url, media_root=str(media_root))
        with psycopg.connect(dbname=name, **params) as db:
            restored_rows = count_rows(lambda sql: db.execute(sql).fetchone()[0], expected_rows)
    assert restored_rows == expected_rows

    from django.core.files.storage import FileSystemStorage

    assert media_checksums(FileSystemStorage(location=media_root)) == expected_media

    # Restoring again is refused: nothing is ever overwritten.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), database_url=url, media_root=str(media_root))
