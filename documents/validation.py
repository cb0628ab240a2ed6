"""Checks every uploaded file must pass, shared by the members' upload form and the Wagtail admin.

``validate_upload(file)`` cleans the file name and refuses, each with a German message:
unknown extensions, empty or oversized files, content that does not match the extension
(sniffed by magic numbers and container structure), office files (zip archives) that would
unpack to too much (archive bombs), PDFs that do not parse, and files an optional clamd virus
scanner reports.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import struct
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DEFAULT_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
# Office files are zip archives: limits on what they may unpack to (settings override them).
DEFAULT_ARCHIVE_MAX_SIZE = 100 * 1024 * 1024  # bytes, all members together
DEFAULT_ARCHIVE_MAX_RATIO = 200  # unpacked size / packed size
DEFAULT_ARCHIVE_MAX_MEMBERS = 1000
SNIFF_BYTES = 64 * 1024

OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
ODF_MIMETYPE = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
MARKUP_START = re.compile(rb"^\s*<(?:!doctype|html|head|body|script|svg|iframe|\?xml)", re.IGNORECASE)


def allowed_extensions() -> list[str]:
    return [ext.lower() for ext in settings.WAGTAILDOCS_EXTENSIONS]


def max_upload_size() -> int:
    return getattr(settings, "DOCUMENTS_MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD_SIZE)


def upload_hint() -> str:
    """The allowed file types and size, as an upload field's help text."""
    return _("Erlaubt: %(types)s; höchstens %(size)s.") % {
        "types": ", ".join(ext.upper() for ext in allowed_extensions()),
        "size": filesizeformat(max_upload_size()),
    }


def sanitise_filename(name: str) -> str:
    """The last path part of ``name``, without control characters; refuses what is left empty."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Control, format and other invisible characters (categories C*), e.g. NUL, newline, RTL override.
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = re.sub(r"\s+", " ", name).strip().lstrip(".")
    stem, ext = os.path.splitext(name)
    stem = stem.strip()
    if not stem or not ext:
        raise ValidationError(
            _("Der Dateiname ist ungültig. Bitte geben Sie der Datei einen Namen mit Endung, z. B. „Bericht.pdf“."),
            code="invalid_name",
        )
    return f"{stem[:120]}{ext.lower()}"


def _read_head(file, size=SNIFF_BYTES) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _zip_names(file) -> tuple[zipfile.ZipFile | None, set[str]]:
    try:
        file.seek(0)
        archive = zipfile.ZipFile(file)
        return archive, set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None, set()
    finally:
        file.seek(0)


def content_matches_extension(file, ext: str) -> bool:
    head = _read_head(file)
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext == "jpg":
        return head.startswith(b"\xff\xd8\xff")
    if ext in OOXML_MAIN_PART:
        if not head.startswith(b"PK\x03\x04"):
            return False
        _archive, names = _zip_names(file)
        return "[Content_Types].xml" in names and OOXML_MAIN_PART[ext] in names
    if ext in ODF_MIMETYPE:
        if not head.startswith(b"PK\x03\x04"):
            return False
        archive, names = _zip_names(file)
        if archive is None or "mimetype" not in names:
            return False
        try:
            return archive.read("mimetype").strip() == ODF_MIMETYPE[ext]
        except (zipfile.BadZipFile, OSError, KeyError):
            return False
        finally:
            file.seek(0)
    if ext in ("txt", "csv"):
        # Plain text: no NUL bytes, and not a web page or script in disguise.
        return b"\x00" not in head and not MARKUP_START.match(head.lstrip(b"\xef\xbb\xbf"))
    return False


def check_archive(file) -> None:
    """Refuses a zip-based office file that unpacks to too much, too many members or with an
    unusual compression ratio. The sizes in the archive's headers are checked first, then every
    member is unpacked and counted, since headers can lie."""
    max_size = getattr(settings, "DOCUMENTS_ARCHIVE_MAX_SIZE", DEFAULT_ARCHIVE_MAX_SIZE)
    max_ratio = getattr(settings, "DOCUMENTS_ARCHIVE_MAX_RATIO", DEFAULT_ARCHIVE_MAX_RATIO)
    max_members = getattr(settings, "DOCUMENTS_ARCHIVE_MAX_MEMBERS", DEFAULT_ARCHIVE_MAX_MEMBERS)
    bomb = ValidationError(
        _(
            "Die Datei würde entpackt mehr als %(limit)s belegen oder ist ungewöhnlich stark komprimiert "
            "und wird deshalb nicht angenommen. Bitte speichern Sie das Dokument neu oder laden Sie es als PDF hoch."
        )
        % {"limit": filesizeformat(max_size)},
        code="archive_bomb",
    )
    broken = ValidationError(
        _("Die Datei ist beschädigt und kann nicht gelesen werden. Bitte speichern Sie sie neu."),
        code="broken_archive",
    )
    packed = max(file.size, 1)
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > max_members:
                raise ValidationError(
                    _("Die Datei besteht aus zu vielen Teilen (%(count)s, erlaubt sind %(limit)s).")
                    % {"count": len(members), "limit": max_members},
                    code="archive_members",
                )
            declared = sum(member.file_size for member in members)
            if declared > max_size or declared > max_ratio * packed:
                logger.warning("refused an archive declaring %s bytes unpacked from %s", declared, packed)
                raise bomb
            unpacked = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(1024 * 1024):
                        unpacked += len(chunk)
                        if unpacked > max_size or unpacked > max_ratio * packed:
                            logger.warning("refused an archive unpacking to more than %s bytes", unpacked)
                            raise bomb
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError, EOFError) as exc:
        logger.info("refused unreadable archive: %s", exc)
        raise broken
    finally:
        file.seek(0)


def check_pdf(file) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    broken = ValidationError(
        _("Die PDF-Datei ist beschädigt und kann nicht gelesen werden. Bitte speichern Sie sie neu als PDF."),
        code="broken_pdf",
    )
    try:
        file.seek(0)
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("Die PDF-Datei ist passwortgeschützt. Bitte laden Sie eine Fassung ohne Passwort hoch."),
                code="encrypted_pdf",
            )
        if len(reader.pages) < 1:
            raise broken
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        logger.info("refused unreadable PDF: %s", exc)
        raise broken
    finally:
        file.seek(0)


class ScannerUnavailable(Exception):
    pass


def clamd_scan(file, socket_path: str, timeout: float = 60) -> str | None:
    """Stream ``file`` to clamd (INSTREAM). None when clean, else the name of what was found."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(socket_path)
            conn.sendall(b"zINSTREAM\0")
            file.seek(0)
            for chunk in iter(lambda: file.read(64 * 1024), b""):
                conn.sendall(struct.pack("!L", len(chunk)) + chunk)
            conn.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                data = conn.recv(4096)
                if not data:
                    break
                reply += data
    except OSError as exc:
        raise ScannerUnavailable(str(exc)) from exc
    finally:
        file.seek(0)
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith(" OK"):
        return None
    if answer.endswith(" FOUND"):
        return answer.split(":", 1)[-1].rsplit(" FOUND", 1)[0].strip()
    raise ScannerUnavailable(answer or "no answer")


