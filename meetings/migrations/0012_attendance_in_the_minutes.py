"""The attendance becomes part of the minutes' lifecycle.

It is edited in the minutes (``MinutesAttendance``, one set per version, with the agenda items a
person left the room for) and published with them into the meeting's ``Attendance`` and the
items' ``AgendaItemDeparture`` rows, which are no longer part of the meeting page's revisions.
The attendance of a meeting that has minutes becomes the attendance of its minutes, in the
record and in every revision of it (so publishing any version keeps it); a person who left the
room without being in the list is added as present. Meetings without minutes keep their rows
(the minutes take them over when they are made). Nothing else is created.
"""

import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


FIELDS = ["person_id", "name", "organisation_id", "role", "status", "substitute_for"]


def key(person_id, name):
    return ("person", person_id) if person_id else ("name", (name or "").strip().casefold())


def attendance_into_minutes(apps, schema_editor):
    Minutes = apps.get_model("meetings", "Minutes")
    Attendance = apps.get_model("meetings", "Attendance")
    Departure = apps.get_model("meetings", "AgendaItemDeparture")
    MinutesAttendance = apps.get_model("meetings", "MinutesAttendance")
    LeftFor = MinutesAttendance._meta.get_field("left_for").remote_field.through
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    minutes_type = ContentType.objects.filter(app_label="meetings", model="minutes").first()

    for record in Minutes.objects.order_by("pk").iterator():
        if MinutesAttendance.objects.filter(record_id=record.pk).exists():
            continue  # done before
        rows = [
            {name: getattr(a, name) for name in FIELDS}
            for a in Attendance.objects.filter(meeting_id=record.meeting_id).order_by("sort_order", "pk")
        ]
        by_key = {key(row["person_id"], row["name"]): row for row in rows}
        departures = Departure.objects.filter(agenda_item__meeting_id=record.meeting_id).order_by(
            "agenda_item__sort_order", "sort_order", "pk"
        )
        for departure in departures:
            row = by_key.get(key(departure.person_id, departure.name))
            if row is None:  # left the room, so was there: present
                row = {
                    "person_id": departure.person_id,
                    "name": departure.name,
                    "organisation_id": departure.organisation_id,
                    "role": "",
                    "status": "present",
                    "substitute_for": "",
                }
                rows.append(row)
                by_key[key(departure.person_id, departure.name)] = row
            row.setdefault("left_for", []).append(departure.agenda_item_id)
        if not rows:
            continue
        content = []
        for position, row in enumerate(rows):
            left_for = row.pop("left_for", [])
            saved = MinutesAttendance.objects.create(record_id=record.pk, sort_order=position, **row)
            LeftFor.objects.bulk_create(LeftFor(minutesattendance_id=saved.pk, agendaitem_id=pk) for pk in left_for)
            content.append(
                {
                    "pk": saved.pk,
                    "sort_order": position,
                    "record": record.pk,
                    "person": row["person_id"],
                    "name": row["name"],
                    "organisation": row["organisation_id"],
                    "role": row["role"],
                    "status": row["status"],
                    "substitute_for": row["substitute_for"],
                    "left_for": left_for,
                }
            )
        if minutes_type is None:
            continue
        for revision in Revision.objects.filter(content_type=minutes_type, object_id=str(record.pk)).iterator():
            if "attendances" not in revision.content:
                revision.content["attendances"] = content
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0011_minutes_workflow_on_minutes'),
        ('portal', '0010_search_word_vocabulary'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='agendaitemdeparture',
            name='agenda_item',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='departures', to='meetings.agendaitem'),
        ),
        migrations.AlterField(
            model_name='attendance',
            name='meeting',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='meetings.meetingpage'),
        ),
        migrations.CreateModel(
            name='MinutesAttendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('name', models.CharField(blank=True, max_length=200, verbose_name='Name (ohne Konto)')),
                ('role', models.CharField(blank=True, choices=[('chair', 'Vorsitz'), ('deputy', 'Stellvertretender Vorsitz'), ('member', 'Mitglied'), ('substitute', 'Stellvertretung'), ('guest', 'Gast'), ('secretary', 'Schriftführung')], max_length=20, verbose_name='Rolle')),
                ('status', models.CharField(choices=[('present', 'anwesend'), ('excused', 'entschuldigt'), ('absent', 'abwesend'), ('substitute', 'in Vertretung')], default='present', max_length=20, verbose_name='Status')),
                ('substitute_for', models.CharField(blank=True, max_length=200, verbose_name='in Vertretung für')),
                ('left_for', modelcluster.fields.ParentalManyToManyField(blank=True, help_text='Nur bei Befangenheit (§ 31 GO NRW): die Punkte, für die die Person den Raum verlassen hat.', related_name='+', to='meetings.agendaitem', verbose_name='Wegen Befangenheit den Raum verlassen bei')),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='portal.organisation', verbose_name='Organisation')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Person')),
                ('record', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='meetings.minutes')),
            ],
            options={
                'verbose_name': 'Teilnahme',
                'verbose_name_plural': 'Anwesenheit',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.RunPython(attendance_into_minutes, migrations.RunPython.noop),
    ]
