"""The workflow "Niederschrift freigeben": the group Fachbereichsleitung approves meetings.

The workflow is assigned to the meeting calendar page (and so to every body and meeting
below it) when that page is created, see meetings/signals.py.
"""

from django.db import migrations

WORKFLOW = "Niederschrift freigeben"
TASK = "Freigabe durch die Fachbereichsleitung"
GROUP = "Fachbereichsleitung"
STAFF_GROUPS = ["Redaktion", "Fachbereichsleitung"]
STAFF_MODEL_PERMISSIONS = {"actionitem": ["add", "change", "delete", "view"]}


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    group, _ = Group.objects.get_or_create(name=GROUP)
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK, content_type=content_type, active=True)
    task.groups.set([group])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    # City staff manage the follow-up tasks of decisions.
    Permission = apps.get_model("auth", "Permission")
    for model, actions in STAFF_MODEL_PERMISSIONS.items():
        model_type, _ = ContentType.objects.get_or_create(app_label="meetings", model=model)
        for action in actions:
            perm, _ = Permission.objects.get_or_create(
                content_type=model_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
            )
            for group in Group.objects.filter(name__in=STAFF_GROUPS):
                group.permissions.add(perm)


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_meetings_agenda"),
        ("portal", "0003_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
