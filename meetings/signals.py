from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import published

from portal import pagecache
from portal.models import Membership

from . import minutes as lifecycle
from .models import BodyMembership, Minutes


@receiver(published, sender=Minutes)
def minutes_published(sender, instance, revision=None, **kwargs):
    """An approved version of the minutes went live (workflow approval or an approver's publish)."""
    lifecycle.minutes_published(instance, user=getattr(revision, "user", None))


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
