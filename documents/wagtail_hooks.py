from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from wagtail import hooks

from portal.access import get_viewer

from .models import PortalDocument


@hooks.register("before_serve_document")
def check_document_access(document, request):
    """Serve a document only to viewers the access policy allows; no hint to others."""
    if PortalDocument.objects.visible_to(get_viewer(request)).filter(pk=document.pk).exists():
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404
