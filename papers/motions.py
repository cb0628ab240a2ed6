"""Members' motions and questions: submitted from the members' area, triaged by staff.

Accepting one makes it a paper with a number (kind Antrag or Anfrage, the member organisation as
originator, the Gremium as the first consultation); asking for changes sends it back to the
submitter's organisation; rejecting ends it with a reason. Every step is in the audit log.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from .models import Consultation, Motion, Paper

SUBMITTED = "papers.motion.submitted"
ACCEPTED = "papers.motion.accepted"
CHANGES_REQUESTED = "papers.motion.changes_requested"
REJECTED = "papers.motion.rejected"

PAPER_KINDS = {Motion.Kind.MOTION: Paper.Kind.MOTION, Motion.Kind.QUESTION: Paper.Kind.QUESTION}


def may_submit_for(viewer, body_id) -> bool:
    """Members of the Gremium submit for it (through the access rows: only while they act for
    an active organisation membership)."""
    return body_id in viewer.body_ids


def submit(motion, user, documents=()):
    with transaction.atomic():
        motion.status = Motion.Status.SUBMITTED
        motion.submitted_by = user
        motion.submitted_at = timezone.now()
        motion.save()
        if documents:
            motion.attachments.add(*documents)
        log(instance=motion, action=SUBMITTED, user=user)
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
    return paper


def request_changes(motion, user, message):
    motion.status = Motion.Status.CHANGES_REQUESTED
    motion.staff_message = message
    motion.save(update_fields=["status", "staff_message", "updated_at"])
    log(instance=motion, action=CHANGES_REQUESTED, user=user)


def reject(motion, user, reason):
    motion.status = Motion.Status.REJECTED
    motion.staff_message = reason
    motion.save(update_fields=["status", "staff_message", "updated_at"])
    log(instance=motion, action=REJECTED, user=user)
