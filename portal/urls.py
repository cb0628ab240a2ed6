from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.views.decorators.http import require_POST
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import LogoutView as AdminLogoutView

from home import views as home_views
from home.feeds import NewsAtomFeed, NewsFeed
from home.views import PublicSitemap
from portal.access import get_viewer


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
    path("documents/", include("documents.serve_urls")),
    path("konto/", include("allauth.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", home_views.security_txt, name="security_txt"),
    path("feeds/nachrichten.rss", NewsFeed(), name="news_rss"),
    path("feeds/nachrichten.atom", NewsAtomFeed(), name="news_atom"),
    path("feeds/<str:language>/nachrichten.rss", NewsFeed(), name="news_rss_language"),
    path("feeds/<str:language>/nachrichten.atom", NewsAtomFeed(), name="news_atom_language"),
    path("oparl/v1.1/", include("oparl.urls")),
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
    path("", include("documents.urls")),
    path("", include("meetings.urls")),
    path("", include("contracts.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
