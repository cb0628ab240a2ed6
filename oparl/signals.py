"""Every change of what the API may show is counted; the next API request compares (see ``sync``)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from documents.models import PortalDocument
from meetings.models import AgendaItem, AgendaItemAttachment, BodyMembership, Place
from portal.models import User
from portal.pagecache import PUBLIC_USER_FIELDS

from .sync import changed

UID = "oparl.changed"


def public_data_changed(sender=None, **kwargs):
    changed()


def page_saved(sender, instance, raw=False, **kwargs):
    # post_save names the concrete class: every page type, published or not
    if isinstance(instance, Page) and not raw:
        changed()


def user_saved(sender, instance, update_fields=None, **kwargs):
    # logins and other bookkeeping saves show nothing new
    if update_fields is None or PUBLIC_USER_FIELDS & set(update_fields):
        changed()


def connect():
    page_published.connect(public_data_changed, dispatch_uid=f"{UID}.published")
    page_unpublished.connect(public_data_changed, dispatch_uid=f"{UID}.unpublished")
    post_page_move.connect(public_data_changed, dispatch_uid=f"{UID}.moved")
    post_delete.connect(public_data_changed, sender=Page, dispatch_uid=f"{UID}.page_deleted")
    post_save.connect(page_saved, dispatch_uid=f"{UID}.page_saved")
    for model in (PortalDocument, AgendaItem, AgendaItemAttachment, BodyMembership, Place, Site):
        post_save.connect(public_data_changed, sender=model, dispatch_uid=f"{UID}.{model.__name__}.saved")
        post_delete.connect(public_data_changed, sender=model, dispatch_uid=f"{UID}.{model.__name__}.deleted")
    m2m_changed.connect(public_data_changed, sender=PortalDocument.bodies.through, dispatch_uid=f"{UID}.bodies")
    post_save.connect(user_saved, sender=User, dispatch_uid=f"{UID}.user_saved")
    post_delete.connect(public_data_changed, sender=User, dispatch_uid=f"{UID}.user_deleted")


def connect_papers():
    """Papers, their files, relations and consultations are public data too."""
    from papers.models import Consultation, Paper, PaperAttachment, PaperRelation

    for model in (Paper, Consultation, PaperAttachment, PaperRelation):
        post_save.connect(public_data_changed, sender=model, dispatch_uid=f"{UID}.{model.__name__}.saved")
        post_delete.connect(public_data_changed, sender=model, dispatch_uid=f"{UID}.{model.__name__}.deleted")
