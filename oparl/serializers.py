"""OParl 1.1 objects built from the portal's public data.

Only querysets from ``querysets.py`` reach these functions: they contain what anonymous
visitors may read, nothing else. Keys with no value are left out (OParl forbids ``null``
and empty lists).
"""

import mimetypes

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from meetings.agenda import entry_for, public_entries
from portal.services import absolute_url

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
    """Absolute URLs of the API from the one configured base URL (``portal.services.absolute_url``):
    the Host header of a request never changes an ``id``."""

    def __init__(self):
        self.base = absolute_url("")
        self.root = self.base + reverse("oparl:system")

    def object(self, kind, pk):
        return f"{self.root}{kind}/{pk}/"

    def list(self, kind):
        return f"{self.root}body/{BODY_ID}/{kind}/"

    def absolute(self, path):
        return self.base + path

    def web(self, page):
        parts = page.get_url_parts()
        return self.base + parts[2] if parts else None


def base(urls, kind, type_name, pk):
    """``id`` and ``type``; ``created``/``modified`` are added from the records (see ``sync``)."""
    return {"id": urls.object(kind, pk), "type": SCHEMA + type_name}


def tombstone(urls, record):
    return {**base(urls, record.kind, TYPE_NAMES[record.kind], record.object_id), "deleted": True}


def license_url():
    return getattr(settings, "OPARL_LICENSE", "")


def system(urls, _obj=None, omit_internal=False):
    return clean(
        {
            "id": urls.root,
            "type": SCHEMA + "System",
            "oparlVersion": SCHEMA,
            "license": license_url(),
            "body": urls.root + "body/",
            "name": f"OParl-Schnittstelle {body_settings()['name']}",
            "website": urls.absolute("/"),
            "web": urls.absolute("/"),
        }
    )


def legislative_term(urls, number_and_term, omit_internal=False):
    number, term = number_and_term
    return clean(
        {
            **base(urls, "legislativeTerm", "LegislativeTerm", number),
            "body": urls.object("body", BODY_ID),
            "name": term.get("name"),
            "startDate": term.get("startDate"),
            "endDate": term.get("endDate"),
        }
    )


def terms():
    return list(enumerate(body_settings()["legislativeTerms"], start=1))


def body(urls, _obj=None, omit_internal=False):
    conf = body_settings()
    return clean(
        {
            **base(urls, "body", "Body", BODY_ID),
            "system": urls.root,
            "name": conf["name"],
            "shortName": conf["shortName"],
            "website": conf["website"],
            "license": license_url(),
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
            "consultation": urls.list("consultation"),
            "file": urls.list("file"),
            "membership": urls.list("membership"),
            "locationList": urls.list("location"),
            "legislativeTermList": urls.list("legislativeTerm"),
            "legislativeTerm": None if omit_internal else [legislative_term(urls, t) for t in terms()],
            "web": urls.absolute("/"),
        }
    )


