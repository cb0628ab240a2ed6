"""E-mail notifications: per person and kind immediately, as a daily digest, or off.

Mails go out from a background task (django-tasks); `manage.py send_digests` sends the
digests and is idempotent. Every mail carries a signed one-click unsubscribe link.
"""

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django_tasks import task

from .models import DEFAULT_FREQUENCY, Frequency, Notification, NotificationKind, NotificationPreference
from .services import MAIL_ERRORS, absolute_url, logger, retry_later

UNSUBSCRIBE_SALT = "portal.notifications.unsubscribe"
DIGEST = "digest"  # the unsubscribe link of a digest turns off every kind that goes into it


def unsubscribe_token(user, kind):
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """(user id, kind) from a token, or None when it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if data.get("k") not in [*NotificationKind.values, DIGEST]:
        return None
    return data["u"], data["k"]


def unsubscribe_url(user, kind):
    return absolute_url(reverse("portal:unsubscribe", args=[unsubscribe_token(user, kind)]))


def people_who_may_see(model, pk, exclude=None):
    """Active members and staff for whom the access policy lets ``model`` row ``pk`` through."""
    from .models import User

    candidates = User.objects.filter(is_active=True).filter(
        models.Q(memberships__active=True, memberships__organisation__active=True)
        | models.Q(groups__isnull=False)
        | models.Q(user_permissions__isnull=False)
        | models.Q(is_superuser=True)
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    return who_may_see(candidates.distinct(), model, pk)


def staff_people():
    """Active city staff (admin access through a group, given directly, or superusers)."""
    from django.contrib.auth.backends import ModelBackend

    from .access import STAFF_PERMISSION

    return ModelBackend().with_perm(STAFF_PERMISSION).order_by("pk")


def who_may_see(users, model, pk):
    """Those of ``users`` for whom the access policy lets ``model`` row ``pk`` through (one
    check per access group: viewers with the same key may read the same rows)."""
    from .access import Viewer

    allowed, recipients = {}, []
    for user in users:
        viewer = Viewer.for_user(user)
        if viewer.access_key not in allowed:
            allowed[viewer.access_key] = model.objects.visible_to(viewer).filter(pk=pk).exists()
        if allowed[viewer.access_key]:
            recipients.append(user)
    return recipients


def notify(users, kind, subject, text, url="", send=None):
    """Queue a notification of ``kind`` for each person, as their preference says.

    The immediate ones are sent after commit by ``send(notification)`` (default: the generic
    notification mail through `send_notification`). A subject longer than the field holds (a
    long title after a prefix) is shortened with "…"."""
    subject = Truncator(subject).chars(Notification._meta.get_field("subject").max_length)
    users = [u for u in users if u.is_active and u.email]
    prefs = {
        (p.user_id): p.frequency
        for p in NotificationPreference.objects.filter(user__in=users, kind=kind).only("user_id", "frequency")
    }
    created = []
    for user in users:
        frequency = prefs.get(user.pk, DEFAULT_FREQUENCY[kind])
        if frequency == Frequency.OFF:
            continue
        created.append(
            Notification(user=user, kind=kind, subject=subject, text=text, url=url, digest=frequency == Frequency.DAILY)
        )
    Notification.objects.bulk_create(created)
    send = send or (lambda notification: send_notification.enqueue(notification.pk))
    for notification in created:
        if not notification.digest:
            transaction.on_commit(lambda n=notification: send(n))
    return created


def unsubscribe_headers(user, kind, message_id):
    """The one-click unsubscribe link, and the same Message-ID on every attempt (a receiving
    server can drop a repeat)."""
    link = unsubscribe_url(user, kind)
    return {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Message-ID": f"<{message_id}@integrationsportal>",
    }


def _message(user, subject, template, context, unsubscribe_kind, message_id):
    link = unsubscribe_url(user, unsubscribe_kind)
    settings_url = absolute_url(reverse("portal:notification_settings"))
    context = {**context, "user": user, "unsubscribe_url": link, "settings_url": settings_url}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"portal/email/{template}.txt", context),
        to=[user.email],
        headers=unsubscribe_headers(user, unsubscribe_kind, message_id),
    )
    message.attach_alternative(render_to_string(f"portal/email/{template}.html", context), "text/html")
    return message


def deliver(notification_id, build, retry):
    """Send the mail ``build(notification)`` returns for an unsent immediate notification, once:
    the row lock and ``sent_at`` make a repeat (a retry, a requeued task) a no-op. While the mail
    server is unreachable the row stays unsent and ``retry()`` queues the next attempt."""
    with transaction.atomic():
        pending = Notification.objects.select_for_update().select_related("user")
        notification = pending.filter(pk=notification_id, sent_at=None).first()
        if notification is None:
            return False
        message = build(notification)
        try:
            message.send()
        except MAIL_ERRORS as error:
            logger.warning("notification %s: mail not sent (%s)", notification_id, error)
            retry()
            return False
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
    return True


def _notification_mail(notification):
    context = {"notification": notification, "url": absolute_url(notification.url) if notification.url else ""}
    return _message(
        notification.user,
        notification.subject,
        "notification",
        context,
        notification.kind,
        f"notification-{notification.pk}",
    )


@task()
def send_notification(notification_id, attempt=0):
    """Send one notification once; tried again later while the mail server is unreachable."""
    deliver(notification_id, _notification_mail, lambda: retry_later(send_notification, attempt, notification_id))


def send_digests(now=None):
    """One mail per person with everything collected since their last digest. Returns the count."""
    now = now or timezone.now()
    pending = Notification.objects.filter(digest=True, sent_at=None, created_at__lte=now).select_related("user")
    by_user = {}
    for notification in pending:
        by_user.setdefault(notification.user, []).append(notification)
    sent = 0
    for user, items in by_user.items():
        with transaction.atomic():
            ids = [n.pk for n in items]
            # claim the rows first: a second run (or a parallel one) finds nothing left to send
            claimed = Notification.objects.filter(pk__in=ids, sent_at=None).update(sent_at=now)
            if claimed != len(ids):
                continue
            groups = {}
            for n in items:
                groups.setdefault(NotificationKind(n.kind).label, []).append(
                    {"subject": n.subject, "text": n.text, "url": absolute_url(n.url) if n.url else ""}
                )
            _message(
                user,
                "Ihre tägliche Zusammenfassung aus dem Integrationsportal",
                "digest",
                {"groups": groups, "day": timezone.localdate(now)},
                DIGEST,
                f"digest-{user.pk}-{min(ids)}-{len(ids)}",
            ).send()
            sent += 1
    return sent


def unsubscribe(user_id, kind):
    """Turn off one kind, or (for a digest's link) every kind the person receives as a digest."""
    if kind == DIGEST:
        kinds = [k for k, f in frequencies_for_id(user_id).items() if f == Frequency.DAILY]
    else:
        kinds = [kind]
    for k in kinds:
        NotificationPreference.objects.update_or_create(user_id=user_id, kind=k, defaults={"frequency": Frequency.OFF})
    return kinds


def frequencies_for_id(user_id):
    chosen = dict(NotificationPreference.objects.filter(user_id=user_id).values_list("kind", "frequency"))
    return {kind: chosen.get(kind, DEFAULT_FREQUENCY[kind]) for kind in NotificationKind.values}
