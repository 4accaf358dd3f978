"""Who signed the paper, and whether the signature line is actually signed.

A signature block is a caption ("Judge's signature", "Deputy Clerk", "Signature of Authorized
Immigration Officer") with the mark on the line above it, in the same column: an e-signature
("/s/ Name", "Digitally signed by Name", "Electronically signed"), a written or typed name, or a
blank rule. The caption says the signer's role, never the signer's name. "SO ORDERED" over a
judge's typed name is how courts sign orders filed electronically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sanctuary.model import IssuedBy

from ._cues import E_SIGNED, NAME_LIKE, NOT_A_NAME, RETURN_CAPTION, SIGNER_TITLES, SO_ORDERED
from ._text import normalize

if TYPE_CHECKING:
    from ._classify import Features, Hit

#: Caption roles, and who each one says signed.
ROLE_SIGNER = {
    "sign_judge": IssuedBy.JUDGE,
    "sign_issuing": IssuedBy.UNKNOWN,  # "Issuing officer's signature": the printed title says who
    "sign_clerk": IssuedBy.CLERK,
    "sign_attorney": IssuedBy.ATTORNEY,
    "sign_officer": IssuedBy.OFFICER,
    "sign_ij": IssuedBy.OFFICER,  # an immigration judge is an officer of the Department of Justice
}
SIGN_ROLES = tuple(ROLE_SIGNER)
HEADER_ROLES = frozenset({"federal_court", "state_court", "agency", "eoir", "other_agency"})
#: How far above its caption a mark may sit (lines), and below it the printed name and title.
ABOVE = 4
LABEL_WORDS = 10
BELOW = 4
_SEGMENT = re.compile(r"\S+(?: {1,2}\S+)*")
_HONORIFIC = re.compile(r"^(?:HON(?:ORABLE|\.)?|BY:?|JUDGE|JUSTICE)\s+")
_HONORABLE = re.compile(r"(?:^|\s)HON(?:ORABLE|\.)\s")
_BY_NAME = re.compile(r"(?:^|\s)BY:?\s+([A-Z][A-Z.'\- ]{2,60}),")
_CLOCK = frozenset({"A.M.", "P.M.", "AM", "PM", "A.M", "P.M"})
_RULE = re.compile(r"^[_\-. ]{4,}$")
#: A clerk's caption that fuzzily resembles a judge's ("CLERK OF THE CIRCUIT COURT").
_CLERK_ONLY = re.compile(r"^(?!.*(?:JUDGE|JUSTICE|MAGISTRATE|HON\.|JUDICIAL)).*CLERK")
#: A line that opens with a title is a signature caption even when it names the court ("Justice of the ... Court").
_TITLE_FIRST = re.compile(r"^\(?(?:JUDGE|JUSTICE|HON|MAGISTRATE|CLERK|DEPUTY|ASSOCIATE|ACTING|PRESIDING|SIGNATURE)")


@dataclass(frozen=True)
class Mark:
    how: str  # "/s/", "digital", "electronic", "so ordered", "written", "blank"
    name: str | None
    line: int

    @property
    def signed(self) -> bool:
        return self.how != "blank"


@dataclass(frozen=True)
class Block:
    caption: Hit
    mark: Mark | None
    issued_by: IssuedBy
    title: str

    @property
    def signed(self) -> bool | None:
        return None if self.mark is None else self.mark.signed


@dataclass(frozen=True)
class Signature:
    """The paper's signature as read: the chosen block, and whether the blocks disagree."""

    role: str | None
    issued_by: IssuedBy  # who signed: unknown unless a signature is seen
    signed: bool | None
    name: str | None
    title: str | None
    how: str | None
    caption_says: IssuedBy = IssuedBy.UNKNOWN  # who the signature line is for, signed or not
    conflict: bool = False
    line: int | None = None  # where the mark is (0-based)

    @property
    def by_judge(self) -> bool:
        """The line is a judge's or a magistrate's (whether it is signed is ``signed``)."""
        return self.caption_says in {IssuedBy.JUDGE, IssuedBy.MAGISTRATE}


NO_SIGNATURE = Signature(None, IssuedBy.UNKNOWN, None, None, None, None)


def _segments(raw: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _SEGMENT.finditer(raw)]


def _column(raw: str, start: int, end: int) -> str | None:
    """The text of ``raw`` in the column [start, end): one line of a two-column layout, or all of it."""
    segments = _segments(raw)
    if not segments:
        return None
    if len(segments) == 1:
        a, b, text = segments[0]
        return text if a < end + 8 and b > start - 8 else None  # one column, or OCR merged the columns
    inside = [text for a, b, text in segments if start - 8 <= a < end and b > start]
    return " ".join(inside) if inside else None


