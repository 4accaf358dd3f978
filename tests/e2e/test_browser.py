"""End to end: the real server (`sanctuary serve --demo`) driven by a real headless Chromium.

Debian's `chromium` is driven through Playwright's `executable_path` (Playwright's own browser
downloads are not used). The tests skip, saying why, only when /usr/bin/chromium or the
`playwright` package is missing; CI installs both (.ci/run, the dev extras). Screenshots of every
step are saved in tests/artifacts/ (git-ignored).

Run them alone with `pytest -m e2e`, or leave them out with `pytest -m "not e2e"`.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
#: Headless, offline, and quiet: no sandbox (CI runs as root), no GPU, no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAPER = ROOT / "examples" / "papers" / "fax-ice-warrant-cover-with-detainer.txt"
#: The demo accounts that `serve --demo` creates (docs/web.md).
PASSWORDS = {
    "front_desk": "demo-front-desk",
    "counsel": "demo-counsel-pass",
    "auditor": "demo-auditor-pass",
    "admin": "demo-admin-password",
}
#: Seconds to wait for the server to listen, and for any one browser step.
STARTUP_TIMEOUT = 60.0
STEP_TIMEOUT_MS = 20_000

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="end-to-end tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
]

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="end-to-end tests need the playwright package (pip install -e '.[dev]')",
)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _sanctuary_command() -> list[str]:
    """The venv's `sanctuary` script beside this interpreter, else the one on PATH."""
    beside = Path(sys.executable).with_name("sanctuary")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("sanctuary")
    if found is None:
        pytest.fail("the `sanctuary` command is not installed (pip install -e '.[dev]')")
    return [found]


def _wait_for_port(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`sanctuary serve` exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"`sanctuary serve` did not listen on port {port} in {STARTUP_TIMEOUT:.0f} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`sanctuary serve --demo` on a free loopback port, on an SQLite database in a temporary folder."""
    data = tmp_path_factory.mktemp("e2e-data")
    port = _free_port()
    env = {**os.environ, "SANCTUARY_DATA_DIR": str(data)}
    # The bundled packs and the temporary SQLite database, whatever the developer's shell says.
    for name in ("SANCTUARY_DATABASE_URL", "SANCTUARY_PACKS_PATH", "SANCTUARY_PACK"):
        env.pop(name, None)
    log_path = data / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*_sanctuary_command(), "serve", "--demo", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=data,
        )
        try:
            _wait_for_port(process, port, log_path)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh browser context (no cookies) with an English-speaking browser, at the server."""
    context = browser.new_context(base_url=server, locale="en-US", viewport={"width": 1000, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page: Any, name: str) -> None:
    page.goto("/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORDS[name])
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    sync_api.expect(page.locator("header .who")).to_contain_text(name)


def first_after_heading(page: Any) -> Any:
    """What the page shows first: the element right after the page's <h1>."""
    return page.locator("main > h1 + *")


