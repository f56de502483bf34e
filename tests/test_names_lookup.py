"""Finding an entity by any of its names: the view's focus and the named queries.

A graph keeps only the names its texts used (and the French and English labels); a reader
looks Mumbai up as "Bombay", Beijing as "Pékin" or "Peking", UNEP as "PNUE".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citykg.api import build
from citykg.errors import CityKGError
from citykg.store import run_named_query
from citykg.view import render_view
from citykg.vocab import DEFAULT_BASE

SAMPLE = Path(__file__).parent / "data" / "sample.trig"

#: A page written for this test, in the shape of a city network's news item.
PAGE = """Dakar and Mumbai officials meet in Beijing on bus rapid transit

Officials from Dakar and Mumbai travelled to Beijing for a three-day peer exchange on bus rapid
transit, organised by C40 Cities with the support of the United Nations Environment Programme.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("names")
    (root / "docs").mkdir()
    (root / "docs" / "brt-exchange_en.txt").write_text(PAGE, encoding="utf-8")
    build([root / "docs"], root / "out", view=False)
    return root / "out"


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        ("Pékin", "city/beijing"),  # the French label
        ("pekin", "city/beijing"),  # case and accents do not matter
        ("Bakou", "city/baku"),
        # names the sample graph does not hold, known to the gazetteer
        ("UN Climate Change", "agency/unfccc"),
        ("C40 Cities Climate Leadership Group", "agency/c40"),
    ],
)
def test_view_focus_by_any_name(tmp_path: Path, name: str, iri: str) -> None:
    summary = render_view(SAMPLE, tmp_path / "v.html", focus=name, depth=0)
    assert summary.focus == [DEFAULT_BASE + iri]
    assert summary.nodes == 1


@pytest.mark.parametrize("name", ["Valparaíso", "Mumbay"])
def test_view_focus_by_a_name_of_something_else_still_fails(tmp_path: Path, name: str) -> None:
    """Valparaíso is a city the gazetteer knows, but not in the sample graph; "Mumbay" is one
    of GeoNames' raw alternate spellings, which a search does not trust."""
    with pytest.raises(CityKGError, match=rf"^{name}: no entity"):
        render_view(SAMPLE, tmp_path / "v.html", focus=name)


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        ("Bombay", "city/mumbai"),  # Mumbai's French label
        ("Pékin", "city/beijing"),
        ("Mumbai", "city/mumbai"),
    ],
)
def test_named_query_finds_a_city_by_its_french_name(built: Path, name: str, iri: str) -> None:
    outcome = run_named_query("evidence-for", {"subject": name}, built)
    ends = {row[v].value for row in outcome.result for v in ("s", "o")}
    assert DEFAULT_BASE + iri in ends


def test_view_focus_by_acronym_in_a_built_graph(built: Path, tmp_path: Path) -> None:
    """The page wrote the full name; the reader types the French acronym."""
    summary = render_view(built, tmp_path / "v.html", focus="PNUE", depth=0)
    assert summary.focus == [DEFAULT_BASE + "agency/unep"]
