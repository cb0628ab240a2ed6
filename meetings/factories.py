"""Factories for Gremien, meetings and agenda items, shared by the tests and the demo seeders."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from portal.factories import OrganisationFactory, PublishedPageFactory, UserFactory

from .models import AgendaItem, BodyMembership, BodyPage, MeetingIndexPage, MeetingPage


class MeetingIndexPageFactory(PublishedPageFactory):
    """The meeting calendar (/sitzungen/); the existing one if there is one under ``parent``."""

    class Meta:
        model = MeetingIndexPage
        django_get_or_create = ["slug", "parent"]

    title = "Sitzungen"
    slug = "sitzungen"
    show_in_menus = True


class BodyPageFactory(PublishedPageFactory):
    class Meta:
        model = BodyPage

    title = factory.Sequence(lambda n: f"Arbeitsgruppe {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))


class MeetingPageFactory(PublishedPageFactory):
    """A meeting in two weeks; ``agenda_items=[AgendaItemFactory.build(...), ...]`` its agenda."""

    class Meta:
        model = MeetingPage

    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    title = factory.LazyAttribute(lambda page: f"Sitzung am {timezone.localtime(page.start):%d.%m.%Y}")
    slug = factory.LazyAttribute(lambda page: f"sitzung-{timezone.localtime(page.start):%Y-%m-%d-%H%M}")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """An agenda item; build it (``.build()``) into a meeting's ``agenda_items``.
    ``attachments=[document, ...]`` attaches documents in this order."""

    class Meta:
        model = AgendaItem

    title = "Bericht"

    @classmethod
    def _build(cls, model_class, *args, attachments=(), **kwargs):
        item = model_class(*args, **kwargs)
        if attachments:
            item.set_attachments(attachments)
        return item


class BodyMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMembership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = BodyMembership.Role.MEMBER


# Shorthands the tests read most easily: the parent first, then what matters.


def meeting_index(home, **kwargs):
    return MeetingIndexPageFactory(parent=home, **kwargs)


def body_page(parent, title="Lenkungsgruppe Test", **kwargs):
    return BodyPageFactory(parent=parent, title=title, **kwargs)


def agenda_item(title="Bericht", **kwargs):
    return AgendaItemFactory.build(title=title, **kwargs)


def meeting_page(body, start=None, items=(), publish=True, user=None, **kwargs):
    """A meeting under ``body`` with the given agenda items, published unless publish=False."""
    if start is not None:
        kwargs["start"] = start
    return MeetingPageFactory(parent=body, agenda_items=list(items), publish=publish, publish__user=user, **kwargs)


def draft_minutes(meeting, texts, user=None, attendance=None):
    """A new version of the minutes of ``meeting`` (``texts``: agenda item → field values), saved
    as a revision, not approved yet. ``attendance``: its attendance as a list of field values
    (``person``, ``name``, ``organisation``, ``role``, ``status``, ``substitute_for``,
    ``left_for``: the agenda items the person left the room for); None keeps the attendance of
    the latest version. Returns the minutes record."""
    from .minutes import ensure_minutes
    from .models import MinutesAttendance

    record = ensure_minutes(meeting, user=user)
    draft = record.get_latest_revision_as_object()
    entries = list(draft.entries.all())
    for entry in entries:
        for name, value in texts.get(entry.agenda_item_id, {}).items():
            setattr(entry, name, value)
    draft.entries = entries
    if attendance is not None:
        draft.attendances = [MinutesAttendance(sort_order=n, **row) for n, row in enumerate(attendance)]
    draft.save_revision(user=user)
    return record


def approve_minutes(meeting, texts, user=None, attendance=None):
    """Minutes drafted and approved (published, as the workflow's approval does): in their
    objection period after the first approval; the meeting's attendance is theirs."""
    record = draft_minutes(meeting, texts, user=user, attendance=attendance)
    record.refresh_from_db()
    record.latest_revision.publish(user=user)
    record.refresh_from_db()
    return record
