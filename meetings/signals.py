from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.models import Workflow, WorkflowPage
from wagtail.signals import workflow_approved

from portal.models import NotificationKind
from portal.notifications import notify, people_who_may_see

from .models import MINUTES_WORKFLOW, MeetingIndexPage, MeetingPage


def assign_minutes_workflow(page):
    """Bodies and meetings below the calendar page go live only through "Niederschrift freigeben"."""
    workflow = Workflow.objects.filter(name=MINUTES_WORKFLOW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})


@receiver(post_save, sender=MeetingIndexPage)
def meeting_index_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_minutes_workflow(instance)


@receiver(workflow_approved)
def minutes_approved(sender, instance, user=None, **kwargs):
    """Approved minutes: tell everyone who may see the meeting (by their notification choice)."""
    page = MeetingPage.objects.filter(pk=instance.object_id).first()
    if page is None or not any(item.has_minutes for item in page.agenda_items.all()):
        return
    notify(
        people_who_may_see(MeetingPage, page.pk),
        NotificationKind.MINUTES_APPROVED,
        _("Niederschrift freigegeben: %(title)s") % {"title": page.title},
        _("Die Niederschrift der Sitzung „%(title)s“ ist freigegeben.") % {"title": page.title},
        page.url,
    )
