"""PDF files with a text layer (pypdf); pages are joined by blank lines."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .errors import ReadError
from .language import guess_language
from .text import first_line_title


def read_pdf(data: bytes, path: Path) -> dict:
    if not data.lstrip().startswith(b"%PDF-"):
        raise ReadError(path, "not a PDF file (no %PDF- header)")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not our users' business
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ReadError(path, "PDF is encrypted; decrypt it first")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        meta_title = (info.title if info else None) or None
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise ReadError(path, f"corrupt PDF ({str(exc).splitlines()[0][:120] if str(exc) else exc.__class__.__name__})") from None
    except Exception as exc:  # pypdf's parser can fail in many ways on damaged files
        raise ReadError(path, f"corrupt PDF ({exc.__class__.__name__})") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise ReadError(path, "PDF has no text layer (scanned images need OCR first)")
    return {"text": text, "title": meta_title or first_line_title(text), "language": guess_language(text)}
