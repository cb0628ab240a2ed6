"""``created``/``modified`` a syncing client can trust.

After every change of the public data (``signals.changed``) the next API request compares the
JSON of every object with the digest recorded when it was last shown: an object whose JSON
changed (anything it shows, including what it embeds) gets ``modified`` = now, a new one a
record, one that left the API ``deleted``. Times are kept at the precision the API shows
(seconds): ``created`` rounded down, ``modified`` rounded up, so a change is never older than
it is shown.
"""

import datetime
import hashlib
import json
import re

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import PublishedObject, SyncState
from .querysets import KINDS
from .serializers import Urls, rfc3339


def changed():
    """Count a change of the public data (inside the writer's transaction)."""
    if not SyncState.objects.filter(pk=1).update(generation=F("generation") + 1):
        SyncState.objects.get_or_create(pk=1, defaults={"generation": 2, "synced": 0})


def seconds_down(value):
    return value.replace(microsecond=0)


def seconds_up(value):
    return seconds_down(value) + datetime.timedelta(seconds=1) if value.microsecond else value


def digest(data, hidden=None):
    text = json.dumps([data, hidden], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def ensure_synced():
    """Bring the records up to date if the public data changed since the last comparison."""
    state = SyncState.objects.filter(pk=1).values_list("generation", "synced").first()
    if state is not None and state[0] == state[1]:
        return
    with transaction.atomic():
        state, _created = SyncState.objects.select_for_update().get_or_create(pk=1)
        if state.generation == state.synced:
            return  # another request compared meanwhile
        generation = state.generation
        sync()
        SyncState.objects.filter(pk=1).update(synced=generation)


def sync():
    urls = Urls()
    now = seconds_up(timezone.now())
    records = {(r.kind, r.object_id): r for r in PublishedObject.objects.all()}
    seen, new, changed_records = set(), [], []
    for name, kind in KINDS.items():
        if kind.serialize is None:
            continue
        for pk, obj in kind.all():
            data = kind.serialize(urls, obj)
            if data is None:
                continue
            key = (name, pk)
            seen.add(key)
            value = digest(data, kind.hidden(obj) if kind.hidden else None)
            record = records.get(key)
            if record is None:
                created = seconds_down(kind.created(obj) or now)
                new.append(PublishedObject(kind=name, object_id=pk, created=created, modified=now, digest=value))
            elif record.deleted or record.digest != value:
                record.digest, record.deleted, record.modified = value, False, now
                changed_records.append(record)
    for key, record in records.items():
        if key not in seen and not record.deleted:
            record.deleted, record.modified = True, now
            changed_records.append(record)
    PublishedObject.objects.bulk_create(new, batch_size=500)
    PublishedObject.objects.bulk_update(changed_records, ["digest", "deleted", "modified"], batch_size=500)


KEY = re.compile(r"/(\w+)/(\d+)/$")


def key_of(urls, object_id):
    if object_id == urls.root:
        return ("system", 0)
    match = KEY.search(object_id)
    return (match[1], int(match[2])) if match else None


def objects_in(value):
    if isinstance(value, dict):
        if "id" in value and "type" in value:
            yield value
        for item in value.values():
            yield from objects_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from objects_in(item)


def stamp(urls, data, known=()):
    """Add ``created``/``modified`` from the records to every object in ``data`` (one query)."""
    objects = list(objects_in(data))
    records = {(r.kind, r.object_id): r for r in known}
    wanted = {key_of(urls, o["id"]) for o in objects} - set(records) - {None}
    if wanted:
        by_kind = {}
        for kind, pk in wanted:
            by_kind.setdefault(kind, []).append(pk)
        query = Q()
        for kind, pks in by_kind.items():
            query |= Q(kind=kind, object_id__in=pks)
        records.update({(r.kind, r.object_id): r for r in PublishedObject.objects.filter(query)})
    now = seconds_up(timezone.now())
    for obj in objects:
        record = records.get(key_of(urls, obj["id"]))
        obj["created"] = rfc3339(record.created if record else now)
        obj["modified"] = rfc3339(record.modified if record else now)
    return data
