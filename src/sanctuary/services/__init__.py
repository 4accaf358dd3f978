"""Use cases shared by the CLI, the web app and the Python API."""

from .decisions import DEFAULT_PACK, decide, parse_request

__all__ = ["DEFAULT_PACK", "decide", "parse_request"]
