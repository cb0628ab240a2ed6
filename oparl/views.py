"""OParl 1.1 endpoints: read-only JSON of the portal's public meeting data."""

import functools
import hashlib
import json
import logging
import math
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Max, Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from meetings.models import BodyPage, MeetingPage
from portal import pagecache

from . import serializers
from .models import Tombstone
from .querysets import KINDS
from .serializers import BODY_ID, Urls

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
FALLBACK_CREATED = datetime(2025, 1, 1, tzinfo=timezone.get_fixed_timezone(60))


class ApiError(Exception):
    def __init__(self, status, message_de, message_en):
        super().__init__(message_en)
        self.status, self.message_de, self.message_en = status, message_de, message_en


def not_found():
    return ApiError(404, "Das Objekt wurde nicht gefunden.", "The object was not found.")


def encode(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(request, body, status=200):
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    if status == 200:
        response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        response = get_conditional_response(request, etag=response["ETag"], response=response)
    return response


def api_view(view):
    """JSON in every case: errors carry a German and an English message, never a stack trace."""

    @functools.wraps(view)
    @require_safe
    def wrapper(request, *args, **kwargs):
        try:
            # The API shows public data only, the same for every viewer: kept in the page cache
            # (shared by all workers, purged on every content change) under the full URL.
            key = pagecache.digest(request.build_absolute_uri())
            body = pagecache.versioned(f"oparl:{key}", lambda: encode(view(request, Urls(request), *args, **kwargs)))
            return json_response(request, body)
        except ApiError as error:
            data = {"status": error.status, "message": error.message_de, "message_en": error.message_en}
            return json_response(request, encode(data), status=error.status)
        except Exception:
            logger.exception("OParl request failed: %s", request.get_full_path())
            data = {
                "status": 500,
                "message": "Ein interner Fehler ist aufgetreten.",
                "message_en": "An internal error occurred.",
            }
            return json_response(request, encode(data), status=500)

    return wrapper


def site_dates():
    """Created/modified of System and Body: the first and the latest publication of the meeting data."""
    dates = [
        model.objects.live().aggregate(first=Min("first_published_at"), last=Max("last_published_at"))
        for model in (BodyPage, MeetingPage)
    ]
    firsts = [d["first"] for d in dates if d["first"]]
    lasts = [d["last"] for d in dates if d["last"]]
    created = min(firsts) if firsts else FALLBACK_CREATED
    return created, max([created, *lasts])


@api_view
def system(request, urls):
    return serializers.system(urls, *site_dates())


@api_view
def body_list(request, urls):
    data = [serializers.body(urls, *site_dates())]
    return {
        "data": data,
        "pagination": {"totalElements": 1, "elementsPerPage": 1, "currentPage": 1, "totalPages": 1},
        "links": {"first": urls.root + "body/", "last": urls.root + "body/", "self": urls.root + "body/"},
    }


@api_view
def not_found_view(request, urls, path=""):
    raise not_found()


@api_view
def object_view(request, urls, kind, pk):
    if kind == "body":
        if pk != BODY_ID:
            raise not_found()
        return serializers.body(urls, *site_dates())
    if kind == "legislativeTerm":
        terms = serializers.legislative_terms(urls, *site_dates())
        if not 1 <= pk <= len(terms):
            raise not_found()
        return terms[pk - 1]
    if kind == "location":
        meeting = KINDS["meeting"].queryset().exclude(location="").filter(pk=pk).first()
        if meeting is None:
            raise not_found()
        return serializers.location(urls, meeting)
    spec = KINDS.get(kind)
    if spec is None or spec.serialize is None:
        raise not_found()
    obj = spec.queryset().filter(pk=pk).first()
    if obj is not None:
        return spec.serialize(urls, obj)
    stone = Tombstone.objects.filter(kind=kind, object_id=pk).first()
    if stone is None:
        raise not_found()
    return serializers.tombstone(urls, stone)


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


def apply_filters(queryset, filters, created_field, modified_field):
    lookups = {
        "created_since": f"{created_field}__gte",
        "created_until": f"{created_field}__lte",
        "modified_since": f"{modified_field}__gte",
        "modified_until": f"{modified_field}__lte",
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
    spec = KINDS.get(kind)
    if body_id != BODY_ID or spec is None:
        raise not_found()
    filters = parse_filters(request)
    limit = min(parse_int(request, "limit", DEFAULT_LIMIT), MAX_LIMIT)
    page = parse_int(request, "page", 1)

    objects = apply_filters(spec.for_list(), filters, spec.created, spec.modified)
    # Deleted objects only for clients that sync changes (OParl 1.1, 2.7.4).
    stones = Tombstone.objects.none()
    if spec.tombstones and "modified_since" in filters:
        stones = apply_filters(Tombstone.objects.filter(kind=kind), filters, "created", "deleted_at").order_by(
            "object_id"
        )
    live_total = objects.count()
    total = live_total + (stones.count() if "modified_since" in filters else 0)
    pages = max(1, math.ceil(total / limit))
    if page > pages:
        raise ApiError(404, "Diese Seite der Liste gibt es nicht.", "This page of the list does not exist.")

    start, end = (page - 1) * limit, page * limit
    data = [spec.serialize(urls, obj) for obj in objects[start:end]] if start < live_total else []
    if end > live_total:
        data += [serializers.tombstone(urls, s) for s in stones[max(0, start - live_total) : end - live_total]]

    base = urls.list(kind)
    params = {name: request.GET[name] for name in FILTERS if name in request.GET}
    if "limit" in request.GET:
        params["limit"] = limit

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
