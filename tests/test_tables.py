"""The tables stage on a small fake wave written by the test itself."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis import tables
from analysis.codebook import parse_codebook
from analysis.config import Paths
from tests.ingest.demo import codebook_head

CODEBOOK = codebook_head(name="fake", data="fake.csv", provenance="illustrative") + """[items.sector]
column = "S"
type = "single"
codes = { 1 = "Health", 2 = "Education", 3 = "Other" }
[items.profession]
column = "P"
type = "single"
codes = { 1 = "Nurse", 2 = "Teacher" }
[items.conf]
column = "Q1"
type = "ordinal"
codes = { 1 = "Not at all", 2 = "Not very", 3 = "Fairly", 4 = "Very" }
missing = { 8 = "dont_know" }
[items.w]
column = "W"
type = "weight"
[tables]
breakdowns = ["sector", "profession"]
crosses = [["sector", "profession"]]
[indicators.not_conf]
item = "conf"
codes = [1, 2]
label = "Not confident"
"""

# respondent: sector, profession, conf code (8 = don't know, None = blank)
ROWS = [
    (1, 1, 1), (1, 1, 2), (1, 2, 3), (1, 2, 4), (1, 1, 8),
    (2, 2, 1), (2, 2, 3), (2, 2, 3), (2, 1, 4), (2, 2, None),
]


def fake_wave(*, weights=None):
    cb = parse_codebook(CODEBOOK if weights is not None else CODEBOOK.replace('[items.w]\ncolumn = "W"\ntype = "weight"\n', ""))
    ids = [f"r{i}" for i in range(len(ROWS))]
    items = {"sector": 0, "profession": 1, "conf": 2}
    long_rows, resp = [], {}
    for name, k in items.items():
        item = cb.items[name]
        labels = []
        for rid, row in zip(ids, ROWS):
            code = row[k]
            if code is None:
                long_rows.append((rid, name, pd.NA, pd.NA, "no_answer"))
                labels.append(None)
            else:
                kind = item.missing[code].kind if code in item.missing else pd.NA
                long_rows.append((rid, name, code, item.label_of(code), kind))
                labels.append(item.label_of(code))
        cats = item.labels() + [m.label for m in item.missing.values()]
        resp[name] = pd.Categorical(labels, categories=cats, ordered=item.type == "ordinal")
    if weights is not None:
        resp["w"] = pd.array(weights, dtype="Float64")
    respondents = pd.DataFrame(resp, index=pd.Index(ids, name="respondent"))
    long = pd.DataFrame(long_rows, columns=["respondent", "item", "code", "label", "missing"])
    long["code"] = long["code"].astype("Int64")
    return SimpleNamespace(codebook=cb, respondents=respondents, long=long)


def test_estimates_on_default_and_answered_bases():
    frames = tables.table_set(fake_wave(), small_base=0, suppress_below=0)
    est = frames["estimates"]
    overall = est[est["by"] == "overall"].set_index("base_name")
    # all respondents: 3 of 10 said not at all / not very (blank and don't know are in the base as "no")
    assert (overall.loc["all", "count"], overall.loc["all", "n"]) == (3, 10)
    assert overall.loc["all", "base"] == "all respondents"
    # those who answered: 3 of 8 (the don't know and the blank leave the base)
    assert (overall.loc["answered", "count"], overall.loc["answered", "n"]) == (3, 8)
    assert overall.loc["answered", "base"] == "those who answered"
    by_sector = est[(est["by"] == "sector") & (est["base_name"] == "all")]
    assert by_sector["group"].tolist() == ["Health", "Education", "Other"]
    assert by_sector["count"].tolist() == [2, 1, 0]
    assert by_sector["n"].tolist() == [5, 5, 0]
    assert np.isnan(by_sector["proportion"].iloc[2])  # empty category kept, NA estimate
    cross = est[(est["by"] == "sector × profession") & (est["base_name"] == "all")]
    assert cross["group"].iloc[0] == "Health × Nurse" and len(cross) == 6
    assert list(est.columns[:16]) == list(tables_columns())
    assert set(frames["estimates"]["provenance"]) == {"illustrative"}


def tables_columns():
    from analysis.stats import COLUMNS

    return COLUMNS


def test_distributions_sum_to_one_and_tests_present():
    frames = tables.table_set(fake_wave(), small_base=0, suppress_below=0)
    dist = frames["distributions"]
    dist = dist[dist["indicator"] == "conf"]  # the scale (every coded item has its topline distribution)
    overall = dist[(dist["by"] == "overall") & (dist["base_name"] == "answered")]
    assert overall["category"].tolist() == ["Not at all", "Not very", "Fairly", "Very"]
    assert overall["proportion"].sum() == pytest.approx(1.0)
    all_base = dist[(dist["by"] == "overall") & (dist["base_name"] == "all")]
    # the 'all' base keeps don't know and the blank answer as categories of their own
    assert all_base["category"].tolist()[-2:] == ["Don't know", "No answer"]
    assert all_base["n"].iloc[0] == 10
    # an illustrative wave's groups are invented: no test, pairwise comparison or letter
    assert frames["tests"].empty and frames["pairwise"].empty
    assert (frames["estimates"]["letters"] == "").all()


def test_a_real_wave_has_a_test_per_grouping(tmp_path):
    frames = tables.table_set(_wave_in(tmp_path / "w", provenance="real", registry=False), small_base=0,
                              suppress_below=0)
    assert set(frames["tests"]["by"]) == {"sector", "profession", "sector × profession"}
    assert {"pearson_x2", "rao_scott_f", "adjusted_chisq", "groups_left_out"} <= set(frames["tests"].columns)


def test_weighted_table_set_uses_the_weight():
    weights = [1.0, 2.0, 1.0, 1.0, 1.0, 3.0, 1.0, 1.0, 1.0, 1.0]
    est = tables.table_set(fake_wave(weights=weights), small_base=0, suppress_below=0)["estimates"]
    row = est[(est["by"] == "overall") & (est["base_name"] == "all")].iloc[0]
    # yes: r0 (w 1), r1 (w 2), r5 (w 3) -> 6 of a total weight of 13
    assert row["weighted_count"] == pytest.approx(6.0)
    assert row["weighted_n"] == pytest.approx(13.0)
    assert row["proportion"] == pytest.approx(6 / 13)
    assert row["effective_n"] == pytest.approx(13 ** 2 / 21)


def test_run_writes_deterministic_csvs(tmp_path, monkeypatch):
    wave = fake_wave()
    monkeypatch.setattr(tables, "_load_wave", lambda name, paths: wave)
    paths = Paths(tmp_path)
    assert tables.run("fake", paths) == 0
    out = paths.tables_dir("fake")
    names = sorted(p.name for p in out.iterdir())
    assert names == ["distributions.csv", "estimates.csv", "options.csv", "options_mean.csv", "options_tests.csv",
                     "pairwise.csv", "tables.json", "tests.csv"]
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert tables.run("fake", paths) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    text = (out / "estimates.csv").read_text()
    assert text.startswith("indicator,base,by,group,count,n,weighted_count,weighted_n,effective_n,proportion,")
    assert "\r" not in text
    assert '"is_reconstructed": true' in (out / "tables.json").read_text()


REGISTRY = """
[[claims]]
id = "n"
finding = "n"
measure = "respondents"
statistic = "respondents"
value = 10
precision = 0
rounding = "exact"
base = "all"
source = "A test summary"
date = "2014-01-28"
status = "canonical"

