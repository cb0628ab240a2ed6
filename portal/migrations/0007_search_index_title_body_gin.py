"""A GIN index on the search index's ``title || body`` (PostgreSQL only).

Wagtail's PostgreSQL search backend matches ``(title || body) @@ query``, an expression the
separate GIN indexes on ``title`` and ``body`` cannot serve, so every search read every index
entry: 820 ms for one word over 20,000 documents in the benchmark, 70 ms with this index
(bench/RESULTS.md). SQLite's search uses its own FTS5 table and needs nothing here.
"""

from django.db import migrations

INDEX = "portal_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_user_publish_in_oparl"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
