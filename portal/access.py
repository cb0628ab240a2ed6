"""The access policy: the one place that decides who may read what.

Every read path (views, search, feeds, calendars, sitemaps, APIs, PDFs, document serving)
asks ``Model.objects.visible_to(viewer)``; no template or view decides visibility itself.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from dataclasses import dataclass, field, replace

from django.contrib.auth.views import redirect_to_login
from django.db import connection, models
from django.db.models import CharField, Q, Value
from django.db.models.signals import post_save, pre_save
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from . import registry

STAFF_PERMISSION = "wagtailadmin.access_admin"


class Audience(models.TextChoices):
    PUBLIC = "public", _("Öffentlich")
    MEMBERS = "members", _("Alle Mitglieder")
    BODY = "body", _("Mitglieder bestimmter Gremien")
    ORGANISATION = "organisation", _("Nur die eigene Organisation")
    STAFF = "staff", _("Nur Stadtverwaltung")


def _text(value):
    return Value(value, output_field=CharField())


def _staff_rows(user_id, tag):
    """The rows that give the user STAFF_PERMISSION, through a group or given directly (what
    ``user.has_perm`` answers, without loading all of the user's permissions)."""
    from django.contrib.auth.models import Permission

    from portal.models import User

    app_label, codename = STAFF_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).values("pk")
    through_group = User.groups.through.objects.filter(user_id=user_id, group__permissions__in=permission)
    given = User.user_permissions.through.objects.filter(user_id=user_id, permission__in=permission)
    return through_group.values_list(tag, "group_id", tag), given.values_list(tag, "permission_id", tag)


def access_rows_of(kind, rows, id_field, role_field=None):
    """``rows`` as ``(kind, id, role)`` access rows (what apps register under
    ``portal.registry.ACCESS_ROWS``)."""
    role = role_field if role_field else _text("")
    return rows.order_by().values_list(_text(kind), id_field, role)


# --- recusal (Befangenheit, § 31 GO NRW) -------------------------------------------------------
#
# A row can exclude people and organisations (an agenda item whose subject concerns them). An
# excluded viewer reads the row as the public does: for a non-public row that means not at all
# (agenda items: their number and public title). Staff are excluded only when named in person.

RECUSED = "recused:"


def recusal_rows_of(model, user_id, people_field, organisations_field):
    """The access rows ``("recused:<model>", id, "person" | "organisation")`` of the rows of
    ``model`` the person is excluded from: named in ``people_field``, or an organisation they are
    an active member of named in ``organisations_field`` (both field paths to the exclusions)."""
    from portal.models import Membership

    kind = _text(f"{RECUSED}{model._meta.label_lower}")
    rows = model._base_manager.order_by()
    by_person = rows.filter(**{people_field: user_id}).values_list(kind, "pk", _text("person"))
    organisations = Membership.objects.active().filter(user_id=user_id).values("organisation_id")
    by_organisation = rows.filter(**{f"{organisations_field}__in": organisations}).values_list(
        kind, "pk", _text("organisation")
    )
    return [by_person, by_organisation]


def _access_rows(user_id, today):
    """(kind, id, role) rows of everything that decides what the user may read, in one query:
    active organisation memberships, the staff permission and what the apps register (current
    body memberships acting for an active organisation membership, recusals)."""
    from portal.models import Membership

    organisations = Membership.objects.active().filter(user_id=user_id)
    registered = []
    for rows in registry.registered(registry.ACCESS_ROWS):
        found = rows(user_id, today)
        registered.extend(found if isinstance(found, list | tuple) else [found])
    return access_rows_of("organisation", organisations, "organisation_id", "role").union(
        *registered, *_staff_rows(user_id, _text("staff")), all=True
    )


# Stand-ins for the user and the day: the query is compiled once with them, then run with the
# real values (compiling it took longer than running it, on every logged-in request).
_ANY_USER_ID = -7_000_000_001
_ANY_DAY = datetime.date(1901, 2, 3)


@functools.cache
def _access_rows_sql():
    return _access_rows(_ANY_USER_ID, _ANY_DAY).query.sql_with_params()


