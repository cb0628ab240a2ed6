from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.utils import timezone
from wagtail.models import PageManager

from portal.access import AudiencePageQuerySet


def _meetings(queryset):
    """The meetings of the rows of ``queryset`` (the model its ``meeting`` field points to)."""
    return queryset.model._meta.get_field("meeting").related_model.objects


class BodyMembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        """Current on the day ``on`` (today), and only while the person acts for an organisation
        they are an active member of (active person, membership and organisation): removing
        someone from their organisation ends every Gremium access that came through it."""
        from portal.models import Membership

        on = on or timezone.localdate()
        acting_for = Membership.objects.active().filter(
            user_id=models.OuterRef("user_id"), organisation_id=models.OuterRef("organisation_id")
        )
        return self.filter(
            Q(start__isnull=True) | Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on), models.Exists(acting_for)
        )


class MeetingQuerySet(AudiencePageQuerySet):
    def visible_to(self, viewer):
        """Live meetings the viewer may read; drafts never reach the site."""
        return super().visible_to(viewer).live()

    def upcoming(self, now=None):
        return self.filter(start__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        return self.filter(start__lt=now or timezone.now()).order_by("-start")


MeetingManager = PageManager.from_queryset(MeetingQuerySet)


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        """Items of meetings the viewer may see, annotated with ``full_access``.

        Items without full access are shown only redacted (number and neutral title),
        see meetings/agenda.py.
        """
        meetings = _meetings(self).visible_to(viewer).values("pk")
        return self.filter(meeting__in=meetings).annotate(
            full_access=models.ExpressionWrapper(full_access_q(viewer), output_field=models.BooleanField())
        )

    def with_minutes_access(self, viewer):
        """Annotated with ``minutes_access``: whether the viewer may read the minutes texts."""
        return self.annotate(
            minutes_access=models.ExpressionWrapper(minutes_access_q(viewer), output_field=models.BooleanField())
        )

    def readable_by(self, viewer):
        """Items whose full text the viewer may read (public ones, non-public ones of their bodies)."""
        return self.visible_to(viewer).filter(full_access_q(viewer))

    def minutes_readable_by(self, viewer):
        """Items whose full text and minutes texts (decision, result, votes) the viewer may read:
        draft minutes in their objection period only for the Gremium and staff."""
        return self.readable_by(viewer).filter(minutes_access_q(viewer))


def full_access_q(viewer):
    """Non-public agenda items are for the members of the body and for city staff only, except
    those recused from the item (Befangenheit, ``Viewer.recusal_q``): they read it as the public."""
    if viewer.is_staff:
        readers = Q(pk__isnull=False)
    elif viewer.body_ids:
        readers = Q(meeting__body_id__in=viewer.body_ids)
    else:
        return Q(public=True)
    return Q(public=True) | (readers & viewer.recusal_q("meetings.agendaitem"))


def minutes_access_q(viewer):
    """The minutes texts on agenda items: final ones (and those from before the minutes had a
    lifecycle) for everyone who may read the item; a draft in its objection period for the
    members of the body; staff read every version. Combined with ``full_access_q``."""
    if viewer.is_staff:
        return Q(pk__isnull=False)
    q = Q(meeting__minutes_record__isnull=True) | Q(meeting__minutes_record__status="final")
    if viewer.body_ids:
        q |= Q(meeting__minutes_record__status="objection", meeting__body_id__in=viewer.body_ids)
    return q


class ActionItemQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        """Staff see every action item; members those their organisation is responsible for."""
        if viewer.is_staff:
            return self
        return self.filter(organisation_id__in=viewer.organisation_ids, organisation__active=True)

    def open(self):
        return self.exclude(status=self.model.Status.DONE)

    def open_for(self, viewer):
        """The open items of the viewer's organisations. ``meeting_visible`` says whether the
        viewer may see the meeting an item came from: only then is it named. ``readable`` is false
        for an item from an agenda item the viewer is recused from: it is named neutrally."""
        visible = _meetings(self).visible_to(viewer).filter(pk=OuterRef("meeting_id"))
        recused = viewer.recusal_q("meetings.agendaitem", "agenda_item_id")
        readable = models.ExpressionWrapper(recused, output_field=models.BooleanField()) if recused else Value(True)
        return (
            self.visible_to(viewer)
            .open()
            .filter(organisation_id__in=viewer.organisation_ids)
            .select_related("organisation", "meeting__body", "agenda_item")
            .annotate(meeting_visible=Exists(visible), readable=readable)
        )

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())