def _caption_span(feats: Features, hit: Hit) -> tuple[int, int]:
    raw = feats.lines[hit.line]
    word = hit.text.split()[0].rstrip("'S").upper()
    segments = _segments(raw)
    for a, b, text in segments:
        if word and word in text.upper():
            return a, b
    return (segments[0][0], segments[-1][1]) if segments else (0, len(raw))


def e_signature(text: str) -> tuple[str, str | None] | None:
    """('/s/' | 'digital' | 'electronic', name) when ``text`` (normalized) carries an e-signature."""
    match = E_SIGNED.search(" " + text)
    if match is None:
        return None
    if match.group("slash") is not None:
        return "/s/", _name(match.group("slash"))
    how = "digital" if "DIGITALLY" in match.group(0) else "electronic"
    return how, _name(match.group("by") or match.group("after") or "")


def _name(text: str) -> str | None:
    """A person's name from a mark, without titles, honorifics or trailing ', Deputy Clerk'."""
    head = text.split(",")[0].strip(" .")
    head = _HONORIFIC.sub("", head).strip()
    words = head.split()
    while words and NOT_A_NAME.search(words[-1]):
        words.pop()  # "ANA RUIZ DATE" (a date field on the same line), "ANA RUIZ JUDGE"
    head = " ".join(words)
    if not head or NOT_A_NAME.search(head) or not NAME_LIKE.fullmatch(head):
        return None
    return head.title()


def _written(text: str) -> tuple[bool, str | None]:
    """A handwritten or typed name on the signature line (OCR may turn a scrawl into 'RCllw')."""
    body = _HONORIFIC.sub("", text.strip(" ,.;:'`|")).strip()
    if not body or NOT_A_NAME.search(body) or len(body.split()) > 6:
        return False, None
    letters = sum(c.isalpha() for c in body)
    if letters < 3 or letters < len(body.replace(" ", "")) * 0.7:
        return False, None
    return True, _name(body)


def _mark(feats: Features, hit: Hit) -> Mark | None:
    """The mark over a caption: the caption line itself, then up to ABOVE lines up, in its column."""
    start, end = _caption_span(feats, hit)
    own = e_signature(feats.normalized[hit.line])
    if own:
        return Mark(own[0], own[1], hit.line)
    by = _BY_NAME.search(feats.normalized[hit.line])
    if by and _name(by.group(1)):
        return Mark("written", _name(by.group(1)), hit.line)  # "Clerk of the Court  By: Ana Ruiz, Deputy Clerk"
    for number in range(hit.line - 1, max(-1, hit.line - 1 - ABOVE), -1):
        raw = feats.lines[number]
        text = _column(raw, start, end)
        if text is None:
            continue  # nothing in this column: keep looking up
        normalized = feats.normalized[number] if len(_segments(raw)) == 1 else normalize(text)
        if not normalized:
            if _RULE.match(text.strip()):
                return Mark("blank", None, number)
            continue
        signed = e_signature(normalized)
        if signed:
            name = signed[1] or _name_near(feats, number, start, end)
            return Mark(signed[0], name, number)
        if _RULE.match(text.strip()) or set(text.strip()) <= set("_-. ") or "___" in text:
            return Mark("blank", None, number)
        written, name = _written(normalized)
        if written:
            return Mark("written", name, number)
        printed = _name(normalized.split(",")[0]) if "," in normalized else None
        if printed:
            return Mark("written", printed, number)  # "Ana Ruiz, Deportation Officer" typed on the line
        after_date = _after_date(normalized)
        if after_date:
            return Mark("written", after_date, number)  # OCR ran "Date: 01/20/2024   Ana Ruiz" into one line
        if any(c.isdigit() for c in normalized) and len(normalized.split()) <= LABEL_WORDS:
            continue  # "Date: 2025.03.04 10:22 -08'00'" under a digital signature, a bar number
        return None  # prose, another caption or a field: the line above this caption is not signed over
    return None


def _after_date(text: str) -> str | None:
    """The name after a date field on one line: 'DATE AND TIME ISSUED: 01/20/2024 6:48 P.M. ANA RUIZ'."""
    if not text.startswith("DATE"):
        return None
    words = text.split()
    last = max((i for i, w in enumerate(words) if any(c.isdigit() for c in w) or w in _CLOCK), default=-1)
    rest = " ".join(words[last + 1 :]) if last >= 0 else ""
    return _name(rest) if rest and len(rest.split()) >= 2 else None


def _name_near(feats: Features, line: int, start: int, end: int) -> str | None:
    """'Electronically signed' with the name on the next line."""
    for number in (line + 1, line - 1):
        if 0 <= number < len(feats.lines):
            text = _column(feats.lines[number], start, end)
            if text:
                name = _name(normalize(text))
                if name:
                    return name
    return None


