"""The web app under uvicorn in a process of its own, for the security tests that need a real server.

``python web_server.py PORT OPTIONS_JSON``: the records store comes from the environment
(``SANCTUARY_DATA_DIR``), one account per role is created with :data:`PASSWORD`, and cookies are
not ``Secure`` (the tests talk plain HTTP to 127.0.0.1). Options: ``read`` (ReadLimits fields).
"""

from __future__ import annotations

import json
import sys

import uvicorn

from sanctuary.records import Settings
from sanctuary.services.site import ROLES, ReadLimits
from sanctuary.web import WebSettings, create_app

PASSWORD = "correct horse battery"  # noqa: S105 - a test account's password


def main() -> None:
    port, options = int(sys.argv[1]), json.loads(sys.argv[2])
    settings = WebSettings(
        records=Settings.from_env(), secure_cookies=False, read_limits=ReadLimits(**options.get("read", {}))
    )
    app = create_app(settings)
    for role in ROLES:
        app.state.site.accounts.add_user(role, role, PASSWORD)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
