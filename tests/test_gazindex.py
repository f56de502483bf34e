"""The gazetteer's derived index file: the same gazetteer, and never trusted when it does
not check out (real SQLite files, real gazetteer)."""

from __future__ import annotations

import random
import sqlite3

import pytest

from citykg.cache import file_sha256
from citykg.extract import gazindex
from citykg.extract.gazetteer import (
    Entry,
    Gazetteer,
    _from_index,
    build_gazetteer,
    load_gazetteer,
)
from citykg.extract.rules.towns import read_small_towns, small_towns

TOWNS = {("bourg", "la", "reine"): ((3031137, "Bourg-la-Reine", "FR", 20000),)}


def _small() -> tuple[Gazetteer, dict]:
    gaz = Gazetteer()
    gaz.stopwords = frozenset({"Florence"})
    gaz.first_names = frozenset({"Marie"})
    gaz.add_entry(Entry("city:1", "City", "Dakar", "Dakar", "city/dakar", population=9))
    gaz.add_entry(
        Entry(
            "country:SN",
            "Country",
            "Senegal",
            "Sénégal",
            "country/senegal",
            country="SN",
            names_fr=frozenset({"senegal"}),
            extra_types=("Place",),
        )
    )
    gaz.add_name("city:1", "Dakar", primary=True)
    gaz.add_name("country:SN", "Senegal", primary=True)
    gaz.add_name("country:SN", "République du Sénégal", primary=False)
    return gaz, TOWNS


@pytest.fixture()
def index_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CITYKG_INDEX_DIR", str(tmp_path / "ix"))
    return tmp_path / "ix"


def _counting(calls: list):
    def build():
        calls.append(1)
        return _small()

    return build


def test_the_index_reads_back_the_gazetteer_it_was_built_from(index_dir):
    calls: list = []
    ix = gazindex.open_index(_counting(calls))
    assert ix is not None and calls == [1]
    lazy, (eager, _) = _from_index(ix), _small()
    text = "La République du Sénégal et Dakar, Senegal; Marie Florence."
    assert lazy.match(text, weak=True) == eager.match(text, weak=True)
    assert lazy.entries["country:SN"] == eager.entries["country:SN"]
    assert "city:2" not in lazy.entries and lazy._lengths.get("paris", ()) == ()
    assert lazy.entries_of_type("Country") == eager.entries_of_type("Country")
    assert (lazy.stopwords, lazy.first_names, lazy.max_len) == (
        eager.stopwords,
        eager.first_names,
        eager.max_len,
    )
    # a second process opens it without building anything
    assert gazindex.open_index(_counting(calls)) is not None and calls == [1]
    # names added at run time make it the in-memory gazetteer it stands for
    lazy.add_name("city:1", "Ndakaaru", primary=False)
    assert [m.keys for m in lazy.match("Ndakaaru")] == [("city:1",)]
    assert lazy.entries["city:1"] == eager.entries["city:1"]


def test_remembered_matches_follow_the_names_and_stay_the_callers(index_dir):
    lazy = _from_index(gazindex.open_index(_small))
    words = ["dakar", "senegal", "paris", "dakar", "republique"]
    many = lazy._lengths.get_many(words, ())
    assert many == [lazy._lengths.get(w, ()) for w in words] and many[2] == ()
    assert many[0] == [1] and many[4] == [3]
    found = lazy.match("Dakar, Senegal")
    found.clear()  # the caller's own list: the remembered matches are untouched
    assert [m.keys for m in lazy.match("Dakar, Senegal")] == [("city:1",), ("country:SN",)]
    assert lazy.match("Visit Ndar") == []
    lazy.add_entry(Entry("city:3", "City", "Ndar", "Ndar", "city/ndar", population=5))
    lazy.add_name("city:3", "Ndar", primary=True)
    assert [m.keys for m in lazy.match("Visit Ndar")] == [("city:3",)]


def test_a_corrupt_index_is_rebuilt_never_trusted(index_dir):
    calls: list = []
    ix = gazindex.open_index(_counting(calls))
    data = bytearray(ix.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    ix.path.write_bytes(bytes(data))
    again = gazindex.open_index(_counting(calls))
    assert calls == [1, 1]
    assert _from_index(again).entries["city:1"].name_en == "Dakar"
    # truncated, or gone with its side file left
    again.path.write_bytes(b"SQLite format 3\x00")
    assert gazindex.open_index(_counting(calls)) is not None and calls == [1, 1, 1]
    again.path.unlink()
    assert gazindex.open_index(_counting(calls)) is not None and calls == [1, 1, 1, 1]


def test_a_stale_index_is_rebuilt(index_dir):
    calls: list = []
    ix = gazindex.open_index(_counting(calls))
    with sqlite3.connect(ix.path) as c:  # built from other sources, its side file updated
        c.execute("UPDATE meta SET value = 'another' WHERE name = 'source'")
    c.close()
    ix.path.with_suffix(".sha256").write_text(file_sha256(ix.path) + "\n")
    assert gazindex.open_index(_counting(calls)) is not None
    assert calls == [1, 1]


def test_no_writable_index_dir_builds_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("CITYKG_INDEX_DIR", str(blocker / "ix"))
    assert gazindex.open_index(_small) is None


def test_the_default_gazetteer_from_its_index_is_the_built_one(index_dir):
    """The real gazetteer and small-towns table, through an index built here from them."""
    from citykg.extract import gazetteer

    ix = gazindex.open_index(gazetteer._sources)
    assert ix is not None
    lazy, eager = _from_index(ix), build_gazetteer()
    keys = random.Random(9).sample(sorted(eager.entries), 2000)
    assert all(lazy.entries[k] == eager.entries[k] for k in keys)
    names = random.Random(9).sample(sorted(eager._by_tokens), 2000)
    assert all(lazy._by_tokens[t] == eager._by_tokens[t] for t in names)
    assert lazy.entries_of_type("Country") == eager.entries_of_type("Country")
    text = "Le maire de Dakar a reçu à Pékin des élus de Lyon (France) et de Valencia, Spain."
    assert lazy.match(text, weak=True) == eager.match(text, weak=True)
    towns = read_small_towns()
    sql = "SELECT row FROM towns WHERE tokens = ?"
    for t in random.Random(9).sample(sorted(towns), 500):
        assert gazindex.towns_row(ix.one(sql, gazindex._dump(list(t)))) == towns[t]
    # the process's own gazetteer and towns read the index the suite uses, the same way
    assert load_gazetteer().entries["country:SN"] == eager.entries["country:SN"]
    some = next(iter(sorted(towns)))
    assert small_towns()[some] == towns[some]


def test_old_index_files_are_pruned_recent_ones_kept(index_dir):
    import os
    import time

    index_dir.mkdir(parents=True)
    old, recent = index_dir / "gazetteer-0ld.sqlite", index_dir / "gazetteer-n3w.sqlite"
    for f in (old, recent, old.with_suffix(".sha256")):
        f.write_bytes(b"x")
    past = time.time() - gazindex.STALE_SECONDS - 60
    os.utime(old, (past, past))
    os.utime(old.with_suffix(".sha256"), (past, past))
    assert gazindex.open_index(_small) is not None
    assert not old.exists() and not old.with_suffix(".sha256").exists()
    assert recent.exists()
