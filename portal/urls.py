from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.views.decorators.http import require_POST
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import LogoutView as AdminLogoutView

from portal.access import get_viewer
from portal.registry import ROOT_URLS, SITE_URLS, registered


class LoginRedirectView(RedirectView):
    """The admin logins lead to the one allauth login, so MFA and rate limits apply everywhere.

    Someone already logged in without admin access gets 403 instead of a redirect loop.
    """

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated and not get_viewer(request).is_staff:
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_redirect_url(self, *args, **kwargs):
        url = reverse("account_login")
        query = self.request.META.get("QUERY_STRING", "")
        return f"{url}?{query}" if query else url


admin.site.login = secure_admin_login(admin.site.login)

handler500 = "portal.views.server_error"

urlpatterns = [
    path("admin/login/", LoginRedirectView.as_view(), name="admin_login_redirect"),
    path("_util/login/", LoginRedirectView.as_view(), name="frontend_login_redirect"),
    # Wagtail's logout answers a GET with 405 but deletes the session cookie all the same:
    # logging out happens only by POST (with CSRF), here as everywhere else.
    path("admin/logout/", require_POST(AdminLogoutView.as_view()), name="admin_logout"),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("konto/", include("allauth.urls")),
    # the apps' URLs outside the language prefixes (downloads, feeds, APIs, files for machines)
    *(pattern for urls in registered(ROOT_URLS) for pattern in urls()),
]

if settings.DEBUG:
    # Images only: documents are never served from MEDIA_URL, only through the serve view.
    from django.conf.urls.static import static

    for folder in ("images/", "original_images/"):
        urlpatterns += static(settings.MEDIA_URL + folder, document_root=settings.MEDIA_ROOT / folder)

# The site in every language: German unprefixed (its URLs stay as they are), the others under
# /<code>/. Pages and views keep German content where there is no translation; the site chrome
# follows the language of the URL.
urlpatterns += i18n_patterns(
    path("", include("portal.urls_portal")),
    *(pattern for urls in registered(SITE_URLS) for pattern in urls()),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
