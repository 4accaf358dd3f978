"""The web app: server-rendered pages and a JSON API over the services, behind local accounts.

``create_app(WebSettings(records=Settings.from_env()))`` gives the FastAPI app; ``sanctuary serve``
runs it with uvicorn. See docs/web.md for roles, the security model and the API.
"""

from .app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
