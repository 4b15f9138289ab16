from __future__ import annotations

from pathlib import Path


class ReadError(Exception):
    """A file that cannot be read; ``str()`` is one line naming the file and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"cannot read {self.path}: {reason}")
