"""One place per distinct location text of the existing meetings, chosen as their place.

The texts stay as they are (the pages show them); the place gets the text as its name, to be
completed with an address in the admin. The meetings' revisions get the place as well, so the
next edit of a meeting keeps it. City staff (Redaktion, Fachbereichsleitung) manage places.
"""

from django.db import migrations

STAFF_GROUPS = ["Redaktion", "Fachbereichsleitung"]
ACTIONS = ["add", "change", "delete", "view"]


def texts_of(apps):
    MeetingPage = apps.get_model("meetings", "MeetingPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    meeting_type = ContentType.objects.filter(app_label="meetings", model="meetingpage").first()
    rows = {pk: text.strip() for pk, text in MeetingPage.objects.values_list("pk", "location")}
    revisions = Revision.objects.filter(content_type=meeting_type) if meeting_type else Revision.objects.none()
    return rows, revisions


def create_places(apps, schema_editor):
    MeetingPage = apps.get_model("meetings", "MeetingPage")
    Place = apps.get_model("meetings", "Place")
    rows, revisions = texts_of(apps)
    places = {}

    def place_for(text):
        if text not in places:
            places[text] = Place.objects.create(name=text[:255])
        return places[text]

    for pk, text in rows.items():
        if text:
            MeetingPage.objects.filter(pk=pk, place__isnull=True).update(place=place_for(text))
    for revision in revisions.iterator():
        text = (revision.content.get("location") or "").strip()
        if text and not revision.content.get("place"):
            revision.content["place"] = place_for(text).pk
            revision.save(update_fields=["content"])

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    place_type, _created = ContentType.objects.get_or_create(app_label="meetings", model="place")
    for action in ACTIONS:
        perm, _created = Permission.objects.get_or_create(
            content_type=place_type, codename=f"{action}_place", defaults={"name": f"Can {action} Ort"}
        )
        for group in Group.objects.filter(name__in=STAFF_GROUPS):
            group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_places_and_body_dates"),
        ("wagtailcore", "0098_apitoken"),
        ("portal", "0003_groups"),
    ]

    operations = [migrations.RunPython(create_places, migrations.RunPython.noop)]