def access_rows(user) -> list[tuple[str, int, str]]:
    sql, params = _access_rows_sql()
    any_day, today = (connection.ops.adapt_datefield_value(d) for d in (_ANY_DAY, timezone.localdate()))
    values = [user.pk if p == _ANY_USER_ID else today if p == any_day else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


@dataclass(frozen=True)
class Viewer:
    """Who is looking: built once per request from the user."""

    user: object | None = None
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    admin_organisation_ids: frozenset[int] = field(default_factory=frozenset)
    body_ids: frozenset[int] = field(default_factory=frozenset)
    is_staff: bool = False
    is_superuser: bool = False
    # (model label, id) of the rows the viewer is excluded from (recusal, see recusal_rows_of)
    recused: frozenset[tuple[str, int]] = field(default_factory=frozenset)

    @classmethod
    def for_user(cls, user) -> Viewer:
        if user is None or not user.is_authenticated or not user.is_active:
            return cls()
        rows = access_rows(user)
        organisations = [(pk, role) for kind, pk, role in rows if kind == "organisation"]
        is_staff = user.is_superuser or any(kind == "staff" for kind, _pk, _role in rows)
        return cls(
            user=user,
            organisation_ids=frozenset(pk for pk, _role in organisations),
            admin_organisation_ids=frozenset(pk for pk, role in organisations if role == "admin"),
            body_ids=frozenset(pk for kind, pk, _role in rows if kind == "body"),
            is_staff=is_staff,
            is_superuser=user.is_superuser,
            # Staff are excluded only when named in person, never through their organisation.
            recused=frozenset(
                (kind.removeprefix(RECUSED), pk)
                for kind, pk, by in rows
                if kind.startswith(RECUSED) and (by == "person" or not is_staff)
            ),
        )

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def access_key(self) -> str:
        """Viewers with the same key may read exactly the same rows (see ``filter_for``)."""
        key = (
            "staff"
            if self.is_staff
            else f"o{','.join(map(str, sorted(self.organisation_ids)))}-b{','.join(map(str, sorted(self.body_ids)))}"
        )
        if self.recused:
            key += "-r" + digest_of(sorted(self.recused))
        return key

    def recused_from(self, model) -> frozenset[int]:
        """Ids of the rows of ``model`` (a model or its label) the viewer is excluded from."""
        label = model if isinstance(model, str) else model._meta.label_lower
        return frozenset(pk for kind, pk in self.recused if kind == label)

    def recusal_q(self, model, field_name: str = "pk") -> Q:
        """The Q that leaves out the rows of ``model`` the viewer is excluded from (``field_name``:
        where their id is, e.g. ``"pk"``); everything when there are none."""
        recused = self.recused_from(model)
        return ~Q(**{f"{field_name}__in": sorted(recused)}) if recused else Q()

    @property
    def is_member(self) -> bool:
        """May see members' content: staff, or anyone with an active membership."""
        return self.is_staff or bool(self.organisation_ids)

    def audiences(self) -> list[str]:
        if self.is_staff:
            return list(Audience.values)
        if self.is_member:
            return [Audience.PUBLIC, Audience.MEMBERS]
        return [Audience.PUBLIC]

    def filter_for(self, model, prefix: str = "") -> Q:
        """The Q that selects the rows of ``model`` this viewer may read.

        ``model`` declares where its audience lives: ``audience_field`` (default
        "audience"), ``audience_organisation_field`` and ``audience_bodies_field`` (a FK or
        M2M path to BodyPage, or None). ``prefix`` applies the rule through a relation. Rows the
        viewer is recused from (``recused``, registered by the apps) are read as the public does.
        """
        audience = f"{prefix}{getattr(model, 'audience_field', 'audience')}"
        recused = self.recused_from(model)
        if recused:
            # An excluded viewer reads these rows only where the public does.
            excluded = Q(**{audience: Audience.PUBLIC}) | ~Q(**{f"{prefix}pk__in": sorted(recused)})
            return excluded & replace(self, recused=frozenset()).filter_for(model, prefix)
        if self.is_staff:
            return Q()
        q = Q(**{f"{audience}__in": self.audiences()})
        if not self.is_member:
            return q
        org_field = getattr(model, "audience_organisation_field", None)
        if org_field and self.organisation_ids:
            q |= Q(**{audience: Audience.ORGANISATION, f"{prefix}{org_field}__in": self.organisation_ids})
        bodies_field = getattr(model, "audience_bodies_field", None)
        if bodies_field and self.body_ids:
            # A subquery, so a row shared with several of the viewer's bodies appears once.
            in_bodies = model._base_manager.filter(**{f"{bodies_field}__in": self.body_ids}).values("pk")
            q |= Q(**{audience: Audience.BODY, f"{prefix}pk__in": in_bodies})
        return q


ANONYMOUS = Viewer()


def digest_of(values) -> str:
    return hashlib.sha256(repr(values).encode()).hexdigest()[:16]


def get_viewer(request) -> Viewer:
    """The viewer of a request (set lazily by ViewerMiddleware)."""
    viewer = getattr(request, "viewer", None)
    if viewer is None:
        viewer = Viewer.for_user(getattr(request, "user", None))
        request.viewer = viewer
    return viewer


class AudienceQuerySetMixin:
    def visible_to(self, viewer: Viewer):
        return self.filter(viewer.filter_for(self.model))


class AudienceQuerySet(AudienceQuerySetMixin, models.QuerySet):
    pass


class AudiencePageQuerySet(AudienceQuerySetMixin, PageQuerySet):
    def visible_to(self, viewer: Viewer):
        pages = super().visible_to(viewer)
        # A Wagtail privacy setting (password, login, groups) on top of the audience makes a
        # page staff-only here: the audience is how this portal restricts pages (fail closed).
        return pages if viewer.is_staff else pages.public()

    def private_q(self):
        """Wagtail's, from ``restricted_paths()``: Wagtail reads every restriction on each call."""
        q = Q()
        for path in restricted_paths():
            q |= Q(path__startswith=path)
        return q if q else Q(pk__in=[])


def restricted_paths() -> list[str]:
    """The tree paths of pages with a Wagtail privacy setting, kept until the next purge (saving
    or deleting a restriction purges)."""
    from portal import pagecache

    return pagecache.versioned(
        "restricted-paths", lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True))
    )