[[claims]]
id = "not_conf"
finding = "not_conf"
measure = "share not confident"
statistic = "percent"
indicator = "not_conf"
value = 30
precision = 0
rounding = "rounded"
base = "all"
source = "A test summary"
date = "2014-01-28"
status = "canonical"
"""


def _wave_in(folder, *, provenance, registry):
    folder.mkdir(parents=True, exist_ok=True)
    if registry:
        (folder / "published_figures.toml").write_text(REGISTRY, encoding="utf-8")
    wave = fake_wave()
    cb = parse_codebook(CODEBOOK.replace('[items.w]\ncolumn = "W"\ntype = "weight"\n', "")
                        .replace('"illustrative"', f'"{provenance}"'), source=str(folder / "codebook.toml"))
    return SimpleNamespace(codebook=cb, respondents=wave.respondents)


def test_a_real_wave_carries_no_marks(tmp_path):
    frames = tables.table_set(_wave_in(tmp_path / "w", provenance="real", registry=True), small_base=0,
                              suppress_below=0)
    for frame in frames.values():
        assert set(frame["number_class"]) <= {"observed"} and set(frame["number_basis"]) <= {""}


def test_a_reconstruction_beside_its_registry_marks_every_number(tmp_path):
    frames = tables.table_set(_wave_in(tmp_path / "w", provenance="reconstructed", registry=True), small_base=0,
                              suppress_below=0)
    est = frames["estimates"]
    overall = est[est["by"] == "overall"].set_index("base_name")
    # 3 of 10 not confident on all respondents: the published 30%; on those who answered the blanks were not published
    assert overall.loc["all", "number_class"] == "published" and overall.loc["answered", "number_class"] == "invented"
    assert set(est.loc[est["by"] != "overall", "number_class"]) == {"invented"}
    assert set(frames["distributions"]["number_class"]) == {"invented"}
    assert frames["tests"].empty and frames["pairwise"].empty  # no test on invented numbers


def test_an_illustrative_wave_without_registry_is_unmarked(tmp_path):
    frames = tables.table_set(_wave_in(tmp_path / "w", provenance="illustrative", registry=False), small_base=0,
                              suppress_below=0)
    assert set(frames["estimates"]["number_class"]) == {"illustrative"}


def test_interval_method_set_in_the_codebook_is_used():
    wave = fake_wave(weights=[1.0, 2.0, 1.0, 1.0, 1.0, 3.0, 1.0, 1.0, 1.0, 1.0])
    cb = parse_codebook(CODEBOOK.replace("[tables]", '[tables]\ninterval = "logit"', 1))
    wave = SimpleNamespace(**{**vars(wave), "codebook": cb})
    est = tables.table_set(wave, small_base=0, suppress_below=0)["estimates"]
    assert set(est["method"]) == {"logit"}
    assert set(tables.table_set(fake_wave(), small_base=0, suppress_below=0)["estimates"]["method"]) == {"wilson"}
