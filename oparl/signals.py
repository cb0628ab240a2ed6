"""Record when objects leave the public API, so clients learn of the deletion."""

from django.db.models.signals import post_delete, post_init, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.signals import page_published, page_unpublished

from documents.models import PortalDocument
from meetings.models import AgendaItem, BodyMembership, BodyPage, MeetingPage
from portal.access import ANONYMOUS, Audience
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


def bury_files_that_left(document_ids):
    """Of these documents, which were files of the API, bury those no longer in it."""
    from .querysets import public_files

    still = public_files().filter(pk__in=document_ids).values("pk")
    for pk, created in (
        PortalDocument.objects.filter(pk__in=document_ids).exclude(pk__in=still).values_list("pk", "created_at")
    ):
        bury(Kind.FILE, pk, created)


def meeting_files(meeting_id):
    """The public documents attached to the meeting's public items: the files it brings into the API."""
    return set(
        PortalDocument.objects.filter(
            audience=Audience.PUBLIC, agenda_items__meeting_id=meeting_id, agenda_items__public=True
        ).values_list("pk", flat=True)
    )


def previous_publication(page, revision):
    """The content of the meeting as last published before this revision (None if never)."""
    previous = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish", revision__isnull=False)
        .exclude(revision_id=getattr(revision, "pk", None))
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return previous.revision.content if previous is not None else None


def files_of_public_content(content):
    """The public documents the public items of a published meeting revision brought into the API."""
    if not content or content.get("audience") != Audience.PUBLIC:
        return set()
    ids = {
        link["document"]
        for item in content.get("agenda_items", [])
        if item.get("public")
        for link in item.get("attachment_links", [])
    }
    return set(PortalDocument.objects.filter(pk__in=ids, audience=Audience.PUBLIC).values_list("pk", flat=True))


def body_memberships(body):
    """The memberships of the body the API shows while the body is published."""
    return BodyMembership.objects.filter(body=body, user__publish_in_oparl=True, user__is_active=True)


@receiver(page_published)
def page_went_live(sender, instance, revision=None, **kwargs):
    page = instance.specific
    if isinstance(page, MeetingPage):
        previous = previous_publication(page, revision)
        if page.audience == Audience.PUBLIC:
            revive(Kind.MEETING, [page.pk])
            revive(Kind.AGENDA_ITEM, AgendaItem.objects.filter(meeting_id=page.pk).values_list("pk", flat=True))
            revive(Kind.FILE, meeting_files(page.pk))
        elif previous and previous.get("audience") == Audience.PUBLIC:
            # A meeting that is no longer public leaves the API as deleted; one that never was
            # public is not mentioned at all.
            bury_meeting(page)
        # attachments removed, items made non-public, the meeting made non-public
        bury_files_that_left(files_of_public_content(previous))
    elif isinstance(page, BodyPage):
        revive(Kind.ORGANIZATION, [page.pk])
        revive(Kind.MEMBERSHIP, body_memberships(page).values_list("pk", flat=True))


@receiver(page_unpublished)
def page_went_offline(sender, instance, **kwargs):
    page = instance.specific
    if isinstance(page, MeetingPage):
        if page.audience == Audience.PUBLIC:
            bury_meeting(page)
            bury_files_that_left(meeting_files(page.pk))
    elif isinstance(page, BodyPage):
        bury(Kind.ORGANIZATION, page.pk, page.first_published_at)
        for membership in body_memberships(page).select_related("user"):
            bury(Kind.MEMBERSHIP, membership.pk, membership.user.date_joined)


@receiver(pre_delete, sender=MeetingPage)
def meeting_deleting(sender, instance, **kwargs):
    if instance.live and instance.audience == Audience.PUBLIC:
        instance._oparl_files = meeting_files(instance.pk)


@receiver(post_delete, sender=MeetingPage)
def meeting_deleted(sender, instance, **kwargs):
    if instance.live and instance.audience == Audience.PUBLIC:
        bury(Kind.MEETING, instance.pk, instance.first_published_at)
        bury_files_that_left(getattr(instance, "_oparl_files", ()))


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


@receiver(post_init, sender=PortalDocument)
def remember_audience(sender, instance, **kwargs):
    instance._oparl_was_public = instance.__dict__.get("audience") == Audience.PUBLIC


@receiver(post_save, sender=PortalDocument)
def document_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.audience == Audience.PUBLIC:
        revive(Kind.FILE, [instance.pk])
    elif getattr(instance, "_oparl_was_public", False):
        # no longer public: a file of the API (attached to an item anyone may read) is deleted
        readable = AgendaItem.objects.readable_by(ANONYMOUS)
        if PortalDocument.objects.filter(pk=instance.pk, agenda_items__in=readable).exists():
            bury(Kind.FILE, instance.pk, instance.created_at)
    instance._oparl_was_public = instance.audience == Audience.PUBLIC


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
