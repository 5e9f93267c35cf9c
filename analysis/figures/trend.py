"""Each indicator by wave: dots with interval bars, a marker where the change is significant.

One row per indicator; within a row one dot per wave, oldest at the top, in the
palette's order (dark blue, then orange; further waves take the next
categorical colours) and with different marker shapes. The latest wave's value
label carries ``*`` when its change from the wave before is significant (the
``marker`` column of :func:`analysis.waves.trends.wave_differences`); the
caption explains the marker. Waves that did not ask a question, suppressed
estimates and a reconstructed wave's invented values draw nothing
(:func:`shown_rows`); an estimate withheld by disclosure control is marked where
its dot would be ("withheld (a)", the key's reason under the chart); a published
value is labelled as it was printed. The notes say each row's base with every wave's n (and effective n when weighted,
:func:`base_notes`), each wave's provenance and any change of population
(:func:`trend_notes`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from analysis.figures import style
from analysis.figures.frame import frame_figure
from analysis.figures.rows import drawn_rows
from analysis.figures.captions import Caption, format_percent

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

MARKERS = ("o", "D", "s", "^")


def wave_colours(count: int) -> list[str]:
    """Colours of ``count`` waves: the two-series pair, then further categorical colours.

    >>> wave_colours(2)
    ['#12436D', '#F46A25']
    >>> len(wave_colours(4))
    4
    """
    if count <= 2:
        return list(style.TWO_SERIES[:count])
    extra = [c for c in style.CATEGORICAL if c not in style.TWO_SERIES]
    return (list(style.TWO_SERIES) + extra)[:count]


def significant_changes(differences: "pd.DataFrame") -> set[tuple[str, str]]:
    """``(indicator, wave_to)`` pairs whose change from the previous wave is marked significant.

    >>> import pandas as pd
    >>> significant_changes(pd.DataFrame({"indicator": ["a", "b"], "wave_to": ["2018", "2018"], "marker": ["*", ""]}))
    {('a', '2018')}
    """
    if differences is None or differences.empty:
        return set()
    marked = differences[differences["marker"].fillna("").astype(str) != ""]
    return {(str(r.indicator), str(r.wave_to)) for r in marked.itertuples(index=False)}


#: Columns a reconstructed wave's invented value is shown without.
NUMBERS = ("count", "weighted_count", "proportion", "se", "ci_lower", "ci_upper")


def _text(value) -> str:
    """A cell as text, ``""`` for a missing one."""
    import pandas as pd

    return "" if value is None or pd.isna(value) else str(value)


def shown_rows(trend: "pd.DataFrame") -> tuple["pd.DataFrame", list[str]]:
    """The trend rows as the figure may show them, and a note naming what is not shown.

    A reconstructed wave's ``invented`` values (``value_class``, see
    :mod:`analysis.waves.trends`) keep their row, so the figure's CSV says what
    is missing, but lose their numbers: they are never drawn.
    """
    import pandas as pd

    if "value_class" not in trend.columns:
        return trend, []
    invented = (trend["value_class"].fillna("").astype(str) == "invented").to_numpy(dtype=bool)
    out = trend.copy()
    for col in NUMBERS:
        if col in out.columns:
            out[col] = out[col].astype("Float64")
            out.loc[invented, col] = pd.NA
    gone = trend[invented]
    notes = [f"Not shown: {_text(r.label) or r.indicator} in {r.wave}, not a published figure (the reconstruction's "
             "value is invented)." for r in gone.itertuples(index=False)]
    return out, notes


def _n(value: float) -> str:
    from decimal import ROUND_HALF_UP, Decimal

    return str(Decimal(repr(float(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def base_notes(trend: "pd.DataFrame") -> list[str]:
    """The base of every measure with each wave's n (and the effective n the test used when weighted).

    Measures on the same base with the same numbers share one line; not-asked
    rows are left out.
    """
    groups: dict[str, list[str]] = {}
    asked = trend[trend["flag"].fillna("").astype(str) != "not asked"]
    for name in dict.fromkeys(asked["indicator"].astype(str)):
        rows = asked[asked["indicator"].astype(str) == name].sort_values("wave_order", kind="stable")
        label = (_text(rows["label"].iloc[0]) if "label" in rows else "") or name
        ns = []
        for r in rows.itertuples(index=False):
            text = f"{r.wave} n={int(r.n)}"
            eff = getattr(r, "effective_n", None)
            if eff is not None and eff == eff and abs(float(eff) - float(r.n)) > 1e-9:
                text += f", effective n={_n(eff)}"
            ns.append(text)
        bases = " / ".join(dict.fromkeys(rows["base"].astype(str)))
        groups.setdefault(f"{bases} ({'; '.join(ns)})", []).append(label)
    return [f"Base for {'; '.join(labels)}: {base}." for base, labels in groups.items()]


def trend_notes(trend: "pd.DataFrame", differences: "pd.DataFrame | None") -> list[str]:
    """What each wave's numbers are, and where the population changed between two waves."""
    notes = []
    waves = trend.sort_values("wave_order", kind="stable").drop_duplicates("wave")
    for r in waves.itertuples(index=False):
        kind = _text(getattr(r, "provenance", ""))
        if kind == "reconstructed":
            notes.append(f"{r.wave} is a reconstructed wave: no microdata were released; its responses were generated "
                         "to reproduce the published figures, so only its published figures are drawn, as printed.")
        elif kind == "illustrative":
            notes.append(f"{r.wave} is illustrative: invented data, not findings.")
    if differences is not None and "population_changed" in differences.columns:
        moved = differences[differences["population_changed"].fillna(False).astype(bool)]
        population = dict(zip(waves["wave"].astype(str), waves.get("population", waves["wave"]).map(_text)))
        for r in moved.drop_duplicates(["wave_from", "wave_to"]).itertuples(index=False):
            a, b = str(r.wave_from), str(r.wave_to)
            notes.append(f"The population changed: {a} {population.get(a, '')}; {b} {population.get(b, '')}. "
                         "A change between these waves mixes the change of population with any change over time.")
    return notes


