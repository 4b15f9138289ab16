"""Word .docx files (python-docx): paragraphs, then table cells, one per line."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .errors import ReadError
from .language import guess_language
from .text import first_line_title


def read_docx(data: bytes, path: Path) -> dict:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError(path, "not a valid .docx (not a zip archive)")
    try:
        members = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise ReadError(path, "not a valid .docx (damaged zip archive)") from None
    if "[Content_Types].xml" not in members:
        raise ReadError(path, "not a valid .docx (a zip archive, but not a Word document)")
    import docx  # python-docx; imported here so other formats do not pay for lxml's start-up

    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # missing parts, bad XML, wrong content type
        raise ReadError(path, f"not a valid .docx ({exc.__class__.__name__})") from None
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    text = "\n".join(lines).strip()
    title = (doc.core_properties.title or "").strip() or first_line_title(text)
    return {"text": text, "title": title, "language": guess_language(text)}
