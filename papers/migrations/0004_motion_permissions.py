"""City editors and approvers triage the members' motions and questions."""

from django.db import migrations

GROUPS = ["Redaktion", "Fachbereichsleitung"]
MODELS = ["motion"]
ACTIONS = ["add", "change", "delete", "view"]


def permission(apps, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="papers", model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
    )
    return perm


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        for model in MODELS:
            for action in ACTIONS:
                group.permissions.add(permission(apps, model, f"{action}_{model}"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="papers", content_type__model__in=MODELS)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0003_members_motions"),
        ("portal", "0003_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