def test_front_desk_walk(page: Any) -> None:
    expect = sync_api.expect
    log_in(page, "front_desk")
    shot(page, "01-front-desk-home")

    # Try a request: ICE with an administrative warrant wants the staff area of a city office.
    page.click("header nav a[href='/try']")
    expect(page.locator("main h1")).to_have_text("Try a request")
    page.select_option("#pack", "us-ca-los-angeles")
    for field, value in {
        "action": "enter_facility",
        "setting": "city_office",
        "area": "non_public",
        "requester_kind": "federal_immigration",
        "purpose": "civil_immigration",
        "instrument_type": "administrative_warrant",
        "signed_by_judge": "no",
        "federal": "yes",
        "criminal": "no",
        "covers_request": "yes",
    }.items():
        page.select_option(f"#{field}", value)
    page.fill("#requester_agency", "ICE ERO")
    page.click("main form.card button[type=submit]")

    decision = first_after_heading(page)
    expect(decision).to_have_class("decision outcome-decline")
    # What to do now comes first, in plain words; the outcome's label below it.
    expect(decision.locator("#outcome")).to_have_text(re.compile(r"^Do not let them in\. Say this\."))
    outcome = decision.locator(".answer .outcome")
    expect(outcome).to_have_attribute("data-outcome", "decline")
    expect(outcome).to_have_text("Refuse")
    expect(decision.locator("blockquote[lang=en]")).to_contain_text("I do not consent to")
    expect(decision.locator("blockquote[lang=es]")).to_contain_text("No doy mi consentimiento")
    # The form comes back as it was sent, below the decision.
    expect(page.locator("#area")).to_have_value("non_public")
    shot(page, "02-front-desk-decision-decline")

    # Read a paper: a fax cover calling an ICE detainer "ICE WARRANT - legally binding".
    page.click("header nav a[href='/read']")
    expect(page.locator("main h1")).to_have_text("Read a paper")
    page.set_input_files("#paper", str(PAPER))
    page.click("main form.card button[type=submit]")
    verdict = first_after_heading(page)
    expect(verdict).to_have_class("verdict not-judicial")
    expect(verdict.locator("#verdict")).to_have_text(
        re.compile(r"^This is NOT a judicial warrant\. It is an immigration detainer")
    )
    shot(page, "03-front-desk-read-not-judicial")

    # Spanish: the account's language, kept from page to page.
    page.select_option("#language", "es")
    page.click("header form[action='/language'] button[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("main h1")).to_have_text("Leer un documento")
    expect(page.locator("header nav a[href='/try']")).to_have_text("Probar una solicitud")
    page.click("header nav a[href='/try']")
    expect(page.locator("main h1")).to_have_text("Probar una solicitud")
    shot(page, "04-front-desk-spanish")

    # Log out: back at the login page, and the pages are closed again.
    page.click("header form[action='/logout'] button[type=submit]")
    page.wait_for_url("**/login")
    expect(page.locator("header .who")).to_have_count(0)
    page.goto("/try")
    expect(page).to_have_url(re.compile(r"/login\?next=/try$"))
    expect(page.locator("#name")).to_be_visible()
    shot(page, "05-front-desk-logged-out")


def test_counsel_sees_the_ledger(page: Any) -> None:
    expect = sync_api.expect
    log_in(page, "counsel")
    expect(page.locator("header nav a[href='/ledger']")).to_be_visible()
    page.click("header nav a[href='/ledger']")
    expect(page.locator("main h1")).to_have_text("Ledger")
    expect(page.locator("main .ok")).to_contain_text("The ledger verifies.")
    shot(page, "06-counsel-ledger")


def test_auditor_audits_an_access_log(page: Any, tmp_path: Path) -> None:
    """Upload a fictitious ALPR log, see its findings, narrow them to one rule, page on."""
    from sanctuary.dataguard.audits.samples import write_sample_log

    expect = sync_api.expect
    log_file = tmp_path / "flock-network-audit.csv"
    write_sample_log(log_file, "alpr", 2000, seed=11, rate=0.1)
    log_in(page, "auditor")
    use_english(page)
    page.click("header nav a[href='/audits']")
    expect(page.locator("main h1")).to_have_text("Audits")
    page.select_option("#kind", "alpr")
    page.set_input_files("#log", str(log_file))
    page.click("main form[action='/audits'] button[type=submit]")
    expect(page.locator("main h1")).to_contain_text("flock-network-audit.csv")
    expect(page.locator("main [role=status]")).to_contain_text("findings")
    shot(page, "15-auditor-audit-findings")
    page.select_option("#severity", "high")
    page.click("main form[method=get] button[type=submit]")
    expect(page.locator("main table caption").last).to_contain_text("findings")
    shot(page, "16-auditor-audit-filtered")


def test_admin_resets_a_password_and_confirms_before_disabling(page: Any) -> None:
    expect = sync_api.expect
    log_in(page, "admin")
    use_english(page)
    page.click("header nav a[href='/admin/users']")
    page.click("main a[href='/admin/users/auditor/disable']")
    expect(page.locator("main h1")).to_have_text("Disable an account")
    shot(page, "19-admin-confirm-disable")
    page.click("main a[href='/admin/users']")
    page.fill("#name", "clerk2")
    page.fill("#password", "lantern orchard fiddle")
    page.click("main form[action='/admin/users'] button[type=submit]")
    page.click("main form[action='/admin/users/clerk2/reset'] button[type=submit]")
    expect(page.locator("main h1")).to_have_text("Password reset")
    shot(page, "20-admin-password-reset")


def test_auditor_is_refused_read_a_paper(page: Any) -> None:
    expect = sync_api.expect
    log_in(page, "auditor")
    expect(page.locator("header nav a[href='/read']")).to_have_count(0)
    response = page.goto("/read")
    assert response is not None
    assert response.status == 403
    expect(page.locator("main h1")).to_have_text("Error 403")
    expect(page.locator("main form[action='/read']")).to_have_count(0)
    shot(page, "07-auditor-refused-read")


#: The interview's answers for the front-desk story (ICE at a city office's staff area); any other
#: question the interview asks is answered "I don't know" (or its first choice when it must be answered).
INTERVIEW_ANSWERS = {
    "action": "enter_facility",
    "setting": "city_office",
    "area": "non_public",
    "requester.kind": "federal_immigration",
    "purpose": "civil_immigration",
}


def test_front_desk_interview_with_a_paper(page: Any) -> None:
    """The "Someone is here" interview: one question per screen, Back keeps the answer, the paper's verdict first."""
    expect = sync_api.expect
    log_in(page, "front_desk")
    # The account's language is kept between logins: this walk reads the English pages.
    page.select_option("#language", "en")
    page.click("header form[action='/language'] button[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.click("header nav a[href='/interview']")
    uploaded = went_back = False
    asked: list[str] = []
    for _ in range(30):
        if page.locator("main form[action='/interview/save']").count():
            break
        ask = page.locator("main input[name=ask]").input_value()
        assert ask not in asked, f"the interview asked {ask!r} twice: {asked}"
        asked.append(ask)
        expect(page.locator("main .kicker")).to_contain_text(f"Question {len(asked)}")
        if ask == "instrument.type":
            page.set_input_files("#paper", str(PAPER))
            shot(page, "08-interview-paper-question")
            page.click("main button[name=go][value=next]")
            uploaded = True
            # From now on the paper's verdict is shown first, above the next question.
            expect(page.locator("main p.verdict").first).to_contain_text("This is NOT a judicial warrant")
            continue
        if ask in INTERVIEW_ANSWERS:
            page.check(f"main input[name=answer][value='{INTERVIEW_ANSWERS[ask]}']")
        elif page.locator("main button[name=go][value=unknown]").count():
            page.click("main button[name=go][value=unknown]")
            continue
        else:
            page.locator("main input[name=answer]").first.check()
        page.click("main button[name=go][value=next]")
        if ask == "action" and not went_back:
            # Back: the previous question again, its answer still chosen.
            page.click("main button[name=go][value=back]")
            expect(page.locator("main input[name=ask]")).to_have_value("action")
            expect(page.locator("main input[name=answer][value='enter_facility']")).to_be_checked()
            went_back = True
            page.click("main button[name=go][value=next]")
    else:
        pytest.fail(f"the interview did not end after 30 questions: {asked}")
    assert uploaded, f"the interview never asked for the paper: {asked}"
    assert went_back

    # The result: the paper's verdict first, then the decision with the script.
    expect(page.locator("main h1")).to_have_text("What to do")
    expect(first_after_heading(page)).to_have_class("verdict")
    expect(first_after_heading(page)).to_contain_text("This is NOT a judicial warrant")
    decision = page.locator("main section.decision")
    expect(decision).to_have_class(re.compile(r"\boutcome-decline\b"))
    expect(decision.locator("blockquote[lang=en]")).not_to_be_empty()
    shot(page, "09-interview-decision")

    page.click("main form[action='/interview/save'] button[type=submit]")
    expect(page.locator("main h1")).to_have_text("Case saved")
    expect(page.locator("main code.case-id")).not_to_be_empty()
    expect(page.locator("main .case-number")).to_have_text(re.compile(r"^LA-\d{4}-\d{6}$"))
    shot(page, "10-interview-case-saved")


def use_english(page: Any) -> None:
    """The account's language is kept between logins: these walks read the English pages."""
    page.select_option("#language", "en")
    page.click("header form[action='/language'] button[type=submit]")
    sync_api.expect(page.locator("html")).to_have_attribute("lang", "en")


def intake_in_browser(page: Any, fields: dict[str, str]) -> str:
    """ "A request arrived": fill in the written request, decide and save; the new case's id."""
    page.click("header nav a[href='/intake']")
    page.wait_for_url("**/intake")
    for field, value in fields.items():
        page.select_option(f"#{field}", value)
    page.click("main form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]{32}$"))
    found = re.search(r"/cases/([0-9a-f]{32})$", page.url)
    assert found is not None
    return found.group(1)


def test_counsel_queue_walk(page: Any) -> None:
    """A written request the rules cannot settle goes to counsel, who decides it with a reason."""
    expect = sync_api.expect
    log_in(page, "front_desk")
    use_english(page)
    case_id = intake_in_browser(page, {"channel": "email", "action": "enter_facility", "setting": "city_office"})
    expect(page.locator("main section.decision .outcome")).to_have_attribute("data-outcome", "refer")
    expect(page.locator("main h1 .case-number")).to_have_text(re.compile(r"^LA-\d{4}-\d{6}$"))
    shot(page, "11-intake-referred-case")
    page.click("header form[action='/logout'] button[type=submit]")
    page.wait_for_url("**/login")

    log_in(page, "counsel")
    use_english(page)
    page.click("header nav a[href='/queue']")
    expect(page.locator("main h1")).to_have_text("Counsel queue")
    row = page.locator(f"main table a[href='/cases/{case_id}']")
    expect(row).to_have_text(re.compile(r"^LA-\d{4}-\d{6}$"))
    shot(page, "12-counsel-queue")
    row.click()
    expect(page.locator("main code.case-id")).to_have_text(case_id)
    expect(page.locator("main")).to_contain_text("Why: the rules in play")
    page.select_option("#outcome-choice", "decline")
    page.fill("#reason", "No judicial warrant was shown; the staff area stays closed.")
    shot(page, "13-counsel-deciding")
    page.click("main form[action$='/decide'] button[type=submit]")
    expect(page.locator("main .counsel-outcome")).to_have_text("Refuse")
    expect(page.locator("main #outcome")).to_have_text(re.compile(r"^Do not let them in\."))
    expect(page.locator("main .timeline li[data-kind=decided_by_counsel]")).to_contain_text("Decided by counsel")
    shot(page, "14-counsel-decided")
    page.click("header nav a[href='/queue']")
    expect(page.locator(f"main a[href='/cases/{case_id}']")).to_have_count(0)


def test_front_desk_writes_down_what_happened(page: Any) -> None:
    """An ICE visit refused at a city office: the encounter written down, the documentation duty done by it."""
    expect = sync_api.expect
    log_in(page, "front_desk")
    use_english(page)
    visit = {
        "channel": "letter",
        "action": "enter_facility",
        "setting": "city_office",
        "area": "non_public",
        "requester_kind": "federal_immigration",
        "purpose": "civil_immigration",
        "instrument_type": "administrative_warrant",
    }
    case = intake_in_browser(page, visit)
    duty = page.locator("main li[data-duty=document_interaction]")
    expect(duty.locator("button")).to_have_count(0)  # no bare "Mark done" for it
    duty.locator(f"a[href='/cases/{case}/encounter']").click()
    expect(page.locator("main h1")).to_have_text("What happened")
    page.fill("#agent-name-1", "J. Smith")
    page.fill("#agent-badge-1", "4471")
    page.check("#identification-yes")
    page.fill("#agency", "ICE ERO")
    page.fill("#date", "2026-06-01")
    page.fill("#time", "09:40")
    page.fill("#asked_for", "Entry to the records room")
    page.set_input_files("#photo", str(PAPER))
    page.fill("#response", "Refused entry; gave them counsel's number")
    page.fill("#witnesses", "A. Perez")
    shot(page, "18-encounter-form")
    page.click("main form.encounter button[type=submit]")
    expect(page.locator("main .encounter-status")).to_have_attribute("data-complete", "yes")
    expect(page.locator("main li[data-duty=document_interaction]")).to_have_class("duty-done")
    expect(page.locator("main #encounter")).to_contain_text("4471")
    shot(page, "19-encounter-on-the-case")


def test_spanish_truth_act_notice_prints(page: Any) -> None:
    """A detainer at the jail: the TRUTH Act notice to the person, in Spanish, as it prints."""
    expect = sync_api.expect
    log_in(page, "front_desk")
    use_english(page)
    intake_in_browser(
        page,
        {
            "channel": "fax",
            "action": "hold",
            "setting": "jail",
            "requester_kind": "federal_immigration",
            "instrument_type": "detainer",
        },
    )
    expect(page.locator("main #duties li[data-duty=notify_subject]")).to_contain_text(
        "Give the person a copy of the request"
    )
    page.click("main #duties a[href$='/notice/truth_notice?lang=es']")
    # The notice is in Spanish; the clerk's own menus stay in English.
    expect(page.locator("main article.notice")).to_have_attribute("lang", "es")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header nav")).to_contain_text("Someone is here")
    expect(page.locator("main article.notice h1")).to_have_text("Aviso según la Ley TRUTH")
    expect(page.locator("main article.notice")).to_contain_text("no tiene la intención de cumplir")
    expect(page.locator("main article.notice")).to_contain_text("7283.1(b)")
    shot(page, "15-truth-notice-es-screen")

    page.emulate_media(media="print")
    # On paper: the notice alone, without the site's header, navigation, forms or footer.
    expect(page.locator("body > header")).to_be_hidden()
    expect(page.locator("main .no-print")).to_be_hidden()
    expect(page.locator("main article.notice")).to_be_visible()
    shot(page, "16-truth-notice-es-print")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "truth-notice-es.pdf"
    page.pdf(path=str(pdf), format="Letter")
    assert pdf.read_bytes().startswith(b"%PDF-")


AXE = ROOT / "tests" / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
#: The WCAG 2.1 A and AA rules, and axe's best practices (landmarks, one <h1>, headings in order).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
#: A phone: 375 CSS pixels wide.
PHONE = {"width": 375, "height": 740}


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 AA audit of the page as shown: one line per violation and element."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} - {violation['help']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def fits_the_screen(page: Any) -> bool:
    """No sideways scrolling: the page is no wider than the window."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def use_language(page: Any, language: str) -> None:
    """Switch the account's own language with the header's switcher."""
    page.select_option("#language", language)
    page.click("header form[action='/language'] button[type=submit]")
    sync_api.expect(page.locator("html")).to_have_attribute("lang", language)


#: What each role reads in the walks, besides the pages made on the way (a case, its notices, a report).
WALKS = {
    "front_desk": ["/", "/interview", "/intake", "/try", "/read", "/law", "/law/us-ca-los-angeles", "/cases"],
    "counsel": ["/", "/queue", "/ledger", "/cases?status=decided"],
    "admin": ["/", "/admin/users", "/admin/users/counsel/disable"],
    "auditor": ["/", "/read", "/reports", "/audits", "/cases"],  # /read: the 403 page
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("viewport", [{"width": 1000, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_every_page_passes_the_accessibility_audit(
    browser: Any, server: str, viewport: dict[str, int], language: str
) -> None:
    """Each role's walk in each language and width: axe-core clean (WCAG 2.1 A/AA: contrast, labels,
    names, landmarks, language), no sideways scrolling, and a screenshot of every page."""
    if not AXE.exists():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: `make test` installs it (npm ci --prefix tests/e2e)")
    width = "phone" if viewport is PHONE else "desktop"
    # The audit script is injected into each page, which the pages' CSP would (rightly) refuse.
    context = browser.new_context(base_url=server, locale="en-US", viewport=viewport, bypass_csp=True)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    violations: list[str] = []
    too_wide: list[str] = []

    def check(role: str | None, path: str | None = None) -> None:
        if path is not None:
            page.goto(path)
        where = path or page.url.split("//", 1)[-1].split("/", 1)[-1]
        violations.extend(f"{role} {where}: {line}" for line in axe_violations(page))
        if not fits_the_screen(page):
            too_wide.append(f"{role} {where}")
        named = re.sub(r"[0-9a-f]{32}", "case", f"{role or 'anyone'} {where}".lower())
        slug = re.sub(r"[^a-z0-9]+", "-", named).strip("-")[:80]
        shot(page, f"walk-{language}-{width}-{slug}")

    try:
        check(None, "/login")
        for role, paths in WALKS.items():
            context.clear_cookies()
            log_in(page, role)
            use_language(page, language)
            for path in paths:
                check(role, path)
            if role == "front_desk":
                # A case of its own (a detainer: it has the printable notices), its page and notices.
                page.goto("/")
                detainer = {"channel": "fax", "action": "hold", "setting": "jail", "instrument_type": "detainer"}
                case = f"/cases/{intake_in_browser(page, detainer)}"
                pages = (
                    case,
                    f"{case}/encounter",
                    f"{case}/notice/truth_notice?lang=es",
                    f"{case}/notice/consent?lang=en",
                    f"{case}/letter?lang=es",
                )
                for path in pages:
                    check(role, path)
            if role == "auditor":
                # A report as the page shows it: its own document (tables, SVG charts), audited too.
                page.goto("/reports")
                page.select_option("#kind", "truth-forum")
                page.select_option("#format", "html")
                page.click("main form[action='/reports'] button[type=submit]")
                sync_api.expect(page.locator("h1")).to_contain_text("TRUTH")
                check(role)
    finally:
        context.close()
    assert not violations, "accessibility violations:\n" + "\n".join(violations)
    assert not too_wide, f"pages wider than a {viewport['width']} px window: {too_wide}"


def test_api_docs_render_offline(page: Any) -> None:
    """Swagger UI runs from the app's own files under the strict CSP, and lists the decision endpoint."""
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if "127.0.0.1" not in request.url else None)
    log_in(page, "auditor")
    page.goto("/docs")
    sync_api.expect(page.locator("#swagger-ui")).to_contain_text("/api/decide")
    shot(page, "18-api-docs")
    assert not outside, f"the docs page asked other hosts: {outside}"