class PortalPage(Page):
    """The base of the portal's page types."""

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        # Wagtail reads the page's ancestors and their restrictions on every request; with no
        # privacy setting anywhere (the usual case: audiences restrict here) there is none.
        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_url_parts(self, request=None):
        from portal.i18n import url_parts_for_language

        return url_parts_for_language(self, super().get_url_parts(request), request)

    def route(self, request, path_components):
        from portal.i18n import route_with_fallback

        return route_with_fallback(self, request, path_components, super().route)


AudiencePageManager = PageManager.from_queryset(AudiencePageQuerySet)


class AudiencePageMixin(models.Model):
    """A Wagtail page with an audience: served, listed and indexed only for allowed viewers."""

    audience = models.CharField(
        _("Zielgruppe"),
        max_length=20,
        choices=[(Audience.PUBLIC, Audience.PUBLIC.label), (Audience.MEMBERS, Audience.MEMBERS.label)],
        default=Audience.PUBLIC,
    )

    objects = AudiencePageManager()

    class Meta:
        abstract = True

    def deny_access(self, request):
        """None if the viewer may see this page; else the login redirect for anonymous visitors
        (404 for everyone else)."""
        if not type(self).objects.visible_to(get_viewer(request)).filter(pk=self.pk).exists():
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        return None

    def serve(self, request, *args, **kwargs):
        denied = self.deny_access(request)
        if denied is not None:
            return denied
        response = super().serve(request, *args, **kwargs)
        if self.audience != Audience.PUBLIC:
            response.viewer_dependent = True
        return response


def audience_page_models():
    from wagtail.models import get_page_models

    return [m for m in get_page_models() if issubclass(m, AudiencePageMixin)]


def visible_pages(pages, viewer: Viewer):
    """Restrict a queryset of generic pages (search, sitemap, menus) to what the viewer may see.

    Pages under a Wagtail privacy setting (password, login, groups) are listed for staff only:
    such a restriction is checked when the page is served, not in lists.
    """
    if not viewer.is_staff:
        pages = pages.public()
    for model in audience_page_models():
        hidden = model.objects.exclude(pk__in=model.objects.visible_to(viewer).values("pk")).values("pk")
        pages = pages.exclude(pk__in=hidden)
    return pages


# --- translations: a translated page has the audience of its German source -----------------


def sync_audience_from_source(sender, instance, **kwargs):
    """Before a translation is saved: it gets the audience of its German source page."""
    from .i18n import default_language

    if not isinstance(instance, AudiencePageMixin) or instance.pk is None:
        return
    source_audience = (
        type(instance)
        .objects.filter(translation_key=instance.translation_key, locale__language_code=default_language())
        .exclude(pk=instance.pk)
        .values_list("audience", flat=True)
        .first()
    )
    if source_audience is not None:
        instance.audience = source_audience


def sync_audience_to_translations(sender, instance, **kwargs):
    """After a German page is saved (published): its translations get its audience at once."""
    from .i18n import default_language

    if not isinstance(instance, AudiencePageMixin) or instance.locale.language_code != default_language():
        return
    type(instance).objects.filter(translation_key=instance.translation_key).exclude(pk=instance.pk).exclude(
        audience=instance.audience
    ).update(audience=instance.audience)


def connect_signals():
    pre_save.connect(sync_audience_from_source, dispatch_uid="portal.access.audience_from_source")
    post_save.connect(sync_audience_to_translations, dispatch_uid="portal.access.audience_to_translations")
