"""The reproduce stage on the committed 2013 wave: one test per registry claim, outputs, exit status."""

from __future__ import annotations

import shutil

import pytest

from analysis.reproduction import stage
from tests.reproduction.test_registry import STUDY

NOTE = "reconstructed"


@pytest.mark.parametrize("claim_id", sorted(STUDY))
def test_claim_against_the_published_figure(table_2013, claim_id):
    """The recomputed figure, printed as published, is STUDY.md's value; the misprint is not."""
    _, published, status = STUDY[claim_id]
    row = table_2013.loc[claim_id]
    if status == "misprint":
        assert row["match"] == "no" and "misprint" in row["explanation"]
        return
    assert row["match"] == "yes", row["explanation"]
    shown = row["as_printed"].rstrip("%")
    if claim_id in ("help_notconf_half", "risk_value_bt"):   # bounds: "more than half", "more than 96 per cent"
        assert float(row["recomputed"].rstrip("%")) > published
    else:
        assert float(shown) == published


# Bases and counts worked by hand from STUDY.md's reconciliation (661 of 692 and of 685; 650 of 692 and of 684).
@pytest.mark.parametrize("claim_id, count, n", [
    ("risk_value", 661, 685), ("risk_value_all", 661, 692), ("risk_value_bbc", 661, 692),
    ("recov_value", 650, 684), ("recov_value_all", 650, 692), ("recov_untrained", 561, 692),
    ("recov_value_untrained", None, 561),
])
def test_claims_rest_on_the_reconciling_base(table_2013, claim_id, count, n):
    row = table_2013.loc[claim_id]
    assert row["n"] == n and (count is None or row["count"] == count)


def test_variants_are_explained(table_2013):
    rest = table_2013[table_2013["status"] != "canonical"]
    assert rest["explanation"].str.len().gt(0).all()
    assert "truncated" in table_2013.loc["risk_value_bbc", "explanation"]
    assert "96%" in table_2013.loc["risk_value_bbc", "explanation"]   # 95.52% rounded would print 96%
    assert "those who answered" in table_2013.loc["recov_value", "explanation"]


@pytest.mark.parametrize("claim_id", ["risk_notconf", "help_notconf", "risk_untrained", "recov_untrained"])
def test_confidence_and_training_also_hold_on_those_who_answered(wave_2013, claim_id):
    from analysis.reproduction.compare import estimate
    from analysis.reproduction.registry import load_registry, matches
    from tests.reproduction.conftest import WAVE_DIR

    claim = {c.id: c for c in load_registry(WAVE_DIR / "published_figures.toml")}[claim_id]
    est = estimate(wave_2013, claim, "answered")
    assert matches(est["value"], claim.value, precision=claim.precision, rounding=claim.rounding)


def test_run_prints_the_note_and_writes_csv_and_markdown(project_2013, capsys):
    assert stage.run("2013", project_2013) == 0
    out = capsys.readouterr().out
    assert NOTE in out.lower() and "10 of 10 canonical figures reproduced and 1 of 1 derived" in out
    folder = project_2013.figures_dir("2013")
    md = (folder / "reproduction.md").read_text(encoding="utf-8")
    assert md.startswith("# Published figures reproduced") and "> **Note.** Reconstructed data" in md
    # What a match means comes first, then how the printed versions fit together.
    lead = md.split("\n")[2]
    assert lead.startswith("These data were generated to reproduce the published figures")
    assert "96.5%, 95.5%, 95% and more than 96% are the same 661 respondents" in lead
    import pandas as pd

    csv = pd.read_csv(folder / "reproduction.csv")
    assert len(csv) == len(STUDY) and csv["provenance_note"].str.contains("every breakdown by sector or profession").all()
    first = (folder / "reproduction.csv").read_bytes(), md
    assert stage.run("2013", project_2013) == 0
    assert ((folder / "reproduction.csv").read_bytes(), (folder / "reproduction.md").read_text()) == first


def test_a_failing_canonical_claim_exits_1(project_2013, tmp_path, capsys):
    from analysis.config import Paths

    root = tmp_path / "copy"
    shutil.copytree(project_2013.root, root)
    registry = root / "data" / "raw" / "2013" / "published_figures.toml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("value = 62\n", "value = 63\n"), encoding="utf-8")
    assert stage.run("2013", Paths(root)) == 1
    assert "not reproduced: risk_notconf" in capsys.readouterr().out


def test_a_wave_without_registry_passes(tmp_path, capsys):
    from analysis.config import Paths

    (tmp_path / "data" / "raw" / "x").mkdir(parents=True)
    assert stage.run("x", Paths(tmp_path)) == 0
    assert "nothing to reproduce" in capsys.readouterr().out


