"""Operations on people and organisations shared by the members' area and the admin."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task
from wagtail import hooks

from .models import Invitation, Membership, NotificationPreference

logger = logging.getLogger(__name__)
# What an unreachable or refusing mail server raises: the mail stays queued and is tried again.
MAIL_ERRORS = (OSError, smtplib.SMTPException)


def base_url():
    """The configured base URL (``WAGTAILADMIN_BASE_URL``), else the default Wagtail Site's root URL."""
    if settings.WAGTAILADMIN_BASE_URL:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site else "http://localhost"


def absolute_url(path, request=None):
    """An absolute link: from the request when one is given, else from the one configured base URL."""
    if request is not None:
        return request.build_absolute_uri(path)
    return base_url() + path


def retry_later(mail_task, attempt, *args):
    """Queue ``mail_task`` again after the next of ``MAIL_RETRY_DELAYS`` (when the task backend
    can defer; otherwise, and after the last attempt, `manage.py requeue_tasks` picks it up)."""
    delays = settings.MAIL_RETRY_DELAYS
    if attempt >= len(delays) or not mail_task.get_backend().supports_defer:
        logger.error("%s%r: mail server unreachable, left for requeue_tasks", mail_task.name, args)
        return
    run_after = timezone.now() + timedelta(seconds=delays[attempt])
    mail_task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)


def send_invitation(invitation, request=None):
    """Queue the invitation mail: the task worker sends it once the invitation is committed, and
    tries again while the mail server is unreachable. ``sent_at`` is empty until it went out.
    Its link comes from the one configured base URL, not from the inviter's request."""
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=None)
    invitation.sent_at = None
    transaction.on_commit(lambda: send_invitation_mail.enqueue(invitation.pk))


@task()
def send_invitation_mail(invitation_id, base_url="", attempt=0):
    """Send a pending invitation once (the row lock and ``sent_at`` make a repeat a no-op)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(pk=invitation_id, sent_at=None).first()
        if invitation is None or invitation.status != "pending":
            return False
        path = invitation.get_accept_url()
        accept_url = base_url.rstrip("/") + path if base_url else absolute_url(path)
        context = {"invitation": invitation, "accept_url": accept_url}
        message = EmailMessage(
            render_to_string("portal/email/invitation_subject.txt", context).strip(),
            render_to_string("portal/email/invitation_message.txt", context),
            to=[invitation.email],
            # the same Message-ID on every attempt: a receiving server can drop a repeat
            headers={"Message-ID": f"<invitation-{invitation.pk}-{invitation.token[:16]}@integrationsportal>"},
        )
        try:
            message.send()
        except MAIL_ERRORS as error:
            logger.warning("invitation %s: mail not sent (%s)", invitation_id, error)
            retry_later(send_invitation_mail, attempt, invitation_id, base_url)
            return False
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


def invite(email, organisation, role, invited_by, request=None):
    invitation = Invitation.objects.create(email=email, organisation=organisation, role=role, invited_by=invited_by)
    send_invitation(invitation, request)
    return invitation


def resend_invitation(invitation, request=None):
    """A new token with a new validity period; the link in the earlier mail stops working."""
    invitation.renew()
    invitation.save(update_fields=["token", "expires_at"])
    send_invitation(invitation, request)


def remove_membership(membership, removed_by):
    """End a membership; the audit log (the membership's history in the admin) keeps who did it."""
    from wagtail.log_actions import log

    membership.active = False
    membership.save(update_fields=["active"])
    log(instance=membership, action="portal.membership.remove", user=removed_by)


def revoke_invitation(invitation):
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def accept_invitation(invitation, user=None, *, first_name="", last_name="", password=None):
    """Create the person (if new) with a verified e-mail address, and the membership."""
    from allauth.account.models import EmailAddress

    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != "pending":
        raise ValueError(invitation.status)
    if user is None:
        user = get_user_model().objects.create_user(
            email=invitation.email, password=password, first_name=first_name, last_name=last_name
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    if not created:
        membership.active = True
        membership.role = invitation.role
        membership.save(update_fields=["active", "role"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


def export_user_data(user):
    """Everything the portal stores about a person, for the person (Art. 15/20 DSGVO)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    data = {
        "person": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "memberships": [
            {"organisation": m.organisation.name, "role": m.get_role_display(), "active": m.active}
            for m in user.memberships.select_related("organisation")
        ],
        "body_memberships": [
            {
                "body": bm.body.title,
                "organisation": bm.organisation.name,
                "role": bm.get_role_display(),
                "start": bm.start.isoformat() if bm.start else None,
                "end": bm.end.isoformat() if bm.end else None,
            }
            for bm in user.body_memberships.select_related("body", "organisation")
        ],
        "two_factor_methods": [a.get_type_display() for a in Authenticator.objects.filter(user=user)],
        "groups": [g.name for g in user.groups.all()],
        "notification_settings": [
            {"kind": p.get_kind_display(), "frequency": p.get_frequency_display()}
            for p in NotificationPreference.objects.filter(user=user).order_by("kind")
        ],
    }
    # The apps add what they keep about the person (answers to invitations, reports, uploads).
    for fn in hooks.get_hooks("personal_data_export"):
        data.update(fn(user))
    return data


@transaction.atomic
def delete_account(user):
    """Anonymise the person: minutes, documents and records that mention them stay intact.

    Setting an unusable password changes the session hash, which ends all their sessions.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Invitation.objects.filter(email=user.email).update(revoked_at=timezone.now())
    user.memberships.update(active=False)
    user.body_memberships.filter(end__isnull=True).update(end=timezone.localdate())
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"geloescht-{user.pk}@invalid.invalid"
    user.first_name = "Gelöschte"
    user.last_name = "Person"
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