def _title(feats: Features, hit: Hit) -> tuple[IssuedBy, str]:
    """Who signed, by the printed name and title under the caption (same column), then the caption."""
    start, end = _caption_span(feats, hit)
    caption_text = (_column(feats.lines[hit.line], start, end) or feats.lines[hit.line]).strip()
    below: list[str] = []
    for number in range(hit.line + 1, min(len(feats.lines), hit.line + 1 + BELOW)):
        text = _column(feats.lines[number], start, end)
        if text is None:
            continue
        normalized = normalize(text)
        if len(normalized.split()) > LABEL_WORDS + 4 or RETURN_CAPTION.search(normalized):
            break  # prose, or the return's captions: past the printed name and title
        below.append(normalized)
    role = ROLE_SIGNER[hit.cue.role]
    if role not in {IssuedBy.JUDGE, IssuedBy.UNKNOWN}:
        return role, caption_text  # a clerk's, an attorney's or an officer's caption says who signs
    caption = normalize(caption_text)
    for text in below if role is IssuedBy.UNKNOWN else [*below, caption]:
        who = _who(text)
        if who is not None and (role is IssuedBy.UNKNOWN or who in {IssuedBy.JUDGE, IssuedBy.MAGISTRATE}):
            return who, caption_text
    if any(_HONORABLE.search(text) for text in below):
        return IssuedBy.JUDGE, caption_text  # "Hon. Ana Ruiz" alone: a judge of some kind
    return role, caption_text


def _who(text: str) -> IssuedBy | None:
    for pattern, who in SIGNER_TITLES:
        if pattern.search(text):
            return IssuedBy(who)
    return None


def _so_ordered(feats: Features, hit: Hit) -> Mark | None:
    """A judge's caption under "SO ORDERED" and the judge's typed name: an electronically filed order."""
    start, end = _caption_span(feats, hit)
    own = feats.normalized[hit.line]
    name = _name(own) if "," in own else None
    for number in range(hit.line - 1, max(-1, hit.line - 8), -1):
        text = feats.normalized[number]
        if SO_ORDERED.search(text):
            return Mark("so ordered", name, number) if name else None
        column = _column(feats.lines[number], start, end)
        name = name or (_name(normalize(column)) if column else None)
    return None


def _not_a_caption(hit: Hit, text: str, header: float) -> bool:
    """A court's name is not its judge, a clerk is not a judge, an immigration judge is not a court's."""
    if header > hit.score or (header == hit.score and not _TITLE_FIRST.match(text)):
        return True
    return hit.cue.role == "sign_judge" and ("IMMIGRATION JUDGE" in text or _CLERK_ONLY.match(text) is not None)


def blocks(feats: Features) -> list[Block]:
    found: list[Block] = []
    seen: set[tuple[int, str]] = set()
    heads = [h for h in feats.hits if h.cue.role in HEADER_ROLES and h.line >= feats.cover_end]
    header_score = {h.line: max(g.score for g in heads if g.line == h.line) for h in heads}
    top = min(header_score, default=0)
    for hit in feats.hits:
        if hit.cue.role not in SIGN_ROLES or hit.line < feats.cover_end or (hit.line, hit.cue.role) in seen:
            continue
        text = feats.normalized[hit.line]
        if not (feats.label_like(hit.line) or "SIGNATURE" in text) or RETURN_CAPTION.search(text):
            continue
        if hit.line < top or _not_a_caption(hit, text, header_score.get(hit.line, 0)):
            continue
        seen.add((hit.line, hit.cue.role))
        mark = _mark(feats, hit)
        issued_by, title = _title(feats, hit)
        if (mark is None or not mark.signed) and issued_by in {IssuedBy.JUDGE, IssuedBy.MAGISTRATE}:
            mark = _so_ordered(feats, hit) or mark
        found.append(Block(hit, mark, issued_by, title))
    return found


_RANK = {True: 0, False: 1, None: 2}


def signature(feats: Features, order: tuple[str, ...]) -> Signature:
    """The block that signs the paper: a signed one first, then by the roles ``order`` prefers."""
    found = blocks(feats)
    if not found:
        return NO_SIGNATURE
    found.sort(key=lambda b: (_RANK[b.signed], order.index(b.caption.cue.role), b.caption.line))
    best = found[0]
    signed_roles = {b.issued_by for b in found if b.signed}
    judicial = {IssuedBy.JUDGE, IssuedBy.MAGISTRATE}
    conflict = bool(signed_roles & judicial) and bool(signed_roles & {IssuedBy.OFFICER})
    return Signature(
        role=best.caption.cue.role,
        issued_by=best.issued_by if best.signed else IssuedBy.UNKNOWN,
        signed=best.signed,
        name=best.mark.name if best.mark else None,
        title=best.title,
        how=best.mark.how if best.mark else None,
        caption_says=best.issued_by,
        conflict=conflict,
        line=best.mark.line if best.mark else None,
    )
