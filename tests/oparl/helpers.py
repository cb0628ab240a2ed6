"""Crawling the OParl API and validating its objects against the official schemas."""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMA_BASE = "https://schema.oparl.org/1.1/"
ROOT = "/oparl/v1.1/"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL = re.compile(r"^https?://[^\s]+$")


GET_SCHEMAS = (
    "OParl 1.1 schemas not found: set OPARL_SCHEMA_DIR to the schema/ folder of "
    "https://github.com/OParl/spec (release 1.1) to validate the API against them"
)


SECRET_PLACE = "Vertraulicher Tagungsort Frauenhaus"


def place(name="Rathaus an der Volme", **kwargs):
    """A place of meetings (``meetings.Place``), with the town hall's address and coordinates
    unless other values are given."""
    from decimal import Decimal

    from meetings.models import Place

    defaults = {
        "street_address": "Rathausstraße 11",
        "postal_code": "58095",
        "locality": "Hagen",
        "latitude": Decimal("51.359500"),
        "longitude": Decimal("7.473700"),
    }
    return Place.objects.create(name=name, **{**defaults, **kwargs})


def find_schemas():
    """The official schemas: ``OPARL_SCHEMA_DIR`` (mandatory where it is set, as in CI), else
    ``../shared/oparl-1.1/schema`` beside the repository if it is there, else None."""
    configured = settings.OPARL_SCHEMA_DIR
    path = Path(configured) if configured else Path(settings.BASE_DIR).parent / "shared" / "oparl-1.1" / "schema"
    if (path / "System.json").exists():
        return path
    if configured:
        pytest.fail(f"OPARL_SCHEMA_DIR={configured} holds no OParl 1.1 schemas (System.json is missing).")
    return None


def schema_dir():
    """The schema folder, or the calling test skips with one line saying how to get it."""
    path = find_schemas()
    if path is None:
        pytest.skip(GET_SCHEMAS)
    return path


_validators = {}


def validator(type_name):
    if find_schemas() is None:
        return None  # the crawl tests still check everything else; test_rules reports the skip
    if not _validators:
        resources = []
        for file in sorted(schema_dir().glob("*.json")):
            contents = json.loads(file.read_text())
            resources.append((SCHEMA_BASE + file.name, Resource.from_contents(contents, default_specification=DRAFT7)))
        registry = Registry().with_resources(resources)
        for file in schema_dir().glob("*.json"):
            schema = {"$ref": SCHEMA_BASE + file.name}
            _validators[file.stem] = Draft7Validator(schema, registry=registry)
    return _validators[type_name]


def check_values(value, where, schema_props=None):
    """The rules the schemas leave out: no null, no empty list, RFC 3339 with offset, URLs."""
    if value is None:
        raise AssertionError(f"{where} is null")
    if isinstance(value, list):
        assert value, f"{where} is an empty list"
        for i, item in enumerate(value):
            check_values(item, f"{where}[{i}]")
    elif isinstance(value, dict):
        if "type" in value and str(value["type"]).startswith(SCHEMA_BASE):
            check_object(value, where)
        else:
            for key, item in value.items():
                check_values(item, f"{where}.{key}")


def check_object(obj, where=""):
    type_name = obj["type"].removeprefix(SCHEMA_BASE)
    assert "created" in obj and "modified" in obj, f"{obj['id']} lacks created/modified"
    checker = validator(type_name)
    props = {}
    if checker is not None:
        errors = sorted(checker.iter_errors(obj), key=str)
        assert not errors, f"{where or obj.get('id')}: {errors[0].message}"
        props = json.loads((schema_dir() / f"{type_name}.json").read_text())["properties"]
    for key, value in obj.items():
        assert value is not None, f"{obj['id']}.{key} is null"
        fmt = props.get(key, {}).get("format")
        if fmt == "date-time":
            assert RFC3339.match(value), f"{obj['id']}.{key}: {value} is not RFC 3339 with offset"
        elif fmt == "date":
            assert DATE.match(value), f"{obj['id']}.{key}: {value} is not a date"
        elif fmt == "url":
            assert URL.match(value), f"{obj['id']}.{key}: {value} is not a URL"
        if isinstance(value, list):
            assert value, f"{obj['id']}.{key} is an empty list"
            for item in value:
                if isinstance(item, dict):
                    check_object(item, f"{obj['id']}.{key}")
                elif props.get(key, {}).get("items", {}).get("format") == "url":
                    assert URL.match(item), f"{obj['id']}.{key}: {item} is not a URL"
        elif key == "geojson":
            check_geojson(value, f"{obj['id']}.geojson")
        elif isinstance(value, dict):
            check_object(value, f"{obj['id']}.{key}")


def check_geojson(value, where):
    """OParl 1.1: a whole GeoJSON ``Feature``; here always a Point, longitude first (RFC 7946)."""
    assert value["type"] == "Feature", f"{where} is not a GeoJSON Feature"
    assert isinstance(value.get("properties"), dict), f"{where} lacks properties"
    geometry = value["geometry"]
    assert geometry["type"] == "Point", f"{where}: {geometry['type']}"
    longitude, latitude = geometry["coordinates"]
    assert all(isinstance(c, float | int) for c in (longitude, latitude)), where
    assert -180 <= longitude <= 180 and -90 <= latitude <= 90, f"{where}: {geometry['coordinates']}"


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def get_json(client, url, status=200):
    response = client.get(path_of(url))
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def walk_list(client, url):
    """Every element of an external list, following ``next`` links."""
    seen_pages, elements = set(), []
    while url:
        assert url not in seen_pages, f"list loops at {url}"
        seen_pages.add(url)
        page = get_json(client, url)
        assert set(page) >= {"data", "pagination", "links"}
        for key, value in page["pagination"].items():
            assert isinstance(value, int), (url, key)
        elements.extend(page["data"])
        url = page["links"].get("next")
    return elements


def crawl(client):
    """Start at the System object, follow every list and object URL; return the objects by id."""
    objects, responses = {}, []
    queue = [f"http://testserver{ROOT}"]
    lists_done = set()
    while queue:
        url = queue.pop()
        if url in objects:
            continue
        obj = get_json(client, url)
        responses.append(json.dumps(obj, ensure_ascii=False))
        assert obj["id"] == url, f"{url} answers with id {obj['id']}"
        check_object(obj)
        objects[url] = obj
        for found in links_in(obj):
            if found in objects or found in lists_done:
                continue
            if is_list(found):
                lists_done.add(found)
                for element in walk_list(client, found):
                    responses.append(json.dumps(element, ensure_ascii=False))
                    check_object(element)
                    queue.append(element["id"])
            else:
                queue.append(found)
    return objects, responses


NOT_JSON = {"type", "accessUrl", "downloadUrl"}
LIST_KEYS = {"body", "organization", "person", "meeting", "paper", "agendaItem", "file", "membership"}


def is_list(url):
    path = urlsplit(url).path
    return path == f"{ROOT}body/" or bool(re.match(rf"^{ROOT}body/\d+/\w+/$", path))


def links_in(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and item.startswith("http://testserver" + ROOT) and key not in NOT_JSON:
                yield item
            else:
                yield from links_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from links_in(item)
