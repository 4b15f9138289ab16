"""Makes a directory of files that every reader must refuse, one of each kind
of bad input, with the reason each should be refused for."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pypdf import PdfWriter

# Files in a bad-input directory are checked against this limit (the default is 20 MB).
SMALL_LIMIT = 64 * 1024


def _pdf(blank_pages: int = 1, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(blank_pages):
        writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def bad_file_specs() -> dict[str, tuple[bytes, str]]:
    """File name → (content, a fragment of the reason it must be refused for)."""
    good_pdf_start = _pdf()
    files: dict[str, tuple[bytes, str]] = {
        "table.xyz": (b"name,inn\nAlpha,7701234567\n", "unsupported file type"),
        "README": (b"no extension here\n", "unsupported file type"),
        "empty.txt": (b"", "file is empty"),
        "blank.md": (b"  \n\t\n  ", "file is empty"),
        "latin1.txt": ("Kaluga Region, Zoë's caf\u00e9".encode("latin-1"), "invalid UTF-8 at line 1"),
        "latin1-line3.md": (b"# Title\n\nCaf\xe9 in Kaluga\n", "invalid UTF-8 at line 3"),
        "nul-bytes.txt": (b"ELF\x00\x00\x01binary", "NUL bytes"),
        "huge.txt": (b"Industrial park. " * (SMALL_LIMIT // 16 + 100), "over the"),
        "corrupt.pdf": (good_pdf_start[: len(good_pdf_start) // 3], "corrupt PDF"),
        "not-really.pdf": (b"Just some text pretending to be a PDF\n", "not a PDF file"),
        "encrypted.pdf": (_pdf(password="secret"), "encrypted"),
        "scanned.pdf": (_pdf(blank_pages=2), "no text layer"),
        "not-a-zip.docx": (b"Plain text saved with a .docx name\n", "not a zip archive"),
        "zip-without-word.docx": (_zip({"hello.txt": b"hi"}), "not a valid .docx"),
        "truncated.docx": (_zip({"word/document.xml": b"<w:document/>" * 50})[:40], "not a"),
        "script-only.html": (b"<html><head><title></title></head><body><script>var a = 1;</script></body></html>", "no"),
        "bad-utf8.html": (b"<html><body><p>Caf\xe9 au lait in Kaluga</p></body></html>", "invalid UTF-8"),
    }
    return files


def make_bad_files(folder: Path) -> dict[str, str]:
    """Write the bad files into ``folder``; returns file name → expected reason fragment."""
    folder.mkdir(parents=True, exist_ok=True)
    files = bad_file_specs()
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: reason for name, (_, reason) in files.items()}
