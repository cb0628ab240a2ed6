"""A page cache for anonymous visitors, purged on every content change.

Only anonymous requests without a session are answered from the cache (and requests for the
``ANONYMOUS_PREFIXES``, which are handled as anonymous whoever asks), and only responses
that cannot depend on the viewer are stored: a GET that ends in 200 for a request without a
session, from a user who is not logged in, that sets no cookie (so no CSRF token or message
is baked into it), is not marked ``viewer_dependent`` and carries no private or no-store
Cache-Control. Logged-in people never read whole pages from it and never fill it.

Under the same version it keeps data that changes only with content (``versioned``: the
navigation, the restricted page paths, OParl answers) and parts of pages rendered once per
access group (``render_for_access``: viewers with the same ``Viewer.access_key`` may read
exactly the same rows; the parts are rendered without the request and hold nothing personal).

Query strings: only the parameters that apps register as selecting what a page shows
(``register_query_parameters``: filters, page numbers, search terms) make a page's key, sorted,
so ``?b=2&a=1`` and ``?a=1&b=2`` share one entry. A request with any other parameter, a
repeated or an over-long one is neither answered from nor stored in the cache: unknown
parameters cannot make new entries, and no page is stored under a key that leaves out something
it was built from. At most ``PAGE_CACHE_QUERY_VARIANTS`` query strings of one path are stored
per content version, so even registered parameters cannot fill the cache.

Purging is a version number: any publish, unpublish, move or delete of a page and any save or
delete of a row that pages show (each app names its models with ``purge_on``) bumps it. Each
stored page carries the version it was made under and is served only while that is still the
current one (read together with the version in one cache round trip); older entries are
replaced on the next request or expire after their timeout. A
timeout (``PAGE_CACHE_SECONDS``) bounds the age of pages whose content depends on the date,
such as the calendar of upcoming meetings.
"""

import hashlib
import threading
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "pagecache:version"
_request = threading.local()
HIT_HEADER = "X-Page-Cache"
# Never cached, whatever the response says: admin, accounts, members' area, downloads.
EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/konto/",
    "/mein-bereich/",
    "/einladung/",
    "/benachrichtigungen/",
    "/documents/",
    "/_util/",
    "/static/",
)
# Answered as to an anonymous visitor whoever asks (the feeds show the public news to everyone):
# session and message cookies are dropped before the request reaches the views, so these are
# served from and stored in the cache for logged-in people too.
ANONYMOUS_PREFIXES = ("/feeds/",)
MAX_QUERY_VALUE = 200
_query_parameters = set()
CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def register_query_parameters(*names):
    """Declare query parameters that select what a public page shows (from an app's ``ready``)."""
    _query_parameters.update(names)


def query_key(params):
    """``params`` (a QueryDict) normalised for a cache key: sorted, registered parameters only.

    None when the request must not be cached: an unregistered, repeated or over-long parameter.
    """
    items = []
    for name in sorted(params):
        values = params.getlist(name)
        if name not in _query_parameters or len(values) != 1 or len(values[0]) > MAX_QUERY_VALUE:
            return None
        items.append((name, values[0]))
    return urlencode(items)


def part_name(prefix, params):
    """The cache name of a page part built from the query ``params``, or None (not cached)."""
    query = query_key(params)
    return None if query is None else f"{prefix}:{digest(query)}"


def enabled():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _version_cache():
    """The purge version lives in the default cache, which all processes share (Redis or the
    database), also when the pages themselves are kept in a cache of their own (files)."""
    return caches["default"]


def _read(cache, key):
    """(current version, entry under ``key``): one round trip when both live in one cache."""
    if cache is _version_cache():
        found = cache.get_many([VERSION_KEY, key])
        version, entry = found.get(VERSION_KEY), found.get(key)
    else:
        version, entry = _version_cache().get(VERSION_KEY), cache.get(key)
    return version or current_version(), entry


def current_version():
    cache = _version_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh start value (not 0), so a restarted cache never revives old entries.
        version = time.time_ns()
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY, version)
    return version


def purge(**kwargs):
    """Make every cached page unreachable: at once, and again when the transaction commits (a
    request between the two could otherwise store the old state under the new version)."""
    _bump()
    transaction.on_commit(_bump)


def _bump():
    memo = getattr(_request, "memo", None)
    if memo:
        memo.clear()
    cache = _version_cache()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def versioned(name, build):
    """``build()``, kept in the page cache until the next purge when the page cache is on.

    For data that is the same for every viewer and changes only with content, such as the
    navigation. Stored with the version it was built under and read together with the current
    version (one round trip); within a request each name is read once.
    """
    if not enabled():
        return build()
    memo = getattr(_request, "memo", None)
    if memo is not None and name in memo:
        return memo[name]
    cache = _cache()
    key = f"pagecache:data:{name}"
    version, entry = _read(cache, key)
    if entry is not None and entry[0] == version:
        value = entry[1]
    else:
        value = build()
        cache.set(key, (version, value), settings.PAGE_CACHE_SECONDS)
    if memo is not None:
        memo[name] = value
    return value


