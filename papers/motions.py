"""Members' motions and questions: submitted from the members' area, triaged by staff.

Accepting one makes it a paper with a number (kind Antrag or Anfrage, the member organisation as
originator, the Gremium as the first consultation); asking for changes sends it back to the
submitter's organisation; rejecting ends it with a reason. Every step is in the audit log.

Every step is told by mail (notification kind "Anträge und Anfragen"): a submission to the staff
who may triage it, a decision and the answer to an Anfrage to the submitter. A mail goes only to
people the access policy still lets see what it names (the motion, and the paper once there is
one); its links come from the configured base URL.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.models import NotificationKind
from portal.notifications import notify, staff_people, who_may_see

from .models import Consultation, Motion, Paper

SUBMITTED = "papers.motion.submitted"
ACCEPTED = "papers.motion.accepted"
CHANGES_REQUESTED = "papers.motion.changes_requested"
REJECTED = "papers.motion.rejected"

PAPER_KINDS = {Motion.Kind.MOTION: Paper.Kind.MOTION, Motion.Kind.QUESTION: Paper.Kind.QUESTION}
TRIAGE_PERMISSIONS = ("papers.change_motion", "papers.add_paper")


def may_submit_for(viewer, body_id) -> bool:
    """Members of the Gremium submit for it (through the access rows: only while they act for
    an active organisation membership)."""
    return body_id in viewer.body_ids


def submit(motion, user, documents=()):
    resubmission = motion.pk is not None and motion.status == Motion.Status.CHANGES_REQUESTED
    with transaction.atomic():
        motion.status = Motion.Status.SUBMITTED
        motion.submitted_by = user
        motion.submitted_at = timezone.now()
        motion.save()
        if documents:
            motion.attachments.add(*documents)
        log(instance=motion, action=SUBMITTED, user=user)
        _tell_triagers(motion, user, resubmission)
    return motion


def accept(motion, user, audience, role=None):
    """The motion becomes a paper with a number; its consultation path starts with its Gremium."""
    role = role or (Consultation.Role.DECISION if motion.kind == Motion.Kind.MOTION else Consultation.Role.NOTICE)
    meeting = motion.requested_meeting
    if meeting is not None and (meeting.body_id != motion.body_id or meeting.start < timezone.now()):
        meeting = None
    with transaction.atomic():
        paper = Paper(
            kind=PAPER_KINDS[motion.kind],
            title=motion.title,
            text=motion.text,
            originator_organisation=motion.organisation,
            audience=audience,
            date=timezone.localdate(),
        )
        paper.consultations = [Consultation(body=motion.body, role=role, meeting=meeting, sort_order=0)]
        paper.set_attachments(list(motion.attachments.order_by("pk")))
        paper.save()
        motion.paper = paper
        motion.status = Motion.Status.ACCEPTED
        motion.staff_message = ""
        motion.save(update_fields=["paper", "status", "staff_message", "updated_at"])
        log(instance=motion, action=ACCEPTED, user=user, data={"paper": paper.pk, "number": paper.number})
        _tell_accepted(motion, paper)
    return paper


def request_changes(motion, user, message):
    motion.status = Motion.Status.CHANGES_REQUESTED
    motion.staff_message = message
    motion.save(update_fields=["status", "staff_message", "updated_at"])
    log(instance=motion, action=CHANGES_REQUESTED, user=user)
    with translation.override(settings.LANGUAGE_CODE):
        _tell_submitter(
            motion,
            _("Bitte überarbeiten: %(title)s") % {"title": motion.title},
            _(
                "Die Verwaltung bittet Sie, %(what)s „%(title)s“ für das Gremium „%(body)s“ zu überarbeiten."
                "\n\nRückmeldung der Verwaltung:\n%(message)s\n\nSie können die Einreichung im Portal "
                "überarbeiten und erneut einreichen."
            )
            % {**_names(motion), "message": message},
            motion.get_absolute_url(),
        )


def reject(motion, user, reason):
    motion.status = Motion.Status.REJECTED
    motion.staff_message = reason
    motion.save(update_fields=["status", "staff_message", "updated_at"])
    log(instance=motion, action=REJECTED, user=user)
    with translation.override(settings.LANGUAGE_CODE):
        _tell_submitter(
            motion,
            _("Abgelehnt: %(title)s") % {"title": motion.title},
            _(
                "Die Verwaltung hat %(what)s „%(title)s“ für das Gremium „%(body)s“ abgelehnt."
                "\n\nBegründung:\n%(reason)s"
            )
            % {**_names(motion), "reason": reason},
            motion.get_absolute_url(),
        )


def answer_given(paper):
    """Tell the submitter of an Anfrage that its answer is now part of its paper."""
    motion = Motion.objects.filter(paper=paper).select_related("submitted_by", "body").first()
    if paper.kind != Paper.Kind.QUESTION or motion is None or motion.submitted_by is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            who_may_see([motion.submitted_by], Paper, paper.pk),
            NotificationKind.MOTIONS,
            _("Antwort auf Ihre Anfrage: %(title)s") % {"title": paper.title},
            _("Die Verwaltung hat Ihre Anfrage „%(title)s“ beantwortet. Die Antwort steht in der Vorlage %(number)s.")
            % {"title": paper.title, "number": paper.number},
            paper.get_absolute_url(),
        )


# --- mails ------------------------------------------------------------------------------------


def _names(motion):
    what = _("Ihren Antrag") if motion.kind == Motion.Kind.MOTION else _("Ihre Anfrage")
    return {"what": what, "title": motion.title, "body": motion.body.title}


def triagers():
    """Active staff who may triage motions (the permissions of the triage view)."""
    people = staff_people()
    for permission in TRIAGE_PERMISSIONS:
        people = people.filter(pk__in=ModelBackend().with_perm(permission).values("pk"))
    return people


def _tell_triagers(motion, user, resubmission):
    staff = [person for person in triagers() if person != user]
    with translation.override(settings.LANGUAGE_CODE):
        motion_kind = motion.kind == Motion.Kind.MOTION
        if resubmission:
            subject = _("Überarbeiteter Antrag: %(title)s") if motion_kind else _("Überarbeitete Anfrage: %(title)s")
            text = _("%(organisation)s hat „%(title)s“ für das Gremium „%(body)s“ überarbeitet und erneut eingereicht.")
        else:
            subject = _("Neuer Antrag: %(title)s") if motion_kind else _("Neue Anfrage: %(title)s")
            text = _("%(organisation)s hat „%(title)s“ (%(kind)s) für das Gremium „%(body)s“ eingereicht.")
        text += "\n\n" + _("Bitte prüfen Sie die Einreichung in der Verwaltung.")
        notify(
            who_may_see(staff, Motion, motion.pk),
            NotificationKind.MOTIONS,
            subject % {"title": motion.title},
            text
            % {
                "organisation": motion.organisation.name,
                "title": motion.title,
                "kind": motion.get_kind_display(),
                "body": motion.body.title,
            },
            reverse("papers_triage", args=[motion.pk]),
        )


def _tell_submitter(motion, subject, text, url):
    """The submitter, while the access policy lets them see the motion."""
    if motion.submitted_by is None:
        return []
    return notify(who_may_see([motion.submitted_by], Motion, motion.pk), NotificationKind.MOTIONS, subject, text, url)


def _tell_accepted(motion, paper):
    """The submitter, with the paper's number and link while they may see the paper; otherwise
    (a paper for staff only) that it was accepted, with the link to the motion."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Als Vorlage angenommen: %(title)s") % {"title": motion.title}
        names = _names(motion)
        if motion.submitted_by is not None and who_may_see([motion.submitted_by], Paper, paper.pk):
            text = _(
                "Die Verwaltung hat %(what)s „%(title)s“ für das Gremium „%(body)s“ als Vorlage %(number)s angenommen."
            ) % {**names, "number": paper.number}
            notify([motion.submitted_by], NotificationKind.MOTIONS, subject, text, paper.get_absolute_url())
            return
        text = _("Die Verwaltung hat %(what)s „%(title)s“ für das Gremium „%(body)s“ als Vorlage angenommen.") % names
        _tell_submitter(motion, subject, text, motion.get_absolute_url())
