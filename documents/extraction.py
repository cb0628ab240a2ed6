"""Plain text out of PDF, DOCX and ODT files, for full-text search."""

from __future__ import annotations

import hashlib
import logging

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 1_000_000  # characters kept for the search index


def pdf_text(file) -> str:
    from pypdf import PdfReader

    reader = PdfReader(file, strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def docx_text(file) -> str:
    import docx

    document = docx.Document(file)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def odt_text(file) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    document = load(file)
    return "\n".join(teletype.extractText(element) for element in document.getElementsByType(text.P))


def plain_text(file) -> str:
    data = file.read(MAX_TEXT_LENGTH * 4)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


EXTRACTORS = {"pdf": pdf_text, "docx": docx_text, "odt": odt_text, "txt": plain_text, "csv": plain_text}


def extract_text(file, extension: str) -> str:
    """The text of ``file``; empty for formats without an extractor or files that fail to parse."""
    extractor = EXTRACTORS.get(extension.lower())
    if extractor is None:
        return ""
    try:
        file.seek(0)
        text = extractor(file)
    except Exception:  # noqa: BLE001 - a broken file must not break the upload, only its search
        logger.warning("text extraction failed for a .%s file", extension, exc_info=True)
        return ""
    text = text.replace("\x00", "")
    return " ".join(text.split())[:MAX_TEXT_LENGTH]


def sha512_of(file) -> str:
    file.seek(0)
    digest = hashlib.sha512()
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()
