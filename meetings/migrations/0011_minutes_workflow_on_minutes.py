"""The workflow "Niederschrift freigeben" governs the minutes, no longer the meeting pages.

Editors (Redaktion) publish agendas themselves; the minutes (``meetings.Minutes``) go through
the workflow. Editors draft and submit minutes and decide objections; only approvers
(Fachbereichsleitung) publish minutes.
"""

from django.db import migrations

WORKFLOW = "Niederschrift freigeben"
EDITOR, APPROVER = "Redaktion", "Fachbereichsleitung"
PERMISSIONS = {
    "minutes": {EDITOR: ["add", "change", "view", "lock", "unlock"], APPROVER: ["add", "change", "view", "publish", "lock", "unlock"]},
    "objection": {EDITOR: ["change", "view"], APPROVER: ["change", "view"]},
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    minutes_type, _ = ContentType.objects.get_or_create(app_label="meetings", model="minutes")
    if workflow is not None:
        WorkflowPage.objects.filter(workflow=workflow).delete()
        WorkflowContentType.objects.get_or_create(content_type=minutes_type, defaults={"workflow": workflow})
    for model, by_group in PERMISSIONS.items():
        model_type, _ = ContentType.objects.get_or_create(app_label="meetings", model=model)
        for group_name, actions in by_group.items():
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                continue
            for action in actions:
                perm, _ = Permission.objects.get_or_create(
                    content_type=model_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
                )
                group.permissions.add(perm)


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(content_type__in=ContentType.objects.filter(app_label="meetings")).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0010_minutes_lifecycle_and_invitation"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
