"""The minutes' lifecycle: drafted, approved (workflow), draft for the members with an objection
period, objections decided, final. See ``meetings.models.minutes`` for the states."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.search import index

from portal import pagecache
from portal.models import NotificationKind
from portal.notifications import notify, people_who_may_see, staff_people

from .ical import meeting_url
from .invitations import recipients
from .models import (
    MINUTES_FIELDS,
    AgendaItem,
    AgendaItemDeparture,
    Attendance,
    MeetingPage,
    Minutes,
    MinutesAttendance,
    MinutesEntry,
    Objection,
    attendance_key,
)

ATTENDANCE_FIELDS = ["person_id", "name", "organisation_id", "role", "status", "substitute_for"]


class MinutesError(Exception):
    pass


def ensure_minutes(meeting, user=None):
    """The meeting's minutes, created on first use with one entry per agenda item and the
    meeting's published attendance (if it has one); items added to the agenda later get an entry
    in a new draft revision."""
    record = Minutes.objects.filter(meeting=meeting).first()
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("sort_order", "pk"))
    if record is None:
        legacy = any(item.has_minutes for item in items)
        record = Minutes(meeting=meeting, live=legacy, status=Minutes.Status.FINAL if legacy else Minutes.Status.DRAFT)
        if legacy:  # approved before the minutes had a lifecycle: they are final already
            record.final_at = meeting.last_published_at
        record.attendances = published_attendance(meeting)
        record.save()
    draft = record.get_latest_revision_as_object() if record.latest_revision_id else record
    entries = list(draft.entries.all())
    known = {entry.agenda_item_id for entry in entries}
    missing = [item for item in items if item.pk not in known]
    if not missing and record.latest_revision_id:
        return record
    for item in missing:
        entries.append(MinutesEntry(agenda_item=item, **{name: getattr(item, name) for name in MINUTES_FIELDS}))
    order = {item.pk: position for position, item in enumerate(items)}
    entries.sort(key=lambda entry: order.get(entry.agenda_item_id, len(order)))
    for position, entry in enumerate(entries):
        entry.sort_order = position
    draft.entries = entries
    draft.save_revision(user=user, log_action=True)
    return record


def published_attendance(meeting):
    """The meeting's attendance as published (``Attendance``, with who left the room for which
    item), as rows of a version of the minutes."""
    left = {}
    departures = AgendaItemDeparture.objects.filter(agenda_item__meeting_id=meeting.pk).select_related("agenda_item")
    for departure in departures.order_by("agenda_item__sort_order", "sort_order", "pk"):
        left.setdefault(attendance_key(departure.person_id, departure.name), []).append(departure.agenda_item)
    rows = []
    for position, attendance in enumerate(
        Attendance.objects.filter(meeting_id=meeting.pk).order_by("sort_order", "pk")
    ):
        row = MinutesAttendance(sort_order=position, **{name: getattr(attendance, name) for name in ATTENDANCE_FIELDS})
        row.left_for = left.get(attendance_key(attendance.person_id, attendance.name), [])
        rows.append(row)
    return rows


def publish_attendance(record, meeting, items):
    """The attendance of the version just published becomes the meeting's ``Attendance``, and who
    left the room the ``departures`` of its agenda ``items`` (replacing what was there)."""
    rows = list(record.attendances.order_by("sort_order", "pk"))
    through = MinutesAttendance.left_for.through
    item_ids = {item.pk for item in items}
    left = {}
    for row_id, item_id in through.objects.filter(minutesattendance__record=record).values_list(
        "minutesattendance_id", "agendaitem_id"
    ):
        if item_id in item_ids:
            left.setdefault(row_id, []).append(item_id)
    Attendance.objects.filter(meeting_id=meeting.pk).delete()
    Attendance.objects.bulk_create(
        Attendance(
            meeting_id=meeting.pk, sort_order=position, **{name: getattr(row, name) for name in ATTENDANCE_FIELDS}
        )
        for position, row in enumerate(rows)
    )
    AgendaItemDeparture.objects.filter(agenda_item_id__in=item_ids).delete()
    AgendaItemDeparture.objects.bulk_create(
        AgendaItemDeparture(
            agenda_item_id=item_id,
            sort_order=position,
            person_id=row.person_id,
            name=row.name,
            organisation_id=row.organisation_id,
        )
        for position, row in enumerate(rows)
        for item_id in left.get(row.pk, [])
    )


def minutes_published(minutes, user=None):
    """An approved version went live: its texts become the items' minutes, its attendance the
    meeting's; the first approval opens the objection period and tells the Gremium's members."""
    with transaction.atomic():
        record = Minutes.objects.select_for_update(of=("self",)).select_related("meeting__body").get(pk=minutes.pk)
        meeting = record.meeting
        entries = {entry.agenda_item_id: entry for entry in record.entries.all() if entry.agenda_item_id}
        items = list(AgendaItem.objects.filter(meeting=meeting))
        for item in items:
            entry = entries.get(item.pk)
            for name in MINUTES_FIELDS:
                setattr(item, name, getattr(entry, name) if entry else AgendaItem._meta.get_field(name).get_default())
        AgendaItem.objects.bulk_update(items, MINUTES_FIELDS)
        publish_attendance(record, meeting, items)
        first_release = record.status == Minutes.Status.DRAFT
        if first_release:
            record.open_objection_period()
            record.save(update_fields=["status", "released_at", "objection_deadline"])
    reindex(meeting)
    if first_release:
        notify(
            recipients(meeting),
            NotificationKind.MINUTES_APPROVED,
            _("Entwurf der Niederschrift: %(title)s") % {"title": meeting.title},
            _(
                "Der Entwurf der Niederschrift der Sitzung „%(title)s“ liegt vor. "
                "Einwendungen können Sie bis zum %(date)s auf der Seite der Sitzung erheben."
            )
            % {"title": meeting.title, "date": record.objection_deadline.strftime("%d.%m.%Y")},
            meeting_url(meeting),
        )
    return record


def reindex(meeting):
    """The index holds minutes texts only once final: index the items and the meeting again."""
    for item in AgendaItem.objects.filter(meeting_id=meeting.pk).select_related("meeting"):
        index.insert_or_update_object(item)
    index.insert_or_update_object(MeetingPage.objects.get(pk=meeting.pk))
    pagecache.purge()


def finalise(record, user=None, approved_in=None, now=None):
    """The minutes are final (genehmigt): the public part goes public."""
    if record.status != Minutes.Status.OBJECTION:
        raise MinutesError(_("Nur ein Entwurf in der Einwendungsfrist kann genehmigt werden."))
    if record.objections.filter(status=Objection.Status.OPEN).exists():
        raise MinutesError(_("Es sind noch Einwendungen offen. Bitte entscheiden Sie zuerst über sie."))
    record.status = Minutes.Status.FINAL
    record.final_at = now or timezone.now()
    record.approved_in = approved_in
    Minutes.objects.filter(pk=record.pk).update(status=record.status, final_at=record.final_at, approved_in=approved_in)
    log(
        instance=record,
        action="meetings.minutes_final",
        user=user,
        data={"approved_in": approved_in.pk if approved_in else None},
    )
    meeting = record.meeting
    reindex(meeting)
    notify(
        people_who_may_see(MeetingPage, meeting.pk),
        NotificationKind.MINUTES_APPROVED,
        _("Niederschrift genehmigt: %(title)s") % {"title": meeting.title},
        _("Die Niederschrift der Sitzung „%(title)s“ ist genehmigt.") % {"title": meeting.title},
        meeting_url(meeting),
    )
    return record


def finalise_due(today=None):
    """Minutes whose objection period is over and that have no open objection become final."""
    today = today or timezone.localdate()
    due = Minutes.objects.filter(status=Minutes.Status.OBJECTION, objection_deadline__lt=today).exclude(
        objections__status=Objection.Status.OPEN
    )
    done = []
    for record in due.select_related("meeting"):
        finalise(record)
        done.append(record)
    return done


def later_meetings(record):
    """Meetings of the same Gremium after this one: one of them may approve the minutes."""
    meeting = record.meeting
    return MeetingPage.objects.filter(body_id=meeting.body_id, start__gt=meeting.start).order_by("start")


def file_objection(record, item, user, text):
    if not record.in_objection_period or record.objection_period_over():
        raise MinutesError(_("Die Einwendungsfrist ist abgelaufen."))
    objection = Objection.objects.create(record=record, agenda_item=item, author=user, text=text)
    log(instance=record, action="meetings.objection_filed", user=user, data={"item": item.pk})
    meeting = record.meeting
    notify(
        staff_people(),
        NotificationKind.MINUTES_APPROVED,
        _("Einwendung zur Niederschrift: %(title)s") % {"title": meeting.title},
        _("Zu TOP %(number)s der Niederschrift der Sitzung „%(title)s“ ist eine Einwendung eingegangen.")
        % {"number": item.number, "title": meeting.title},
        reverse("wagtailsnippets_meetings_objection:edit", args=[objection.pk]),
    )
    return objection


def decide_objection(objection, user):
    """Record who decided and tell the person who filed it."""
    Objection.objects.filter(pk=objection.pk).update(decided_by=user, decided_at=timezone.now())
    author = objection.author
    if author is None or objection.status == Objection.Status.OPEN:
        return
    meeting = objection.record.meeting
    number = objection.agenda_item.number
    if objection.status == Objection.Status.ACCEPTED:
        text = _(
            "Ihre Einwendung zu TOP %(number)s der Niederschrift der Sitzung „%(title)s“ wurde angenommen; "
            "die Niederschrift wird geändert."
        ) % {"number": number, "title": meeting.title}
    else:
        text = _(
            "Ihre Einwendung zu TOP %(number)s der Niederschrift der Sitzung „%(title)s“ wurde zurückgewiesen. "
            "Begründung: %(reason)s"
        ) % {"number": number, "title": meeting.title, "reason": objection.reason}
    notify(
        [author],
        NotificationKind.MINUTES_APPROVED,
        _("Ihre Einwendung: %(title)s") % {"title": meeting.title},
        text,
        meeting_url(meeting),
    )
