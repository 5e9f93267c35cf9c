"""Chart functions draw exactly what the estimate frames hold: positions checked against the frames by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.figures import style
from analysis.figures.bars import horizontal_bars
from analysis.figures.captions import Caption
from analysis.figures.diverging import ScalePanel, diverging_bars
from analysis.figures.dots import Panel, dot_panels
from analysis.figures.trend import trend_dots

CAPTION = Caption(title="Title", subtitle="Subtitle", base="Base: all (n=100).", source="Source: test.",
                  provenance_note="Reconstructed data; subgroups illustrative.")


def estimates(rows):
    frame = pd.DataFrame(rows, columns=["indicator", "by", "group", "n", "proportion", "ci_lower", "ci_upper", "flag"])
    return frame.assign(base="all respondents", level=0.95, method="wilson")


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_bars_start_at_zero_with_the_frames_values_and_leave_suppressed_rows_out():
    frame = estimates([("a", "overall", "All", 692, 0.62, 0.58, 0.66, ""),
                       ("b", "overall", "All", 40, 0.30, 0.18, 0.45, "small base"),
                       ("c", "overall", "All", 12, None, None, None, "suppressed")])
    fig = horizontal_bars(frame, CAPTION, labels={"a": "First", "b": "Second", "c": "Third"})
    ax = fig.axes[0]
    bars = [p for p in ax.patches]
    assert [round(b.get_x(), 6) for b in bars] == [0, 0]
    assert [round(b.get_width(), 6) for b in bars] == [0.62, 0.30]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["First", "Second"]
    assert bars[0].get_facecolor()[:3] != (1.0, 1.0, 1.0) and bars[1].get_facecolor()[:3] == (1.0, 1.0, 1.0)
    assert texts(fig) == ["62%", "30%"]
    # Error bar of the first bar spans the frame's interval.
    segments = [c for c in ax.collections if hasattr(c, "get_segments")]
    first = segments[0].get_segments()[0]
    assert (round(first[0][0], 6), round(first[1][0], 6)) == (0.58, 0.66)
    assert "Note: Reconstructed data; subgroups illustrative." in "\n".join(t.get_text() for t in fig.texts)


def test_dot_panels_sort_groups_keep_overall_first_and_mark_small_bases_open():
    frame = estimates([("x", "overall", "All", 300, 0.5, 0.45, 0.55, ""),
                       ("x", "job", "Nurse", 100, 0.4, 0.3, 0.5, ""),
                       ("x", "job", "Teacher", 45, 0.7, 0.55, 0.82, "small base"),
                       ("x", "job", "Other", 10, None, None, None, "suppressed")])
    fig = dot_panels(frame, CAPTION, panels=[Panel("Panel", ("x",))], sort_by="x")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["All respondents (n=300)", "Teacher (n=45)",
                                                            "Nurse (n=100)"]
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert [(float(d.get_xdata()[0]), float(d.get_ydata()[0])) for d in dots] == [(0.5, 0), (0.4, 2), (0.7, 1)]
    faces = [d.get_markerfacecolor() for d in dots]
    assert faces[2] == "white" and faces[0] != "white"


def test_dot_panels_two_series_get_the_two_series_colours_and_shapes():
    frame = estimates([("had", "overall", "All", 300, 0.7, 0.65, 0.75, ""),
                       ("want", "overall", "All", 295, 0.96, 0.94, 0.98, "")])
    fig = dot_panels(frame, CAPTION, panels=[Panel("P", ("had", "want"))], series_labels=["Had none", "Want"])
    lines = [line for line in fig.axes[0].lines if line.get_marker() in ("o", "D")]
    assert [(line.get_marker(), line.get_markeredgecolor()) for line in lines] == [("o", "#12436D"), ("D", "#F46A25")]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Had none", "Want"]
    # wrapped to fit beside the chart on a phone: the words, not their line breaks, are checked
    assert fig.axes[0].get_yticklabels()[0].get_text().replace("\n", " ") == "All respondents (n=295–300)"


def distribution():
    # One item, overall and one sector; shares by hand: 10 + 30 left of zero, 40 + 15 right, 5 don't know.
    rows = []
    for group, by, n in (("All", "overall", 200), ("Health", "sector", 120), ("Other", "sector", 8)):
        for cat, p in (("Not at all", 0.10), ("Not very", 0.30), ("Fairly", 0.40), ("Very", 0.15),
                       ("Don't know", 0.05)):
            flag = "suppressed" if n < 30 else ""
            rows.append({"indicator": "conf", "by": by, "group": group, "n": n, "category": cat,
                         "proportion": None if flag else p, "flag": flag})
    return pd.DataFrame(rows)


def test_diverging_bars_stack_the_negative_half_left_of_zero():
    fig = diverging_bars(distribution(), CAPTION, panels=[ScalePanel("Confidence", "conf")],
                         scale=["Not at all", "Not very", "Fairly", "Very"], apart=["Don't know"])
    main, side = fig.axes
    assert [t.get_text() for t in main.get_yticklabels()] == ["All respondents (n=200)", "Health (n=120)"]
    first_row = sorted((round(p.get_x(), 6), round(p.get_x() + p.get_width(), 6), p.get_facecolor())
                       for p in main.patches if abs(p.get_y() + p.get_height() / 2) < 1e-9)
    edges = [(a, b) for a, b, _ in first_row]
    assert edges == [(-0.4, -0.3), (-0.3, 0.0), (0.0, 0.4), (0.4, 0.55)]
    colours = [tuple(round(c, 3) for c in colour[:3]) for _, _, colour in first_row]
    expected = [tuple(round(int(h[i:i + 2], 16) / 255, 3) for i in (1, 3, 5)) for h in style.DIVERGING_4]
    assert colours == expected
    assert [round(p.get_width(), 6) for p in side.patches] == [0.05, 0.05]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Not at all", "Not very", "Fairly", "Very"]


def test_trend_marks_significant_changes_and_skips_unasked_waves():
    trend = pd.DataFrame({"indicator": ["a", "a", "b", "b"], "wave": ["2013", "2018", "2013", "2018"],
                          "wave_order": [0, 1, 0, 1], "proportion": [0.62, 0.28, 0.54, None],
                          "ci_lower": [0.58, 0.23, 0.50, None], "ci_upper": [0.66, 0.33, 0.58, None],
                          "n": [692, 320, 692, 0], "flag": ["", "", "", "not asked"]})
    diffs = pd.DataFrame({"indicator": ["a"], "wave_to": ["2018"], "marker": ["*"]})
    fig = trend_dots(trend, diffs, CAPTION, labels={"a": "A", "b": "B"})
    assert sorted(texts(fig)) == ["28%*", "54%", "62%"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["2013", "2018"]


def test_nothing_overlaps_in_a_dense_dot_chart():
    names = ["Learning support assistant", "Child protection adviser", "Education welfare officer", "Social worker",
             "Family welfare officer", "School nurse", "Health visitor", "Paediatrician", "Teacher", "Other"]
    rows = [("x", "overall", "All", 692, 0.62, 0.58, 0.66, "")]
    rows += [("x", "job", g, 60 + i, 0.3 + i * 0.05, 0.2 + i * 0.05, 0.4 + i * 0.05, "") for i, g in enumerate(names)]
    fig = dot_panels(estimates(rows), CAPTION, panels=[Panel("One", ("x",))], sort_by="x")
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].get_yticklabels()]
    for upper, lower in zip(boxes, boxes[1:]):
        assert lower.y1 <= upper.y0 + 0.5, "tick labels overlap"
    notes_top = max(t.get_window_extent(renderer).y1 for t in fig.texts if t.get_text().startswith("Base"))
    assert notes_top < min(b.y0 for b in boxes)


def test_a_withheld_bar_keeps_its_place_with_its_marker():
    frame = estimates([("a", "overall", "All", 692, 0.62, 0.58, 0.66, ""),
                       ("b", "overall", "All", 40, None, None, None, ""),
                       ("c", "overall", "All", 300, 0.30, 0.25, 0.35, "")])
    frame = frame.assign(disclosure=["", "primary", ""], disclosure_mark=["", "withheld (a)", ""])
    fig = horizontal_bars(frame, CAPTION, labels={"a": "First", "b": "Second", "c": "Third"})
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["First", "Second", "Third"]
    assert [round(p.get_width(), 6) for p in ax.patches] == [0.62, 0.30]
    assert sorted(p.get_y() + p.get_height() / 2 for p in ax.patches) == pytest.approx([0, 2])
    marks = [(t.get_text(), t.get_position()[1]) for t in ax.texts if t.get_text().startswith("withheld")]
    assert marks == [("withheld (a)", 1)]


def test_a_withheld_group_keeps_its_row_in_every_dot_panel():
    frame = estimates([("x", "overall", "All", 300, 0.5, 0.45, 0.55, ""),
                       ("x", "job", "Nurse", 100, 0.4, 0.3, 0.5, ""),
                       ("x", "job", "Tutor", 60, None, None, None, ""),
                       ("y", "overall", "All", 300, 0.6, 0.55, 0.65, ""),
                       ("y", "job", "Nurse", 100, 0.3, 0.2, 0.4, ""),
                       ("y", "job", "Tutor", None, None, None, None, "")])
    frame["disclosure"] = ["", "", "secondary", "", "", "primary"]
    frame["disclosure_mark"] = ["", "", "withheld (b)", "", "", "withheld (a)"]
    fig = dot_panels(frame, CAPTION, panels=[Panel("X", ("x",)), Panel("Y", ("y",))], sort_by="x")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["All respondents (n=300)", "Nurse (n=100)",
                                                                     "Tutor (n=60)"]
    for ax, mark in zip(fig.axes, ("withheld (b)", "withheld (a)")):
        assert [(t.get_text(), t.get_position()[1]) for t in ax.texts if t.get_text().startswith("withheld")] \
            == [(mark, 2)]


def test_a_withheld_group_keeps_its_bar_slot_in_the_diverging_chart():
    frame = distribution()
    frame = frame[frame["group"] != "Other"].copy()
    health = frame["group"] == "Health"
    frame["disclosure"] = ""
    frame.loc[health & (frame["category"] == "Very"), "disclosure"] = "secondary"
    frame.loc[health & (frame["category"] == "Don't know"), "disclosure"] = "primary"
    frame.loc[frame["disclosure"] != "", "proportion"] = None
    frame["disclosure_mark"] = ""
    frame.loc[health & (frame["category"] != "Don't know"), "disclosure_mark"] = "withheld (b)"
    frame.loc[health & (frame["category"] == "Don't know"), "disclosure_mark"] = "withheld (a)"
    fig = diverging_bars(frame, CAPTION, panels=[ScalePanel("Confidence", "conf")],
                         scale=["Not at all", "Not very", "Fairly", "Very"], apart=["Don't know"])
    main, side = fig.axes
    assert [t.get_text() for t in main.get_yticklabels()] == ["All respondents (n=200)", "Health (n=120)"]
    # Health's bar would misstate its positive side without "Very": the bar gives way to the marker.
    assert all(abs(p.get_y() + p.get_height() / 2) < 1e-9 for p in main.patches)
    assert [(t.get_text(), t.get_position()[1]) for t in main.texts if t.get_text().startswith("withheld")] \
        == [("withheld (b)", 1)]
    assert [(t.get_text(), t.get_position()[1]) for t in side.texts if t.get_text().startswith("withheld")] \
        == [("withheld (a)", 1)]


def test_a_withheld_wave_keeps_its_place_in_the_trend_chart_with_its_marker():
    trend = pd.DataFrame({"indicator": ["a", "a"], "wave": ["2013", "2018"], "wave_order": [0, 1],
                          "proportion": [0.62, None], "ci_lower": [0.58, None], "ci_upper": [0.66, None],
                          "n": [692, 12], "flag": ["", ""], "disclosure": ["", "primary"],
                          "disclosure_mark": ["", "withheld (a)"]})
    fig = trend_dots(trend, pd.DataFrame(columns=["indicator", "wave_to", "marker"]), CAPTION, labels={"a": "A"})
    ax = fig.axes[0]
    # Two waves, offsets -0.2 (2013) and +0.2 (2018) within row 0.
    assert [(t.get_text(), round(t.get_position()[1], 6)) for t in ax.texts] == [("62%", -0.2), ("withheld (a)", 0.2)]
