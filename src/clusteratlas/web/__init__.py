"""The web layer: a JSON API under ``/api`` and server-rendered pages, over one :class:`Atlas`."""

from .app import create_app

__all__ = ["create_app"]
