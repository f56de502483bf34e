"""citykg evaluate: agreement with the shared scorer, and the extraction targets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from citykg.cli import main
from citykg.evaluate import evaluate, normalise

ROOT = Path(__file__).resolve().parent.parent


def test_normalise_ignores_case_accents_articles_and_punctuation():
    assert normalise("L'Île Maurice") == normalise("île maurice") == "ile maurice"
    assert normalise("« double carbone »") == "double carbone"


def test_cross_check_with_the_shared_scorer(tmp_path, shared_dir):
    """citykg evaluate and shared/eval/score.py give the same numbers on the seeds."""
    scorer = shared_dir / "eval" / "score.py"
    assert scorer.exists(), f"the cross-check needs {scorer}"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        from citykg.pipeline import build

        build(
            ["seeds/000_5f95242ee82ac56f.txt", "seeds/004_18690be98519aa2c.txt"],
            tmp_path,
            view=False,
        )
    finally:
        os.chdir(cwd)
    gold = ROOT / "seeds" / "gold" / "seeds.json"
    shared = json.loads(
        subprocess.run(
            [
                sys.executable,
                str(scorer),
                str(tmp_path / "citykg.ttl"),
                str(gold),
                "--ontology",
                str(ROOT / "ontology" / "citykg.ttl"),
                "--json",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    ours = evaluate(gold, [ROOT / "seeds"]).to_dict()
    for key in (
        "entity_p",
        "entity_r",
        "entity_f1",
        "relation_p",
        "relation_r",
        "relation_f1",
        "link_acc",
    ):
        assert ours[key] == pytest.approx(shared[key]), key
    assert {k: v["tp"] for k, v in ours["relations"].items()} == {
        k: v["tp"] for k, v in shared["relations"].items()
    }


def test_seed_gold_targets():
    s = evaluate(ROOT / "seeds" / "gold" / "seeds.json", [ROOT / "seeds"])
    assert s.entity.f1 >= 0.97 and s.relation.f1 >= 0.97, s.summary()
    assert s.links_ok == s.links_total > 0  # every city and country linked right


def test_own_annotated_documents_targets():
    s = evaluate(ROOT / "seeds" / "gold" / "citykg-dev.json", [ROOT / "seeds"])
    assert s.entity.f1 >= 0.95, s.summary()  # reached 0.98
    assert s.relation.f1 >= 0.88, s.summary()  # reached 0.91
    assert s.links_ok == s.links_total


def test_cli_evaluate_json_and_errors():
    r = CliRunner().invoke(
        main, ["evaluate", str(ROOT / "seeds/gold/seeds.json"), "--format", "json"]
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["entity_f1"] > 0.9
    r = CliRunner().invoke(main, ["evaluate", "/nonexistent/gold.json"])
    assert r.exit_code == 1 and "no such gold file" in r.output and "Traceback" not in r.output


def test_second_set_of_own_documents_targets():
    """seeds/109-116 were written by another writer, independently of the rules."""
    s = evaluate(ROOT / "seeds" / "gold" / "citykg-dev2.json", [ROOT / "seeds"])
    assert s.entity.f1 >= 0.96, s.summary()  # reached 0.99
    assert s.relation.f1 >= 0.86, s.summary()  # reached 0.90
    assert s.links_ok == s.links_total


def test_third_set_of_own_documents_targets():
    """seeds/117-124, a third writer's pages."""
    s = evaluate(ROOT / "seeds" / "gold" / "citykg-dev3.json", [ROOT / "seeds"])
    assert s.entity.f1 >= 0.93, s.summary()  # reached 0.96
    assert s.relation.f1 >= 0.83, s.summary()  # reached 0.86


def test_fourth_set_pages_in_the_shapes_of_real_sites_targets():
    """tests/data/dev4: 14 pages written like real sites (press releases, event pages,
    newsletters, posts, pages cut mid-sentence), names in no other set; its gold was written
    before citykg ran on them (first score: relation F1 0.66)."""
    s = evaluate(ROOT / "tests" / "data" / "dev4" / "gold.json", [ROOT / "tests/data/dev4/docs"])
    assert s.entity.f1 >= 0.94, s.summary()  # reached 0.97
    assert s.relation.f1 >= 0.86, s.summary()  # reached 0.90
    assert s.links_ok == s.links_total


def test_dev5_french_pages_extraction_gate():
    """tests/data/dev5: 10 French pages written like real sites (mairies, a network
    newsletter, agency event pages, regional press, a LinkedIn post, a project page, a
    side event), names in no other set; its gold was written before citykg ran on them
    (first score: relation F1 0.57, 0.58 on the corrected gold)."""
    s = evaluate(ROOT / "tests" / "data" / "dev5" / "gold.json", [ROOT / "tests/data/dev5/docs"])
    assert s.entity.f1 >= 0.95, s.summary()  # reached 0.98
    assert s.relation.f1 >= 0.90, s.summary()  # reached 0.94


