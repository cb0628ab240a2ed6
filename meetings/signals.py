from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Workflow, WorkflowPage

from .models import MINUTES_WORKFLOW, MeetingIndexPage


def assign_minutes_workflow(page):
    """Bodies and meetings below the calendar page go live only through "Niederschrift freigeben"."""
    workflow = Workflow.objects.filter(name=MINUTES_WORKFLOW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})


@receiver(post_save, sender=MeetingIndexPage)
def meeting_index_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_minutes_workflow(instance)
