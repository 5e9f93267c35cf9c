"""A wave that declares strata, clusters, an fpc and a raking: from its codebook to the tables stage.

The export is the 2018 wave of the seeded fixture tests/reference/survey_fixture.csv
(schools in two nations, illustrative), the margins are tests/reference/survey_margins.csv,
and the expected numbers are R's (tests/reference/survey_reference.csv): ``svymean`` on
``rake(svydesign(ids=~school, strata=~nation, fpc=~schools_in_nation, weights=~weight), ...)``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import tables
from analysis.codebook import parse_codebook
from analysis.config import Paths
from analysis.errors import InputError
from analysis.margins import read_margins
from tests.ingest.demo import codebook_head

REF = Path(__file__).resolve().parent / "reference"

CODEBOOK = codebook_head(name="schools", data="export.csv", provenance="illustrative") + """[items.nation]
column = "nation"
type = "single"
codes = { 1 = "England", 2 = "Wales" }
[items.school]
column = "school"
type = "identifier"
[items.schools_in_nation]
column = "schools"
type = "numeric"
[items.phase]
column = "phase"
type = "single"
codes = { 1 = "Primary", 2 = "Secondary", 3 = "Special" }
[items.role]
column = "role"
type = "single"
codes = { 1 = "Head", 2 = "DSL" }
[items.w]
column = "weight"
type = "weight"
[items.conf]
column = "conf"
type = "single"
codes = { 1 = "Not confident", 2 = "Confident" }
[tables]
breakdowns = ["phase"]
[indicators.not_conf]
item = "conf"
codes = [1]
label = "Not confident"
base = "answered"
[design]
strata = "nation"
cluster = "school"
fpc = "schools_in_nation"
[weighting]
margins = "margins.csv"
"""


def project(root: Path, codebook: str = CODEBOOK) -> Paths:
    d = pd.read_csv(REF / "survey_fixture.csv", dtype={"wave": str})
    d = d[d["wave"] == "2018"].reset_index(drop=True)
    export = pd.DataFrame({
        "id": [f"r{i:03d}" for i in range(len(d))], "nation": d["nation"], "school": d["school"],
        "schools": d["schools_in_nation"], "phase": d["phase"], "role": d["role"], "weight": d["weight"],
        "conf": d["not_confident"].map({1: "Not confident", 0: "Confident"}),
    })
    wave = root / "data" / "raw" / "schools"
    wave.mkdir(parents=True)
    (root / "data" / "processed").mkdir(parents=True)
    export.to_csv(wave / "export.csv", index=False)
    shutil.copy(REF / "survey_margins.csv", wave / "margins.csv")
    (wave / "codebook.toml").write_text(codebook)
    return Paths(root)


def reference(case: str) -> pd.DataFrame:
    r = pd.read_csv(REF / "survey_reference.csv").drop_duplicates()
    return r[r["case"] == case].pivot(index="group", columns="quantity", values="value")


def test_tables_stage_uses_the_design_and_the_raking(tmp_path, capsys):
    paths = project(tmp_path)
    assert tables.run("schools", paths) == 0
    out = paths.tables_dir("schools")
    est = pd.read_csv(out / "estimates.csv")
    est = est[(est["indicator"] == "not_conf") & (est["base_name"] == "answered")].set_index("group")
    ref = reference("raked_design_fpc")
    for g in ["All", "Primary"]:  # the smaller phases are suppressed (bases under 30)
        # the CSV holds 10 significant figures
        assert est.loc[g, "proportion"] == pytest.approx(ref.loc[g, "proportion"], rel=1e-9)
        assert est.loc[g, "se"] == pytest.approx(ref.loc[g, "se"], rel=1e-9)
        assert est.loc[g, "deff"] == pytest.approx(ref.loc[g, "deff"], rel=1e-9)
    info = json.loads((out / "tables.json").read_text())
    assert info["design"]["strata"] == "nation" and info["design"]["cluster_count"] == 56
    w = info["weighting"]
    assert w["converged"] and w["variables"] == ["role", "phase"]
    assert w["population_total"] == pytest.approx(4600, rel=1e-12)
    assert w["weight_max"] == pytest.approx(reference("raked_design").loc["weights", "max"], rel=1e-9)
    for m in w["margins"]:
        assert m["weighted"] == pytest.approx(m["population"], rel=1e-9)
    # the cluster identifiers reach processed data but no output
    assert "school" in pd.read_parquet(paths.processed_frame("schools")).columns
    for f in out.iterdir():
        text = f.read_text()
        assert "E01" not in text and "W01" not in text, f.name
        assert "school" not in pd.read_csv(f).columns if f.suffix == ".csv" else True


def test_design_item_must_exist_and_have_a_usable_type():
    bad = CODEBOOK.replace('cluster = "school"', 'cluster = "schol"').replace('fpc = "schools_in_nation"',
                                                                              'fpc = "phase"')
    with pytest.raises(InputError) as e:
        parse_codebook(bad)
    text = str(e.value)
    assert "design.cluster" in text and "schol" in text
    assert "design.fpc" in text and "numeric" in text


def test_identifier_named_as_cluster_is_kept_as_a_design_variable():
    cb = parse_codebook(CODEBOOK)
    assert cb.items["school"].reaches_processed
    assert cb.design.variables == ("nation", "school", "schools_in_nation")


def test_bad_margin_rows_are_each_named(tmp_path):
    cb = parse_codebook(CODEBOOK)
    path = tmp_path / "margins.csv"
    path.write_text("variable,category,population,source\nrole,Head,2300,x\nrole,Deputy,10,x\n"
                    "sector,Health,5,x\nphase,Primary,-1,x\n")
    with pytest.raises(InputError) as e:
        read_margins(path, cb)
    lines = e.value.lines()
    assert any("column 'category', row 3" in x and "Deputy" in x for x in lines)
    assert any("column 'variable', row 4" in x and "sector" in x for x in lines)
    assert any("column 'population', row 5" in x for x in lines)
    assert any("every category of 'role'" in x and "DSL" in x for x in lines)


def test_a_respondent_outside_every_margin_category_is_one_clear_error(tmp_path):
    paths = project(tmp_path)
    export = paths.wave_dir("schools") / "export.csv"
    d = pd.read_csv(export)
    d.loc[4, "role"] = None
    d.to_csv(export, index=False)
    with pytest.raises(InputError, match="margins.csv: .*role"):
        tables.run("schools", paths)


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "2018-schools"


@pytest.mark.parametrize("case", ["raked", "design"])
def test_illustrative_clustered_example_matches_r(tmp_path, case):
    wave = tmp_path / "data" / "raw" / "2018-schools"
    wave.mkdir(parents=True)
    (tmp_path / "data" / "processed").mkdir()
    for name in ("illustrative_2018_schools.csv", "margins.csv"):
        shutil.copy(EXAMPLE / name, wave / name)
    # checked as if real: an illustrative wave's outputs carry no test between groups (analysis/untested.py),
    # and here it is the engine's tests that are compared with R's
    codebook = (EXAMPLE / "codebook.toml").read_text().replace('provenance = "illustrative"', 'provenance = "real"')
    if case == "design":
        codebook = codebook.split("[weighting]")[0]
    (wave / "codebook.toml").write_text(codebook)
    paths = Paths(tmp_path)
    assert tables.run("2018-schools", paths) == 0
    out = paths.tables_dir("2018-schools")
    r = pd.read_csv(REF / "example_schools_reference.csv")
    ref = r[r["case"] == case].set_index(["indicator", "group", "quantity"])["value"]
    est = pd.read_csv(out / "estimates.csv").set_index(["indicator", "base_name", "group"])
    tests_ = pd.read_csv(out / "tests.csv").set_index(["indicator", "by"])
    for ours, theirs in (("not_confident", "not_confident"), ("trained", "is_trained")):
        for g in ["All", "Primary", "Secondary", "Special"]:
            row = est.loc[(ours, "answered", g)]
            for q in ("proportion", "se", "deff"):
                assert row[q] == pytest.approx(ref[(theirs, g, q)], rel=1e-9), (ours, g, q)
        assert tests_.loc[(ours, "phase"), "statistic"] == pytest.approx(ref[(theirs, "phase", "F")], rel=1e-9)
        assert tests_.loc[(ours, "phase"), "p_value"] == pytest.approx(ref[(theirs, "phase", "F_p")], rel=1e-9)
        # pairs of phases: R's svyttest on the pair's subset (the CSV holds 10 significant figures)
        pairs = pd.read_csv(out / "pairwise.csv")
        pairs = pairs[(pairs["indicator"] == ours) & (pairs["by"] == "phase") & (pairs["base_name"] == "answered")]
        assert len(pairs) == 3
        for row in pairs.itertuples():
            key = f"{row.group_1}-{row.group_2}"
            assert row.test == "t" and row.df == ref[(theirs, key, "df")]
            for q, col in (("difference", "difference"), ("t", "statistic"), ("p_value", "p_value")):
                assert getattr(row, col) == pytest.approx(ref[(theirs, key, q)], rel=1e-9), (ours, key, q)
    info = json.loads((out / "tables.json").read_text())
    assert (info["design"]["cluster_count"], info["design"]["strata_count"]) == (330, 2)
    assert ("weighting" in info) == (case == "raked")


def test_trend_rows_of_a_designed_wave_carry_the_design_variance(tmp_path):
    from analysis.ingest.pipeline import load_wave
    from analysis.waves.trends import trend_table

    paths = project(tmp_path)
    trend = trend_table([load_wave("schools", paths)])
    row = trend[trend["indicator"] == "not_conf"].iloc[0]
    ref = reference("raked_design_fpc").loc["All"]
    assert row["se"] == pytest.approx(ref["se"], rel=1e-9)
    # the effective base Newcombe's wave difference uses is the design's
    assert row["effective_n"] == pytest.approx(ref["proportion"] * (1 - ref["proportion"]) / ref["se"] ** 2, rel=1e-9)


def test_a_respondent_without_a_cluster_is_one_clear_error(tmp_path):
    paths = project(tmp_path)
    export = paths.wave_dir("schools") / "export.csv"
    d = pd.read_csv(export)
    d.loc[6, "school"] = None
    d.to_csv(export, index=False)
    with pytest.raises(InputError) as e:
        tables.run("schools", paths)
    (line,) = e.value.lines()
    assert "export.csv" in line and "column 'school'" in line and "blank for respondent r006" in line


def test_a_wave_can_be_poststratified_instead_of_raked(tmp_path):
    codebook = CODEBOOK.replace('fpc = "schools_in_nation"\n', "").replace(
        'margins = "margins.csv"', 'margins = "margins.csv"\nmethod = "poststratify"')
    paths = project(tmp_path, codebook)
    margins = paths.wave_dir("schools") / "margins.csv"
    margins.write_text("".join(line for line in margins.read_text().splitlines(keepends=True)
                               if not line.startswith("role,")))
    assert tables.run("schools", paths) == 0
    out = paths.tables_dir("schools")
    est = pd.read_csv(out / "estimates.csv")
    est = est[(est["indicator"] == "not_conf") & (est["base_name"] == "answered")].set_index("group")
    ref = reference("post_design")
    for g in ["All", "Primary"]:
        assert est.loc[g, "se"] == pytest.approx(ref.loc[g, "se"], rel=1e-9)
    assert json.loads((out / "tables.json").read_text())["weighting"]["method"] == "poststratify"


def test_poststratification_needs_one_variable(tmp_path):
    codebook = CODEBOOK.replace('margins = "margins.csv"', 'margins = "margins.csv"\nmethod = "poststratify"')
    with pytest.raises(InputError, match="one variable for post-stratification"):
        tables.run("schools", project(tmp_path, codebook))


# --------------------------------------------------------------------------- the weight stage


def test_weight_stage_writes_the_calibrated_weights_and_the_report(tmp_path):
    from analysis import weighting

    paths = project(tmp_path)
    assert weighting.run("schools", paths) == 0
    stored = pd.read_parquet(paths.processed / "schools.weights.parquet")
    report = json.loads((paths.processed / "schools.weighting.json").read_text())
    ref = reference("raked_design")
    assert stored["weight"].sum() == pytest.approx(ref.loc["weights", "sum"], rel=1e-9)
    assert stored["weight"].max() == pytest.approx(ref.loc["weights", "max"], rel=1e-9)
    w = report["weighting"]
    for key in ("iterations", "max_margin_error", "weight_min", "weight_max", "kish_effective_n",
                "design_effect_weighting"):
        assert key in w, key
    # Kish's effective base and design effect written out from the stored weights
    x = stored["weight"].to_numpy()
    assert w["kish_effective_n"] == pytest.approx(x.sum() ** 2 / (x * x).sum(), rel=1e-12)
    assert w["design_effect_weighting"] == pytest.approx(len(x) * (x * x).sum() / x.sum() ** 2, rel=1e-12)
    assert report["design"]["cluster_count"] == 56
    # the cluster identifiers stay out of the weighting outputs
    assert "school" not in stored.columns
    assert "E01" not in (paths.processed / "schools.weighting.json").read_text()


def test_tables_and_trends_read_the_stored_weights_without_raking_again(tmp_path, monkeypatch):
    from analysis import weighting
    from analysis.ingest.pipeline import load_wave
    from analysis.stats import weights
    from analysis.waves.trends import trend_table

    paths = project(tmp_path)
    assert weighting.run("schools", paths) == 0

    def refuse(*args, **kwargs):
        raise AssertionError("raked a second time")

    monkeypatch.setattr(weights, "rake", refuse)
    monkeypatch.setattr(weights, "poststratify", refuse)
    assert tables.run("schools", paths) == 0
    est = pd.read_csv(paths.tables_dir("schools") / "estimates.csv")
    row = est[(est["indicator"] == "not_conf") & (est["base_name"] == "answered") & (est["group"] == "All")].iloc[0]
    ref = reference("raked_design_fpc").loc["All"]
    assert row["se"] == pytest.approx(ref["se"], rel=1e-9)
    trend = trend_table([load_wave("schools", paths)])
    assert trend[trend["indicator"] == "not_conf"].iloc[0]["se"] == pytest.approx(ref["se"], rel=1e-9)
    info = json.loads((paths.tables_dir("schools") / "tables.json").read_text())
    assert info["weighting"]["iterations"] >= 1


def test_stored_weights_are_recomputed_when_the_margins_change(tmp_path):
    from analysis import weighting

    paths = project(tmp_path)
    assert weighting.run("schools", paths) == 0
    margins = paths.wave_dir("schools") / "margins.csv"
    margins.write_text(margins.read_text().replace("role,Head,2300", "role,Head,2500")
                       .replace("role,DSL,2300", "role,DSL,2100"))
    assert tables.run("schools", paths) == 0
    stored = pd.read_parquet(paths.processed / "schools.weights.parquet")
    d = pd.read_csv(paths.wave_dir("schools") / "export.csv")
    heads = stored["weight"].to_numpy()[(d["role"] == "Head").to_numpy()]
    assert heads.sum() == pytest.approx(2500, rel=1e-9)


def test_a_wave_without_design_or_weighting_gets_no_weights_file(tmp_path, capsys):
    from analysis import weighting

    codebook = CODEBOOK.split("[design]")[0]
    paths = project(tmp_path, codebook)
    assert weighting.run("schools", paths) == 0
    assert not (paths.processed / "schools.weights.parquet").exists()
    assert "no [design] or [weighting]" in capsys.readouterr().out


def test_the_weight_stage_runs_between_ingest_and_tables():
    from analysis.cli import ALL_ORDER, STAGES

    names = list(STAGES)
    assert names.index("ingest") < names.index("weight") < names.index("tables")
    assert ALL_ORDER.index("weight") < ALL_ORDER.index("tables") < ALL_ORDER.index("trends")
    assert STAGES["weight"][0] == "analysis.weighting"


def _run_example(root: Path, codebook: str) -> list[Path]:
    """Run every stage on the clustered example with ``codebook``; every file the run wrote."""
    from analysis.cli import main

    wave = root / "data" / "raw" / "2018-schools"
    wave.mkdir(parents=True)
    (root / "data" / "processed").mkdir()
    for name in ("illustrative_2018_schools.csv", "margins.csv"):
        shutil.copy(EXAMPLE / name, wave / name)
    (wave / "codebook.toml").write_text(codebook)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SURVEYKIT_ROOT", str(root))
        assert main(["all", "--wave", "2018-schools"]) == 0
    return sorted(p for p in root.rglob("*") if p.is_file() and p.parent != wave)


@pytest.fixture(scope="module")
def weighted_run(tmp_path_factory) -> tuple[Path, list[Path]]:
    """The example as bundled: design weights, strata, clusters, fpc, raked to role and phase."""
    root = tmp_path_factory.mktemp("weighted")
    return root, _run_example(root, (EXAMPLE / "codebook.toml").read_text())


@pytest.fixture(scope="module")
def unweighted_run(tmp_path_factory) -> tuple[Path, list[Path]]:
    """The same export read as an unweighted wave: no [design], no [weighting], the weight a plain number."""
    root = tmp_path_factory.mktemp("unweighted")
    codebook = (EXAMPLE / "codebook.toml").read_text().split("[design]")[0]
    codebook = codebook.replace('column = "Design weight"\ntype = "weight"',
                                'column = "Design weight"\ntype = "numeric"')
    assert 'type = "weight"' not in codebook
    return root, _run_example(root, codebook)


def _text(path: Path) -> str:
    import zipfile

    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    if path.suffix in (".pptx", ".docx"):  # the words of every XML part (pictures and embedded data left out)
        with zipfile.ZipFile(path) as z:
            return " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels")))
    if path.suffix == ".parquet":
        stored = pd.read_parquet(path)
        return " ".join(map(str, [*stored.columns, *stored.index]))
    return path.read_text(encoding="utf-8")


def test_example_outputs_hold_no_school_id_and_say_they_are_weighted(weighted_run):
    tmp_path, written = weighted_run
    ids = set(pd.read_csv(EXAMPLE / "illustrative_2018_schools.csv")["School URN"])
    assert len(ids) == 330
    processed = tmp_path / "data" / "processed"
    outputs = [p for root in (tmp_path / "figures", tmp_path / "reports", processed / "2018-schools")
               for p in root.rglob("*") if p.is_file()]
    outputs += [processed / "2018-schools.weighting.json", processed / "2018-schools.weights.parquet"]
    texts = {}
    for path in outputs:
        if path.suffix == ".png":
            continue  # pixels; the same figure's words are in its .svg and .json
        text = texts[path] = _text(path)
        assert not set(re.findall(r"\b[EW]\d{3}\b", text)) & ids, path.name
        assert "School URN" not in text, path.name
    assert any(p.suffix == ".svg" for p in texts) and any(p.suffix == ".xlsx" for p in texts)
    # every report and figure says the percentages are weighted, to what, and that bases are unweighted
    for path, text in texts.items():
        if path.suffix in (".html", ".xlsx"):
            assert "raked to population totals of role and phase" in text, path.name
            assert "counts and bases stay unweighted" in text, path.name
        if path.suffix == ".json" and path.parent.name == "2018-schools" and path.parent.parent.name == "figures":
            notes = json.loads(text)["notes"]
            assert ("Percentages are weighted: raked from the design weight design_weight to population totals "
                    "of role and phase (margins.csv); n is the unweighted number of respondents.") in notes
    est = pd.read_csv(processed / "2018-schools" / "protected" / "estimates.csv")
    assert {"n", "weighted_n", "proportion"} <= set(est.columns)


#: What every output of the bundled clustered example must say (the codebook's weight item, the
#: margins file's variables in its order, and its name).
EXAMPLE_WEIGHTING = ("Percentages are weighted: raked from the design weight design_weight to population totals "
                     "of role and phase (margins.csv); n is the unweighted number of respondents.")
#: Respondent-level files of the ingest and weight stages: the data estimates are made from, not
#: outputs with percentages (the weights file is the weighting; weighting.json describes it).
RESPONDENT_FILES = {"2018-schools.parquet", "2018-schools.json",
                    "2018-schools.weights.parquet"}


def test_every_data_file_of_a_weighted_wave_says_it_is_weighted_and_to_what(weighted_run):
    root, written = weighted_run
    checked = set()
    for path in written:
        rel = path.relative_to(root).as_posix()
        if path.name in RESPONDENT_FILES or path.suffix == ".png":
            continue  # a PNG is the pixels of the SVG beside it
        if ".stages" in path.parts:
            continue  # a stage's record of its inputs' key and its outputs' digests: no numbers
        if path.suffix == ".csv":
            frame = pd.read_csv(path, keep_default_na=False)
            assert "weighting" in frame.columns, rel
            assert set(frame["weighting"]) <= {EXAMPLE_WEIGHTING}, rel
            if len(frame):
                assert set(frame["weighting"]) == {EXAMPLE_WEIGHTING}, rel
            if "proportion" in frame.columns:  # weighted percentages with unweighted bases beside them
                assert {"n", "weighted_n"} <= set(frame.columns), rel
        elif path.name == "2018-schools.weighting.json":
            record = json.loads(path.read_text())
            assert record["weighting"]["method"] == "raking" and record["weighting"]["variables"] == ["role", "phase"]
            assert record["design"]["weight"] == "design_weight"
        elif path.suffix == ".json" and path.parent.parent.name == "figures":
            assert EXAMPLE_WEIGHTING in json.loads(path.read_text())["notes"], rel
        elif path.suffix == ".json":
            assert json.loads(path.read_text())["weighting_note"] == EXAMPLE_WEIGHTING, rel
        elif path.suffix == ".svg":  # the chart alone; the caption's lines in its metadata description
            text = " ".join(re.findall(r"<dc:description>(.*?)</dc:description>", path.read_text(), re.S))
            assert "Percentages are weighted: raked from the design weight" in text, rel
            assert "to population totals of role and phase (margins.csv)" in text, rel
        elif path.suffix in (".html", ".xlsx", ".docx"):
            text = _text(path)
            assert "raked to population totals of role and phase" in text, rel
            assert "counts and bases stay unweighted" in text, rel
        elif path.suffix == ".pptx":  # each chart's slide carries its figure's notes
            assert EXAMPLE_WEIGHTING in _text(path), rel
        else:
            raise AssertionError(f"{rel}: an output this test does not know")
        checked.add(rel)
    expected = {"data/processed/2018-schools/tables/estimates.csv", "data/processed/2018-schools/tables/pairwise.csv",
                "data/processed/2018-schools/tables/tests.csv", "data/processed/2018-schools/tables/tables.json",
                "data/processed/2018-schools/tables/distributions.csv",
                "data/processed/2018-schools/protected/estimates.csv",
                "data/processed/2018-schools/protected/distributions.csv",
                "data/processed/2018-schools/protected/withheld.csv",
                "data/processed/2018-schools/protected/protected.json",
                "figures/2018-schools/fig1_headline.csv", "figures/2018-schools/fig1_headline.json",
                "figures/2018-schools/fig1_headline_percentages.csv",
                "reports/2018-schools/2018-schools.html", "reports/2018-schools/2018-schools.xlsx",
                "reports/2018-schools/2018-schools.pptx", "reports/2018-schools/2018-schools.docx"}
    assert expected <= checked


def test_no_file_of_an_unweighted_wave_claims_weighting(unweighted_run):
    root, written = unweighted_run
    assert written
    for path in written:
        rel = path.relative_to(root).as_posix()
        if path.suffix == ".png" or path.suffix == ".parquet":
            continue
        assert "weighting.json" not in path.name, rel
        text = _text(path)
        assert "Percentages are weighted" not in text and "raked" not in text, rel
        if path.suffix == ".csv":
            assert "weighting" not in pd.read_csv(path).columns, rel
        if path.suffix == ".json":
            assert "weighting_note" not in json.loads(text), rel


def test_rows_of_another_wave_in_a_comparison_do_not_claim_this_waves_weighting():
    from analysis.figures.stage import data_csv
    from analysis.weighting import with_weighting

    frame = pd.DataFrame({"indicator": ["x", "x"], "wave": ["2013", "2018-schools"], "proportion": [0.4, 0.5]})
    out = with_weighting(frame, "Percentages are weighted by w.", wave="2018-schools")
    assert out["weighting"].tolist() == ["", "Percentages are weighted by w."]
    assert list(with_weighting(frame, "")) == ["indicator", "wave", "proportion"]
    lines = data_csv(frame, "Weighted by w.", "2018-schools").splitlines()
    assert lines[0].endswith(",weighting") and lines[1].endswith(",") and lines[2].endswith(",Weighted by w.")


def test_the_weight_stage_reads_no_respondent_of_a_wave_without_weighting(tmp_path, monkeypatch, capsys):
    import analysis.ingest.pipeline as pipeline
    from analysis import weighting
    from tests.projects import bundled_project

    paths = bundled_project(tmp_path)   # the 2013 codebook declares neither [design] nor [weighting]

    def refuse(*args, **kwargs):
        raise AssertionError("read the wave's respondents")

    monkeypatch.setattr(pipeline, "load_wave", refuse)
    assert weighting.run("2013", paths) == 0
    assert capsys.readouterr().out.strip() == ("weight 2013: no [design] or [weighting] in the codebook; "
                                                "estimates are unweighted")
    assert not weighting.report_path(paths, "2013").exists()