def test_sixth_set_english_pages_in_the_shapes_of_real_sites_targets():
    """tests/data/dev6: 10 English pages written like real sites (a city hall newsroom, a
    network bulletin, UN agency and side-event pages, a project page, a post, local press,
    a memorandum, an online closing session, a host agency's release), names in no other
    set; its gold was written before citykg ran on them (first score: relation F1 0.57)."""
    s = evaluate(ROOT / "tests" / "data" / "dev6" / "gold.json", [ROOT / "tests/data/dev6/docs"])
    assert s.entity.f1 >= 0.92, s.summary()  # reached 0.95
    assert s.relation.f1 >= 0.83, s.summary()  # reached 0.86
    assert s.links_ok == s.links_total


def test_dev7_french_pages_outside_france_extraction_gate():
    """tests/data/dev7: 10 French pages of publishers outside France written like real
    sites (a joint press release, a programme at several venues, a multi-city study tour, a
    network webinar, a "Retour sur" recap, a call naming past cohorts, a post, local press,
    a memorandum, a visit programme), names in no other set; its gold was written before
    citykg ran on them (first score: relation F1 0.68, 0.70 on the corrected gold)."""
    s = evaluate(ROOT / "tests" / "data" / "dev7" / "gold.json", [ROOT / "tests/data/dev7/docs"])
    assert s.entity.f1 >= 0.91, s.summary()  # reached 0.94
    assert s.relation.f1 >= 0.84, s.summary()  # reached 0.87
    assert s.links_ok == s.links_total


def test_eighth_set_english_pages_from_other_regions_targets():
    """tests/data/dev8: 10 English pages written like real sites of South and South-East
    Asia, East Africa, Latin America, the Pacific, the Baltic and North America (press
    releases with notes to editors, an agenda, a first-person delegation report, a fund's
    grant announcement, a university's news, a post, network news, local press, a webinar
    page, a host utility's release), names in no other set; its gold was written before
    citykg ran on them (first score: relation F1 0.54, 0.51 on the corrected gold)."""
    s = evaluate(ROOT / "tests" / "data" / "dev8" / "gold.json", [ROOT / "tests/data/dev8/docs"])
    assert s.entity.f1 >= 0.89, s.summary()  # reached 0.92
    assert s.relation.f1 >= 0.75, s.summary()  # reached 0.79


def test_ninth_set_series_agendas_and_headless_bodies_targets():
    """tests/data/dev9: 10 pages (5 French, 5 English) written like real sites on event
    series and rounds, multi-day agendas whose event is named only in the title, bodies
    named without a head word (acronyms, "X International", funds), joint communiqués, a
    months-long exchange, a hybrid workshop, an interview, page furniture; names in no other
    set; its gold was written before citykg ran on them (first score: relation F1 0.50)."""
    s = evaluate(ROOT / "tests" / "data" / "dev9" / "gold.json", [ROOT / "tests/data/dev9/docs"])
    assert s.entity.f1 >= 0.90, s.summary()  # reached 0.93
    assert s.relation.f1 >= 0.80, s.summary()  # reached 0.84


def test_tenth_set_french_and_english_pages_of_other_publishers_targets():
    """tests/data/dev10: 5 French pages (Québec, Belgium, Switzerland, the Maghreb, the
    Sahel) and 5 English pages (UK, Ireland, Australia/New Zealand, Canada, South Africa)
    written like real sites (a mission told by the participant city, a themed workshop with
    a long list of roles, webinars, a programme launch with founding members, funders'
    grants to several cities, local press cut mid-sentence), names in no other set; its gold
    was written before citykg ran on them (first score: relation F1 0.57, 0.59 on the
    corrected gold)."""
    s = evaluate(ROOT / "tests" / "data" / "dev10" / "gold.json", [ROOT / "tests/data/dev10/docs"])
    assert s.entity.f1 >= 0.92, s.summary()  # reached 0.95
    assert s.relation.f1 >= 0.82, s.summary()  # reached 0.86


def test_eleventh_set_english_pages_of_asia_the_gulf_the_pacific_and_latin_america():
    """tests/data/dev11: 10 English pages from South and South-East Asia, East Asia, the
    Gulf, the Pacific and Latin America, written like real sites (a UN agency's and a
    bank's news, a network bulletin of three stories, a report on a summit's side sessions,
    a Q&A with a mayor, a LinkedIn-style post, an annual report's list of exchanges, a
    project page with a partner list, study tours hosted by a utility and a transit
    corporation), names in no other set; its gold was written before citykg ran on them
    (first score: relation F1 0.30, 0.33 on the corrected gold)."""
    s = evaluate(ROOT / "tests" / "data" / "dev11" / "gold.json", [ROOT / "tests/data/dev11/docs"])
    assert s.entity.f1 >= 0.91, s.summary()  # reached 0.94
    assert s.relation.f1 >= 0.82, s.summary()  # reached 0.86


