""" "Someone is here": the guided interview for the front desk, one question per screen.

The answers travel in the form's hidden fields (nothing is kept on the server until the case is
saved), so Back, a validation error or a reload never lose what was entered. The interview asks
the framing facts first, then only what the engine's decision says would settle a ``refer``.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from sanctuary.model import Decision, InputError, Reading
from sanctuary.services import decide
from sanctuary.services.interview import Fact, fact, is_fact, next_fact, request_of
from sanctuary.services.site import SUPPORTED, Session, upload_limit

from .plain import plain
from .reading import language_of, owner_of, waiting_page
from .rendering import error_words, render
from .security import read_form, require, site_of
from .wording import QUESTIONS
from .work import blocking, pools, read_paper, reading_status, start_reading

router = APIRouter(include_in_schema=False)

#: Who may interview: the front desk, and admins.
INTERVIEWERS = ("front_desk", "admin")
#: Facts answered with several values (checkboxes).
MULTI = frozenset({"data", "subject.history"})
#: Facts with no "I don't know": the interview cannot go on without them.
REQUIRED = frozenset({"action"})


@dataclass
class State:
    """What the interview knows so far: answers, the order they came in, the unknowns, the paper."""

    answers: dict[str, str | list[str]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    paper_name: str = ""
    paper_data: str = ""
    verdict: str = ""
    #: The server's reading of the paper (its id; the reading itself never travels through the browser).
    reading_id: str = ""
    #: The reading, looked up by its id for this request (not a form field).
    reading: Reading | None = None

    def hidden(self) -> list[tuple[str, str]]:
        """The state as hidden form fields (name, value)."""
        fields: list[tuple[str, str]] = []
        for name, value in self.answers.items():
            for item in value if isinstance(value, list) else [value]:
                fields.append((f"a:{name}", item))
        fields.append(("order", ",".join(self.order)))
        fields.append(("unknown", ",".join(self.unknown)))
        if self.paper_data:
            fields += [("paper_name", self.paper_name), ("paper_data", self.paper_data), ("verdict", self.verdict)]
            fields.append(("reading_id", self.reading_id))
        return fields

    def back(self) -> str | list[str] | None:
        """Forget the last answer (or "I don't know"); returns the answer forgotten."""
        if not self.order:
            return None
        last = self.order.pop()
        if last in self.unknown:
            self.unknown.remove(last)
            return None
        previous = self.answers.pop(last, None)
        if last == "instrument.type":
            # The paper's facts go with the paper: it is uploaded again at that step.
            for name in [n for n in self.answers if n not in self.order]:
                del self.answers[name]
            self.drop_paper()
        return previous

    def drop_paper(self) -> None:
        self.paper_name = self.paper_data = self.verdict = self.reading_id = ""
        self.reading = None

    def use(self, reading: Reading, answers: dict[str, str], ask: str) -> None:
        """The paper as read answers its questions (an answer the person chose at the same step wins)."""
        self.answers.update({k: v for k, v in answers.items() if k != ask})
        self.answers[ask] = reading.type.value
        self.verdict = reading.verdict
        self.reading = reading

    def paper(self) -> tuple[str, bytes] | None:
        if not self.paper_data:
            return None
        try:
            return self.paper_name, base64.b64decode(self.paper_data, validate=True)
        except (binascii.Error, ValueError):
            raise InputError("The uploaded paper was damaged on the way; go back and upload it again.") from None


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _names(raw: str) -> list[str]:
    return [name for name in raw.split(",") if name and is_fact(name)]


def state_of(form: FormData) -> State:
    """The state from the hidden fields; anything that is not a fact and an allowed value is dropped."""
    state = State()
    for key in form:
        if not key.startswith("a:") or not is_fact(key[2:]):
            continue
        name = key[2:]
        allowed = fact(name).values
        values = [v for v in form.getlist(key) if isinstance(v, str) and v in allowed]
        if values:
            state.answers[name] = values if name in MULTI else values[0]
    state.unknown = [n for n in _names(_text(form, "unknown")) if n not in state.answers]
    state.order = [n for n in _names(_text(form, "order")) if n in state.answers or n in state.unknown]
    if _text(form, "paper_data"):
        state.paper_name = _text(form, "paper_name")
        state.paper_data = _text(form, "paper_data")
        state.verdict = _text(form, "verdict")
        state.reading_id = _text(form, "reading_id")
    elif _text(form, "verdict") and "instrument.type" in state.order:
        # The paper's verdict came without the paper (too large to carry through a new login): the
        # paper's answers go with it, and its question is asked again.
        state.order.remove("instrument.type")
        state.answers.pop("instrument.type", None)
        for name in [n for n in state.answers if n not in state.order]:
            del state.answers[name]
    return state


def _decision(state: State) -> Decision | None:
    """The decision so far; with the paper's reading, so a paper that contradicts an answer refers."""
    if "action" not in state.answers:
        return None
    return decide(request_of(state.answers), reading=state.reading)


async def _load_reading(request: Request, state: State) -> None:
    """The paper's reading for this request, when the paper was read (a pending one stays pending)."""
    if state.paper_data and state.reading_id and state.verdict:
        status = await reading_status(request, state.reading_id, owner_of(request))
        state.reading = status.reading if status is not None else None


def _step(
    request: Request,
    state: State,
    name: str,
    *,
    error: str | None = None,
    previous: str | list[str] | None = None,
    status: int = 200,
) -> Response:
    asked: Fact = fact(name)
    question, help_text = QUESTIONS.get(name, (asked.question, ""))
    chosen = previous if previous is not None else state.answers.get(name)
    selected = chosen if isinstance(chosen, list) else [chosen] if chosen else []
    return render(
        request,
        "interview.html",
        {
            "state": state,
            "fact": asked,
            "question": question,
            "help": help_text,
            "multi": name in MULTI,
            "can_skip": name not in REQUIRED,
            "selected": selected,
            "error": error,
            "number": len(state.order) + 1,
            **plain(request),
            "supported": SUPPORTED,
            "limit_mb": upload_limit() // 1_000_000,
        },
        status,
    )