def scan_for_viruses(file) -> None:
    """Runs only when ``DOCUMENTS_CLAMD_SOCKET`` is set; refuses the file when clamd is unreachable."""
    socket_path = getattr(settings, "DOCUMENTS_CLAMD_SOCKET", "")
    if not socket_path:
        return
    try:
        found = clamd_scan(file, socket_path)
    except ScannerUnavailable as exc:
        logger.error("virus scanner unavailable: %s", exc)
        raise ValidationError(
            _("Die Virenprüfung ist gerade nicht erreichbar. Bitte versuchen Sie es später noch einmal."),
            code="scanner_unavailable",
        )
    if found:
        logger.warning("virus scanner refused an upload: %s", found)
        raise ValidationError(
            _("Die Virenprüfung hat in der Datei Schadsoftware gefunden (%(name)s). Die Datei wurde nicht gespeichert.")
            % {"name": found},
            code="virus",
        )


def validate_upload(file):
    """Check an uploaded file; returns it with a clean name or raises ValidationError."""
    file.name = sanitise_filename(file.name)
    ext = os.path.splitext(file.name)[1][1:].lower()
    allowed = allowed_extensions()
    if ext not in allowed:
        raise ValidationError(
            _("Dateien mit der Endung „.%(ext)s“ können nicht hochgeladen werden. Erlaubt sind: %(allowed)s.")
            % {"ext": ext, "allowed": ", ".join(allowed)},
            code="extension",
        )
    size = file.size
    if not size:
        raise ValidationError(_("Die Datei ist leer. Bitte wählen Sie eine Datei mit Inhalt."), code="empty")
    limit = max_upload_size()
    if size > limit:
        raise ValidationError(
            _("Die Datei ist zu groß (%(size)s). Erlaubt sind höchstens %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if not content_matches_extension(file, ext):
        raise ValidationError(
            _(
                "Der Inhalt der Datei passt nicht zur Endung „.%(ext)s“. Bitte laden Sie die Datei in dem Format "
                "hoch, das ihre Endung angibt."
            )
            % {"ext": ext},
            code="content_mismatch",
        )
    if ext == "pdf":
        check_pdf(file)
    if ext in OOXML_MAIN_PART or ext in ODF_MIMETYPE:
        check_archive(file)
    scan_for_viruses(file)
    file.seek(0)
    return file
