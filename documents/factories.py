"""Documents for the tests and the demo seeders: one builder, ``portal_document``."""

from .models import PortalDocument


def pdf_bytes(text="Hallo Welt"):
    """A minimal one-page PDF with ``text`` (Helvetica, WinAnsi), readable by pypdf."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def portal_document(
    title="Testdokument",
    text="Testinhalt",
    audience="public",
    organisation=None,
    bodies=(),
    filename=None,
    content=None,
    **fields,
):
    """A library document: a small real PDF with ``text``, or ``content`` as the file (named
    after the title when no ``filename`` is given). Stored, text-extracted and indexed like an
    upload, through ``PortalDocument.objects.create_from_bytes``."""
    if content is None:
        content, filename = pdf_bytes(text), filename or "test.pdf"
    filename = filename or f"{title[:20]}.txt"
    return PortalDocument.objects.create_from_bytes(
        title, content, filename, bodies=bodies, audience=audience, organisation=organisation, **fields
    )
