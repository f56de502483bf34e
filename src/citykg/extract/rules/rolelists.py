"""A project page's partner list: one partner a line with its role after a dash or in
brackets ("Huế City People's Committee — lead partner", "Quy Nhon (pilot city)"). The
partner whose role is a lead role leads the page's initiative; and a meeting the page
tells as "the partners met …" brings the listed partners together.

Lines of a list are short and hold one name and one role; a sentence that happens to hold
a dash is no partner line (its role part is more than a few words)."""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .context import RuleContext
from .records import Found
from .registry import rule

#: A role is a few words: "lead partner", "pilot city", "technical partner".
_ROLE_WORDS = 4
#: "Name — role", "Name – role", "Name - role", "Name (role)", "Name: role".
_LINE = re.compile(
    r"^[ \t]*(?:[-*•][ \t]+)?(?P<name>[^\n—–:()]{2,90}?)[ \t]*"
    r"(?:[—–:]|[ \t]-[ \t]|\()[ \t]*(?P<role>[^\n()]{2,40}?)\)?[ \t]*$",
    re.MULTILINE,
)


def _partner_lines(ctx: RuleContext) -> list[tuple[Found, str]]:
    """Each partner line's partner (the city or agency filling its name part) and role."""
    out: list[tuple[Found, str]] = []
    for m in _LINE.finditer(ctx.text):
        role = m.group("role").strip()
        if not role or len(role.split()) > _ROLE_WORDS or role[:1].isdigit():
            continue
        a, b = m.span("name")
        inside = [
            f
            for f in ctx.mentions.items
            if a <= f.start and f.end <= b and not f.nested and f.type in ("City", "Agency")
        ]
        # the name part is one partner's name ("Huế City People's Committee": the city,
        # its government's words after it)
        if len(inside) == 1 and not ctx.text[a : inside[0].start].strip():
            out.append((inside[0], role))
    return out


@functools.cache
def _lead_role(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(r"(?:" + lex.alt("lead_labels") + r")", re.IGNORECASE)


def _page_initiative(ctx: RuleContext) -> str | None:
    """The initiative the page's headline names (else its only one)."""
    inits = ctx.inits.items
    head_end = ctx.page.headline[-1].end if ctx.page.headline else 0
    titled = [r for r in inits if any(a < head_end for a, _ in r.spans)]
    if titled:
        return titled[0].key
    return inits[0].key if len(inits) == 1 else None


@rule("partner-list-lead", "initiatives")
def partner_list_lead(ctx: RuleContext) -> None:
    """ "Huế City People's Committee — lead partner": the list's lead partner leads the
    page's initiative."""
    lines = _partner_lines(ctx)
    key = _page_initiative(ctx) if len(lines) >= 2 else None
    if key is None:
        return
    lead = _lead_role(ctx.lex)
    for f, role in lines:
        if lead.fullmatch(role):
            ctx.emit(key, "ledBy", "partner-list-lead", sent=f.sent, span=f.span, obj=f.key)


@functools.cache
def _partners_met(lex: Lexicon) -> re.Pattern[str]:
    """ "The partners met", "all project partners gathered": the listed partners as a
    meeting's subject."""
    return re.compile(
        r"(?<![\w-])(?:the|all|all the)\s+(?:(?:project|programme|consortium)\s+)?partners\s+"
        r"(?:" + lex.alt("gathering_verbs") + r"|met)(?![\w-])",
        re.IGNORECASE,
    )


@rule("partners-met", "roles")
def partners_met(ctx: RuleContext) -> None:
    """ "The partners met for the first time in Huế": the listed partners take part in the
    meeting the sentence tells."""
    lines = _partner_lines(ctx)
    if len(lines) < 2:
        return
    for m in _partners_met(ctx.lex).finditer(ctx.text):
        i = ctx.page.sentence_of(m.start())
        ev = ctx.nearest_event(i, m.start()) or ctx.event_for_sentence(i)
        if ev is None or ev.conference:
            continue
        for f, _ in lines:
            ctx.emit(ev.key, "participant", "partners-met", sent=i, span=f.span, obj=f.key)
