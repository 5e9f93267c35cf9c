"""The figures stage redraws only the figures whose inputs changed (analysis.figures.stage.write_figure)."""

from __future__ import annotations

import pandas as pd

from analysis.figures import stage

INFO = type("Info", (), {"name": "w", "provenance": "illustrative", "is_reconstructed": False})()
IMAGES = ("f{k}.png", "f{k}_slide.png", "f{k}_square.png")


def _bars(k: int, title: str = ""):
    from analysis.figures.captions import Caption
    from analysis.figures.context import Drawn
    from analysis.figures.style import new_figure

    fig = new_figure()
    fig.add_subplot().bar([0, 1], [k + 1, 2])
    return Drawn(f"f{k}", fig, Caption(title=title or f"Figure {k}", alt_text=f"Bars {k}."),
                 pd.DataFrame({"group": ["a", "b"], "proportion": [0.1 * k, 0.2]}))


def _builders(titles=("", "")):
    return [(f"f{k}", lambda k=k: _bars(k, titles[k])) for k in range(2)]


def _records(results) -> dict:
    return {r.name: r.record for r in results}


def _state(out):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.iterdir())}


def test_an_unchanged_figure_keeps_its_images_and_a_changed_one_is_redrawn(tmp_path):
    out = tmp_path / "figures"
    first = stage.render_all(_builders(), out, INFO, processes=1)
    assert [r.redrawn for r in first] == [True, True]
    before = _state(out)
    # Figure 1's title changes; figure 0 is the same figure.
    second = stage.render_all(_builders(("", "A new title")), out, INFO, processes=1, drawn_before=_records(first))
    assert [r.redrawn for r in second] == [False, True]
    after = _state(out)
    for name in (n.format(k=0) for n in IMAGES):
        assert after[name] == before[name], name  # not even rewritten
    assert after["f1.png"][0] != before["f1.png"][0]
    assert second[0].files == first[0].files and second[0].record == first[0].record


def test_the_images_kept_are_the_bytes_a_full_redraw_writes(tmp_path):
    kept, fresh = tmp_path / "kept", tmp_path / "fresh"
    first = stage.render_all(_builders(), kept, INFO, processes=1)
    stage.render_all(_builders(("Changed", "")), kept, INFO, processes=1, drawn_before=_records(first))
    stage.render_all(_builders(("Changed", "")), fresh, INFO, processes=1)
    names = sorted(p.name for p in fresh.iterdir())
    assert names == sorted(p.name for p in kept.iterdir())
    for name in names:
        assert (kept / name).read_bytes() == (fresh / name).read_bytes(), name


def test_a_missing_or_edited_image_is_drawn_again(tmp_path):
    out = tmp_path / "figures"
    first = stage.render_all(_builders(), out, INFO, processes=1)
    original = (out / "f0_slide.png").read_bytes()
    (out / "f0_slide.png").write_bytes(b"edited")
    (out / "f1.png").unlink()
    again = stage.render_all(_builders(), out, INFO, processes=1, drawn_before=_records(first))
    assert [r.redrawn for r in again] == [True, True]
    assert (out / "f0_slide.png").read_bytes() == original and (out / "f1.png").is_file()


def test_the_stage_records_each_figure_and_force_ignores_the_record(tmp_path, monkeypatch):
    from analysis.config import Paths

    paths = Paths(tmp_path)
    results = stage.render_all(_builders(), tmp_path / "figures", INFO, processes=1)
    stage.write_drawn_record("w", paths, results)
    assert stage.read_drawn("w", paths) == _records(results)
    assert set(stage.read_drawn("w", paths)["f0"]["images"]) == {n.format(k=0) for n in IMAGES}
    monkeypatch.setenv("SURVEYKIT_FORCE", "1")
    assert stage.read_drawn("w", paths) == {}