def organization(urls, page, omit_internal=False):
    return clean(
        {
            **base(urls, "organization", "Organization", page.pk),
            "body": urls.object("body", BODY_ID),
            "name": page.title,
            "shortName": page.short_name,
            "organizationType": "Gremium",
            "classification": page.get_kind_display(),
            "startDate": page.start_date.isoformat() if page.start_date else None,
            "endDate": page.end_date.isoformat() if page.end_date else None,
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


def file(urls, doc, embedded=False, omit_internal=False):
    mime = mimetypes.guess_type(doc.filename)[0] or "application/octet-stream"
    data = {
        **base(urls, "file", "File", doc.pk),
        "name": doc.title,
        "fileName": doc.filename,
        "mimeType": mime,
        "date": doc.published_date.isoformat() if doc.published_date else None,
        "size": file_size(doc),
        "sha1Checksum": doc.file_hash or None,
        "sha512Checksum": doc.sha512 or None,
        "accessUrl": urls.absolute(reverse("oparl:file_access", args=[doc.pk])),
        "downloadUrl": urls.absolute(reverse("oparl:file_download", args=[doc.pk])),
        "web": urls.absolute(reverse("documents:detail", args=[doc.pk])),
    }
    if not embedded:
        items = getattr(doc, "oparl_items", [])
        data["agendaItem"] = [urls.object("agendaItem", i.pk) for i in items]
        data["meeting"] = sorted({urls.object("meeting", i.meeting_id) for i in items})
    return clean(data)


def agenda_item(urls, item, meeting, omit_internal=False):
    """One agenda item, redacted by meetings.agenda unless anonymous visitors may read it."""
    entry = entry_for(item, item.full_access)
    data = {
        **base(urls, "agendaItem", "AgendaItem", item.pk),
        "meeting": urls.object("meeting", meeting.pk),
        "number": str(entry.number),
        "order": entry.number - 1,  # OParl counts from 0
        "name": entry.title,
        "public": entry.public,
    }
    if not entry.redacted:
        data.update(
            {
                "result": entry.result_label,
                "resolutionText": entry.decision,
                "auxiliaryFile": None
                if omit_internal
                else [file(urls, doc, embedded=True) for doc in entry.attachments],
                "consultation": agenda_item_consultation(urls, item),
                "resolutionFile": resolution_file(urls, item, meeting) if entry.decision or entry.result else None,
            }
        )
    return clean(data)


def geojson(place):
    """A GeoJSON Feature with the place as a Point (OParl asks for a whole Feature; RFC 7946
    puts the longitude first), or None while the coordinates are not known."""
    if not place.has_coordinates:
        return None
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(place.longitude), float(place.latitude)]},
        "properties": {"name": str(place)},
    }


def place_location(urls, place, embedded=False):
    """A place (``meetings.Place``) as a Location (``place/<pk>/``). Embedded in a meeting it
    has no back-references (OParl 1.1: they are shown only when the Location is not embedded)."""
    description = place.full_text + (f". {place.description}" if place.description else "")
    data = {
        **base(urls, "place", "Location", place.pk),
        "description": description,
        "streetAddress": place.street_address,
        "room": place.room,
        "postalCode": place.postal_code,
        "locality": place.locality,
        "geojson": geojson(place),
    }
    if not embedded:
        data["meetings"] = [urls.object("meeting", m.pk) for m in place.oparl_meetings]
    return clean(data)


def agenda_item_consultation(urls, item):
    """The consultation of a public paper the item was put on (papers' ``Consultation``)."""
    consultations = getattr(item, "oparl_consultations", None)
    return urls.object("consultation", consultations[0].pk) if consultations else None


def location(urls, meeting, embedded=False):
    """The fallback for a meeting without a place but with a location text: a Location of its
    own (``location/<meeting pk>/``) with the text as its description."""
    data = {**base(urls, "location", "Location", meeting.pk), "description": meeting.location}
    if not embedded:
        data["meetings"] = [urls.object("meeting", meeting.pk)]
    return clean(data)


def meeting_location(urls, page):
    if page.place_id is not None:
        return place_location(urls, page.place, embedded=True)
    if page.location:
        return location(urls, page, embedded=True)
    return None


def public_minutes(meeting):
    """The public part of the minutes anonymous visitors may read (what the public minutes PDF shows)."""
    return [e for e in public_entries([entry_for(i, i.full_access) for i in meeting.oparl_items]) if e.has_minutes]


def results_protocol(urls, meeting):
    """The public minutes PDF (meetings' ``minutes_public_pdf``), while it has content."""
    if not public_minutes(meeting):
        return None
    access = urls.absolute(reverse("meetings:minutes_public_pdf", args=[meeting.pk]))
    return clean(
        {
            **base(urls, "resultsProtocol", "File", meeting.pk),
            "name": f"Niederschrift (öffentlicher Teil): {meeting.title}",
            "fileName": f"niederschrift-{meeting.slug}-oeffentlich.pdf",
            "mimeType": "application/pdf",
            "accessUrl": access,
            "meeting": [urls.object("meeting", meeting.pk)],
        }
    )


def minutes_text(meeting):
    """What the public minutes PDF shows beyond the JSON: changes of it change the meeting."""
    return [(e.number, e.title, e.minutes, e.decision, e.result) for e in public_minutes(meeting)]