def figure_height(rows: int, waves: int = 2) -> float:
    """Height of the chart in mm: room for every measure's dots, one line a wave, and the axis.

    The title and notes add their own height (:func:`analysis.figures.frame.frame_figure`).

    >>> figure_height(2)
    60.0
    """
    return max(60.0, style.rows_height(rows, per_row_mm=6.0 + 5.0 * max(waves, 1), extra_mm=20.0))


def value_label(row) -> str:
    """A drawn value's label: as published (e.g. ``96.5%``) when it was, else rounded to whole percent."""
    printed = _text(getattr(row, "published", ""))
    return printed or format_percent(row.proportion)


def trend_dots(trend: "pd.DataFrame", differences: "pd.DataFrame", caption: Caption, *,
               labels: Mapping[str, str] | None = None, label_width: int = 24) -> "Figure":
    """Dots by wave for each indicator, with intervals and significance markers.

    Parameters
    ----------
    trend : pandas.DataFrame
        :func:`analysis.waves.trends.trend_table` (columns ``indicator``,
        ``wave``, ``wave_order``, ``proportion``, ``ci_lower``, ``ci_upper``,
        ``n``, ``flag``).
    differences : pandas.DataFrame
        :func:`analysis.waves.trends.wave_differences` (columns ``indicator``,
        ``wave_to``, ``marker``).
    caption : Caption
        Title, subtitle and notes (say what ``*`` means).
    labels : mapping, optional
        Display label of each indicator.
    label_width : int
        Characters per line of an indicator label.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"indicator": "a", "wave": ["2013", "2018"], "wave_order": [0, 1],
    ...                   "proportion": [0.6, 0.4], "ci_lower": [0.55, 0.35], "ci_upper": [0.65, 0.45],
    ...                   "n": [300, 300], "flag": ""})
    >>> d = pd.DataFrame({"indicator": ["a"], "wave_to": ["2018"], "marker": ["*"]})
    >>> fig = trend_dots(t, d, Caption(title="T"), labels={"a": "Not confident"})
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['40%*', '60%']
    """
    from matplotlib.lines import Line2D

    waves = list(dict.fromkeys(trend.sort_values("wave_order", kind="stable")["wave"].astype(str)))
    indicators = list(dict.fromkeys(trend["indicator"].astype(str)))
    colours = wave_colours(len(waves))
    marked = significant_changes(differences)
    step = 0.8 / max(len(waves), 1)
    offsets = [(i - (len(waves) - 1) / 2) * step for i in range(len(waves))]
    rows = drawn_rows(trend[trend["flag"].fillna("").astype(str) != "not asked"])

    fig = style.new_figure(height_mm=figure_height(len(indicators), len(waves)))
    with style.apply_style():
        ax = fig.add_subplot()
        style.percent_axis(ax, axis="x", step=0.25)
        ax.set_xlim(0, 1 + 0.3)  # room right of 100% for "96.5%*"
        whiskers = []  # drawn in one go, over the markers
        for row in rows.itertuples(index=False):
            w = waves.index(str(row.wave))
            y = indicators.index(str(row.indicator)) + offsets[w]
            small = str(row.flag) == "small base"
            ax.plot(row.proportion, y, marker=MARKERS[w % len(MARKERS)], markersize=style.MARKER_SIZE,
                    linestyle="none", markerfacecolor="white" if small else colours[w], markeredgecolor=colours[w],
                    markeredgewidth=1.2, zorder=style.MARKER_Z)
            whiskers.append((row.proportion, y, row.ci_lower, row.ci_upper))
            star = "*" if (str(row.indicator), str(row.wave)) in marked else ""
            ax.text(row.ci_upper + 0.02, y, value_label(row) + star, va="center", ha="left",
                    fontsize=style.DATA_LABEL_SIZE, fontweight="bold" if star else "normal", color=style.TEXT,
                    zorder=style.LABEL_Z)
        if whiskers:
            style.errorbar(ax, *zip(*whiskers))
        from analysis.figures.rows import mark_text, withheld_mask

        asked = trend[(trend["flag"].fillna("").astype(str) != "not asked").to_numpy(dtype=bool)]
        for row in asked[withheld_mask(asked)].itertuples(index=False):
            y = indicators.index(str(row.indicator)) + offsets[waves.index(str(row.wave))]
            ax.text(0.02, y, mark_text(row), va="center", ha="left", fontsize=style.DATA_LABEL_SIZE,
                    color=style.TEXT, fontstyle="italic", zorder=style.LABEL_Z)
        names = [(labels or {}).get(i, i) for i in indicators]
        style.category_axis(ax, names, width_chars=label_width)
        for k in range(1, len(indicators)):
            ax.axhline(k - 0.5, color=style.GRID, linewidth=0.5, zorder=1)
        legend = [Line2D([], [], marker=MARKERS[i % len(MARKERS)], color=colours[i], linestyle="none",
                         markersize=style.MARKER_SIZE, label=wave) for i, wave in enumerate(waves)]
        frame_figure(fig, caption, legend=legend)
    return fig