def test_a_form_sent_after_the_session_ended_is_sent_on_after_logging_in(page: Any) -> None:
    """In a real browser (which says the form came from this site): log in again, press Send, nothing lost."""
    expect = sync_api.expect
    log_in(page, "front_desk")
    use_english(page)
    page.click("header nav a[href='/intake']")
    page.select_option("#channel", "letter")
    page.fill("#department", "Housing Department")
    page.select_option("#action", "share_data")
    page.select_option("#requester_kind", "federal_immigration")
    page.context.clear_cookies()  # the session ends while the form is being filled in
    page.click("main form.card button[type=submit]")
    expect(page.locator("main h1")).to_have_text("Log in")
    expect(page.locator("main .error")).to_contain_text("Your session ended before this form was sent")
    page.fill("#name", "front_desk")
    page.fill("#password", PASSWORDS["front_desk"])
    page.click("main form button[type=submit]")
    expect(page.locator("main h1")).to_have_text("Send what you entered")
    expect(page.locator("main details")).to_contain_text("Housing Department")
    shot(page, "19-send-what-you-entered")
    page.click("main form[action='/intake'] button[type=submit]")
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]{32}$"))
    expect(page.locator("main .department")).to_have_text("Housing Department")


#: A data request at a police station: the address is refused, the status goes to counsel.
DATA_REQUEST = {
    "channel": "data_request",
    "action": "share_data",
    "setting": "police",
    "requester_kind": "federal_immigration",
    "purpose": "civil_immigration",
}
CODES = re.compile(r"\b(True|False|None|share_data|sogi|alpr|home_address|immigration_status|federal_immigration)\b")


