"""OParl 1.1 objects built from the portal's public data.

Only querysets from ``querysets.py`` reach these functions: they contain what anonymous
visitors may read, nothing else. Keys with no value are left out (OParl forbids ``null``
and empty lists).
"""

import mimetypes

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from meetings.agenda import entry_for

SCHEMA = "https://schema.oparl.org/1.1/"
BODY_ID = 1

DEFAULT_BODY = {
    "name": "Stadt Hagen",
    "shortName": "Hagen",
    "website": "https://www.hagen.de/",
    "ags": "05914000",
    "rgs": "059140000000",
    "classification": "Kreisfreie Stadt",
    "contactEmail": "",
    "contactName": "",
    "legislativeTerms": [
        {"name": "Wahlperiode 2020–2025", "startDate": "2020-11-01", "endDate": "2025-10-31"},
        {"name": "Wahlperiode 2025–2030", "startDate": "2025-11-01", "endDate": "2030-10-31"},
    ],
}


def body_settings():
    return {**DEFAULT_BODY, **getattr(settings, "OPARL_BODY", {})}


def rfc3339(value):
    """Date-times with their offset (Europe/Berlin), as OParl requires."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def clean(data):
    """Drop the keys OParl does not allow: None, "" and empty lists."""
    return {k: v for k, v in data.items() if v is not None and v != "" and v != []}


class Urls:
    """Absolute URLs of the API, built from the request (the canonical ``id`` of each object)."""

    def __init__(self, request):
        self.request = request
        self.root = request.build_absolute_uri(reverse("oparl:system"))

    def object(self, kind, pk):
        return f"{self.root}{kind}/{pk}/"

    def list(self, kind):
        return f"{self.root}body/{BODY_ID}/{kind}/"

    def absolute(self, path):
        return self.request.build_absolute_uri(path)

    def web(self, page):
        return page.get_full_url(self.request) or None


def base(urls, kind, type_name, pk, created, modified):
    return {
        "id": urls.object(kind, pk),
        "type": SCHEMA + type_name,
        "created": rfc3339(created),
        "modified": rfc3339(modified or created),
    }


def tombstone(urls, stone):
    type_name = stone.get_kind_display()
    return {**base(urls, stone.kind, type_name, stone.object_id, stone.created, stone.deleted_at), "deleted": True}


def system(urls, created, modified):
    return clean(
        {
            "id": urls.root,
            "type": SCHEMA + "System",
            "oparlVersion": SCHEMA,
            "body": urls.root + "body/",
            "name": f"OParl-Schnittstelle {body_settings()['name']}",
            "website": urls.absolute("/"),
            "created": rfc3339(created),
            "modified": rfc3339(modified),
        }
    )


def legislative_terms(urls, created, modified):
    terms = []
    for number, term in enumerate(body_settings()["legislativeTerms"], start=1):
        terms.append(
            clean(
                {
                    **base(urls, "legislativeTerm", "LegislativeTerm", number, created, modified),
                    "body": urls.object("body", BODY_ID),
                    "name": term.get("name"),
                    "startDate": term.get("startDate"),
                    "endDate": term.get("endDate"),
                }
            )
        )
    return terms


def body(urls, created, modified):
    conf = body_settings()
    return clean(
        {
            **base(urls, "body", "Body", BODY_ID, created, modified),
            "system": urls.root,
            "name": conf["name"],
            "shortName": conf["shortName"],
            "website": conf["website"],
            "ags": conf["ags"],
            "rgs": conf["rgs"],
            "classification": conf["classification"],
            "contactEmail": conf["contactEmail"],
            "contactName": conf["contactName"],
            "organization": urls.list("organization"),
            "person": urls.list("person"),
            "meeting": urls.list("meeting"),
            "paper": urls.list("paper"),
            "agendaItem": urls.list("agendaItem"),
            "file": urls.list("file"),
            "membership": urls.list("membership"),
            "legislativeTerm": legislative_terms(urls, created, modified),
            "web": urls.absolute("/"),
        }
    )


def organization(urls, page):
    return clean(
        {
            **base(urls, "organization", "Organization", page.pk, page.first_published_at, page.last_published_at),
            "body": urls.object("body", BODY_ID),
            "name": page.title,
            "shortName": page.short_name,
            "organizationType": "Gremium",
            "classification": page.get_kind_display(),
            "membership": [urls.object("membership", m.pk) for m in page.oparl_memberships],
            "web": urls.web(page),
        }
    )


def file_size(doc):
    if doc.file_size is not None:
        return doc.file_size
    try:
        return doc.file.size
    except OSError:
        return None


def file(urls, doc, embedded=False):
    mime = mimetypes.guess_type(doc.filename)[0] or "application/octet-stream"
    access = urls.absolute(doc.url)
    data = {
        **base(urls, "file", "File", doc.pk, doc.created_at, doc.created_at),
        "name": doc.title,
        "fileName": doc.filename,
        "mimeType": mime,
        "date": doc.published_date.isoformat() if doc.published_date else None,
        "size": file_size(doc),
        "sha1Checksum": doc.file_hash or None,
        "sha512Checksum": doc.sha512 or None,
        "accessUrl": access,
        "downloadUrl": f"{access}?download=1",
        "web": urls.absolute(reverse("documents:detail", args=[doc.pk])),
    }
    if not embedded:
        items = getattr(doc, "oparl_items", [])
        data["agendaItem"] = [urls.object("agendaItem", i.pk) for i in items]
        data["meeting"] = sorted({urls.object("meeting", i.meeting_id) for i in items})
    return clean(data)


def agenda_item(urls, item, meeting):
    """One agenda item, redacted by meetings.agenda unless anonymous visitors may read it."""
    entry = entry_for(item, item.full_access)
    data = {
        **base(urls, "agendaItem", "AgendaItem", item.pk, meeting.first_published_at, meeting.last_published_at),
        "meeting": urls.object("meeting", meeting.pk),
        "number": str(entry.number),
        "order": entry.number,
        "name": entry.title,
        "public": entry.public,
    }
    if not entry.redacted:
        data.update(
            {
                "result": entry.result_label,
                "resolutionText": entry.decision,
                "auxiliaryFile": [file(urls, doc, embedded=True) for doc in entry.attachments],
            }
        )
    return clean(data)


def location(urls, meeting):
    return clean(
        {
            **base(urls, "location", "Location", meeting.pk, meeting.first_published_at, meeting.last_published_at),
            "description": meeting.location,
            "meetings": [urls.object("meeting", meeting.pk)],
        }
    )


def meeting(urls, page):
    return clean(
        {
            **base(urls, "meeting", "Meeting", page.pk, page.first_published_at, page.last_published_at),
            "name": page.title,
            "meetingState": page.get_status_display(),
            "cancelled": True if page.is_cancelled else None,
            "start": rfc3339(page.start),
            "end": rfc3339(page.end) if page.end else None,
            "location": location(urls, page) if page.location else None,
            "organization": [urls.object("organization", page.body_id)] if page.body_id else None,
            "agendaItem": [agenda_item(urls, item, page) for item in page.oparl_items],
            "web": urls.web(page),
        }
    )


def membership(urls, m):
    user = m.user
    return clean(
        {
            **base(urls, "membership", "Membership", m.pk, user.date_joined, user.date_joined),
            "person": urls.object("person", user.pk),
            "organization": urls.object("organization", m.body_id),
            "role": m.get_role_display(),
            "startDate": m.start.isoformat() if m.start else None,
            "endDate": m.end.isoformat() if m.end else None,
        }
    )


def person(urls, user):
    return clean(
        {
            **base(urls, "person", "Person", user.pk, user.date_joined, user.date_joined),
            "body": urls.object("body", BODY_ID),
            "name": user.get_full_name() or None,
            "familyName": user.last_name,
            "givenName": user.first_name,
            "membership": [membership(urls, m) for m in user.oparl_memberships],
        }
    )
