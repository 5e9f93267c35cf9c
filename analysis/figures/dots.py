"""Dot charts with interval bars, in side-by-side panels that share their groups.

One row per group (the overall row first, set apart by a rule), one panel per
topic, and within a panel one dot per indicator (at most two series: dark blue
circles and orange diamonds, so colour is never the only cue). Each dot carries
its 95% interval and is labelled with its value. Rows flagged ``"small base"``
get open markers; ``"suppressed"`` rows are left out (the caption names them). A row
withheld by disclosure control keeps its place, marked "withheld (a)" where its dot would
be (the key's reason is under the chart).

The same function draws "training had versus wanted by sector" (two series per
panel) and "not confident by profession" (one series per panel, groups sorted).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

from analysis.figures import style
from analysis.figures.frame import frame_figure
from analysis.figures.rows import drawn_rows, mark_text, shown_rows, withheld_mask  # noqa: F401
from analysis.figures.captions import Caption, invented_legend, marked_value, shown_percent

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

MARKERS = ("o", "D")
#: Vertical offset of each series within a row, by the number of series.
OFFSETS = {1: (0.0,), 2: (-0.2, 0.2)}
OVERALL_LABEL = "All respondents"


@dataclass(frozen=True)
class Panel:
    """One panel: a heading and the indicators drawn in it (one or two)."""

    title: str
    indicators: tuple[str, ...]


def group_order(frame: "pd.DataFrame", *, sort_by: str | None = None) -> list[str]:
    """Groups in the order drawn: overall first, then as in the frame or by ``sort_by``'s proportion, highest first.

    Suppressed rows and rows without an estimate do not count, except rows withheld by
    disclosure control: those keep their place (after the groups with a number when sorted),
    to be marked where their number would be. Ties keep the frame's order.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"indicator": "x", "by": ["overall", "job", "job", "job", "job"],
    ...                   "group": ["All", "A", "B", "C", "D"], "proportion": [0.5, 0.2, 0.7, 0.9, None],
    ...                   "flag": ["", "", "", "suppressed", ""], "disclosure": ["", "", "", "", "primary"]})
    >>> group_order(f, sort_by="x")
    ['All', 'B', 'A', 'D']
    """
    rows = shown_rows(frame)
    overall = [str(g) for g in rows.loc[rows["by"] == "overall", "group"].drop_duplicates()]
    rest = rows[rows["by"] != "overall"]
    if sort_by is not None:
        ranked = rest[rest["indicator"] == sort_by]
        ranked = ranked.sort_values("proportion", ascending=False, kind="stable", na_position="last")
        ordered = [str(g) for g in ranked["group"]]
        others = [str(g) for g in rest["group"].drop_duplicates() if str(g) not in ordered]
        return overall + ordered + others
    return overall + [str(g) for g in rest["group"].drop_duplicates()]


def base_text(frame: "pd.DataFrame", group: str) -> str:
    """``"n=231"``, or ``"n=228–231"`` when the group's measures rest on different bases.

    >>> import pandas as pd
    >>> base_text(pd.DataFrame({"group": ["A", "A"], "n": [231, 228]}), "A")
    'n=228–231'
    """
    ns = sorted(set(frame.loc[frame["group"].astype(str) == group, "n"].dropna().astype(int)))
    if not ns:
        return ""
    return f"n={ns[0]}" if len(ns) == 1 else f"n={ns[0]}–{ns[-1]}"


def mark_withheld(ax, rows: "pd.DataFrame", groups: list[str], *, offset: float = 0.0) -> int:
    """Write the marker where each row withheld by disclosure control would be drawn; return how many.

    A withheld group keeps its place in every panel, so the reader sees that it exists and
    that its number is not published. The marker is the row's ``disclosure_mark`` ("withheld
    (a)", its key explained under the chart), else "withheld"; the reason in words is also
    in the figure's CSV.
    """
    if "disclosure" not in rows.columns:
        return 0
    from analysis.figures import style

    marked = 0
    for row in rows[withheld_mask(rows)].itertuples(index=False):
        if str(row.group) in groups:
            ax.text(0.02, groups.index(str(row.group)) + offset, mark_text(row), va="center", ha="left",
                    fontsize=style.DATA_LABEL_SIZE, color=style.TEXT, fontstyle="italic", zorder=style.LABEL_Z)
            marked += 1
    return marked


def dot_panels(frame: "pd.DataFrame", caption: Caption, *, panels: Sequence[Panel],
               series_labels: Sequence[str] = (), sort_by: str | None = None,
               group_labels: Mapping[str, str] | None = None, label_width: int = 24) -> "Figure":
    """Panels of dots with interval bars, one row per group.

    Parameters
    ----------
    frame : pandas.DataFrame
        Estimate frame(s) stacked: columns ``indicator``, ``by``, ``group``,
        ``proportion``, ``ci_lower``, ``ci_upper``, ``n``, ``flag``; an
        ``overall`` row per indicator is drawn first.
    caption : Caption
        Title, subtitle and notes.
    panels : sequence of Panel
        The panels, left to right; each names one or two indicators.
    series_labels : sequence of str
        Legend labels of the first and second series, when panels have two.
    sort_by : str, optional
        Sort groups by this indicator's proportion, highest first.
    group_labels : mapping, optional
        Display labels for groups (the overall row is "All respondents").
    label_width : int
        Characters per line of a group label.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"indicator": ["a", "a", "a"], "by": ["overall", "s", "s"], "group": ["All", "X", "Y"],
    ...                   "proportion": [0.5, 0.4, 0.6], "ci_lower": [0.45, 0.3, 0.5], "ci_upper": [0.55, 0.5, 0.7],
    ...                   "n": [100, 50, 50], "flag": ""})
    >>> fig = dot_panels(f, Caption(title="T"), panels=[Panel("A", ("a",))], sort_by="a")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['All respondents (n=100)', 'Y (n=50)', 'X (n=50)']
    """
    from matplotlib.lines import Line2D

    wanted = {ind for panel in panels for ind in panel.indicators}
    frame = frame[frame["indicator"].isin(wanted)]
    groups = group_order(frame, sort_by=sort_by)
    labels = dict(group_labels or {})
    rows_drawn = drawn_rows(frame)
    placed = shown_rows(frame)
    names = []
    from analysis.figures.wording import overall_label

    everyone = (overall_label(placed.loc[placed["by"] == "overall", "base"]) if "base" in placed.columns
                else OVERALL_LABEL)
    for g in groups:
        is_overall = bool((placed.loc[placed["group"].astype(str) == g, "by"] == "overall").any())
        text = everyone if is_overall else labels.get(g, g)
        n = base_text(placed, g)
        names.append(f"{text} ({n})" if n else text)

    series = max(len(p.indicators) for p in panels)
    fig = style.new_figure(height_mm=style.rows_height(len(groups), per_row_mm=4.5 + 6.0 * series, extra_mm=24.0))
    # room right of 100% for a value label ("96.5%" and its mark) in a panel a third of the width
    room = style.LABEL_ROOM if len(panels) == 1 else 0.36
    with style.apply_style():
        axes = fig.subplots(1, len(panels), sharey=True, squeeze=False)[0]
        for ax, panel in zip(axes, panels):
            style.percent_axis(ax, axis="x", step=0.25 if len(panels) == 1 else 0.5)  # ticks that fit a phone
            ax.set_xlim(0, 1 + room)
            ax.set_title(panel.title, loc="left", fontsize=style.LABEL_SIZE, fontweight="bold", pad=4)
            offsets = OFFSETS[len(panel.indicators)]
            whiskers = []  # drawn in one go, over the markers
            for s, indicator in enumerate(panel.indicators):
                colour = style.TWO_SERIES[s]
                part = rows_drawn[rows_drawn["indicator"] == indicator]
                for row in part.itertuples(index=False):
                    y = groups.index(str(row.group)) + offsets[s]
                    small = str(row.flag) == "small base"
                    ax.plot(row.proportion, y, marker=MARKERS[s], markersize=style.MARKER_SIZE, linestyle="none",
                            markerfacecolor="white" if small else colour, markeredgecolor=colour,
                            markeredgewidth=1.2, zorder=style.MARKER_Z)
                    whiskers.append((row.proportion, y, row.ci_lower, row.ci_upper))
                    ax.text(row.ci_upper + 0.02, y, marked_value(row, shown_percent(row)), va="center",
                            ha="left", fontsize=style.DATA_LABEL_SIZE, color=style.TEXT, zorder=style.LABEL_Z)
                mark_withheld(ax, frame[frame["indicator"] == indicator], groups, offset=offsets[s])
            if whiskers:
                style.errorbar(ax, *zip(*whiskers))
            if len(groups) > 1 and any(n.startswith(everyone) for n in names[:1]):
                ax.axhline(0.5, color=style.GRID, linewidth=0.8, zorder=1)
        style.category_axis(axes[0], names, width_chars=label_width)
        for ax in axes[1:]:
            ax.tick_params(axis="y", length=0, labelleft=False)
            ax.spines["left"].set_visible(False)
        axes[0].set_ylim(len(groups) - 0.5, -0.5)
        legend = None
        if series_labels and max(len(p.indicators) for p in panels) > 1:
            legend = [Line2D([], [], marker=MARKERS[i], color=style.TWO_SERIES[i], linestyle="none",
                             markersize=style.MARKER_SIZE,
                             label=label) for i, label in enumerate(series_labels)]
        legend = (legend or []) + invented_legend(rows_drawn) or None
        frame_figure(fig, caption, legend=legend)
    return fig
