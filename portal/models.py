import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

INVITATION_VALIDITY = timedelta(days=7)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("The e-mail address must be set.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person; logs in with the e-mail address."""

    username = None
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    members_area_seen_at = models.DateTimeField(_("zuletzt in „Mein Bereich“"), null=True, blank=True, editable=False)
    publish_in_oparl = models.BooleanField(
        _("Name und Gremienmitgliedschaften in der OParl-Schnittstelle veröffentlichen"),
        default=False,
        help_text=_("Die offene Schnittstelle für Ratsinformationen zeigt Sie nur mit Ihrer Zustimmung."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email


class Organisation(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("Städtischer Fachbereich")
        UMBRELLA = "umbrella", _("Spitzenverband der Wohlfahrtspflege")
        PROVIDER = "provider", _("Träger")
        OTHER = "other", _("Sonstige")

    name = models.CharField(_("Name"), max_length=200, unique=True)
    short_name = models.CharField(_("Kurzname"), max_length=50, blank=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.PROVIDER)
    address = models.TextField(_("Anschrift"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    contact_email = models.EmailField(_("Kontakt-E-Mail"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    active = models.BooleanField(_("aktiv"), default=True)

    search_fields = [index.SearchField("name"), index.SearchField("short_name"), index.FilterField("kind")]

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True, user__is_active=True, organisation__active=True)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Mitglied")
        ADMIN = "admin", _("Organisations-Admin")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Person")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Organisation")
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("seit"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]
        ordering = ["organisation__name", "user__last_name", "user__email"]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())


class Invitation(models.Model):
    email = models.EmailField(_("E-Mail-Adresse"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("Rolle"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("versendet"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("gültig bis"), editable=False)
    accepted_at = models.DateTimeField(_("angenommen"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("widerrufen"), null=True, blank=True, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        if not self.token:
            self.renew()
        super().save(*args, **kwargs)

    def renew(self):
        """A fresh token and validity period; the old link stops working."""
        self.token = secrets.token_urlsafe(32)
        self.expires_at = timezone.now() + INVITATION_VALIDITY

    @property
    def status(self):
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    def get_status_display(self):
        return {
            "accepted": _("angenommen"),
            "revoked": _("widerrufen"),
            "expired": _("abgelaufen"),
            "pending": _("offen"),
        }[self.status]

    def get_accept_url(self):
        return reverse("portal:invitation_accept", args=[self.token])


class NotificationKind(models.TextChoices):
    MEETING_INVITATION = "meeting_invitation", _("Einladungen zu Sitzungen")
    MINUTES_APPROVED = "minutes_approved", _("Freigegebene Niederschriften")
    NEW_DOCUMENT = "new_document", _("Neue Dokumente für mich")
    MEMBERS_NEWS = "members_news", _("Nachrichten für Mitglieder")
    REPORT_REMINDER = "report_reminder", _("Erinnerungen an Berichte")
    MOTIONS = "motions", _("Anträge und Anfragen")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("sofort")
    DAILY = "daily", _("tägliche Zusammenfassung")
    OFF = "off", _("aus")


DEFAULT_FREQUENCY = {
    NotificationKind.MEETING_INVITATION: Frequency.IMMEDIATE,
    NotificationKind.MINUTES_APPROVED: Frequency.IMMEDIATE,
    NotificationKind.NEW_DOCUMENT: Frequency.DAILY,
    NotificationKind.MEMBERS_NEWS: Frequency.DAILY,
    NotificationKind.REPORT_REMINDER: Frequency.IMMEDIATE,
    NotificationKind.MOTIONS: Frequency.IMMEDIATE,
}


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("Art"), max_length=30, choices=NotificationKind.choices)
    frequency = models.CharField(_("Häufigkeit"), max_length=20, choices=Frequency.choices)

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="unique_notification_preference")]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} – {self.get_frequency_display()}"


class Notification(models.Model):
    """One message for one person: sent at once, or collected for the daily digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    subject = models.CharField(max_length=200)
    text = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    digest = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["digest", "sent_at"])]

    def __str__(self):
        return self.subject


class SearchText(models.Model):
    """The folded text the site search matches, one row per indexed object (portal/search_index.py).

    Written by the portal's search backend; read only through querysets that went through the
    access policy (portal/search.py)."""

    kind = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    title = models.TextField()
    text = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="portal_searchtext_object")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class SearchWord(models.Model):
    """A word of the folded search text (at most ``MAX_TERM_LENGTH`` characters): the vocabulary
    the compound splitter checks query parts against (portal/search_index.py).

    Only ever added to (a word whose text was deleted costs nothing but a look-up); emptied and
    refilled with the index by ``rebuild_modelsearch_index``."""

    word = models.CharField(max_length=60, unique=True)

    def __str__(self):
        return self.word
