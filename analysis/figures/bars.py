"""Horizontal bar charts of proportions with 95% interval error bars.

One bar per row of an estimate frame: per indicator for the headline figure,
per group for a breakdown of one indicator. Bars start at zero, are labelled
with their value, and rows flagged ``"small base"`` are drawn open (outline
only); rows flagged ``"suppressed"`` are left out (the caption names them). A row
withheld by disclosure control keeps its place, marked "withheld (a)" where its bar
would be (the key's reason is under the chart).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from analysis.figures import style
from analysis.figures.frame import frame_figure
from analysis.figures.captions import Caption, invented_legend, marked_value, shown_percent
from analysis.figures.rows import mark_text, shown_rows, withheld_mask

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure


def row_label(row, key: str, labels: Mapping[str, str] | None, *, show_n: bool) -> str:
    """The label of one row: its display label, with ``(n=...)`` when asked.

    >>> import pandas as pd
    >>> row = next(pd.DataFrame({"group": ["Health"], "n": [278]}).itertuples())
    >>> row_label(row, "group", None, show_n=True)
    'Health (n=278)'
    """
    import pandas as pd

    name = str(getattr(row, key))
    text = (labels or {}).get(name, name)
    return f"{text} (n={int(row.n)})" if show_n and not pd.isna(row.n) else text


def horizontal_bars(frame: "pd.DataFrame", caption: Caption, *, key: str = "indicator",
                    labels: Mapping[str, str] | None = None, show_n: bool = False,
                    label_width: int = 26) -> "Figure":
    """A horizontal bar chart of the proportions in ``frame``, top to bottom in row order.

    Parameters
    ----------
    frame : pandas.DataFrame
        An estimate frame (columns ``proportion``, ``ci_lower``, ``ci_upper``,
        ``n``, ``flag`` and ``key``), one row per bar.
    caption : Caption
        Title, subtitle and notes drawn around the chart.
    key : {"indicator", "group"}
        The column that names each bar.
    labels : mapping, optional
        Display label for each value of ``key`` (e.g. an indicator's short label).
    show_n : bool
        Add ``(n=...)`` to each bar's label.
    label_width : int
        Characters per line of a bar label before it wraps.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"indicator": ["a", "b"], "proportion": [0.62, 0.3], "ci_lower": [0.58, 0.25],
    ...                   "ci_upper": [0.66, 0.35], "n": [692, 40], "flag": ["", "small base"]})
    >>> fig = horizontal_bars(f, Caption(title="T"), labels={"a": "First", "b": "Second"})
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['First', 'Second']
    """
    rows = shown_rows(frame)
    hidden = withheld_mask(rows)
    fig = style.new_figure(height_mm=style.rows_height(len(rows), per_row_mm=12.5, extra_mm=22.0))
    with style.apply_style():
        ax = fig.add_subplot()
        names = [row_label(r, key, labels, show_n=show_n) for r in rows.itertuples(index=False)]
        style.category_axis(ax, names, width_chars=label_width)
        style.percent_axis(ax, axis="x")
        ax.set_xlim(0, 1 + style.LABEL_ROOM)
        ax.spines["bottom"].set_bounds(0, 1)
        whiskers = []
        for y, (row, withheld) in enumerate(zip(rows.itertuples(index=False), hidden)):
            if withheld:
                ax.text(0.02, y, mark_text(row), va="center", ha="left", fontsize=style.DATA_LABEL_SIZE,
                        color=style.TEXT, fontstyle="italic", zorder=style.LABEL_Z)
                continue
            small = str(row.flag) == "small base"
            ax.barh(y, row.proportion, height=0.62, color="white" if small else style.BAR_FILL,
                    edgecolor=style.BAR_FILL, linewidth=1.0, zorder=style.BAR_Z)
            whiskers.append((row.proportion, y, row.ci_lower, row.ci_upper))
            ax.text(row.ci_upper + 0.015, y, marked_value(row, shown_percent(row)), va="center", ha="left",
                    fontsize=style.DATA_LABEL_SIZE, fontweight="bold", color=style.TEXT, zorder=style.LABEL_Z)
        if whiskers:
            style.errorbar(ax, *zip(*whiskers))
        ax.set_xlabel("Percentage of the base", fontsize=style.LABEL_SIZE)
        frame_figure(fig, caption, legend=invented_legend(rows) or None)
    return fig
