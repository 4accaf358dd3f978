"""Use cases shared by the CLI, the web app and the Python API."""

from .decisions import DEFAULT_PACK, decide, home_state, parse_request, read_paper

__all__ = ["DEFAULT_PACK", "decide", "home_state", "parse_request", "read_paper"]
