"""Organisations named by the role a sentence gives them: a programme acting as an agent
("the X programme supports"), an acronym after an agent cue ("organised by ABC") and the
acronyms of a page's role lists ("Partners: ABC, DEF"). Split from agencies.py, which
gathers them with the naming patterns."""

from __future__ import annotations

import functools
import re

from ..gazetteer import Gazetteer
from ..lexicon import Lexicon
from ..scan import cue_finditer, cue_or_line_finditer
from .nameuse import country_code, occurrences, place_name
from .page import Page

_PASSIVE_END = re.compile(r"(?:by|par|from|of|de|du|d['’])$", re.IGNORECASE)


@functools.cache
def _acting_programme_rx(lex: Lexicon) -> re.Pattern[str]:
    """A passive organising or funding cue, an article, perhaps whose it is ("the EU's",
    "C40 Cities'"), then a programme's name: English capitalised words (bracketed
    acronyms and expansions between) before the trigger, French "programme" + a title."""
    cues = _agent_cues(lex)
    trig = lex.alt("agency_like_triggers")
    cap = r"[A-Z][\w&-]*"
    paren = r"(?:[ \t]+\([^()\n]{1,60}\))"
    return re.compile(
        r"(?P<cue>(?i:(?:" + cues + r")))[ \t]+(?:(?:the|le|la|l['’]|du|de[ \t]+la)[ \t]*)?"
        r"(?:[A-Z][\w&-]*(?:[ \t]+[A-Z][\w&-]*){0,3}['’]s?[ \t]+)?"
        r"(?P<name>" + cap + paren + r"?(?:[ \t]+" + cap + paren + r"?){0,6}[ \t]+"
        r"(?i:" + trig + r")(?![\w-])"
        r"|(?i:" + trig + r")[ \t]+[A-ZÀ-Ý][\w'’-]+(?:[ \t]+[a-zàâçéèêëîïôûùü][\w'’-]+){0,3})"
    )


def acting_programmes(page: Page, lex: Lexicon) -> list[tuple[int, int, str]]:
    """ "organised by the C40 Cities' GSP (…) Heat Action Delivery (HAD)
    Programme", "with funding from the European Union's LIFE Programme", "organisée par
    le programme Villes sobres en eau": a programme that organises or pays acts
    as an organisation. Its acronyms with the trigger ("GSP HAD Programme") name it
    again further down."""
    stops = lex.lower_set("function_words") | lex.lower_set("phrase_stops")
    short: dict[str, str] = {}
    for m in cue_finditer(_acting_programme_rx(lex), _agent_cues(lex), page.text):
        if not _PASSIVE_END.search(m.group("cue")):
            continue  # "C40 organised the … Programme": what it organised, not who
        label = m.group("name")
        words = label.split()
        while len(words) > 2 and words[-1].lower() in stops:
            words = words[:-1]  # "programme Villes côtières résilientes et …"
        label = " ".join(words) if not label.split()[0][0].isupper() else label
        short[label] = label
        acronyms = [w for w in re.findall(r"[\w-]+", label) if w.isupper() and len(w) >= 2]
        if len(acronyms) >= 2:
            short[" ".join(acronyms) + " " + words[-1]] = label
    return [(a, b, short[n]) for (a, b), n in occurrences(page.text, list(short))]


def _agent_cues(lex: Lexicon) -> str:
    """The organising and funding cues, the alternation both agent patterns open with."""
    return lex.alt("organizer_cues") + "|" + lex.alt("support_cues")


@functools.cache
def _acronym_agent_rx(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(
        r"(?P<cue>(?i:(?:" + _agent_cues(lex) + r")))[ \t]+(?:(?:the|le|la|les|l['’])[ \t]*)?"
        r"(?P<acr>[A-Z][A-Z0-9]{1,7})(?![\w-])"
    )


def acronym_agents(page: Page, gaz: Gazetteer, lex: Lexicon) -> list[tuple[int, int, str]]:
    """ "facilitated by AP3", "financé par le FEM": an unknown acronym a passive organising
    or funding cue governs is an organisation (its later uses too)."""
    names = {
        m.group("acr")
        for m in cue_finditer(_acronym_agent_rx(lex), _agent_cues(lex), page.text)
        if _PASSIVE_END.search(m.group("cue"))
        and (any(c.isalpha() for c in m.group("acr")[1:]) or len(m.group("acr")) > 2)
    }
    names |= _listed_acronyms(page, lex)
    names = {n for n in names if not place_name(gaz, n) and not country_code(gaz, n)}
    return [(a, b, n) for (a, b), n in occurrences(page.text, sorted(names))]


@functools.cache
def _role_list_rx(lex: Lexicon) -> re.Pattern[str]:
    """The list a passive organising or funding cue, a thanks cue or a role label line
    governs: "Organised by SEECAP and …", "We thank the … Trust and HARBORNET for …",
    "Organisation : commune de X, Ville de Y et l'ANCG"."""
    labels = lex.literal("organizer_labels") + "|" + lex.literal("support_labels")
    return re.compile(
        r"(?im:(?P<cue>" + _role_list_cues(lex) + r")(?![\w'’])"
        r"(?P<list>[^.;\n]{1,160})"
        r"|^[ \t*•-]*(?:" + labels + r")[ \t]*:(?P<block>[^\n]{1,200}))"
    )


def _role_list_cues(lex: Lexicon) -> str:
    """The cues a role list opens with (its other branch opens a line)."""
    return _agent_cues(lex) + "|" + lex.alt("thanks_cues")


_ACRONYM = re.compile(r"(?<![\w'’-])(?:[dlDL]['’])?(?P<acr>[A-Z][A-Z0-9]{2,11})(?![\w'’-])")


def _listed_acronyms(page: Page, lex: Lexicon) -> set[str]:
    """Unknown acronyms in a list a role cue or label governs (not only right after it):
    bodies named without a head word are named so in their role lists. A list stops at a
    relative pronoun ("… l'AFD, qui accompagne le projet via la FICOL"); an acronym after
    a programme's trigger ("le programme WACA") or that short-names another thing
    ("World Assembly … (WALRG)") or opens a longer name ("the WALRG Assembly") is no
    organisation's."""
    out: set[str] = set()
    relative = re.compile(r"(?<![\w'’])(?:" + lex.alt("relative_pronouns") + r")(?![\w'’])", re.I)
    trigger = re.compile(r"(?:" + lex.alt("initiative_triggers") + r")[ \t]+\Z", re.IGNORECASE)
    shorts = set(re.findall(r"\(([A-Z][A-Z0-9]{2,11})\)", page.text))
    thanks = lex.lower_set("thanks_cues")
    for m in cue_or_line_finditer(_role_list_rx(lex), _role_list_cues(lex), page.text):
        cue = m.group("cue")
        if cue is not None and not (_PASSIVE_END.search(cue) or cue.lower() in thanks):
            continue
        start = m.start("list") if cue is not None else m.start("block")
        text = m.group("list") if cue is not None else m.group("block")
        if (rel := relative.search(text)) is not None:
            text = text[: rel.start()]
        letters = [c for c in text if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) > len(letters) / 2:
            continue  # a line in capitals: a heading, not a list of names
        for a in _ACRONYM.finditer(text):
            before = page.text[max(0, start + a.start() - 40) : start + a.start()]
            named = re.match(r"[ \t]+[A-Z][a-z]", text[a.end() :])  # "WALRG Assembly"
            if a.group("acr") not in shorts and not trigger.search(before) and not named:
                out.add(a.group("acr"))
    return out