def meeting(urls, page, omit_internal=False):
    return clean(
        {
            **base(urls, "meeting", "Meeting", page.pk),
            "name": page.title,
            "meetingState": page.get_status_display(),
            "cancelled": True if page.is_cancelled else None,
            "start": rfc3339(page.start),
            "end": rfc3339(page.end) if page.end else None,
            "location": meeting_location(urls, page),
            "organization": [urls.object("organization", page.body_id)] if page.body_id else None,
            # the invitation PDF (meetings' invitation step), while anonymous visitors may read it
            "invitation": file(urls, page.invitation, embedded=True)
            if getattr(page, "invitation_public", False)
            else None,
            "resultsProtocol": results_protocol(urls, page),
            "agendaItem": None if omit_internal else [agenda_item(urls, item, page) for item in page.oparl_items],
            "web": urls.web(page),
        }
    )


def membership(urls, m, omit_internal=False):
    user = m.user
    return clean(
        {
            **base(urls, "membership", "Membership", m.pk),
            "person": urls.object("person", user.pk),
            "organization": urls.object("organization", m.body_id),
            "role": m.get_role_display(),
            "startDate": m.start.isoformat() if m.start else None,
            "endDate": m.end.isoformat() if m.end else None,
        }
    )


def person(urls, user, omit_internal=False):
    return clean(
        {
            **base(urls, "person", "Person", user.pk),
            "body": urls.object("body", BODY_ID),
            "name": user.get_full_name() or None,
            "familyName": user.last_name,
            "givenName": user.first_name,
            "membership": None if omit_internal else [membership(urls, m) for m in user.oparl_memberships],
        }
    )


TYPE_NAMES = {
    "system": "System",
    "body": "Body",
    "legislativeTerm": "LegislativeTerm",
    "organization": "Organization",
    "meeting": "Meeting",
    "agendaItem": "AgendaItem",
    "file": "File",
    "resultsProtocol": "File",
    "location": "Location",
    "place": "Location",
    "person": "Person",
    "membership": "Membership",
    "paper": "Paper",
    "consultation": "Consultation",
    "resolutionFile": "File",
}


# --- papers (Vorlagen) and their consultations ---------------------------------------------


def consultation(urls, c, embedded=False, omit_internal=False):
    """One step of a paper's Beratungsfolge. The meeting only if it is public, the agenda item only
    if anonymous visitors may read it (``querysets.public_consultations`` prefetches both)."""
    data = {
        **base(urls, "consultation", "Consultation", c.pk),
        "paper": urls.object("paper", c.paper_id),
        "organization": [urls.object("organization", c.body_id)],
        "authoritative": c.role == "decision",
        "role": c.get_role_display(),
        "meeting": urls.object("meeting", c.meeting_id) if c.oparl_meeting else None,
        "agendaItem": urls.object("agendaItem", c.agenda_item_id) if c.oparl_item else None,
    }
    return clean(data)


def resolution_file(urls, item, meeting=None):
    """The Beschlussauszug (papers' PDF) of an agenda item anonymous visitors may read."""
    meeting = meeting or item.meeting
    access = urls.absolute(reverse("papers:extract", args=[item.pk]))
    return clean(
        {
            **base(urls, "resolutionFile", "File", item.pk),
            "name": f"Beschlussauszug: TOP {item.number} {item.title}",
            "fileName": f"beschlussauszug-{meeting.slug}-top-{item.number}.pdf",
            "mimeType": "application/pdf",
            "accessUrl": access,
            "agendaItem": [urls.object("agendaItem", item.pk)],
            "meeting": [urls.object("meeting", item.meeting_id)],
        }
    )


def paper(urls, p, omit_internal=False):
    return clean(
        {
            **base(urls, "paper", "Paper", p.pk),
            "body": urls.object("body", BODY_ID),
            "name": p.title,
            "reference": p.number,
            "date": p.date.isoformat(),
            "paperType": p.get_kind_display(),
            "relatedPaper": [urls.object("paper", r.target_id) for r in p.oparl_relations],
            "mainFile": file(urls, p.main_file, embedded=True) if p.oparl_main_public else None,
            "auxiliaryFile": None if omit_internal else [file(urls, d, embedded=True) for d in p.oparl_attachments],
            "consultation": None if omit_internal else [consultation(urls, c) for c in p.oparl_consultations],
            "web": urls.absolute(reverse("papers:detail", args=[p.pk])),
        }
    )
