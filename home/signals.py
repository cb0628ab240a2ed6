from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.signals import page_published

from portal.access import Audience
from portal.models import Notification, NotificationKind, User
from portal.notifications import notify

from .models import NewsPage


@receiver(page_published, sender=NewsPage)
def notify_members_about_news(sender, instance, **kwargs):
    """News for members: tell the members once, at the first publication."""
    if instance.audience != Audience.MEMBERS:
        return
    url = instance.get_url()
    if Notification.objects.filter(kind=NotificationKind.MEMBERS_NEWS, url=url).exists():
        return
    members = User.objects.filter(
        is_active=True, memberships__active=True, memberships__organisation__active=True
    ).distinct()
    notify(
        members,
        NotificationKind.MEMBERS_NEWS,
        _("Neue Nachricht: %(title)s") % {"title": instance.title},
        instance.teaser,
        url,
    )
