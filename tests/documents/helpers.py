"""Small real files for document tests, built in code (PDFs: ``documents.factories.pdf_bytes``)."""

import io
import zipfile


def docx_bytes(text):
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(text):
    from odf import text as odf_text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.text.addElement(odf_text.P(text=text))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


def docx_with(extra_paragraphs=0, members=()):
    """A real .docx, with ``extra_paragraphs`` more paragraphs and extra (name, bytes) members."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes("Hallo")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                paragraph = b"<w:p><w:r><w:t>Quartiersarbeit</w:t></w:r></w:p>"
                data = data.replace(b"<w:body>", b"<w:body>" + paragraph * extra_paragraphs)
            archive.writestr(info.filename, data)
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def lying_sizes(data, member, size):
    """``data`` (a zip) with the unpacked size of ``member`` in its headers replaced by ``size``."""
    out = bytearray(data)
    name = member.encode()
    for signature, size_at, name_length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = out.find(signature)
        while start != -1:
            length = int.from_bytes(out[start + name_length_at : start + name_length_at + 2], "little")
            if out[start + name_at : start + name_at + length] == name:
                out[start + size_at : start + size_at + 4] = size.to_bytes(4, "little")
            start = out.find(signature, start + 4)
    return bytes(out)
