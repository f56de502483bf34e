"""The fast cue scan gives exactly ``rx.finditer``'s matches, and takes the fast path only
where it provably may."""

from __future__ import annotations

import random
import re

import pytest

from citykg.extract import dates
from citykg.extract.lexicon import load_lexicon
from citykg.extract.rules.agents import (
    _acronym_agent_rx,
    _acting_programme_rx,
    _agent_cues,
    _role_list_cues,
    _role_list_rx,
)
from citykg.extract.rules.gatherings import conference_series
from citykg.extract.rules.places import _gathered, _gathered_verbs
from citykg.extract.scan import (
    CuePattern,
    _branches,
    _lowered,
    _prefilter,
    _stand_in,
    _unanchored,
    boundary_finditer,
    cue_finditer,
    cue_or_line_finditer,
)

CUES = r"organi[sz]ed by|hosted by|co-hosted by|(?:est|sont)\s+à\s+l['’]origine\s+d[eu]|à l'appui d[eu]|ed"
RX = re.compile(r"(?P<cue>(?i:(?:" + CUES + r")))[ \t]+(?P<acr>[A-Z][A-Z0-9]{1,7})(?![\w-])")

TEXTS = [
    "The workshop was Organised by UCLG and hosted by ICLEI; co-hosted by C40.",
    "Le forum EST À L’ORIGINE DU réseau, organised by FMDV, à l'appui de AFD.",
    "reorganised by ABC, Organized  BY XYZ, HOSTED BY NYC-2 and hosted by CGLU",
    "ORGANISED BY ÉTÉ — organısed by ABC (dotless i) and organiſed by DEF",
    "İstanbul hosted by UNDP then organised by GIZ",
    "",
    "hosted by",
]


def _spans(it) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in it]


