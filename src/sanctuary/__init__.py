"""Sanctuary: a city's sanctuary law, in daily practice.

Not legal advice: a jurisdiction's counsel must review its pack before use.
"""

from sanctuary.documents import read
from sanctuary.model import Decision, InputError, Reading, Request
from sanctuary.services import decide

__version__ = "0.1.0"

__all__ = ["Decision", "InputError", "Reading", "Request", "__version__", "decide", "read"]
