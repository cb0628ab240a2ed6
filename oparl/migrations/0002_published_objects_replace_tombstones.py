from django.db import migrations, models


def tombstones_to_records(apps, schema_editor):
    Tombstone = apps.get_model("oparl", "Tombstone")
    PublishedObject = apps.get_model("oparl", "PublishedObject")
    PublishedObject.objects.bulk_create(
        PublishedObject(
            kind=stone.kind, object_id=stone.object_id, created=stone.created, modified=stone.deleted_at, deleted=True
        )
        for stone in Tombstone.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [("oparl", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="PublishedObject",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=30)),
                ("object_id", models.PositiveIntegerField()),
                ("created", models.DateTimeField()),
                ("modified", models.DateTimeField(db_index=True)),
                ("digest", models.CharField(blank=True, max_length=64)),
                ("deleted", models.BooleanField(default=False)),
            ],
            options={
                "verbose_name": "OParl-Objekt",
                "verbose_name_plural": "OParl-Objekte",
                "ordering": ["kind", "object_id"],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="oparl_one_record_per_object")
                ],
            },
        ),
        migrations.CreateModel(
            name="SyncState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("generation", models.BigIntegerField(default=1)),
                ("synced", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "OParl-Abgleich", "verbose_name_plural": "OParl-Abgleich"},
        ),
        migrations.RunPython(tombstones_to_records, migrations.RunPython.noop),
        migrations.DeleteModel(name="Tombstone"),
    ]
