from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import services
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
