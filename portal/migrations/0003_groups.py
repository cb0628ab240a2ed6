"""The portal's groups: Redaktion, Fachbereichsleitung and Mitglieder, with their permissions."""

from django.db import migrations

EDITOR = "Redaktion"
APPROVER = "Fachbereichsleitung"
MEMBERS = "Mitglieder"

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
MODEL_PERMISSIONS = {
    ("wagtailadmin", "admin"): ["access_admin"],
    ("portal", "organisation"): ["add_organisation", "change_organisation", "delete_organisation"],
    ("portal", "membership"): ["add_membership", "change_membership", "delete_membership"],
    ("portal", "invitation"): ["add_invitation", "change_invitation", "delete_invitation"],
    ("meetings", "bodymembership"): ["add_bodymembership", "change_bodymembership", "delete_bodymembership"],
}
COLLECTION_PERMISSIONS = {
    ("documents", "portaldocument"): ["add_document", "change_document", "choose_document"],
    ("wagtailimages", "image"): ["add_image", "change_image", "choose_image"],
}


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
    )
    return perm


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    Group.objects.get_or_create(name=MEMBERS)
    for name in (EDITOR, APPROVER):
        group, _ = Group.objects.get_or_create(name=name)
        for (app_label, model), codenames in MODEL_PERMISSIONS.items():
            for codename in codenames:
                group.permissions.add(permission(apps, app_label, model, codename))
        for codename in PAGE_PERMISSIONS + (["bulk_delete_page"] if name == APPROVER else []):
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission(apps, "wagtailcore", "page", codename)
            )
        for (app_label, model), codenames in COLLECTION_PERMISSIONS.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission(apps, app_label, model, codename)
                )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, APPROVER, MEMBERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_organisation_logo"),
        ("documents", "0002_initial"),
        ("meetings", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