@pytest.mark.parametrize("text", TEXTS)
def test_same_matches_as_finditer(text: str) -> None:
    assert _spans(cue_finditer(RX, CUES, text)) == _spans(RX.finditer(text))
    for pos, end in ((3, len(text)), (0, len(text) // 2), (5, 40)):
        assert _spans(cue_finditer(RX, CUES, text, pos, end)) == _spans(
            RX.finditer(text, pos, min(end, len(text)))
        )


def test_random_texts_of_cue_fragments() -> None:
    """Texts glued from cue fragments, cases and the characters re folds oddly."""
    bits = ["organised", "ORGANIZED", " by ", "BY ", "hosted", " ", "co-", "ABC", "xy", "é",
            "É", "’", "l'", "est à ", "SONT À ", "d", "DU ", "K", "ı", "ſ", "µ", "\n", "ed ", "ED"]
    rnd = random.Random(7)
    for _ in range(400):
        text = "".join(rnd.choice(bits) for _ in range(rnd.randint(0, 30)))
        assert _spans(cue_finditer(RX, CUES, text)) == _spans(RX.finditer(text)), text


def test_lexicon_scans_agree_on_invented_pages() -> None:
    lex = load_lexicon()
    page = (
        "Le séminaire, organisé par le programme Villes sobres en eau et financé par l’AFD, "
        "s'est tenu à Dakar.\nThe study tour, supported by the LIFE Programme and hosted by "
        "GSP, travelled to Växjö; delegates came together in Malmö. Réunis à Lomé, les élus…"
    )
    for rx, alt in (
        (_acting_programme_rx(lex), _agent_cues(lex)),
        (_acronym_agent_rx(lex), _agent_cues(lex)),
        (_gathered(lex), _gathered_verbs(lex)),
    ):
        assert _prefilter(alt) is not None  # the fast path is taken for the lexicon's cues
        assert _spans(cue_finditer(rx, alt, page)) == _spans(rx.finditer(page))
        assert _spans(cue_finditer(rx, alt, page.upper())) == _spans(rx.finditer(page.upper()))


def test_falls_back_where_lowercasing_could_disagree() -> None:
    assert _prefilter("Organised by") is None  # not lowercase: \S, \W and capitals
    assert _prefilter(r"\Sby") is None
    assert _prefilter("μ-grid") is None  # Greek: re folds μ and µ together
    assert _prefilter("organised by|hosted by") is not None
    assert _lowered("organıse") is None and _lowered("organiſe") is None
    assert _lowered("İzmir") is None  # its lowercase is two characters
    assert _lowered("Été à Genève") == "été à genève"


def test_branches_split_only_at_top_level() -> None:
    assert _branches(r"a(?:b|c)|[|x]|d\|e") == ["a(?:b|c)", "[|x]", r"d\|e"]
    assert _branches("a(b") is None


def test_prefilter_gives_up_on_what_it_cannot_split() -> None:
    assert _branches("[]|]x|y") == ["[]|]x", "y"]
    assert _branches("[^]|]x|y") == ["[^]|]x", "y"]
    assert _prefilter(r"(a)\1|b") is None  # a back-reference
    assert _prefilter("a+b|cd") is not None
    rx = re.compile(r"(?i:(?:a+b|cd))x")
    assert _spans(cue_finditer(rx, "a+b|cd", "aaabx AAB x cDx")) == _spans(
        rx.finditer("aaabx AAB x cDx")
    )


BOUNDARY_TEXTS = [
    "COP28 then xCOP29, COP 30 and CoP-31; the 29e Conférence des Parties (COP29).",
    "aWUF12 WUF 12 WUF1299 — 12th World Urban Forum, 3rd session of the World Urban Forum",
    "Africities Summit, Sommet Africités, xAfricities; Climate Chance Summit 2024",
    "SB60SB61 SB 62",
    "",
    "C",
]


def test_boundary_scan_same_matches_as_finditer() -> None:
    """Every recurring-conference pattern (the scan's first user) and hand-made ones,
    over invented texts and random glued fragments."""
    patterns = [rx for _, rxs in conference_series() for rx in rxs]
    patterns += [dates._ISO_RE, dates._NUMERIC_RE]
    patterns += [
        re.compile(r"\bab(?:c|cd)?"),
        re.compile(r"(?<![\w-])[A-Z]\w+(?: [A-Z]\w+)*"),
        re.compile(r"(?<!\w)(?:x)?"),  # empty matches: finditer's own rules
        re.compile(r"\b(?i:cop)\s?(?P<n>\d+)"),
    ]
    bits = ["COP", "CoP", "cop", "x", "-", " ", "29", "1", "WUF", "ab", "abc", "d", "A", "Zé"]
    bits += ["2024", "-11-", "05", "/", ".", "31"]
    rnd = random.Random(11)
    texts = BOUNDARY_TEXTS + [
        "".join(rnd.choice(bits) for _ in range(rnd.randint(0, 25))) for _ in range(300)
    ]
    for rx in patterns:
        for text in texts:
            assert _spans(boundary_finditer(rx, text)) == _spans(rx.finditer(text)), (rx, text)


def test_boundary_scan_takes_the_fast_path_only_after_a_leading_test() -> None:
    assert _unanchored(r"\bWUF\s?\d", 0).pattern == r"WUF\s?\d"
    assert _unanchored(r"(?<![\w-])[A-Z]", 0).pattern == "[A-Z]"
    assert _unanchored(r"(?<!a|b)c", 0) is None  # not one class: left alone
    assert _unanchored(r"WUF\b", 0) is None
    assert _unanchored(r"\b|x", 0) is None


def test_lexicon_patterns_scan_as_re_does() -> None:
    """The lexicon's cue patterns (:class:`CuePattern`) find what their compiled patterns
    find, over whole texts and over spans, short ones (searched by ``re``) included."""
    lex = load_lexicon()
    text = (
        "The study tour, Organised by the city, gathered mayors; LE SÉMINAIRE a été "
        "organisé par l’AFD à Dakar. Participating cities came together in Lomé, "
        "with the participation of the Mayor. Le forum s'est tenu à Tunis en mai."
    ) * 3
    for name, cue in lex.patterns.items():
        assert isinstance(cue, CuePattern)
        for pos, end in ((0, len(text)), (10, 200), (40, 70), (5, 30), (len(text) - 3, 10**6)):
            assert _spans(cue.finditer(text, pos, end)) == _spans(cue.rx.finditer(text, pos, end))
            found, expected = cue.search(text, pos, end), cue.rx.search(text, pos, end)
            assert (found and found.span()) == (expected and expected.span()), name
        assert cue.pattern == cue.rx.pattern and cue.flags == cue.rx.flags


def test_spans_of_one_page_read_the_whole_page_starts() -> None:
    """A cue list scanned sentence by sentence, then over the page, then by spans again
    (the whole page's starts remembered after the second scan) finds what ``re`` finds,
    also for branches that test what follows (their starts are never shared)."""
    page = (
        "Le forum, organised by UCLG, s'est tenu à Dakar.\nHosted by ICLEI, the tour "
        "ended.\nOrganised by FMDV and hosted by CGLU; co-hosted by C40 in Lomé. "
    ) * 4
    spans = [(0, 49), (49, 90), (90, 160), (0, len(page)), (30, 300), (161, len(page))]
    spans += [(p, p + 70) for p in range(0, len(page), 37)]
    for cues in (CUES, r"hosted by(?!\s+ICLEI)|organised\b|ed"):
        rx = re.compile(r"(?P<cue>(?i:(?:" + cues + r")))[ \t]+(?P<acr>[A-Z][\w-]*)")
        for pos, end in spans:
            got = _spans(cue_finditer(rx, cues, page, pos, end))
            assert got == _spans(rx.finditer(page, pos, min(end, len(page)))), (cues, pos, end)


def test_cue_or_line_scan_finds_line_openers_too() -> None:
    rx = re.compile(
        r"(?im:(?P<cue>organised by|hosted by)(?P<list>[^.\n]{1,40})|^[ \t*-]*Host:(?P<b>[^\n]+))"
    )
    texts = [
        "Host: UCLG\nThe forum was organised by FMDV and ICLEI.\n- host : none\n* HOST: C40",
        "hosted by A\nHost:B hosted by C. organised by\nHost:",
        "",
    ]
    for text in texts:
        got = _spans(cue_or_line_finditer(rx, "organised by|hosted by", text))
        assert got == _spans(rx.finditer(text)), text


def test_lexicon_role_lists_scan_as_re_does() -> None:
    lex = load_lexicon()
    page = (
        "Organisation : commune de Kéla, Ville de Moro et l'ANCV\nLe séminaire a été "
        "organisé par l’AMVT et la FICOL, qui accompagne le projet.\nWe thank the Lisa "
        "Trust and HARBORNET for their support.\n  * Organised by: SEECAP, NOVA\nFinancé "
        "par le FEM."
    )
    rx = _role_list_rx(lex)
    for text in (page, page.upper(), page.lower()):
        assert _spans(cue_or_line_finditer(rx, _role_list_cues(lex), text)) == _spans(
            rx.finditer(text)
        )


def test_stand_ins_open_every_match_of_their_branch() -> None:
    assert _stand_in(r"organisée?s?\s+par") == "orga"
    assert _stand_in(r"(?:a |the )?(?:financial )?contribution") == r"a\ |cont|fina|the\ "
    assert _stand_in(r"(?:was|were)\s+held\b") == "was|were"
    assert _stand_in(r"n['’](?:a|ont)") == "n'a|n'on|n’a|n’on"
    assert _stand_in(r"(?:a|ont)\s+joint") is None  # "a" alone: the branch is scanned
    assert _stand_in(r"x+yz") is None


def test_cue_lists_with_optional_words_and_lookaheads_scan_as_re_does() -> None:
    """Branches whose stand-ins are their optional words' heads, lookaheads passed over,
    over random glued texts, whole and by spans (one text scanned many times)."""
    cues = (
        r"(?:the |a )?(?:joint )?kick-offs?|dialogues? (?:entre villes|techniques?)"
        r"|(?:was|were)\s+held(?!\s+back)|n['’](?:a|ont) pas|co(?!mpar)\w+ed|x+yz|ab"
    )
    rx = re.compile(r"(?P<cue>(?i:(?:" + cues + r")))(?P<rest>[ \t]+\w+)?")
    bits = ["the ", "a ", "joint ", "kick-off", "s", " ", "Dialogue", "dialogues ", "entre "]
    bits += ["villes", "technique", "was", "WERE", " held", " back", "n'", "N’", "ont pas"]
    bits += ["co", "compar", "organis", "ed", "xx", "yz", "AB", "\n", "."]
    rnd = random.Random(5)
    for _ in range(200):
        text = "".join(rnd.choice(bits) for _ in range(rnd.randint(0, 40)))
        spans = [(0, len(text)), (0, len(text) // 3), (len(text) // 3, len(text))]
        spans += [(p, p + 17) for p in range(0, len(text), 11)]
        for pos, end in spans:
            got = _spans(cue_finditer(rx, cues, text, pos, end))
            assert got == _spans(rx.finditer(text, pos, min(end, len(text)))), (text, pos, end)
