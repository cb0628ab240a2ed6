from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import panels, registry, services
from .choosers import user_chooser_viewset
from .models import Invitation, Membership, Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisationen")
    list_display = ["name", "short_name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "short_name"]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Mitgliedschaften")
    list_display = ["user", "organisation", "role", "active"]
    list_filter = ["organisation", "role", "active"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]

    def get_queryset(self, request):
        return Membership.objects.select_related("user", "organisation")


class InvitationViewSet(SnippetViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("Einladungen")
    list_display = ["email", "organisation", "role", "get_status_display", "expires_at"]
    list_filter = ["organisation", "role"]
    search_fields = ["email"]
    panels = [FieldPanel("email"), FieldPanel("organisation"), FieldPanel("role")]


class PeopleGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, MembershipViewSet, InvitationViewSet)
    menu_icon = "group"
    menu_label = _("Organisationen")
    menu_name = "organisations"


register_snippet(PeopleGroup)


@hooks.register("after_create_snippet")
def send_invitation_created_in_admin(request, instance):
    if isinstance(instance, Invitation):
        instance.invited_by = request.user
        instance.save(update_fields=["invited_by"])
        services.send_invitation(instance, request)
        messages.info(request, _("Die Einladung an %(email)s wird per E-Mail verschickt.") % {"email": instance.email})


@hooks.register("register_admin_viewset")
def register_user_chooser():
    return user_chooser_viewset


@hooks.register("get_avatar_url")
def initials_avatar(user, size):
    """No Gravatar (a third-party request the CSP blocks): people without an uploaded avatar get
    their initials, drawn as an inline SVG."""
    from urllib.parse import quote

    from django.utils.html import escape
    from wagtail.users.models import UserProfile

    if getattr(user, "pk", None) is None or UserProfile.get_for_user(user).avatar:
        return None
    names = [getattr(user, "first_name", ""), getattr(user, "last_name", "")]
    initials = "".join(n[:1] for n in names if n).upper() or (getattr(user, "email", "") or "?")[:1].upper()
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 40 40">'
        '<rect width="40" height="40" fill="#00507a"/>'
        '<text x="20" y="25" font-family="sans-serif" font-size="15" font-weight="600" fill="#fff" '
        f'text-anchor="middle">{escape(initials)}</text></svg>'
    )
    return "data:image/svg+xml," + quote(svg)


@hooks.register("register_log_actions")
def register_portal_log_actions(actions):
    actions.register_action("portal.membership.remove", _("Aus der Organisation entfernt"), _("Entfernt"))


@hooks.register("insert_global_admin_js")
def date_picker_in_german():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html(
        '<script src="{}" data-save-selected="{}"></script>', static("js/admin-datepicker.js"), _("Auswahl übernehmen")
    )


# --- the core's own sections and demo data (the apps register theirs between them) ----------


hooks.register(registry.MEMBERS_HOME_PANELS, panels.my_organisations, order=0)
hooks.register(registry.MEMBERS_HOME_PANELS, panels.colleagues, order=30)
hooks.register(registry.MEMBERS_HOME_PANELS, panels.open_invitations, order=90)


@hooks.register(registry.DEMO_SEEDERS, order=0)
def seed_people():
    from . import seed

    seed.run()


@hooks.register("register_admin_urls")
def register_po_upload():
    """The PO upload of the translation editor, checked before wagtail-localize imports it
    (``portal.i18n.upload_translation_po``): same address, registered first (portal comes
    before wagtail_localize in INSTALLED_APPS)."""
    from django.urls import path
    from django.views.decorators.http import require_POST

    from .i18n import upload_translation_po

    return [
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            require_POST(upload_translation_po),
            name="portal_upload_translation_po",
        )
    ]
