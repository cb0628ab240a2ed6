"""Record when objects leave the public API, so clients learn of the deletion."""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.signals import page_published, page_unpublished

from documents.models import PortalDocument
from meetings.models import AgendaItem, BodyMembership, BodyPage, MeetingPage
from portal.access import Audience
from portal.models import User

from .models import Tombstone

Kind = Tombstone.Kind


def bury(kind, object_id, created=None):
    now = timezone.now()
    Tombstone.objects.update_or_create(
        kind=kind, object_id=object_id, defaults={"deleted_at": now, "created": created or now}
    )


def revive(kind, object_ids):
    Tombstone.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()


def bury_meeting(meeting):
    bury(Kind.MEETING, meeting.pk, meeting.first_published_at)
    for item_id in AgendaItem.objects.filter(meeting_id=meeting.pk).values_list("pk", flat=True):
        bury(Kind.AGENDA_ITEM, item_id, meeting.first_published_at)


def was_public(page, revision):
    """Whether the meeting was public as last published before this revision."""
    previous = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish", revision__isnull=False)
        .exclude(revision_id=getattr(revision, "pk", None))
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return previous is not None and previous.revision.content.get("audience") == Audience.PUBLIC


@receiver(page_published)
def page_went_live(sender, instance, revision=None, **kwargs):
    page = instance.specific
    if isinstance(page, MeetingPage):
        if page.audience == Audience.PUBLIC:
            revive(Kind.MEETING, [page.pk])
            revive(Kind.AGENDA_ITEM, AgendaItem.objects.filter(meeting_id=page.pk).values_list("pk", flat=True))
        elif was_public(page, revision):
            # A meeting that is no longer public leaves the API as deleted; one that never was
            # public is not mentioned at all.
            bury_meeting(page)
    elif isinstance(page, BodyPage):
        revive(Kind.ORGANIZATION, [page.pk])


@receiver(page_unpublished)
def page_went_offline(sender, instance, **kwargs):
    page = instance.specific
    if isinstance(page, MeetingPage):
        if page.audience == Audience.PUBLIC:
            bury_meeting(page)
    elif isinstance(page, BodyPage):
        bury(Kind.ORGANIZATION, page.pk, page.first_published_at)


@receiver(post_delete, sender=MeetingPage)
def meeting_deleted(sender, instance, **kwargs):
    if instance.live and instance.audience == Audience.PUBLIC:
        bury(Kind.MEETING, instance.pk, instance.first_published_at)


@receiver(post_delete, sender=BodyPage)
def body_deleted(sender, instance, **kwargs):
    if instance.live:
        bury(Kind.ORGANIZATION, instance.pk, instance.first_published_at)


@receiver(post_delete, sender=AgendaItem)
def agenda_item_deleted(sender, instance, **kwargs):
    """Items removed from (or deleted with) a public meeting."""
    if MeetingPage.objects.filter(pk=instance.meeting_id, live=True, audience=Audience.PUBLIC).exists():
        bury(Kind.AGENDA_ITEM, instance.pk)


@receiver(post_delete, sender=PortalDocument)
def document_deleted(sender, instance, **kwargs):
    if instance.audience == Audience.PUBLIC:
        bury(Kind.FILE, instance.pk, instance.created_at)


@receiver(post_save, sender=PortalDocument)
def document_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.audience == Audience.PUBLIC:
        revive(Kind.FILE, [instance.pk])


@receiver(post_delete, sender=BodyMembership)
def membership_deleted(sender, instance, **kwargs):
    if User.objects.filter(pk=instance.user_id, publish_in_oparl=True, is_active=True).exists():
        bury(Kind.MEMBERSHIP, instance.pk)


@receiver(post_init, sender=User)
def remember_consent(sender, instance, **kwargs):
    # __dict__, not the attribute: a deferred field must not cost a query.
    instance._oparl_published = bool(instance.__dict__.get("publish_in_oparl") and instance.__dict__.get("is_active"))


@receiver(post_save, sender=User)
def person_saved(sender, instance, raw=False, **kwargs):
    """Withdrawing the consent (or leaving) removes the person and their memberships from the API."""
    if raw:
        return
    was, now = getattr(instance, "_oparl_published", False), bool(instance.publish_in_oparl and instance.is_active)
    instance._oparl_published = now
    if was == now:
        return
    memberships = BodyMembership.objects.filter(user_id=instance.pk).values_list("pk", flat=True)
    if now:
        revive(Kind.PERSON, [instance.pk])
        revive(Kind.MEMBERSHIP, memberships)
    else:
        bury(Kind.PERSON, instance.pk, instance.date_joined)
        for pk in memberships:
            bury(Kind.MEMBERSHIP, pk, instance.date_joined)


@receiver(post_delete, sender=User)
def person_deleted(sender, instance, **kwargs):
    if instance.publish_in_oparl:
        bury(Kind.PERSON, instance.pk, instance.date_joined)
