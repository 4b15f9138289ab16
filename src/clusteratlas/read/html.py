"""HTML pages: the article text without menus, share buttons and footers.

trafilatura does the boilerplate removal; the page title is prepended as the
first line because titles are text the extractor should read.
"""

from __future__ import annotations

import re
from pathlib import Path

import trafilatura

from .errors import ReadError
from .language import guess_language
from .text import decode_utf8

_LANG_ATTR = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def read_html(data: bytes, path: Path) -> dict:
    markup = decode_utf8(data, path)
    try:
        result = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_links=False,
            include_images=False,
            deduplicate=False,
        )
    except Exception as exc:  # trafilatura raises a variety of parser errors
        raise ReadError(path, f"HTML could not be parsed ({exc.__class__.__name__})") from None
    if result is None:
        raise ReadError(path, "no main text found in the HTML page")
    meta = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    body = (meta.get("text") or "").strip()
    title = (meta.get("title") or "").strip() or None
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    lang_match = _LANG_ATTR.search(markup[:5000])
    language = lang_match.group(1).lower() if lang_match else (meta.get("language") or guess_language(body))
    return {"text": body, "title": title, "language": language, "published": meta.get("date")}
