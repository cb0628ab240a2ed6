"""The meeting pack (Sitzungsmappe): one PDF of a meeting as the viewer may read it, and a ZIP of
its attachments.

The PDF has a cover (Gremium, date, time, place), the agenda, and each agenda item with its
description; an item's PDF attachments follow it, merged in, with an outline entry per TOP and
per attachment. Other files, and PDFs that cannot be read, are listed with their addresses. What
the viewer may read comes from ``meetings.agenda.agenda_for`` (the access policy): an item the
viewer may not read shows only its number and public title, and only the attachments the viewer
may read are there.

Built packs are kept in the ``meeting_packs`` cache (files; the default cache where that is not
configured) under a digest of everything they are built from: the rendered pages (the meeting,
its items as the viewer may read them, the language, the templates) and the identity of each
attachment's file. Viewers who may read exactly the same share one entry; any change to the
meeting, an item or an attachment, or to what the viewer may read, gives a new key, so an entry
is never served for other content or to other access. Old entries expire or are culled.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.pagecache import digest

from .agenda import agenda_for

logger = logging.getLogger(__name__)

# Part of every key: a change of how packs are built (in code, not in the templates) makes new ones.
FORMAT = 1
CACHE_ALIAS = "meeting_packs"
# Larger PDFs, and those beyond the total, are listed with their address instead of being merged.
MAX_MERGED_BYTES = 50 * 1024 * 1024
MAX_PACK_BYTES = 200 * 1024 * 1024


@dataclass
class Attachment:
    document: object
    url: str
    is_pdf: bool
    merged: bool = False
    reader: object = None  # the readable pages of a PDF attachment, while the pack is built

    @property
    def identity(self):
        """What says whether the file changed: its stored name, size and hash."""
        document = self.document
        return (document.pk, document.file.name, document.file_size, document.file_hash)


@dataclass
class Item:
    entry: object
    attachments: list[Attachment]
    new_page: bool = False


def _cache():
    return caches[CACHE_ALIAS if CACHE_ALIAS in settings.CACHES else "default"]


def _kept(key, build):
    """``build()``, kept under ``key``; a cache that cannot be read or written (a full disk) is
    passed by, the pack is built anyway."""
    cache = _cache()
    try:
        content = cache.get(key)
    except OSError as error:
        logger.warning("meeting pack: cache not readable: %s", error)
        content = None
    if content is None:
        content = build()
        try:
            cache.set(key, content)
        except OSError as error:
            logger.warning("meeting pack: cache not writable: %s", error)
    return content


# --- the PDF -----------------------------------------------------------------------------------


def meeting_pack(meeting, viewer, absolute_url):
    """The pack of ``meeting`` (which the caller got through ``visible_to``) for ``viewer``, as PDF
    bytes; ``absolute_url(path)`` makes the addresses of the attachments listed by link."""
    items = [
        Item(
            entry,
            [Attachment(d, absolute_url(d.url), d.file_extension.lower() == "pdf") for d in entry.attachments],
        )
        for entry in agenda_for(meeting, viewer)
    ]
    # the public part first, then the non-public part, as the agenda and the meeting page list them
    items = [i for i in items if i.entry.public] + [i for i in items if not i.entry.public]
    for item in items:
        for attachment in item.attachments:
            attachment.merged = attachment.is_pdf  # as planned; build() says what it really did
    html = render_pages(meeting, items)
    files = [a.identity for item in items for a in item.attachments]
    key = f"meetingpack:pdf:{meeting.pk}:{digest(repr((FORMAT, get_language(), html, files)))}"
    return _kept(key, lambda: build(meeting, items))


def render_pages(meeting, items):
    for previous, item in zip([None, *items], items, strict=False):
        # an item starts a page of its own after the merged attachments of the one before
        item.new_page = previous is None or any(a.merged for a in previous.attachments)
    date = timezone.localtime(meeting.start).strftime("%d.%m.%Y")
    context = {
        "title": _("Sitzungsmappe – %(body)s, Sitzung vom %(date)s") % {"body": meeting.body.title, "date": date},
        "meeting": meeting,
        "body": meeting.body,
        "items": items,
        "public_part": [i for i in items if i.entry.public],
        "confidential_part": [i for i in items if not i.entry.public],
        "confidential": any(not i.entry.public and not i.entry.redacted for i in items),
    }
    return render_to_string("meetings/pdf/pack.html", context)


def build(meeting, items):
    """Merge the readable PDF attachments into the rendered pages, with the outline."""
    from pypdf import PdfWriter
    from weasyprint import HTML

    room = MAX_PACK_BYTES
    for item in items:
        for attachment in item.attachments:
            attachment.reader = readable_pdf(attachment.document, room) if attachment.is_pdf else None
            attachment.merged = attachment.reader is not None
            if attachment.merged:
                room -= attachment.document.file_size or 0
    document = HTML(string=render_pages(meeting, items)).render()
    first_page = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            first_page.setdefault(anchor, number)
    writer = PdfWriter(clone_from=io.BytesIO(document.write_pdf(pdf_variant="pdf/ua-1")))
    pages = [p.indirect_reference for p in writer.pages]
    starts = [first_page[f"top-{item.entry.number}"] for item in items]
    ends = [*starts[1:], len(pages)][: len(starts)]
    # Inserted from the last item backwards, so the positions still to come do not move; an
    # item's attachments go before the page the next item starts on (see ``new_page``).
    attachment_pages = {}
    for item, end in reversed(list(zip(items, ends, strict=True))):
        for attachment in reversed([a for a in item.attachments if a.merged]):
            writer.merge(end, attachment.reader, import_outline=False)
            attachment_pages[id(attachment)] = writer.pages[end].indirect_reference
            for page in writer.pages[end : end + len(attachment.reader.pages)]:
                untag(page)
    writer.add_outline_item(title=_("Deckblatt"), page_number=pages[0])
    writer.add_outline_item(title=_("Tagesordnung"), page_number=pages[first_page["tagesordnung"]])
    for item, start in zip(items, starts, strict=True):
        parent = writer.add_outline_item(title=f"TOP {item.entry.number}: {item.entry.title}", page_number=pages[start])
        for attachment in item.attachments:
            if attachment.merged:
                title = _("Anlage: %(title)s") % {"title": attachment.document.title}
                writer.add_outline_item(title=title, page_number=attachment_pages[id(attachment)], parent=parent)
            attachment.reader = None
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def untag(page):
    """A merged page keeps its content but not its links into its own file's structure tree (the
    pack's tree is the generated part's; the numbers would point into it)."""
    page.pop("/StructParents", None)
    for annotation in page.get("/Annots", None) or ():
        annotation.get_object().pop("/StructParent", None)


def readable_pdf(document, room=MAX_MERGED_BYTES):
    """The pages of a PDF attachment, or None (logged) when its file is missing, larger than
    ``MAX_MERGED_BYTES`` or the ``room`` left in the pack, encrypted or broken: such a file is
    listed with its address instead of breaking the pack."""
    from pypdf import PdfReader, PdfWriter

    try:
        if (document.file_size or 0) > min(MAX_MERGED_BYTES, room):
            raise ValueError(f"{document.file_size} bytes, too large for the pack")
        with document.file.open("rb") as file:
            reader = PdfReader(io.BytesIO(file.read()))
        if reader.is_encrypted:
            raise ValueError("encrypted")
        # Copied into a file of its own first: a broken file fails here, not in the pack.
        copy = PdfWriter()
        copy.append(reader, import_outline=False)
        buffer = io.BytesIO()
        copy.write(buffer)
        clean = PdfReader(buffer)
        if not clean.pages:
            raise ValueError("no pages")
        return clean
    except Exception as error:  # pypdf raises many kinds of errors on broken files
        logger.warning(
            "meeting pack: attachment %s (%s) is not merged: %s", document.pk, document.file.name, error or type(error)
        )
        return None


# --- the ZIP of the attachments -------------------------------------------------------------------


def attachments_zip(meeting, viewer):
    """The attachments of ``meeting`` that ``viewer`` may read as a ZIP archive (bytes), named by
    their agenda item; None when there are none."""
    files = []
    names = set()
    for entry in agenda_for(meeting, viewer):
        for document in entry.attachments:
            name = archive_name(entry.number, document, names)
            names.add(name)
            files.append((name, document))
    if not files:
        return None
    identity = [(name, d.pk, d.file.name, d.file_size, d.file_hash) for name, d in files]
    key = f"meetingpack:zip:{meeting.pk}:{digest(repr((FORMAT, get_language(), identity)))}"
    return _kept(key, lambda: build_zip(files))


def archive_name(number, document, taken):
    title = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", document.title).strip()[:120] or _("Anlage")
    extension = f".{document.file_extension.lower()}" if document.file_extension else ""
    name = f"TOP {number:02d} – {title}{extension}"
    n = 2
    while name in taken:
        name = f"TOP {number:02d} – {title} ({n}){extension}"
        n += 1
    return name


def build_zip(files):
    missing = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, document in files:
            try:
                with document.file.open("rb") as file:
                    content = file.read()
            except Exception as error:  # a missing file: OSError here, other errors from object storage
                logger.warning(
                    "meeting pack: attachment %s (%s) is missing: %s", document.pk, document.file.name, error
                )
                missing.append(name)
                continue
            archive.writestr(name, content)
        if missing:
            note = _("Diese Anlagen konnten nicht gelesen werden und fehlen im Archiv:")
            archive.writestr(_("Hinweis.txt"), "\n".join([note, *missing]) + "\n")
    return buffer.getvalue()
