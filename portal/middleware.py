import time

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .access import Viewer

REFRESHED_KEY = "_idle_timeout_renewed"


class IdleTimeoutMiddleware:
    """The session's idle timeout slides with use, with at most one session write a minute.

    Django's SESSION_SAVE_EVERY_REQUEST writes the session (database and cache) on every
    request; here the expiry is renewed only when the last renewal is older than
    SESSION_REFRESH_SECONDS, so the timeout is SESSION_COOKIE_AGE minus at most that.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - session.get(REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_KEY] = now  # marks the session modified: saved, cookie renewed
        return self.get_response(request)


class ViewerMiddleware:
    """Attach the access-policy viewer to every request, built lazily once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: Viewer.for_user(request.user))
        return self.get_response(request)


class StaffMFAMiddleware:
    """City staff (anyone with Wagtail admin access) must set up MFA before anything else."""

    allowed_prefixes = ("/konto/2fa/", "/konto/logout/", "/konto/reauthenticate/", "/konto/confirm-email/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path_info.startswith(self.allowed_prefixes + (settings.STATIC_URL,))
            and request.viewer.is_staff
        ):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(user):
                messages.info(
                    request,
                    _(
                        "Für Mitarbeitende der Stadtverwaltung ist die Zwei-Faktor-Authentifizierung Pflicht. "
                        "Bitte richten Sie sie jetzt ein."
                    ),
                )
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Responses for logged-in people depend on the viewer: never store them in a shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated or getattr(response, "viewer_dependent", False):
            add_never_cache_headers(response)
            response["Cache-Control"] = "private, no-store"
        return response


class PortalCSPMiddleware(CSPMiddleware):
    """The strict site policy everywhere except the Wagtail admin, which gets its own."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(settings.ADMIN_PATH_PREFIXES):
            return PolicyParts(
                settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"], parts.update, parts.replace, parts.nonce
            )
        return parts