@pytest.mark.parametrize("viewport", [{"width": 1000, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_what_the_clerk_sees_first(browser: Any, server: str, viewport: dict[str, int]) -> None:
    """A data request: one line of what to do now, the answer per item, plain facts, local times, no codes."""
    expect = sync_api.expect
    width = "phone" if viewport is PHONE else "desktop"
    context = browser.new_context(base_url=server, locale="en-US", viewport=viewport)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, "front_desk")
        use_english(page)
        page.click("header nav a[href='/intake']") if width == "desktop" else page.goto("/intake")
        for field, value in DATA_REQUEST.items():
            page.select_option(f"#{field}", value)
        page.check("input[name=data][value=home_address]")
        page.check("input[name=data][value=immigration_status]")
        page.click("main form.card button[type=submit]")
        page.wait_for_url(re.compile(r"/cases/[0-9a-f]{32}$"))
        now = page.locator("main section.decision #outcome")
        expect(now).to_have_text(re.compile(r"^Refuse 1 of 2 items\. Ask counsel before giving: immigration status\."))
        expect(now).to_contain_text("(555) 010-0100")  # the demo's fictitious duty line
        expect(page.locator("main table.items")).to_contain_text("Home address")
        expect(page.locator("main dl.facts")).to_contain_text(
            re.compile(r"home address, immigration status|immigration status, home address")
        )
        expect(page.locator("main .status")).to_contain_text(re.compile(r"(AM|PM) P[SD]T"))
        text = page.locator("main").inner_text()
        assert not CODES.search(text), CODES.search(text)
        assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", text)
        assert fits_the_screen(page)
        shot(page, f"20-clerk-sees-first-{width}")

        # The same case in Spanish: the account's language.
        page.select_option("#language", "es")
        page.click("header form[action='/language'] button[type=submit]")
        expect(page.locator("main section.decision #outcome")).to_have_text(re.compile(r"^Niegue 1 de 2 datos\."))
        shot(page, f"21-clerk-sees-first-es-{width}")
        use_english(page)

        # The interview: radio buttons beside their labels, and "no paper" asks nothing more about a paper.
        page.goto("/interview")
        radio = page.locator("main input[name=answer]").first
        label = page.locator(f"main label[for='{radio.get_attribute('id')}']")
        radio_box, label_box = radio.bounding_box(), label.bounding_box()
        assert radio_box is not None
        assert label_box is not None
        assert radio_box["x"] + radio_box["width"] <= label_box["x"], "the radio button is not beside its label"
        assert abs(radio_box["y"] - label_box["y"]) < label_box["height"], "the radio button is not on its label's line"
        shot(page, f"22-interview-choices-{width}")
        answers = {
            "setting": "jail",
            "action": "hold",
            "requester.kind": "federal_immigration",
            "instrument.type": "none",
        }
        asked = []
        for _ in range(30):
            if page.locator("main form[action='/interview/save']").count():
                break
            ask = page.locator("main input[name=ask]").input_value()
            asked.append(ask)
            if ask in answers:
                page.check(f"main input[name=answer][value='{answers[ask]}']")
                page.click("main button[name=go][value=next]")
            else:
                page.click("main button[name=go][value=unknown]")
        assert not [a for a in asked if a.startswith("instrument.") and a != "instrument.type"], asked
        expect(page.locator("main section.decision #outcome")).to_have_text(re.compile(r"^Do not keep the person"))
        shot(page, f"23-interview-result-{width}")
    finally:
        context.close()
