"""Phase ``initiatives`` (facts): who leads an initiative, and the year it aims at."""

from __future__ import annotations

import re

from .context import RuleContext
from .records import Found, InitRec
from .registry import rule


def _possessor(ctx: RuleContext, span: tuple[int, int]) -> str | None:
    """ "ATU presented its Electromobility Roadmap": the subject before a possessive that
    opens the initiative's name owns it (an agency whose name holds a city, not the city)."""
    i = ctx.page.sentence_of(span[0])
    head = ctx.text[ctx.page.sents[i].start : span[0]]
    if not re.search(
        r"\b(?:" + ctx.lex.alt("group_possessives") + r")\s+(?:own\s+|propre\s+)?$", head
    ):
        return None
    before = [
        f
        for f in ctx.mentions.in_sentence(i)
        if f.end <= span[0] and f.type in ("City", "Agency") and not f.modifier
    ]
    if not before:
        return None
    last = before[-1]
    return last.host if last.nested and last.host else last.key


@rule("owned-by", "initiatives")
def owned_by(ctx: RuleContext) -> None:
    """The owner the initiative was found with ("son propre plan chaleur" in a sentence
    about one city), or the subject before a possessive that opens its name."""
    for rec in ctx.inits.items:
        if not rec.spans:
            continue
        first = min(rec.spans)
        owner = rec.owner or _possessor(ctx, first)
        if owner is not None:
            ctx.emit(
                rec.key,
                "ledBy",
                "owned-by",
                sent=ctx.page.sentence_of(first[0]),
                span=first,
                obj=owner,
            )


def _leader(ctx: RuleContext, rec: InitRec, i: int) -> tuple[Found, str] | None:
    """The leader sentence ``i`` names for ``rec``: "Accra's plan", "plan … d'Accra",
    "Dakar launched", else the sentence's only city."""
    text = ctx.text
    s = ctx.page.sents[i]
    cands = ctx.mentions.actors(i)
    span = next((sp for sp in rec.spans if s.start <= sp[0] < s.end), None)
    poss, after_de, prefix = [], [], []
    if span is not None:
        poss = [
            f
            for f in cands
            if re.match(r"['’]s\b", text[f.end : f.end + 2]) and 0 <= span[0] - f.end <= 40
        ]
        of_city = re.compile(r"\s*(?:de|du|d['’]|of)\s*(?:la\s+ville\s+de\s+)?")
        after_de = [
            f
            for f in cands
            if 0 <= f.start - span[1] <= 6 and of_city.fullmatch(text[span[1] : f.start])
        ]
        prefix = [f for f in cands if f.type == "City" and 0 <= span[0] - f.end <= 1]
    pick = (poss or prefix or after_de)[:1]
    if pick:
        return pick[0], "led-by"
    lead_cue = ctx.lex.rx("lead_cues").search(text, s.start, s.end)
    lead_cities = {f.key for f in cands if f.type == "City"} if lead_cue else set()
    if len(lead_cities) == 1:
        return next(f for f in cands if f.type == "City"), "led-by-cue"
    cities = [f for f in cands if f.type == "City"]
    if len({f.key for f in cities}) == 1:
        return cities[0], "led-by-sole-city"
    return None


@rule("led-by", "initiatives")
def led_by(ctx: RuleContext) -> None:
    """ "Accra's heat plan", "le plan climat de Dakar", "launched by Dakar": the city or
    agency the initiative's first naming sentence ties to it (a fallback: the owner it
    was found with wins)."""
    for rec in ctx.inits.items:
        for i in sorted({ctx.page.sentence_of(a) for a, _ in rec.spans}):
            hit = _leader(ctx, rec, i)
            if hit is not None:
                f, name = hit
                ctx.emit(rec.key, "ledBy", name, sent=i, span=f.span, obj=f.key, fallback=True)
                break


@rule("target-year", "initiatives")
def target_year(ctx: RuleContext) -> None:
    """ "d'ici 2030", "by 2050": the target of the initiative named in the sentence, or of
    the page's only initiative."""
    inits = ctx.inits.items
    for rec in inits:
        sents = {ctx.page.sentence_of(a) for a, _ in rec.spans}
        for t in ctx.page.target_years:
            ti = ctx.page.sentence_of(t.start)
            if ti in sents or len(inits) == 1:
                name = "target-year" if ti in sents else "target-year-sole-initiative"
                ctx.emit(
                    rec.key, "targetYear", name, sent=ti, span=(t.start, t.end), value=str(t.year)
                )
                break
