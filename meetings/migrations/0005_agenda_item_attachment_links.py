"""Agenda item attachments move from a plain many-to-many (rendered as a checkbox list of the
whole library) to an orderable link model edited with the document chooser.

Existing links and the attachments stored in page revisions (drafts, history) are carried over.
"""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


def links_forward(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    AgendaItemAttachment = apps.get_model("meetings", "AgendaItemAttachment")
    Old = AgendaItem.attachments.through
    batch = []
    for agenda_item_id, document_id in Old.objects.order_by("agendaitem_id", "id").values_list(
        "agendaitem_id", "portaldocument_id"
    ).iterator(chunk_size=5000):
        batch.append(AgendaItemAttachment(agenda_item_id=agenda_item_id, document_id=document_id))
        if len(batch) >= 5000:
            AgendaItemAttachment.objects.bulk_create(batch)
            batch = []
    AgendaItemAttachment.objects.bulk_create(batch)
    # Number the links of each item in their old order.
    position, previous = 0, None
    for link in AgendaItemAttachment.objects.order_by("agenda_item_id", "id").iterator(chunk_size=5000):
        position = position + 1 if link.agenda_item_id == previous else 0
        previous = link.agenda_item_id
        if position:
            AgendaItemAttachment.objects.filter(pk=link.pk).update(sort_order=position)
    AgendaItemAttachment.objects.filter(sort_order__isnull=True).update(sort_order=0)


def links_backward(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    AgendaItemAttachment = apps.get_model("meetings", "AgendaItemAttachment")
    Old = AgendaItem.attachments.through
    Old.objects.bulk_create(
        [
            Old(agendaitem_id=a, portaldocument_id=d)
            for a, d in AgendaItemAttachment.objects.values_list("agenda_item_id", "document_id").distinct()
        ],
        batch_size=5000,
    )


def revisions(apps, forward):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="meetings", model="meetingpage").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).iterator(chunk_size=500):
        changed = False
        for item in revision.content.get("agenda_items", []):
            if forward and "attachments" in item:
                ids = item.pop("attachments") or []
                item["attachment_links"] = [
                    {"pk": None, "agenda_item": item.get("pk"), "document": pk, "sort_order": n}
                    for n, pk in enumerate(ids)
                ]
                changed = True
            elif not forward and "attachment_links" in item:
                item["attachments"] = [link["document"] for link in item.pop("attachment_links") or []]
                changed = True
        if changed:
            Revision.objects.filter(pk=revision.pk).update(content=revision.content)


def revisions_forward(apps, schema_editor):
    revisions(apps, forward=True)


def revisions_backward(apps, schema_editor):
    revisions(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0005_search_join_index"),
        ("meetings", "0004_index_dates"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="AgendaItemAttachment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "agenda_item",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attachment_links",
                        to="meetings.agendaitem",
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="documents.portaldocument",
                        verbose_name="Dokument",
                    ),
                ),
            ],
            options={
                "verbose_name": "Anlage",
                "verbose_name_plural": "Anlagen",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.RunPython(links_forward, links_backward),
        migrations.RunPython(revisions_forward, revisions_backward),
        migrations.RemoveField(model_name="agendaitem", name="attachments"),
        migrations.AddField(
            model_name="agendaitem",
            name="attachments",
            field=models.ManyToManyField(
                blank=True,
                related_name="agenda_items",
                through="meetings.AgendaItemAttachment",
                to="documents.portaldocument",
                verbose_name="Anlagen",
            ),
        ),
    ]
