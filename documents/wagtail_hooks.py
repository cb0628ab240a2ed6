from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal import registry
from portal.access import get_viewer

from . import panels, search
from .models import PortalDocument
from .signals import VERSION_ADDED

# Query parameter that asks for exactly this (earlier) version instead of the current one.
EXACT_VERSION_PARAM = "version"


@hooks.register("before_serve_document")
def check_document_access(document, request):
    """Serve a document only to viewers the access policy allows; no hint to others.

    A link to an earlier version leads to the newest version the viewer may see, unless the
    link asks for this version (``?version=<id>``, as the version history does).
    """
    visible = PortalDocument.objects.visible_to(get_viewer(request))
    if not visible.filter(pk=document.pk).exists():
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    if request.GET.get(EXACT_VERSION_PARAM) != str(document.pk):
        newer = [d.pk for d in document.newer_versions()]
        if newer:
            latest = visible.filter(pk__in=newer).order_by("-version").first()
            if latest is not None:
                return redirect(latest.url)
    return None


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(VERSION_ADDED, _("Neue Version"), _("Neue Version hochgeladen"))


@hooks.register("personal_data_export")
def export_uploaded_documents(user):
    documents = PortalDocument.objects.filter(uploaded_by_user=user).order_by("created_at")
    return {
        "uploaded_documents": [
            {
                "title": d.title,
                "file_name": d.filename,
                "kind": d.get_kind_display(),
                "audience": d.get_audience_display(),
                "version": d.version,
                "uploaded_at": d.created_at.isoformat(),
            }
            for d in documents
        ]
    }


# --- what the core needs to know (portal/registry.py) ---------------------------------------


@hooks.register(registry.SEARCH_SOURCES, order=30)
def search_sources():
    return [search.DOCUMENTS]


hooks.register(registry.MEMBERS_HOME_PANELS, panels.members_home, order=20)


@hooks.register(registry.ROOT_URLS)
def root_urls():
    return [path("documents/", include("documents.serve_urls"))]


@hooks.register(registry.SITE_URLS, order=10)
def site_urls():
    return [path("", include("documents.urls"))]


@hooks.register(registry.DEMO_SEEDERS, order=20)
def seed_documents():
    from . import seed

    seed.run()
