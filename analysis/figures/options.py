"""The figure of a multi-select item: each option's share of those who answered, sorted, with intervals.

One horizontal bar per option (:func:`analysis.figures.bars.horizontal_bars`, the house
style and the Analysis Function's dark blue), largest share first, from the protected
``options`` table: the figure computes nothing. An option withheld by disclosure control
keeps its place, marked. The title states the most-ticked option and its share, unless
the wave's numbers are invented (a reconstruction), and a note says that the shares do
not add up to 100%.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.figures import captions as cap

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.figures.context import Context, Drawn, Skipped

SHARES_NOTE = "Shares do not add up to 100%: respondents could tick more than one option."


def figure_name(item: str) -> str:
    """The file stem of an item's figure.

    >>> figure_name("topics")
    'fig_options_topics'
    """
    return f"fig_options_{item}"


def sorted_options(options: "pd.DataFrame", item: str) -> "pd.DataFrame":
    """The overall option rows of ``item``, largest share first (withheld rows last, in codebook order).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"item": "t", "kind": "option", "by": "overall", "option": ["a", "b", "c"],
    ...                   "option_number": [1, 2, 3], "proportion": [0.2, 0.6, None]})
    >>> sorted_options(f, "t")["option"].tolist()
    ['b', 'a', 'c']
    """
    rows = options[(options["item"].astype(str) == item) & (options["kind"].astype(str) == "option")
                   & (options["by"].astype(str) == "overall")]
    return rows.assign(_p=rows["proportion"].astype(float).fillna(-1.0)).sort_values(
        ["_p", "option_number"], ascending=[False, True], kind="stable").drop(columns=["_p"]).reset_index(drop=True)


def option_figure(options: "pd.DataFrame", item: str, ctx: "Context") -> "Drawn | Skipped":
    """A sorted bar chart of ``item``'s option shares among those who answered, with 95% intervals."""
    from analysis.figures.bars import horizontal_bars
    from analysis.figures.context import Drawn, Skipped, with_reasons

    name = figure_name(item)
    rows = sorted_options(options, item)
    if rows.empty:
        return Skipped(name, f"no option shares of '{item}' in the tables")
    shown = rows[rows["proportion"].notna() & (rows.get("disclosure", "").astype(str) == "")] \
        if "disclosure" in rows.columns else rows[rows["proportion"].notna()]
    if shown.empty:
        return Skipped(name, f"every option of '{item}' is withheld by disclosure control")
    spec = ctx.codebook.items.get(item)
    question = (spec.text if spec is not None and spec.text else item).strip()
    from analysis.reproduction.provenance import is_stated

    top = shown.iloc[0]
    if is_stated(top.get("number_class", "")):
        tied = [str(r["option"]) for _, r in shown.iterrows() if cap.shown_percent(r) == cap.shown_percent(top)]
        title = (f"{top['option']} was ticked most: {cap.shown_percent(top)} of those who answered" if len(tied) == 1
                 else f"{' and '.join(tied[:3])} were ticked most: {cap.shown_percent(top)} each")
    else:
        title = f"{question}: each option"
    data = rows.assign(indicator=rows["indicator"].astype(str))
    alt = ctx.alt("Bar chart of the options of a select-all-that-apply question", title)
    caption = ctx.caption(title=title, measure=f"Percentage of {rows['base'].iloc[0]} ticking each option",
                          frame=data, extra_notes=[f"Question: {question}" + ("" if question[-1:] in ".?!" else "."), SHARES_NOTE], alt_text=alt,
                          description=(f"Horizontal bar chart of {cap.number_in_words(len(rows))} options, sorted "
                                       f"from the most ticked, each a percentage of {rows['base'].iloc[0]} with a "
                                       f"{cap.format_percent(0.95)} confidence interval."))
    labels = {str(r.indicator): str(r.option) for r in rows.itertuples(index=False)}
    figure = horizontal_bars(data, caption, key="indicator", labels=labels)
    return Drawn(name, figure, caption, with_reasons(data, ctx.threshold))
