"""OParl 1.1 endpoints: read-only JSON of the portal's public meeting data."""

import functools
import hashlib
import json
import logging
import math
from urllib.parse import urlencode

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from portal import pagecache

from . import serializers
from .models import PublishedObject
from .querysets import KINDS, LISTS
from .serializers import BODY_ID, SCHEMA, Urls
from .sync import ensure_synced, stamp

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# lists with more than one kind: the File list holds the documents, the public minutes and the
# Beschlussauszüge, the Location list the places and the location texts of meetings without a place
LIST_MEMBERS = {"file": ("file", "resultsProtocol", "resolutionFile"), "location": ("location", "place")}
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")


class ApiError(Exception):
    def __init__(self, status, message, debug):
        super().__init__(debug)
        self.status, self.message, self.debug = status, message, debug


def not_found():
    return ApiError(404, "Das Objekt wurde nicht gefunden.", "The object was not found.")


class Redirect(Exception):
    def __init__(self, url):
        super().__init__(url)
        self.url = url


def encode(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def error_body(status, message, debug):
    """An OParl Error object (1.1, 2.9): a German ``message`` and an English ``debug``."""
    return encode({"type": SCHEMA + "Error", "message": message, "debug": debug, "status": status})


def json_response(request, body, status=200):
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    if status == 200:
        response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        response = get_conditional_response(request, etag=response["ETag"], response=response)
    return response


def redirect_response(url, permanent=True):
    response = (HttpResponsePermanentRedirect if permanent else HttpResponseRedirect)(url)
    response["Access-Control-Allow-Origin"] = "*"
    return response


ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def read_only(view):
    """Every OParl URL: GET and HEAD answer, OPTIONS says what is allowed (also to a browser's
    CORS preflight), any other method is 405 with an Error object and ``Allow``. Errors of the
    view are Error objects too, never an HTML page or a stack trace (its details in ``debug``
    only with DEBUG). No CSRF check: nothing here changes anything, and a POST must reach the
    405, not the HTML page of a failed CSRF check."""

    @functools.wraps(view)
    @csrf_exempt
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            return response
        if request.method not in ("GET", "HEAD"):
            message = "Die OParl-Schnittstelle kann nur gelesen werden: erlaubt sind GET und HEAD."
            debug = f"Method {request.method} is not allowed: the API is read-only (GET, HEAD, OPTIONS)."
            response = json_response(request, error_body(405, message, debug), status=405)
            response["Allow"] = ALLOWED_METHODS
            return response
        try:
            return view(request, *args, **kwargs)
        except (OperationalError, InterfaceError) as error:
            logger.exception("OParl request failed: %s", request.get_full_path())
            message = "Die Schnittstelle ist vorübergehend nicht erreichbar. Bitte später erneut versuchen."
            response = json_response(request, error_body(503, message, debug_text("Service unavailable", error)), 503)
            response["Retry-After"] = "30"
            return response
        except Exception as error:
            logger.exception("OParl request failed: %s", request.get_full_path())
            body = error_body(
                500, "Ein interner Fehler ist aufgetreten.", debug_text("An internal error occurred", error)
            )
            return json_response(request, body, status=500)

    return wrapper


def debug_text(summary, error):
    """``debug`` of an unexpected error: what happened, and with DEBUG which exception."""
    return f"{summary}: {error!r}" if settings.DEBUG else f"{summary}."


def api_view(view):
    """JSON in every case: errors are OParl Error objects, never a stack trace."""

    @functools.wraps(view)
    @read_only
    def wrapper(request, *args, **kwargs):
        try:
            canonical = canonical_path(request, view, kwargs)
            if canonical is not None and canonical != request.path:
                query = request.META.get("QUERY_STRING", "")
                raise Redirect(canonical + (f"?{query}" if query else ""))

            def build():
                ensure_synced()
                return encode(view(request, Urls(), *args, **kwargs))

            # The API shows public data only, the same for every viewer and every Host: kept in
            # the page cache (shared by all workers, purged on every content change).
            key = pagecache.digest(request.get_full_path())
            body = pagecache.versioned(f"oparl:{key}", build)
            return json_response(request, body)
        except Redirect as redirect:
            return redirect_response(redirect.url)
        except ApiError as error:
            return json_response(request, error_body(error.status, error.message, error.debug), status=error.status)

    return wrapper


def canonical_path(request, view, kwargs):
    """The one URL of an object or list (``/meeting/021/`` is ``/meeting/21/``)."""
    names = {"object_view": "oparl:object", "list_view": "oparl:list"}
    name = names.get(view.__name__)
    return reverse(name, kwargs=kwargs) if name else None


def omit_internal(request):
    return request.GET.get("omit_internal") == "true"


def serialize(urls, kind, obj, request):
    if omit_internal(request):
        return kind.serialize(urls, obj, omit_internal=True)
    return kind.serialize(urls, obj)


@api_view
def system(request, urls):
    return stamp(urls, serializers.system(urls))


@api_view
def body_list(request, urls):
    return build_list(request, urls, "body", urls.root + "body/")


@api_view
def not_found_view(request, urls, path=""):
    if not path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not_found":
            query = request.META.get("QUERY_STRING", "")
            raise Redirect(request.path + "/" + (f"?{query}" if query else ""))
    raise not_found()


def record_of(kind, pk):
    return PublishedObject.objects.filter(kind=kind, object_id=pk).first()


@api_view
def object_view(request, urls, kind, pk):
    spec = KINDS.get(kind)
    if spec is None or spec.serialize is None:
        raise not_found()
    record = record_of(kind, pk)
    if record is None:
        raise not_found()
    if record.deleted:
        return stamp(urls, serializers.tombstone(urls, record), [record])
    objects = spec.get_many([pk])
    if pk not in objects:
        raise not_found()
    return stamp(urls, serialize(urls, spec, objects[pk], request), [record])


def parse_filters(request):
    filters = {}
    for name in FILTERS:
        raw = request.GET.get(name)
        if raw is None:
            continue
        try:
            value = parse_datetime(raw.replace(" ", "+"))
        except ValueError:
            value = None
        if value is None:
            raise ApiError(
                400,
                f"Ungültiger Wert für {name}: erwartet wird ein Zeitpunkt nach RFC 3339 "
                "(z. B. 2024-01-31T12:00:00+01:00).",
                f"Invalid value for {name}: expected an RFC 3339 date-time, e.g. 2024-01-31T12:00:00+01:00.",
            )
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        filters[name] = value
    return filters


def apply_filters(queryset, filters):
    lookups = {
        "created_since": "created__gte",
        "created_until": "created__lte",
        "modified_since": "modified__gte",
        "modified_until": "modified__lte",
    }
    return queryset.filter(**{lookups[name]: value for name, value in filters.items()})


def parse_int(request, name, default):
    raw = request.GET.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ApiError(
            400,
            f"Ungültiger Wert für {name}: erwartet wird eine positive ganze Zahl.",
            f"Invalid value for {name}: expected a positive integer.",
        )
    return value


@api_view
def list_view(request, urls, body_id, kind):
    if body_id != BODY_ID or kind not in LISTS:
        raise not_found()
    return build_list(request, urls, kind, urls.list(kind))


def build_list(request, urls, kind, base):
    filters = parse_filters(request)
    limit = min(parse_int(request, "limit", DEFAULT_LIMIT), MAX_LIMIT)
    page = parse_int(request, "page", 1)

    kinds = LIST_MEMBERS.get(kind, (kind,))
    records = PublishedObject.objects.filter(kind__in=kinds)
    if "modified_since" not in filters:
        # Deleted objects only for clients that sync changes (OParl 1.1, 2.8).
        records = records.filter(deleted=False)
    records = apply_filters(records, filters).order_by("kind", "object_id")
    total = records.count()
    pages = max(1, math.ceil(total / limit))
    if page > pages:
        raise ApiError(404, "Diese Seite der Liste gibt es nicht.", "This page of the list does not exist.")

    shown = list(records[(page - 1) * limit : page * limit])
    objects = {
        name: KINDS[name].get_many(r.object_id for r in shown if r.kind == name and not r.deleted) for name in kinds
    }
    data = [
        serialize(urls, KINDS[r.kind], objects[r.kind][r.object_id], request)
        if r.object_id in objects[r.kind]
        else serializers.tombstone(urls, r)
        for r in shown
    ]
    stamp(urls, data, shown)

    params = {name: request.GET[name] for name in FILTERS if name in request.GET}
    if "limit" in request.GET:
        params["limit"] = limit
    if omit_internal(request):
        params["omit_internal"] = "true"

    def link(number):
        return f"{base}?{urlencode({**params, 'page': number})}"

    links = {"first": link(1), "last": link(pages), "self": link(page)}
    if page > 1:
        links["prev"] = link(page - 1)
    if page < pages:
        links["next"] = link(page + 1)
    return {
        "data": data,
        "pagination": {"totalElements": total, "elementsPerPage": limit, "currentPage": page, "totalPages": pages},
        "links": links,
    }


def file_redirect(request, pk, download):
    """``accessUrl``/``downloadUrl`` of a File: the document while it is published, else 410 Gone."""
    ensure_synced()
    record = record_of("file", pk)
    if record is None:
        return json_response(request, error_body(404, "Die Datei wurde nicht gefunden.", "File not found."), 404)
    doc = None if record.deleted else KINDS["file"].get_many([pk]).get(pk)
    if doc is None:
        body = error_body(410, "Die Datei wurde gelöscht.", "The file was deleted.")
        return json_response(request, body, status=410)
    return redirect_response(doc.url + ("?download=1" if download else ""), permanent=False)


@read_only
def file_access(request, pk):
    return file_redirect(request, pk, download=False)


@read_only
def file_download(request, pk):
    return file_redirect(request, pk, download=True)
