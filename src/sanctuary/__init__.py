"""Sanctuary: a city's sanctuary law, in daily practice.

Not legal advice: a jurisdiction's counsel must review its pack before use.
"""

from sanctuary.model import Decision, InputError, Reading, Request
from sanctuary.services import decide
from sanctuary.services import read_paper as read

__version__ = "0.1.0"

__all__ = ["Decision", "InputError", "Reading", "Request", "__version__", "decide", "read"]