def test_twelfth_set_french_decentralised_cooperation_pages_targets():
    """tests/data/dev12: 10 French pages of decentralised cooperation and of French
    overseas territories with their neighbours, written like real sites (a council's
    deliberation on a signing, regional press cut mid-sentence, an Interreg partner table,
    Assises with numbered ateliers, a newsletter's numbered brèves, an agency's expert
    mission, an interview), names in no other set; its gold was written before citykg ran
    on them (first score: relation F1 0.31)."""
    s = evaluate(ROOT / "tests" / "data" / "dev12" / "gold.json", [ROOT / "tests/data/dev12/docs"])
    assert s.entity.f1 >= 0.91, s.summary()  # reached 0.95
    assert s.relation.f1 >= 0.75, s.summary()  # reached 0.79


def test_thirteenth_set_shapes_no_set_covered_targets():
    """tests/data/dev13: 5 English and 5 French pages in shapes no other set covers (an
    Interreg interregional meeting, an award release, a day-by-day study tour, a webinar
    recap, an MoU told by the visiting city, a compte rendu of a voyage d'étude, a local
    paper's EN BREF column, an agenda page of three entries, a prize communiqué, a side
    event's page), names in no other set; its gold was written before citykg ran on them
    (first score: relation F1 0.76)."""
    s = evaluate(ROOT / "tests" / "data" / "dev13" / "gold.json", [ROOT / "tests/data/dev13/docs"])
    assert s.entity.f1 >= 0.90, s.summary()  # reached 0.93
    assert s.relation.f1 >= 0.84, s.summary()  # reached 0.88


WILD = ROOT.parent / "shared" / "wild-dev"


def test_real_pages_extraction_gate():
    """Real third-party pages (../shared/wild-dev, read at run time, never copied): the
    extraction must not fall back below what it reaches (entity 0.99, relation 0.93, relation
    precision 0.96)."""
    if not (WILD / "gold.json").exists():
        if os.environ.get("CI"):
            pytest.fail(f"{WILD} is missing under CI")
        pytest.skip(f"{WILD} is not beside the repository")
    s = evaluate(WILD / "gold.json", [WILD / "docs"])
    assert s.entity.f1 >= 0.96, s.summary()
    assert s.relation.f1 >= 0.89, s.summary()
    assert s.relation.precision >= 0.92, s.summary()


def test_gold_file_away_from_its_documents_is_a_one_line_error(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text((ROOT / "seeds/gold/seeds.json").read_text(encoding="utf-8"), encoding="utf-8")
    r = CliRunner().invoke(main, ["evaluate", str(gold)])
    assert r.exit_code == 1, r.output
    assert "documents not found" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["evaluate", str(gold), str(ROOT / "seeds")])
    assert r.exit_code == 0, r.output


def test_a_document_that_fails_to_build_is_named_and_fails_the_evaluation(tmp_path):
    """A broken gold document used to be scored as an empty page without a word: the
    score looked real. Now it is named on stderr and the exit code is 1."""
    (tmp_path / "good.txt").write_text(
        "Lisbon hosted a peer-to-peer exchange with Porto on 3 May 2024.\n", encoding="utf-8"
    )
    (tmp_path / "broken.pdf").write_bytes(b"this is not a PDF at all")
    gold = tmp_path / "gold.json"
    gold.write_text(
        json.dumps({"documents": ["broken.pdf", "good.txt"], "entities": [], "relations": []}),
        encoding="utf-8",
    )
    assert evaluate(gold, [tmp_path]).failed_documents[0].startswith(str(tmp_path / "broken.pdf"))
    r = CliRunner().invoke(main, ["evaluate", str(gold), str(tmp_path)])
    assert r.exit_code == 1, r.output
    assert "broken.pdf" in r.stderr and "scored as empty" in r.stderr
    assert "relation P/R/F1" in r.stdout and "Traceback" not in r.output


def test_rule_reliability_counts_each_statement_by_its_rule():
    """The calibration counts (scripts/calibrate.py): every relation of the seeds is right
    (relation F1 1.00), so every rule has true positives only and together they cover every
    true positive of the score."""
    from citykg.evaluate import evaluate_graph, rule_reliability

    scored, graph, schema = evaluate_graph(ROOT / "seeds" / "gold" / "seeds.json", [ROOT / "seeds"])
    counts = rule_reliability(graph, scored, schema)
    assert counts and all(fp == 0 for _, fp in counts.values()), counts
    assert sum(tp for tp, _ in counts.values()) >= scored.relation.tp
    assert "date-block" in counts