def for_access(viewer, name, build):
    """``build()``, shared by the viewers who may read exactly the same rows
    (``Viewer.access_key``) and kept until the next purge when the page cache is on.

    For lists and page parts that depend on what the viewer may read and on content only:
    never on the person (no names, answers, messages, forms with a CSRF token). A name of None
    (see ``query_key``) builds without caching.
    """
    if name is None:
        return build()
    return versioned(f"{name}:{viewer.access_key}", build)


def render_for_access(viewer, name, template, build_context):
    """A part of a page, rendered and kept per access group (``for_access``) and language (its
    labels, dates and links are the visitor's). Rendered without the request, so nothing of the
    person (CSRF token, name, messages) can get into it; the viewer is in its context for what
    depends on access."""
    from django.template.loader import render_to_string
    from django.utils.translation import get_language

    if name is not None:
        name = f"{name}:{get_language()}"
    return for_access(viewer, name, lambda: render_to_string(template, {"viewer": viewer, **build_context()}))


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def _session_cookies():
    return (settings.SESSION_COOKIE_NAME, "messages")


def _has_session(request):
    return any(name in request.COOKIES for name in _session_cookies())


def _treat_as_anonymous(request):
    if request.path_info.startswith(ANONYMOUS_PREFIXES):
        request.COOKIES = {k: v for k, v in request.COOKIES.items() if k not in _session_cookies()}


def _language_and_path(request):
    """The language of the address (its /<code>/ prefix, else German) and the path without it,
    so the exclusions hold for every language (/en/mein-bereich/ as /mein-bereich/)."""
    from django.utils.translation import get_language_from_path

    path = request.path_info
    language = get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        return language, path[len(language) + 1 :]
    return settings.LANGUAGE_CODE, path


def request_is_cacheable(request):
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and not _language_and_path(request)[1].startswith(EXCLUDED_PREFIXES)
        and not _has_session(request)
        and "HTTP_AUTHORIZATION" not in request.META
        and query_key(request.GET) is not None
    )


def response_is_cacheable(request, response):
    user = getattr(request, "user", None)
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(response, "viewer_dependent", False)
        and not (user is not None and user.is_authenticated)
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
        and response.get("Content-Type", "").split(";")[0].strip() in CACHEABLE_TYPES
    )


def cache_key(request):
    """One entry per host, address, language (from the address) and registered query."""
    query = query_key(request.GET)
    url = f"{request.get_host()}{request.path}?{query}" if query else f"{request.get_host()}{request.path}"
    return f"pagecache:page:{_language_and_path(request)[0]}:{digest(url)}"


def _may_store_variant(request, version):
    """At most ``PAGE_CACHE_QUERY_VARIANTS`` stored query strings per path and content version."""
    if not request.GET:
        return True
    cache = _cache()
    counter = f"pagecache:variants:{version}:{digest(request.get_host() + request.path)}"
    cache.add(counter, 0, settings.PAGE_CACHE_SECONDS)
    try:
        return cache.incr(counter) <= getattr(settings, "PAGE_CACHE_QUERY_VARIANTS", 100)
    except ValueError:  # expired in between
        return False


class PageCacheMiddleware:
    """Serve and store anonymous public pages; sits early, right after whitenoise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request.memo = {}  # what ``versioned`` read during this request
        try:
            return self.serve(request)
        finally:
            _request.memo = None

    def serve(self, request):
        _treat_as_anonymous(request)
        if not request_is_cacheable(request):
            return self.get_response(request)
        from django.http import HttpResponse

        cache = _cache()
        key = cache_key(request)
        version, entry = _read(cache, key)
        if entry is not None and entry[0] == version:
            _version, status, headers, content = entry
            response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
            for name, value in headers:
                response[name] = value
            response[HIT_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response_is_cacheable(request, response)
            and _may_store_variant(request, version)
        ):
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", "content-length")]
            cache.set(key, (version, response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS)
            response[HIT_HEADER] = "miss"
        return response


def purge_on(*models):
    """Purge the page cache whenever a row of one of ``models`` is saved or deleted (an M2M
    through model counts too). Apps call it for what their pages show, in ``AppConfig.ready``."""
    for model in models:
        name = f"portal.pagecache.{model._meta.label_lower}"
        if model._meta.auto_created:  # an M2M's through model: its rows change through m2m_changed
            m2m_changed.connect(purge, sender=model, dispatch_uid=f"{name}.changed")
            continue
        post_save.connect(purge, sender=model, dispatch_uid=f"{name}.saved")
        post_delete.connect(purge, sender=model, dispatch_uid=f"{name}.deleted")


def connect_signals():
    """The core's own purges: pages, organisations, people, sites, privacy settings, locales."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from portal.models import Organisation

    uid = "portal.pagecache"
    page_published.connect(purge, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(purge, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(purge, dispatch_uid=f"{uid}.moved")
    post_delete.connect(purge, sender=Page, dispatch_uid=f"{uid}.page_deleted")
    purge_on(Organisation, Site, PageViewRestriction, Locale)
    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid=f"{uid}.user_saved")
    post_delete.connect(purge, sender=get_user_model(), dispatch_uid=f"{uid}.user_deleted")


# What public pages and the OParl API show of a person (name, consent, account state);
# logins and other bookkeeping saves leave the cache alone.
PUBLIC_USER_FIELDS = {"first_name", "last_name", "publish_in_oparl", "is_active"}


def _user_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or PUBLIC_USER_FIELDS & set(update_fields):
        purge()