def test_run_writes_the_ranges_and_the_ensemble_and_ends_with_the_summary(project_2013, capsys):
    import pandas as pd

    assert stage.run("2013", project_2013) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-2].startswith("10 of 10 canonical figures reproduced")
    # the suite draws 4 members (tests/conftest.py); each reproduces every canonical figure
    assert out[-1].startswith("Ensemble: 4 reconstructions (different seeds), 4 of 4 reproduce every canonical figure")
    folder = project_2013.processed / "2013" / "reproduction"
    ranges = pd.read_csv(folder / "ranges.csv")
    health = ranges[(ranges["indicator"] == "risk_value") & (ranges["group_label"] == "Health (PCT)")].iloc[0]
    assert health["low"] == pytest.approx(247 / 271)          # hand-checked in test_bounds.py
    assert health["ensemble_members"] == 4 and health["low"] <= health["ensemble_low"] <= health["ensemble_high"]
    spread = pd.read_csv(folder / "ensemble.csv")
    assert set(spread["drawn"]) == {4} and set(spread["reproducing"]) == {4}
    overall = spread[(spread["indicator"] == "recov_untrained") & (spread["by"] == "overall")].iloc[0]
    assert overall["low"] == overall["high"] == pytest.approx(561 / 692, abs=1e-6)   # published: never moves


def test_consumers_read_what_the_stage_wrote(project_2013):
    from analysis.reproduction.stage import read_outputs

    assert stage.run("2013", project_2013) == 0
    path = project_2013.processed / "2013" / "reproduction" / "ranges.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("62% of all respondents", "62% of all respondents (as written)"), encoding="utf-8")
    done = read_outputs("2013", project_2013)
    assert (done["ranges"]["published"] == "62% of all respondents (as written)").sum() == 4
    assert done["table"].attrs["provenance_note"].startswith("Reconstructed data")
    # a missing file is made first, as when a stage runs on its own
    path.unlink()
    assert len(read_outputs("2013", project_2013)["ranges"]) == 34 and path.is_file()


def test_all_runs_reproduce_before_figures_and_report_and_closes_with_its_summary(tmp_path, monkeypatch, capsys,
                                                                                   built_2013):
    from analysis import cli
    from tests.projects import copy_project

    order = cli.ALL_ORDER
    assert order.index("reproduce") < order.index("figures") < order.index("report")
    assert order.index("protect") < order.index("reproduce")
    # The bundled wave with its stages run once (tests/conftest.py), less what the reproduce stage wrote:
    # figures and report find nothing changed, so the run is about the order and the summary.
    paths = copy_project(built_2013, tmp_path)
    shutil.rmtree(paths.processed / "2013" / "reproduction")
    monkeypatch.setenv("SURVEYKIT_ROOT", str(tmp_path))
    calls = []
    real = cli._stage

    def spy(name):
        run = real(name)
        return lambda wave, p: (calls.append(name), run(wave, p))[1]

    monkeypatch.setattr(cli, "_stage", spy)
    assert cli.main(["all", "--wave", "2013"]) == 0
    assert calls == ["ingest", *order]
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-2].startswith("2013: 10 of 10 canonical figures reproduced")
    assert out[-1].startswith("2013: Ensemble: 4 reconstructions")
    assert (paths.processed / "2013" / "reproduction" / "ranges.csv").is_file()
    # the figures folder holds figures and the readers' reproduction table, not the hand-off files
    assert not (paths.figures_dir("2013") / "ranges.csv").exists()


def test_a_failing_member_fails_the_stage(project_2013, monkeypatch, capsys):
    import shutil as sh

    from analysis.reproduction import ensemble, reconstruct

    real = reconstruct.generate

    def broken(*, seed):
        frame = real(seed=seed)
        if seed != reconstruct.SEED:
            frame.loc[frame.index[frame["Q1"] == 3][0], "Q1"] = 2
        return frame

    monkeypatch.setattr(reconstruct, "generate", broken)
    monkeypatch.setattr(ensemble, "inputs_key", lambda *a, **k: {"changed": True})
    sh.rmtree(project_2013.processed / "2013" / "reproduction", ignore_errors=True)
    assert stage.run("2013", project_2013) == 1
    err = capsys.readouterr().err
    assert f"reconstruction seed {reconstruct.SEED + 1} does not reproduce: sector_health, sector_education" in err
    sh.rmtree(project_2013.processed / "2013" / "reproduction")
