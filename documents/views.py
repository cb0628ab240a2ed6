from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from wagtail.documents.views import serve as wagtail_serve

from portal.access import Audience, get_viewer

from .forms import DocumentUploadForm, may_add_version
from .models import DocumentLibraryPage, PortalDocument


def library_page():
    return DocumentLibraryPage.objects.live().first()


# Downloads never run scripts, load anything or get sniffed into another type.
DOWNLOAD_CSP = "sandbox; default-src 'none'"


def serve(request, document_id, document_filename):
    """Wagtail's serve view (which runs the access hook) plus headers for every download.

    Anonymous visitors are sent to the login for any document they may not see, whether or
    not it exists, so the answer reveals nothing.
    """
    audience = (
        PortalDocument.objects.visible_to(get_viewer(request))
        .filter(pk=document_id)
        .values_list("audience", flat=True)
        .first()
    )
    if audience is None and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    response = wagtail_serve.serve(request, document_id, document_filename)
    if response.status_code in (200, 206, 304):
        response["Content-Security-Policy"] = DOWNLOAD_CSP
        response["X-Content-Type-Options"] = "nosniff"
        if request.GET.get("download") and response.get("Content-Disposition", "").startswith("inline"):
            # ?download=1 (the OParl downloadUrl): always as an attachment.
            response["Content-Disposition"] = "attachment" + response["Content-Disposition"][len("inline") :]
        if response.get("Content-Encoding") == "None":
            # Wagtail's sendfile writes the guessed encoding even when there is none.
            del response["Content-Encoding"]
        if audience != Audience.PUBLIC:
            response["Cache-Control"] = "private, no-store"
            response.viewer_dependent = True
    return response


def document_detail(request, pk):
    viewer = get_viewer(request)
    visible = PortalDocument.objects.visible_to(viewer)
    document = visible.select_related("organisation").filter(pk=pk).first()
    if document is None:
        # Anonymous visitors are asked to log in; others learn nothing about the document.
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    chain = [*reversed(document.newer_versions()), document, *document.older_versions()]
    visible_pks = set(visible.filter(pk__in=[d.pk for d in chain]).values_list("pk", flat=True))
    versions = [d for d in chain if d.pk in visible_pks]
    current = versions[0]
    response = render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "current": current,
            "versions": versions,
            "may_add_version": current.pk == document.pk and may_add_version(viewer, document),
            "library": library_page(),
        },
    )
    response.viewer_dependent = True
    return response


def _member_or_403(request):
    viewer = get_viewer(request)
    if not viewer.is_member:
        raise PermissionDenied
    return viewer


@login_required
def upload(request):
    viewer = _member_or_403(request)
    return _upload(request, viewer, previous=None)


@login_required
def new_version(request, pk):
    viewer = _member_or_403(request)
    previous = get_object_or_404(PortalDocument.objects.visible_to(viewer).current(), pk=pk)
    if not may_add_version(viewer, previous):
        raise Http404
    return _upload(request, viewer, previous=previous)


def _upload(request, viewer, previous):
    form = DocumentUploadForm(request.POST or None, request.FILES or None, viewer=viewer, previous=previous)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            document = form.save()
        if previous is None:
            messages.success(request, _("Das Dokument „%(title)s“ wurde hochgeladen.") % {"title": document.title})
        else:
            messages.success(
                request,
                _("Version %(version)s von „%(title)s“ wurde hochgeladen.")
                % {"version": document.version, "title": document.title},
            )
        return redirect("documents:detail", pk=document.pk)
    return render(
        request,
        "documents/upload.html",
        {"form": form, "previous": previous, "library": library_page()},
        status=400 if form.errors else 200,
    )
