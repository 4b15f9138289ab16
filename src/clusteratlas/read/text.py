"""Plain text and Markdown."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ReadError
from .language import guess_language


def decode_utf8(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM); the error names the line of the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReadError(path, f"invalid UTF-8 at line {line} (byte {exc.start}); save the file as UTF-8") from None
    if "\x00" in text:
        raise ReadError(path, "file contains NUL bytes; it looks binary, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def first_line_title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:300]
    return None


def read_text(data: bytes, path: Path) -> dict:
    text = decode_utf8(data, path)
    return {"text": text, "title": first_line_title(text), "language": guess_language(text)}


_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+", re.MULTILINE)


def markdown_to_text(md: str) -> str:
    """Markup out, words kept: offsets then cite what a reader sees."""
    text = _MD_HEADING.sub("", md)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = _MD_BULLET.sub("• ", text)
    return text


def read_markdown(data: bytes, path: Path) -> dict:
    text = markdown_to_text(decode_utf8(data, path))
    return {"text": text, "title": first_line_title(text), "language": guess_language(text)}
