"""Diverging stacked bars of an ordered scale, with "don't know" shown apart.

The negative half of the scale stacks leftwards from zero, the positive half
rightwards, so the share on each side reads off the axis; answers outside the
scale (don't know) get their own narrow panel to the right instead of a
place in the stack. Each group's label carries its base (n). Segments are
separated by white edges; every segment of at least 10% (15% when the axis runs
beyond 70% a side: :func:`label_threshold`) carries its value, on both sides,
and no smaller one does (:func:`labelling_note` states the rule under the
chart), so colour is never the only cue. Suppressed groups are left out. A group
whose scale disclosure control withheld in part or whole keeps its row: its bar gives
way to a marker, "withheld (a)" (a bar without one of its segments would misstate its
side's total), as does a withheld "don't know" share in the side panel; the key's
reason is under the chart.

The frame is a :func:`analysis.stats.distribution_table`: one row per
category and group (column ``category``), ``indicator`` = the item.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

from analysis.figures import style
from analysis.figures.frame import frame_figure
from analysis.figures.captions import INVENTED_MARK, Caption, format_percent, invented_legend
from analysis.figures.dots import OVERALL_LABEL

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

#: Segments of at least this share carry their value (10%), when the axis runs to 70% a side or less;
#: a wider axis makes segments narrower, and then only segments of :data:`MIN_LABELLED_WIDE` (15%) do.
MIN_LABELLED = 0.10
MIN_LABELLED_WIDE = 0.15


def label_threshold(limit: float) -> float:
    """The share from which a segment is labelled, for an axis running from ``-limit`` to ``limit``.

    The same rule holds for every segment, on both sides: a two-digit label (about 15 pt at
    the house size) fits a 10% segment of a chart whose sides run to 70%, not one running to 100%.

    >>> label_threshold(0.7), label_threshold(1.0)
    (0.1, 0.15)
    """
    return MIN_LABELLED if limit <= 0.7 + 1e-9 else MIN_LABELLED_WIDE


def labelling_note(frame: "pd.DataFrame", *, panels: Sequence["ScalePanel"], scale: Sequence[str],
                   negative: int | None = None) -> str:
    """The note that states the labelling rule of :func:`diverging_bars` for these rows.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"indicator": "conf", "by": "overall", "group": "All", "n": 100, "flag": "",
    ...                   "category": ["Low", "High"], "proportion": [0.3, 0.6]})
    >>> labelling_note(f, panels=[ScalePanel("Confidence", "conf")], scale=["Low", "High"])
    'Segment labels are percentages; segments under 10% are not labelled.'
    """
    negative = len(scale) // 2 if negative is None else negative
    parts = [frame[frame["indicator"] == p.item] for p in panels]
    limit = _axis_limit([_share_table(part) for part in parts], [_groups(part) for part in parts], scale, negative)
    return (f"Segment labels are percentages; segments under {format_percent(label_threshold(limit))} "
            "are not labelled.")


@dataclass(frozen=True)
class ScalePanel:
    """One panel: a heading and the ordinal item whose distribution it shows."""

    title: str
    item: str


def _groups(part: "pd.DataFrame") -> list[tuple[str, bool, int | None]]:
    """(group, is_overall, n) in frame order, leaving out suppressed groups (n is None when withheld)."""
    import pandas as pd

    out = []
    for group, rows in part.groupby("group", sort=False, observed=True):
        if (rows["flag"].fillna("").astype(str) == "suppressed").any():
            continue
        n = rows["n"].max()
        out.append((str(group), bool((rows["by"] == "overall").any()), None if pd.isna(n) else int(n)))
    return out


def _group_name(group: str, overall: bool, n: int | None, labels: Mapping[str, str]) -> str:
    name = OVERALL_LABEL if overall else labels.get(group, group)
    return f"{name} (n={n})" if n is not None else name


def _mark(part: "pd.DataFrame", group: str, categories: Sequence[str]) -> str:
    """The marker of ``group``'s withheld ``categories``: the first ``disclosure_mark`` among them, else "withheld"."""
    if "disclosure_mark" in part.columns:
        rows = part[(part["group"].astype(str) == group) & part["category"].astype(str).isin(list(categories))]
        marks = [m for m in rows["disclosure_mark"].astype("string").fillna("") if m]
        if marks:
            return str(marks[0])
    return "withheld"


def _share_table(part: "pd.DataFrame") -> dict[tuple[str, str], float]:
    """(group, category) -> its proportion (the first row's; 0 where missing), read once per panel.

    >>> import pandas as pd
    >>> _share_table(pd.DataFrame({"group": ["A", "A", "B"], "category": ["x", "y", "x"],
    ...                            "proportion": [0.25, None, 0.5]}))
    {('A', 'x'): 0.25, ('A', 'y'): 0.0, ('B', 'x'): 0.5}
    """
    import pandas as pd

    table: dict[tuple[str, str], float] = {}
    for group, category, value in zip(part["group"].astype(str), part["category"].astype(str), part["proportion"]):
        table.setdefault((group, category), 0.0 if pd.isna(value) else float(value))
    return table


