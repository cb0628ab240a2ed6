from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Workflow, WorkflowPage
from wagtail.signals import workflow_approved

from portal import pagecache
from portal.models import Membership, NotificationKind
from portal.notifications import notify, people_who_may_see

from .models import MINUTES_WORKFLOW, BodyMembership, MeetingIndexPage, MeetingPage


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


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_ended(sender, instance, raw=False, **kwargs):
    """A person removed from an organisation (members' area or admin) leaves
    the Gremien they sat in for it: their body memberships get today as their end date.
    (Access ends anyway: it needs an active membership, see ``BodyMembership.objects.active``.)"""
    if raw or (instance.active and kwargs.get("signal") is post_save):
        return
    today = timezone.localdate()
    ended = (
        BodyMembership.objects.filter(user_id=instance.user_id, organisation_id=instance.organisation_id)
        .filter(Q(end__isnull=True) | Q(end__gt=today))
        .update(end=today)
    )
    if ended:
        pagecache.purge()  # the Gremium pages and the OParl API list the members
