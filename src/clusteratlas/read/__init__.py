"""Readers: one module per format, each turning bytes into plain text and metadata.

``read_document(path)`` picks the reader by extension and checks what every
format shares (size limit, empty file). Each failure is a :class:`ReadError`
whose message is one line a person can act on.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Document, content_hash
from . import docx, html, pdf, text
from .errors import ReadError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# extension → (format name, reader function taking bytes and returning Document fields)
READERS = {
    ".txt": ("txt", text.read_text),
    ".text": ("txt", text.read_text),
    ".md": ("md", text.read_markdown),
    ".markdown": ("md", text.read_markdown),
    ".html": ("html", html.read_html),
    ".htm": ("html", html.read_html),
    ".pdf": ("pdf", pdf.read_pdf),
    ".docx": ("docx", docx.read_docx),
}

SUPPORTED_EXTENSIONS = tuple(READERS)

__all__ = ["DEFAULT_MAX_BYTES", "ReadError", "SUPPORTED_EXTENSIONS", "read_document", "read_bytes"]


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    path = Path(path)
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        raise ReadError(
            path,
            f"unsupported file type '{path.suffix or '(none)'}' (supported: {', '.join(SUPPORTED_EXTENSIONS)})",
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from None
    if size > max_bytes:
        raise ReadError(path, f"file is {_human(size)}, over the {_human(max_bytes)} limit (--max-size)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from None
    return read_bytes(data, path)


def read_bytes(data: bytes, path: str | Path) -> Document:
    path = Path(path)
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        raise ReadError(path, f"unsupported file type '{path.suffix or '(none)'}'")
    fmt, reader = kind
    if not data.strip():
        raise ReadError(path, "file is empty")
    fields = reader(data, path)
    body = fields.pop("text")
    if not body.strip():
        raise ReadError(path, "no readable text in the file")
    return Document(text=body, content_hash=content_hash(data), path=str(path), format=fmt, size=len(data), **fields)


def _human(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)