def _share(shares: Mapping[tuple[str, str], float], group: str, category: str) -> float:
    """The share of ``category`` in ``group`` (0 when the panel has no number for it)."""
    return shares.get((group, category), 0.0)


def _withheld(part: "pd.DataFrame", group: str, categories: Sequence[str]) -> bool:
    """Whether disclosure control withheld any of ``categories`` of ``group`` (drawn as a "withheld" slot)."""
    if "disclosure" not in part.columns:
        return False
    rows = part[(part["group"].astype(str) == group) & part["category"].astype(str).isin(list(categories))]
    return bool((rows["disclosure"].fillna("").astype(str) != "").any())


def diverging_bars(frame: "pd.DataFrame", caption: Caption, *, panels: Sequence[ScalePanel],
                   scale: Sequence[str], apart: Sequence[str] = (), negative: int | None = None,
                   group_labels: Mapping[str, str] | None = None, label_width: int = 24) -> "Figure":
    """Diverging stacked bars, one panel per item, one bar per group.

    Parameters
    ----------
    frame : pandas.DataFrame
        Distribution tables stacked: columns ``indicator`` (the item),
        ``category``, ``by``, ``group``, ``n``, ``proportion``, ``flag``; optionally
        ``disclosure`` (a group with a withheld scale category gets a marker instead
        of its bar) and ``disclosure_mark`` (the marker's text, "withheld (a)").
    caption : Caption
        Title, subtitle and notes.
    panels : sequence of ScalePanel
        The panels, top to bottom.
    scale : sequence of str
        The scale's categories in order, most negative first (any number: a scale
        longer than four points blends further shades between the house colours).
    apart : sequence of str
        Categories drawn apart in a narrow panel on the right (e.g. "Don't know");
        where disclosure control withheld one (``disclosure`` column not empty) the
        slot reads its ``disclosure_mark`` (else "withheld").
    negative : int, optional
        How many of ``scale`` stack leftwards; half of the scale by default.
    group_labels : mapping, optional
        Display labels for groups.
    label_width : int
        Characters per line of a group label.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"indicator": "conf", "by": "overall", "group": "All", "n": 100, "flag": "",
    ...                   "category": ["Low", "High", "Don't know"], "proportion": [0.3, 0.6, 0.1]})
    >>> fig = diverging_bars(f, Caption(title="T"), panels=[ScalePanel("Confidence", "conf")],
    ...                      scale=["Low", "High"], apart=["Don't know"])
    >>> len(fig.axes), [t.get_text() for t in fig.axes[0].get_yticklabels()]
    (2, ['All respondents (n=100)'])
    """
    from matplotlib.patches import Patch

    negative = len(scale) // 2 if negative is None else negative
    colours = _scale_colours(len(scale), negative)
    labels = dict(group_labels or {})
    parts = [frame[frame["indicator"] == p.item] for p in panels]
    group_lists = [_groups(part) for part in parts]
    tables = [_share_table(part) for part in parts]
    limit = _axis_limit(tables, group_lists, scale, negative)

    threshold = label_threshold(limit)
    rows = sum(len(g) + 0.8 for g in group_lists)
    fig = style.new_figure(height_mm=style.rows_height(round(rows), per_row_mm=10.0, extra_mm=14.0))
    with style.apply_style():
        ratios = [len(g) + 0.6 for g in group_lists]
        grid = fig.add_gridspec(len(panels), 2 if apart else 1, width_ratios=[6, 1] if apart else [1],
                                height_ratios=ratios)
        main_axes = []
        apart_limit = _apart_limit(tables, group_lists, apart)
        for i, (panel, part, groups, shares) in enumerate(zip(panels, parts, group_lists, tables)):
            ax = fig.add_subplot(grid[i, 0])
            main_axes.append(ax)
            names = [_group_name(g, overall, n, labels) for g, overall, n in groups]
            style.category_axis(ax, names, width_chars=label_width)
            # every share of an invented scale is invented: the mark sits on the panel's heading
            invented = "number_class" in part.columns and (part["number_class"].astype(str) == "invented").all() \
                and len(part)
            ax.set_title(panel.title + (f" {INVENTED_MARK}" if invented else ""), loc="left",
                         fontsize=style.LABEL_SIZE, fontweight="bold", pad=3)
            for y, (group, _, _) in enumerate(groups):
                if _withheld(part, group, scale):
                    ax.text(0.02 * limit, y, _mark(part, group, scale), va="center", ha="left",
                            fontsize=style.DATA_LABEL_SIZE, color=style.TEXT, fontstyle="italic", zorder=4)
                    continue
                left = 0.0
                for k in range(negative - 1, -1, -1):  # stack leftwards, nearest-to-neutral first
                    share = _share(shares, group, scale[k])
                    _segment(ax, y, left - share, share, colours[k], threshold)
                    left -= share
                right = 0.0
                for k in range(negative, len(scale)):
                    share = _share(shares, group, scale[k])
                    _segment(ax, y, right, share, colours[k], threshold)
                    right += share
            ax.axvline(0, color=style.AXIS, linewidth=0.8, zorder=3)
            _symmetric_percent_axis(ax, limit, show=i == len(panels) - 1)
            if apart:
                side = fig.add_subplot(grid[i, 1], sharey=ax)
                for y, (group, _, _) in enumerate(groups):
                    if _withheld(part, group, apart):
                        side.text(0.02, y, _mark(part, group, apart), va="center", ha="left",
                                  fontsize=style.DATA_LABEL_SIZE,
                                  color=style.TEXT, fontstyle="italic")
                        continue
                    share = sum(_share(shares, group, c) for c in apart)
                    side.barh(y, share, height=0.66, color=style.APART, edgecolor="white", linewidth=0.6)
                    side.text(share + 0.02, y, format_percent(share), va="center", ha="left",
                              fontsize=style.DATA_LABEL_SIZE, color=style.TEXT)
                side.set_xlim(0, apart_limit)
                side.set_title(" / ".join(apart), loc="left", fontsize=style.LABEL_SIZE, fontweight="bold", pad=3)
                side.tick_params(axis="y", length=0, labelleft=False)
                side.spines["left"].set_visible(False)
                side.spines["bottom"].set_visible(False)
                side.set_xticks([])
        legend = [Patch(facecolor=colours[k], edgecolor="white", label=scale[k]) for k in range(len(scale))]
        frame_figure(fig, caption, legend=legend + invented_legend(frame))
    return fig


