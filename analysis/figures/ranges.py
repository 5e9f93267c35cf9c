"""The ranges chart: what the published figures alone allow for each sector, beside what was invented.

For a wave with a published-figures registry, ``fig7_published_ranges`` draws one panel per
measure and one row per group whose size was published (the sectors), plus the whole sample:

* a light bar from the lowest to the highest share consistent with every published figure
  (``ranges.csv``, written by the ``reproduce`` stage; :mod:`analysis.reproduction.bounds`);
* a dark dot for a published figure (the whole sample's share, where it was printed);
* for a reconstruction, an orange bar for the middle 90% of the ensemble of reconstructions
  and an open orange diamond for this reconstruction's own value: both invented, and the
  legend says so.

Its title states only what follows from published figures. Every number comes from the
files the ``reproduce`` stage wrote and from the protected estimate frame (the
reconstruction's value, left out where disclosure control withholds it); nothing is
computed here but the layout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.figures import RANGES_FIGURE
from analysis.figures import captions as cap
from analysis.figures import style
from analysis.figures.frame import frame_figure

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from analysis.codebook import Codebook

NAME = RANGES_FIGURE
#: How the whole sample is named in the chart.
EVERYONE = "All respondents"
#: Colours: what the published figures allow (light blue), a published figure (dark blue), and what the
#: reconstruction invented (orange, the house palette's second series).
RANGE_COLOUR = style.SEQUENTIAL[4]
PUBLISHED_COLOUR = style.PALETTE["dark_blue"]
INVENTED_COLOUR = style.PALETTE["orange"]
#: Chart height: a panel per measure, one above the other, each with room for its rows' labels on one line.
PANEL_MM = 34.0
#: The room the axis needs beyond the panels (millimetres); the title, legend and notes are added
#: around the chart by :func:`analysis.figures.frame.frame_figure`, which grows the figure to hold them.
AXIS_MM = 24.0


def chart_frame(ranges: "pd.DataFrame", estimates: "pd.DataFrame", codebook: "Codebook") -> "pd.DataFrame":
    """One row per measure and group drawn: the range, the ensemble's middle 90%, the invented value.

    Columns: ``indicator``, ``by`` and ``group`` (the estimate row's), ``row`` (the label drawn),
    ``panel`` (the measure's label), ``base``, ``count``, ``n``, ``proportion``, ``ci_lower`` and
    ``ci_upper`` (the estimate row as published; empty where withheld or suppressed), ``low`` and
    ``high`` (the range, ``derived`` from published figures), ``published`` (the whole sample's
    published share, else empty), ``ensemble_p05`` and ``ensemble_p95`` and ``reconstruction``
    (``invented``; empty when withheld or absent), ``ensemble_members``, ``disclosure``,
    and the class of each kind of number (``range_class``, ``reconstruction_class``; ``number_class``
    that of ``proportion``: published for a published share, invented for the reconstruction's).
    """
    import pandas as pd

    est = estimates.copy()
    est["disclosure"] = est["disclosure"].fillna("").astype(str) if "disclosure" in est else ""
    keyed = est.drop_duplicates(["indicator", "by", "group"]).set_index(["indicator", "by", "group"])
    rows = []
    for name in dict.fromkeys(ranges["indicator"]):
        ind = codebook.indicators.get(name)
        part = ranges[ranges["indicator"] == name]
        panel = ind.label if ind is not None else name
        base = str(part["base"].iloc[0])
        overall = part[part["by"] == "overall"]
        if overall.empty and (name, "overall", "All") in keyed.index:
            whole = keyed.loc[(name, "overall", "All")]
            if str(whole.get("number_class", "")) in ("published", "derived") and pd.notna(whole["proportion"]):
                rows.append({"indicator": name, "by": "overall", "group": "All", "row": EVERYONE, "panel": panel,
                             "base": base, "group_n": None, "count": whole.get("count"), "n": whole.get("n"),
                             "proportion": whole.get("proportion"), "ci_lower": whole.get("ci_lower"),
                             "ci_upper": whole.get("ci_upper"),
                             "low": None, "high": None, "published": float(whole["proportion"]),
                             "published_decimals": whole.get("published_decimals"),
                             "ensemble_p05": None, "ensemble_p95": None, "ensemble_members": None,
                             "reconstruction": None, "disclosure": ""})
        for r in part.to_dict("records"):
            key = (name, r["by"], r["group_label"])
            found = keyed.loc[key] if key in keyed.index else None
            withheld = found is not None and found["disclosure"] != ""
            invented = found is not None and str(found.get("number_class", "")) == "invented"
            value = float(found["proportion"]) if found is not None and invented and not withheld and \
                pd.notna(found["proportion"]) else None
            published = float(found["proportion"]) if found is not None and not invented and not withheld and \
                pd.notna(found["proportion"]) else None
            # the spread is shown where the reconstruction's own value is (not withheld, not suppressed)
            shown = found is not None and not withheld and pd.notna(found["proportion"])
            spread = shown and pd.notna(r.get("ensemble_p05")) and pd.notna(r.get("ensemble_p95"))
            rows.append({"indicator": name, "by": r["by"], "group": r["group_label"],
                         "row": EVERYONE if r["by"] == "overall" else r["group"], "panel": panel, "base": base,
                         "group_n": r.get("group_n"),
                         "count": found.get("count") if shown else None, "n": found.get("n") if shown else None,
                         **{k: found.get(k) if shown else None for k in ("proportion", "ci_lower", "ci_upper")},
                         "low": float(r["low"]), "high": float(r["high"]),
                         "published": published,
                         "published_decimals": found.get("published_decimals") if published is not None else None,
                         "ensemble_p05": float(r["ensemble_p05"]) if spread else None,
                         "ensemble_p95": float(r["ensemble_p95"]) if spread else None,
                         "ensemble_members": r.get("ensemble_members") if spread else None,
                         "reconstruction": value, "disclosure": found["disclosure"] if withheld else ""})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["range_class"] = ["derived" if pd.notna(v) else "" for v in frame["low"]]
    frame["published_class"] = ["published" if pd.notna(v) else "" for v in frame["published"]]
    frame["reconstruction_class"] = ["invented" if pd.notna(v) or pd.notna(e) else ""
                                     for v, e in zip(frame["reconstruction"], frame["ensemble_p05"])]
    # The class of the row's own estimate (``proportion``), as in every other figure: the percentages
    # download and anything redrawn from it mark the reconstruction's values as invented.
    frame["number_class"] = ["published" if pd.notna(pub) else "invented" if pd.notna(v) else ""
                             for pub, v in zip(frame["published"], frame["reconstruction"])]
    return frame


def title(frame: "pd.DataFrame") -> str:
    """The finding the published figures alone support (no invented number in it).

    >>> import pandas as pd
    >>> title(pd.DataFrame({"row": ["A", "B"], "high": [1.0, 1.0]}))
    'The published figures leave differences between sectors open: every sector could be at 100%'
    >>> title(pd.DataFrame({"row": ["A"], "high": [0.9]}))
    'What the published figures allow for each sector'
    """
    groups = frame[frame["row"] != EVERYONE]
    if len(groups) and (groups["high"].astype(float) >= 1.0).all():
        return "The published figures leave differences between sectors open: every sector could be at 100%"
    return "What the published figures allow for each sector"


def _percent(v, decimals=None) -> str:
    """A percentage at one decimal, or a published one at the precision it was published with.

    >>> _percent(0.70087), _percent(0.70087, 0), _percent(0.96496, 1.0), _percent(0.5, float("nan"))
    ('70.1%', '70%', '96.5%', '50.0%')
    """
    shown = 1 if decimals is None or decimals != decimals or decimals < 0 else int(decimals)
    return cap.format_percent(float(v), decimals=shown)


def describe(frame: "pd.DataFrame") -> str:
    """The long description: the chart, then every row's values in words."""
    import pandas as pd

    lines = ["Range chart, one panel per measure: for each sector (and all respondents) a bar from the lowest to "
             "the highest share consistent with every published figure."]
    for panel, part in frame.groupby("panel", sort=False):
        lines.append(f"{panel}:")
        for r in part.to_dict("records"):
            bits = []
            if pd.notna(r["low"]):
                bits.append(f"possible {_percent(r['low'])} to {_percent(r['high'])}")
            if pd.notna(r["published"]):
                bits.append(f"published {_percent(r['published'], r.get('published_decimals'))}")
            if pd.notna(r["ensemble_p05"]):
                bits.append(f"middle 90% of the reconstructions {_percent(r['ensemble_p05'])} to "
                            f"{_percent(r['ensemble_p95'])} (invented)")
            if pd.notna(r["reconstruction"]):
                bits.append(f"this reconstruction {_percent(r['reconstruction'])} (invented)")
            if r["disclosure"]:
                bits.append("the reconstruction's value withheld (disclosure control)")
            lines.append(f"  {r['row']}: " + "; ".join(bits) + ".")
    return "\n".join(lines)


def draw(frame: "pd.DataFrame", caption: cap.Caption) -> "Figure":
    """The panels: one per measure, one above the other, the same rows (all respondents, then each group) in each."""
    import math

    import pandas as pd
    from matplotlib.lines import Line2D

    panels = list(dict.fromkeys(frame["panel"]))
    groups = [EVERYONE] + [g for g in dict.fromkeys(frame["row"]) if g != EVERYONE]
    cols = 1
    nrows = math.ceil(len(panels) / cols)
    # The chart is as tall as its panels and their axis need (the title, legend and notes are added
    # around it): a taller one prints too narrow on an A4 page for its text to stay legible.
    fig = style.new_figure(height_mm=AXIS_MM + PANEL_MM * nrows)
    with style.apply_style():
        axes = fig.subplots(nrows, cols, sharex=True, sharey=True, squeeze=False)
        for k, ax in enumerate(axes.flat):
            if k >= len(panels):
                ax.set_visible(False)
                continue
            part = frame[frame["panel"] == panels[k]]
            style.percent_axis(ax, axis="x", step=0.25)
            ax.set_title(panels[k], loc="left", fontsize=style.LABEL_SIZE, fontweight="bold", pad=3)
            # Each kind of mark of the panel in one artist: (y, from, to) of the ranges and middle 90%s,
            # (x, y) of the published and reconstructed values.
            ranges, middles, published, rebuilt = [], [], [], []
            for r in part.to_dict("records"):
                y = groups.index(r["row"])
                if pd.notna(r["low"]):
                    ranges.append((y, r["low"], r["high"]))
                if pd.notna(r["ensemble_p05"]):
                    middles.append((y, r["ensemble_p05"], max(r["ensemble_p95"], r["ensemble_p05"] + 0.004)))
                if pd.notna(r["published"]):
                    published.append((r["published"], y))
                if pd.notna(r["reconstruction"]):
                    rebuilt.append((r["reconstruction"], y))
            if ranges:
                ax.hlines(*zip(*ranges), color=RANGE_COLOUR, linewidth=7, zorder=1)
            if middles:
                ax.hlines(*zip(*middles), color=INVENTED_COLOUR, linewidth=3, zorder=2)
            if published:
                ax.plot(*zip(*published), marker="o", markersize=4.6, color=PUBLISHED_COLOUR,
                        linestyle="none", zorder=3)
            if rebuilt:
                ax.plot(*zip(*rebuilt), marker="D", markersize=4.2, markerfacecolor="white",
                        markeredgecolor=INVENTED_COLOUR, markeredgewidth=1.1, linestyle="none", zorder=4)
            ax.axhline(0.5, color=style.GRID, linewidth=0.8, zorder=0)
        for row in axes:
            style.category_axis(row[0], groups, width_chars=30)
            for ax in row[1:]:
                ax.tick_params(axis="y", length=0, labelleft=False)
                ax.spines["left"].set_visible(False)
        legend = [Line2D([], [], color=RANGE_COLOUR, linewidth=7, label="Possible, given the published figures"),
                  Line2D([], [], marker="o", color=PUBLISHED_COLOUR, linestyle="none", markersize=4.6,
                         label="Published")]
        if frame["reconstruction_class"].eq("invented").any():
            legend += [Line2D([], [], color=INVENTED_COLOUR, linewidth=3,
                              label="Middle 90% of the reconstructions (invented)"),
                       Line2D([], [], marker="D", markerfacecolor="white", markeredgecolor=INVENTED_COLOUR,
                              markeredgewidth=1.1, linestyle="none", markersize=4.2,
                              label="This reconstruction (invented)")]
        frame_figure(fig, caption, legend=legend)
    return fig


def ranges_figure(codebook: "Codebook", ranges: "pd.DataFrame | None", estimates: "pd.DataFrame", *,
                  threshold: int = 10):
    """The ranges chart as a :class:`~analysis.figures.context.Drawn` record, or ``Skipped`` with the reason.

    Its CSV holds every row drawn: the range, the published or invented values and their classes,
    the count and base of the reconstruction's published row (none where it is withheld), and
    ``disclosure_reason`` in words (``threshold`` is the policy's).
    """
    import pandas as pd

    from analysis.figures.context import Drawn, Skipped, with_description, with_reasons
    from analysis.figures.alt_text import fit as fit_alt

    if ranges is None or ranges.empty:
        return Skipped(NAME, "no published group sizes or figures to bound (no published-figures registry)")
    frame = chart_frame(ranges, estimates, codebook)
    w = codebook.wave
    members = pd.to_numeric(frame["ensemble_members"], errors="coerce").max()
    notes = ["Bars: every share consistent with all the published figures (the respondents, the sector counts and "
             "the headline percentages on their bases and rounding), computed exactly; only the sector sizes were "
             "published, so nothing narrower is known about any sector, and nothing at all about any profession."]
    if members == members:
        notes.append(f"Orange: {int(members)} reconstructions drawn with different seeds, each reproducing every "
                     "published figure; their middle 90% shows how far the generator's choices move an invented "
                     "number, not what the survey found.")
    unshown = frame[(frame["row"] != EVERYONE) & frame["reconstruction"].isna() & (frame["disclosure"] == "")
                    & frame["reconstruction_class"].eq("") & frame["low"].notna()]
    if len(unshown) and w.is_reconstructed:
        notes.append("No reconstruction value is drawn for " + ", ".join(dict.fromkeys(unshown["row"])) +
                     ": too few respondents for an estimate.")
    if (frame["disclosure"] != "").any():
        held = sorted({f"{g} ({p.lower()})" for g, p in zip(frame.loc[frame["disclosure"] != "", "row"],
                                                            frame.loc[frame["disclosure"] != "", "panel"])})
        notes.append("The reconstruction's value is withheld by disclosure control for: " + "; ".join(held) + ".")
    text = title(frame)
    caption = cap.Caption(
        title=text,
        subtitle=", ".join(x for x in ("Share within each sector, lowest to highest possible",
                                       w.period) if x),
        base="Base: each measure's own base (all respondents, those who answered, or those with no training); "
             "sector sizes as published.",
        source=cap.source_note(w), notes=tuple(notes),
        provenance_note=w.provenance_note if w.is_reconstructed else "",
        alt_text=fit_alt("Range chart", f" from {w.provenance} data" if w.is_reconstructed else "", text,
                         limit=cap.ALT_TEXT_MAX))
    caption = with_description(caption, describe(frame))
    return Drawn(NAME, draw(frame, caption), caption, with_reasons(frame, threshold),
                 measures={name: ind.label for name, ind in codebook.indicators.items()})