def _result(
    request: Request, state: State, decision: Decision, *, error: str | None = None, status: int = 200
) -> Response:
    answered = [(name, state.answers[name]) for name in state.order if name in state.answers]
    answered += [(name, value) for name, value in state.answers.items() if name not in state.order]
    unknown = [QUESTIONS.get(name, (fact(name).question, ""))[0] for name in state.unknown]
    return render(
        request,
        "interview_result.html",
        {
            "state": state,
            "decision": decision,
            "answered": [(n, QUESTIONS.get(n, (fact(n).question, ""))[0], v) for n, v in answered],
            "unknown": unknown,
            "action": state.answers.get("action"),
            **plain(request),
            "error": error,
        },
        status,
    )


def advance(request: Request, state: State) -> Response:
    """The next question, or the decision when none is left to ask."""
    decision = _decision(state)
    name = next_fact(state.answers, state.unknown, decision)
    if name is not None or decision is None:
        return _step(request, state, name or "action")
    return _result(request, state, decision)


@router.get("/interview")
async def interview_start(request: Request, _session: Annotated[Session, Depends(require(*INTERVIEWERS))]) -> Response:
    return advance(request, State())


@router.post("/interview")
async def interview_answer(request: Request, _session: Annotated[Session, Depends(require(*INTERVIEWERS))]) -> Response:
    form = await read_form(request)
    state = state_of(form)
    await _load_reading(request, state)
    go = _text(form, "go")
    if go == "back":
        previous = state.back()
        decision = _decision(state)
        name = next_fact(state.answers, state.unknown, decision)
        if name is not None:
            return _step(request, state, name, previous=previous)
        return advance(request, state)
    if go == "restart":
        return advance(request, State())
    ask = _text(form, "ask")
    if not is_fact(ask) or ask in state.order:
        return advance(request, state)
    if go == "unknown":
        if ask in REQUIRED:
            return _step(request, state, ask, error="This question needs an answer to go on.", status=422)
        state.unknown.append(ask)
        state.order.append(ask)
        return advance(request, state)
    return await _answer(request, state, form, ask)


async def _answer(request: Request, state: State, form: FormData, ask: str) -> Response:
    allowed = fact(ask).values
    values = [v for v in form.getlist("answer") if isinstance(v, str) and v]
    if any(v not in allowed for v in values):
        return _step(request, state, ask, error="That answer is not one of the choices.", status=422)
    upload = form.get("paper")
    if ask == "instrument.type" and isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read()
        try:
            reading_id = await start_reading(request, owner_of(request), language_of(request), upload.filename, content)
        except InputError as exc:
            return _step(request, state, ask, error=error_words(request, exc), status=422)
        state.drop_paper()
        state.paper_name = upload.filename
        state.paper_data = base64.b64encode(content).decode("ascii")
        state.reading_id = reading_id
    if ask == "instrument.type" and state.paper_data and not state.verdict:
        # The paper is being read: answer as soon as it is read, or show how far the reading got.
        status = await reading_status(request, state.reading_id, owner_of(request), wait=pools(request).answer_within)
        if status is None or status.status == "failed":
            state.drop_paper()
            message = status.message if status and status.message else "The paper's reading was lost; upload it again."
            return _step(request, state, ask, error=message, status=422)
        if status.reading is None:
            hidden = [*state.hidden(), ("ask", ask), *(("answer", value) for value in values)]
            return waiting_page(request, status, action="/interview", hidden=hidden, kicker="Someone is here")
        state.use(status.reading, site_of(request).instrument_answers(status.reading), ask)
    if values:
        state.answers[ask] = values if ask in MULTI else values[0]
    elif ask not in state.answers:
        return _step(request, state, ask, error="Choose an answer, or press I don't know.", status=422)
    state.order.append(ask)
    try:
        _decision(state)
    except InputError as exc:
        state.back()
        return _step(request, state, ask, error=error_words(request, exc), status=422)
    return advance(request, state)


@router.post("/interview/save")
async def interview_save(request: Request, session: Annotated[Session, Depends(require(*INTERVIEWERS))]) -> Response:
    form = await read_form(request)
    state = state_of(form)
    await _load_reading(request, state)
    decision = _decision(state)
    if decision is None or next_fact(state.answers, state.unknown, decision) is not None:
        return advance(request, state)
    try:
        department = form.get("department")
        paper = state.paper()
        reading = None
        if paper is not None:
            # The reading made when the paper was uploaded, found by its id, for exactly these bytes;
            # only when it is gone (expired) is the paper read again, in a process with limits.
            reading = await blocking(
                request, site_of(request).reading_for, state.reading_id, owner_of(request), paper[1]
            )
            reading = reading or await read_paper(request, *paper)
        receipt, saved = await blocking(
            request,
            site_of(request).record_case,
            request_of(state.answers),
            paper=paper,
            reading=reading,
            department=department.strip() or None if isinstance(department, str) else None,
            opened_by=session.user.name,
        )
    except InputError as exc:
        return _result(request, state, decision, error=error_words(request, exc), status=422)
    context: dict[str, Any] = {
        **plain(request),
        "case": site_of(request).case(receipt.case_id),
        "case_id": receipt.case_id,
        "decision": saved,
        "action": state.answers.get("action"),
        "entries": len(receipt.entries),
    }
    return render(request, "interview_saved.html", context)