def _blend(a: str, b: str, t: float) -> str:
    """The colour a fraction ``t`` of the way from ``a`` to ``b`` (hex RGB).

    >>> _blend("#000000", "#FFFFFF", 0.5)
    '#808080'
    """
    x = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    y = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{int(p + (q - p) * t + 0.5):02X}" for p, q in zip(x, y))


def _ramp(start: str, end: str, count: int) -> list[str]:
    """``count`` colours from ``start`` to ``end``; one colour is ``end``."""
    if count <= 1:
        return [end][:count]
    return [_blend(start, end, k / (count - 1)) for k in range(count)]


def _scale_colours(count: int, negative: int) -> list[str]:
    """Palette colours for a scale: warm for the negative side, cool for the positive.

    Up to two points a side these are the house colours (:data:`style.DIVERGING_4`);
    longer sides blend shades between them, the palette colours staying at the ends.
    """
    pink, orange, turquoise, blue = style.DIVERGING_4
    warm = _ramp(pink, orange, negative)
    cool = _ramp(blue, turquoise, count - negative)[::-1]
    return warm + cool


def _segment(ax, y: float, left: float, width: float, colour: str, threshold: float) -> None:
    """One segment; labelled with its value (a percentage without the sign) when at least ``threshold``."""
    if width <= 0:
        return
    ax.barh(y, width, left=left, height=0.66, color=colour, edgecolor="white", linewidth=0.8, zorder=style.BAR_Z)
    if round(width, 9) >= threshold:
        ax.text(left + width / 2, y, format_percent(width).rstrip("%"), ha="center", va="center",
                fontsize=style.DATA_LABEL_SIZE, color=style.text_colour_on(colour), zorder=style.LABEL_Z)


def _axis_limit(tables, group_lists, scale: Sequence[str], negative: int) -> float:
    """Half-width of the x axis: the widest side of any bar, rounded up to the next 20%."""
    widest = 0.2
    for shares, groups in zip(tables, group_lists):
        for group, _, _ in groups:
            left = sum(_share(shares, group, c) for c in scale[:negative])
            right = sum(_share(shares, group, c) for c in scale[negative:])
            widest = max(widest, left, right)
    return min(1.0, math.ceil(round(widest, 6) * 10) / 10)


def _apart_limit(tables, group_lists, apart: Sequence[str]) -> float:
    """Width of the side panel: its widest bar plus room for the label, at least 20%."""
    widest = 0.0
    for shares, groups in zip(tables, group_lists):
        for group, _, _ in groups:
            widest = max(widest, sum(_share(shares, group, c) for c in apart))
    return max(0.2, widest * 1.6)


def _symmetric_percent_axis(ax, limit: float, *, show: bool) -> None:
    steps = int(round(limit * 10)) // 2
    ticks = [round(v / 5, 1) for v in range(-steps, steps + 1)]
    ax.set_xlim(-limit, limit)
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{abs(t) * 100:.0f}%" for t in ticks])
    ax.tick_params(axis="x", length=2.5 if show else 0, labelbottom=show)
    ax.grid(axis="x", color=style.GRID, linewidth=0.5)
    ax.spines["bottom"].set_visible(show)
