"""Phase ``initiatives``: an event that is part of an initiative the page names.

Pages of the genre place a meeting inside a longer effort: "the study visit … as part of
its Urban Flood Resilience Programme", "The visit belongs to the HeatShift Peer Learning
Community", "members of the City Food Systems Community of Practice gathered in …", a
"Closing session of the Kandy-Bristol Climate Partnership". A cue of belonging between an
event's span and an initiative's name, in one clause, makes the event ``partOf`` the
initiative; a clause whose subject is another initiative ("The community of practice is
convened … under the … programme") places that initiative, not the event.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .context import RuleContext
from .registry import rule

#: what may stand between a cue and the initiative's name ("as part of its …", "part of
#: the alliance's …")
_DETERMINERS = r"(?:(?:the|its|their|this|a|an|le|la|l['’]|son|sa|leur)\s+)?(?:[\w-]+['’]s\s+)?"


@functools.cache
def _cue_before(lex: Lexicon) -> re.Pattern[str]:
    """A belonging cue ending right before an initiative's name."""
    return re.compile(
        r"(?:^|[\s,(])(?:" + lex.alt("part_of_cues") + r")\s+" + _DETERMINERS + r"$",
        re.IGNORECASE,
    )


@functools.cache
def _of_before(lex: Lexicon) -> re.Pattern[str]:
    """ "Closing session of the …": an event's own name going on with "of" into the name."""
    return re.compile(r"^\s+(?:" + lex.alt("of_words") + r")\s*" + _DETERMINERS + r"$", re.I)


@functools.cache
def _named_part(lex: Lexicon) -> re.Pattern[str]:
    """ "Closing session of the …" inside one title: a trigger, then "of" the name."""
    return re.compile(
        r"(?:"
        + lex.alt("exchange_triggers")
        + r")\s+(?:"
        + lex.alt("of_words")
        + r")\s*"
        + _DETERMINERS
        + r"$",
        re.IGNORECASE,
    )


@functools.cache
def _members_before(lex: Lexicon) -> re.Pattern[str]:
    """ "members of the … Community of Practice gathered": the gathering told after."""
    return re.compile(r"(?:" + lex.alt("member_cues") + r")\s+" + _DETERMINERS + r"$", re.I)


_CLAUSE_END = re.compile(r"[;:.!?—–]|\s-\s")


@rule("belongs-to-initiative", "initiatives")
def part_of_initiative(ctx: RuleContext) -> None:
    """The event told before a belonging cue is part of the initiative named after it."""
    if not ctx.inits.items or not ctx.events.items:
        return
    launch = ctx.lex.rx("launch_triggers")
    # a launch is where an initiative starts, not a part of it
    events = [ev for ev in ctx.events.items if not launch.search(ev.label)]
    init_spans = sorted((a, b, rec.key) for rec in ctx.inits.items for a, b in rec.spans)
    for a, b, key in init_spans:
        i = ctx.page.sentence_of(a)
        for ev in ctx.events.mentioned_in(i):
            if ev in events and _belongs(ctx, ev.spans, (a, b), init_spans):
                ctx.emit(ev.key, "partOf", "belongs-to-initiative", sent=i, span=(a, b), obj=key)
    # "RECORDING: Closing session of the Kandy-Bristol Climate Partnership": a title
    named = _named_part(ctx.lex)
    for ev in events:
        for rec in ctx.inits.items:
            for title in sorted(ev.aliases | {ev.label}):
                at = next(
                    (title.find(n) for n in sorted(rec.aliases | {rec.label}) if n in title), -1
                )
                if at > 0 and named.search(title[:at]):
                    a, b = min(rec.spans)
                    i = ctx.page.sentence_of(a)
                    ctx.emit(
                        ev.key, "partOf", "belongs-to-initiative", sent=i, span=(a, b), obj=rec.key
                    )
                    break


def _belongs(
    ctx: RuleContext,
    spans: list[tuple[int, int]],
    init: tuple[int, int],
    init_spans: list[tuple[int, int, str]],
) -> bool:
    """Whether an event's spans tell it part of the initiative named at ``init``: its
    title goes on into the name, a belonging cue stands between them in one clause, or
    "members of" the initiative do what the event's span tells."""
    text, (a, b) = ctx.text, init
    sent = ctx.page.sents[ctx.page.sentence_of(a)]
    if any(s <= a and b <= e and _named_part(ctx.lex).search(text[s:a]) for s, e in spans):
        return True
    ends = [e for s, e in spans if sent.start <= s and e <= a]
    if ends:
        gap = text[max(ends) : a]
        clean = not _CLAUSE_END.search(gap) and not any(
            max(ends) <= s < a for s, _, _ in init_spans
        )
        if clean and (_of_before(ctx.lex).match(gap) or _cue_before(ctx.lex).search(gap[-60:])):
            return True  # (another initiative's name between: its own clause)
    starts = [s for s, e in spans if b <= s < sent.end]
    if starts and _members_before(ctx.lex).search(text[max(sent.start, a - 40) : a]):
        return not _CLAUSE_END.search(text[b : min(starts)])
    return False
