"""Plain text out of PDF, DOCX and ODT files, for full-text search.

Parsing runs in a child process (``python -m documents.extraction``) with a limit on its memory
(RLIMIT_AS) and CPU time and a wall-clock timeout, so a file built to explode when parsed (an
archive bomb, a PDF of endless streams) costs at most that child, never the worker. A file that
hits a limit keeps its document, gets no searchable text, and is logged.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 1_000_000  # characters kept for the search index
DEFAULT_MEMORY_LIMIT = 512 * 1024 * 1024  # bytes of address space for the extracting process
DEFAULT_TIMEOUT = 60  # seconds


def pdf_text(file) -> str:
    from pypdf import PdfReader

    reader = PdfReader(file, strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    return _capped(page.extract_text() or "" for page in reader.pages)


def _capped(parts) -> str:
    """Joins text parts, stopping once there is more than the index keeps."""
    kept, length = [], 0
    for part in parts:
        kept.append(part)
        length += len(part) + 1
        if length > MAX_TEXT_LENGTH:
            break
    return "\n".join(kept)


def docx_text(file) -> str:
    import docx

    document = docx.Document(file)

    def parts():
        for paragraph in document.paragraphs:
            yield paragraph.text
        for table in document.tables:
            for row in table.rows:
                yield from (cell.text for cell in row.cells)

    return _capped(parts())


def odt_text(file) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    document = load(file)
    return _capped(teletype.extractText(element) for element in document.getElementsByType(text.P))


def plain_text(file) -> str:
    data = file.read(MAX_TEXT_LENGTH * 4)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


EXTRACTORS = {"pdf": pdf_text, "docx": docx_text, "odt": odt_text, "txt": plain_text, "csv": plain_text}
# Formats whose parser could be made to explode; plain text is read in a bounded slice.
ISOLATED = {"pdf", "docx", "odt"}


def _clean(text: str) -> str:
    return " ".join(text.replace("\x00", "").split())[:MAX_TEXT_LENGTH]


def extract_text(file, extension: str) -> str:
    """The text of ``file``; empty for formats without an extractor, files that fail to parse
    and files whose parsing exceeds the memory or time limit."""
    extension = extension.lower()
    extractor = EXTRACTORS.get(extension)
    if extractor is None:
        return ""
    file.seek(0)
    if extension not in ISOLATED:
        return _clean(extractor(file))
    return _extract_in_child(file.read(), extension)


def _extract_in_child(data: bytes, extension: str) -> str:
    from django.conf import settings

    memory = getattr(settings, "DOCUMENTS_EXTRACTION_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)
    timeout = getattr(settings, "DOCUMENTS_EXTRACTION_TIMEOUT", DEFAULT_TIMEOUT)
    command = [sys.executable, "-m", "documents.extraction", extension, str(memory), str(int(timeout) + 1)]
    try:
        result = subprocess.run(  # noqa: S603 (fixed command, the file comes on stdin)
            command,
            input=data,
            capture_output=True,
            timeout=timeout,
            cwd=Path(__file__).resolve().parent.parent,
            env={"PATH": os.environ.get("PATH", ""), "PYTHONIOENCODING": "utf-8"},
        )
    except subprocess.TimeoutExpired:
        logger.warning("text extraction of a .%s file took longer than %s s; no text kept", extension, timeout)
        return ""
    if result.returncode != 0:
        error = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["killed"]
        logger.warning(
            "text extraction of a .%s file failed (exit %s: %s); no text kept", extension, result.returncode, error[0]
        )
        return ""
    return result.stdout.decode("utf-8", "replace")


def _child_main(extension: str, memory: int, cpu_seconds: int) -> None:
    """In the child: limit memory and CPU, read the file from stdin, write its text to stdout."""
    import io
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    data = sys.stdin.buffer.read()
    text = _clean(EXTRACTORS[extension](io.BytesIO(data)))
    sys.stdout.buffer.write(text.encode("utf-8"))


def sha512_of(file) -> str:
    file.seek(0)
    digest = hashlib.sha512()
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


if __name__ == "__main__":
    _child_main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
