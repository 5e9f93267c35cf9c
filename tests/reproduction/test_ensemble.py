"""The ensemble of reconstructions: every member reproduces the published figures; invented numbers move."""

from __future__ import annotations

import pytest

from tests.reproduction.conftest import WAVE_DIR

#: Counts published (or following from published figures), by hand from STUDY.md: the sector sizes, and the
#: counts that print as 81.1% of 692 (561 only: 80.05% x 692 = 560.97 .. 81.15% x 692 = 561.56) and as
#: 95.5% of 692 (661 only: 95.45% x 692 = 660.5 .. 95.55% x 692 = 661.2).
SECTORS = {1: 231, 2: 278, 3: 173, 4: 10}


@pytest.fixture(scope="module")
def built():
    from analysis.codebook import load_codebook
    from analysis.reproduction.ensemble import build
    from analysis.reproduction.registry import load_registry

    cb = load_codebook(WAVE_DIR / "codebook.toml")
    claims = load_registry(WAVE_DIR / "published_figures.toml", codebook=cb)
    summary, record = build(cb, claims, members=4)
    return cb, claims, summary, record


def test_members_are_different_draws_that_each_hit_the_published_counts():
    from analysis.reproduction.ensemble import seeds
    from analysis.reproduction.reconstruct import SEED, generate

    assert seeds(3) == [SEED, SEED + 1, SEED + 2]
    frames = [generate(seed=s) for s in seeds(3)]
    for f in frames:
        assert {code: int((f["Q1"] == code).sum()) for code in SECTORS} == SECTORS
        assert int((f["Q8"] == 2).sum()) == 561 and int((f["Q7"] == 1).sum()) == 661
        assert 426 <= int(f["Q4"].isin([1, 2]).sum()) <= 432      # 62% of 692, rounded
    # the invented parts differ: who is in which sector, and the profession mix
    assert not frames[0]["Q1"].equals(frames[1]["Q1"])
    assert not frames[0]["Q2"].value_counts().equals(frames[1]["Q2"].value_counts())


def test_every_member_reproduces_every_canonical_claim(built):
    _, _, _, record = built
    assert record["members"] == 4 and record["reproduced"] == 4 and record["failed"] == {}


def test_a_member_that_misses_a_published_figure_is_reported(built, monkeypatch):
    from analysis.reproduction import ensemble, reconstruct

    cb, claims, _, _ = built
    real = reconstruct.generate

    def off_by_one(*, seed):
        frame = real(seed=seed)
        if seed == reconstruct.SEED + 1:   # one more health worker, one fewer in education
            frame.loc[frame.index[frame["Q1"] == 3][0], "Q1"] = 2
        return frame

    monkeypatch.setattr(reconstruct, "generate", off_by_one)
    _, record = ensemble.build(cb, claims, members=2)
    assert record["reproduced"] == 1
    assert record["failed"] == {str(reconstruct.SEED + 1): ["sector_health", "sector_education"]}


def test_published_numbers_do_not_move_and_invented_ones_do(built):
    _, _, summary, _ = built
    rows = summary.set_index(["indicator", "by", "group"])
    # 561 of 692 untrained in recovery, in every member
    fixed = rows.loc[("recov_untrained", "overall", "All")]
    assert fixed["low"] == fixed["high"] == pytest.approx(561 / 692, abs=1e-6)
    # 661 of the 685 who answered would value risk training
    fixed = rows.loc[("risk_value", "overall", "All")]
    assert fixed["low"] == fixed["high"] == pytest.approx(661 / 685, abs=1e-6)
    assert rows.loc[("risk_value", "overall", "All"), "n_min"] == 685
    # invented: having dealt with a case (never published), and every sector breakdown
    moved = rows.loc[("dealt_case", "overall", "All")]
    assert moved["low"] < moved["high"]
    assert (rows.xs("sector", level="by")["high"] > rows.xs("sector", level="by")["low"]).any()
    # the group sizes of the sectors are published, so they never change
    sector = rows.xs("sector", level="by")
    assert set(sector.loc["risk_notconf", "n_min"]) == set(SECTORS.values())
    assert (sector.loc["risk_notconf", "n_min"] == sector.loc["risk_notconf", "n_max"]).all()


def test_every_member_lies_inside_the_exact_published_range(built):
    from analysis.reproduction.ranges import range_table

    cb, claims, summary, _ = built
    ranges = range_table(claims, cb)
    spread = summary.rename(columns={"group": "group_label", "low": "e_low", "high": "e_high"})
    joined = ranges.merge(spread, on=["indicator", "by", "group_label"])
    assert len(joined) == len(ranges)
    assert (joined["e_low"] >= joined["low"] - 1e-6).all() and (joined["e_high"] <= joined["high"] + 1e-6).all()


def test_summary_is_deterministic(built):
    from analysis.reproduction.ensemble import build

    cb, claims, summary, record = built
    again, again_record = build(cb, claims, members=4)
    assert again.equals(summary) and again_record == record


def test_cache_is_kept_until_an_input_changes(tmp_path, monkeypatch):
    import shutil

    from analysis.codebook import load_codebook
    from analysis.config import Paths
    from analysis.reproduction.ensemble import ensemble_summary
    from analysis.reproduction.registry import load_registry

    shutil.copytree(WAVE_DIR, tmp_path / "data" / "raw" / "2013")
    (tmp_path / "data" / "processed").mkdir()
    paths = Paths(tmp_path)
    cb = load_codebook(paths.codebook("2013"))
    claims = load_registry(paths.wave_dir("2013") / "published_figures.toml", codebook=cb)
    first, record, drawn = ensemble_summary("2013", paths, cb, claims, members=2)
    assert drawn and record["inputs"]["members"] == 2
    cached = (tmp_path / "data" / "processed" / "2013" / "reproduction" / "ensemble_cache.csv").read_bytes()
    again, _, drawn = ensemble_summary("2013", paths, cb, claims, members=2)
    assert not drawn and again.equals(first)
    _, _, drawn = ensemble_summary("2013", paths, cb, claims, members=3)     # another size
    assert drawn
    _, _, drawn = ensemble_summary("2013", paths, cb, claims, members=2)     # back: the inputs changed again
    assert drawn
    assert (tmp_path / "data" / "processed" / "2013" / "reproduction" / "ensemble_cache.csv").read_bytes() == cached
    registry = paths.wave_dir("2013") / "published_figures.toml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    _, _, drawn = ensemble_summary("2013", paths, cb, claims, members=2)     # the registry changed
    assert drawn


def test_members_from_the_environment(monkeypatch):
    from analysis.reproduction import ensemble

    monkeypatch.setenv(ensemble.MEMBERS_VARIABLE, "7")
    assert ensemble.member_count() == 7
    monkeypatch.setenv(ensemble.MEMBERS_VARIABLE, "none")
    assert ensemble.member_count() == ensemble.MEMBERS == 100
