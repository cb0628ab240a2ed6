"""Wagtail's default workflow and task are named "Moderators approval" in the database, which the
admin shows untranslated ("In Moderators approval einreichen"): give them German names."""

from django.db import migrations

NAMES = {"Moderators approval": "Freigabe durch die Redaktion"}


def rename(apps, schema_editor, names=NAMES):
    for model in ("Workflow", "Task"):
        Model = apps.get_model("wagtailcore", model)
        for old, new in names.items():
            Model.objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in NAMES.items()})


class Migration(migrations.Migration):
    dependencies = [("home", "0003_index_dates"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(rename, rename_back)]
