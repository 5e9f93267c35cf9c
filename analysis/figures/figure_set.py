"""The figure set of a wave: which estimate frames make which figure, and what each says.

Figures, for any wave (skipped, with the reason, when the codebook lacks what
they need):

1. ``fig1_headline``: the headline indicators with intervals (the indicators
   the wave's published-figures registry names, else every indicator outside
   the "Unmet need" group).
2. ``fig2_confidence_by_sector``: the full scale of each ordinal item behind a
   "Confidence" indicator, by the first breakdown, as diverging bars, don't
   know apart.
3. ``fig3_training_by_sector``: each "Training" indicator beside its
   "Training wanted" partner (paired in codebook order), by the first breakdown.
4. ``fig4_not_confident_by_profession``: the "Confidence" indicators by the
   second breakdown, sorted, small bases open, suppressed groups named.
5. ``fig5_unmet_need_by_sector``: "Unmet need" indicators (would value
   training, among those without it) by the first breakdown.
6. ``fig6_across_waves``: every indicator by wave, with significant changes
   marked, when the wave has a ``previous`` wave.

Every number drawn comes from the frames passed in (the protected table set of
:func:`analysis.protect.stage.read_protected`, the same numbers the report
publishes, and the trend frames of :mod:`analysis.waves.trends`); this module only
chooses rows and words. Rows withheld by disclosure control (a non-empty
``disclosure`` column) keep their place in the chart, marked "withheld (a)" where
their number would be (:meth:`analysis.figures.context.Context.marked`); a note under the chart starts with
each key and names what was withheld and truly why (:meth:`analysis.figures.context.Context.withhold`); the
figure's CSV keeps them without numbers, with ``disclosure_reason`` in words.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Sequence

from analysis.figures import captions as cap
from analysis.figures.context import (Context, Drawn, OverallWithheld, Skipped, describe_rows,
                                      drawn_or_withheld, overall_value, stated_clause, estimate_rows, with_description,
                                      with_reasons)
from analysis.figures.wording import measures_title, split_labels, strip_common_prefix

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook

CONFIDENCE, TRAINING, WANTED, UNMET = "Confidence", "Training", "Training wanted", "Unmet need"
#: The note of a reconstructed wave's chart that shows only published (or derived) numbers, in place of the
#: generated-data note: those numbers are the survey's own.
PUBLISHED_ONLY_NOTE = ("Published figures: every percentage in this chart is the survey's own, as published "
                       "(at the precision and on the base it was published with); the intervals are computed "
                       "from them. No number in this chart was generated.")


# --------------------------------------------------------------------------- the figures


def headline(estimates: "pd.DataFrame", ctx: Context, indicators: Sequence[str]) -> Drawn | Skipped:
    """Figure 1: each headline indicator overall, with its interval."""
    from analysis.figures.bars import horizontal_bars

    name = "fig1_headline"
    if not indicators:
        return Skipped(name, "the codebook defines no indicators")
    every = estimate_rows(estimates, ctx, indicators)  # withheld rows keep their place, marked
    rows, withheld = ctx.withhold(every, ctx.measure)
    drawn = [i for i in indicators if ((rows["indicator"] == i) & (rows["by"] == "overall")).any()]
    if not drawn:
        return Skipped(name, "every headline indicator is withheld by disclosure control")
    # Six measures pointing different ways: the title states what is true of them all (the range of
    # the numbers it may state, at their published precision), never one bar's finding.
    values = [(overall_value(rows, i), ctx.stated(rows, i)) for i in drawn]
    values = [(p, text) for p, text in values if text is not None]
    classes = set(rows.loc[rows["by"] == "overall", "number_class"].astype(str)) if "number_class" in rows else set()
    published = bool(classes) and classes <= {"published", "derived"}
    title = measures_title(len(drawn), values, published=published)
    count = len(indicators)
    alt = ctx.alt(f"Bar chart of {cap.number_in_words(count)} survey measures", title, published=published)
    caption = ctx.caption(title=title, measure=ctx.percentage_of(rows), frame=rows, alt_text=alt,
                          extra_notes=withheld,
                          description=describe_rows(f"Horizontal bar chart of {count} measures, each a percentage of its "
                                                f"base with a {cap.format_percent(0.95)} confidence interval.",
                                                with_reasons(every, ctx.threshold), lambda r: ctx.label(r.indicator)))
    if published and ctx.codebook.wave.is_reconstructed:  # the survey's own numbers: no generated-data note
        caption = replace(caption, provenance_note=PUBLISHED_ONLY_NOTE,
                          long_description=caption.long_description.replace(
                              f"Note: {caption.provenance_note}", f"Note: {PUBLISHED_ONLY_NOTE}"))
    labels = {i: ctx.label(i) for i in indicators}
    return Drawn(name, horizontal_bars(ctx.marked(every), caption, labels=labels), caption,
                 with_reasons(every, ctx.threshold))


def confidence_by_sector(distributions: "pd.DataFrame", estimates: "pd.DataFrame", ctx: Context) -> Drawn | Skipped:
    """Figure 2: the full scale of each confidence item by the first breakdown, don't know apart."""
    import pandas as pd

    from analysis.figures.diverging import ScalePanel, diverging_bars, labelling_note

    name = "fig2_confidence_by_sector"
    by = ctx.breakdown("sector", 0)
    conf = [i for i in ctx.in_group(CONFIDENCE) if ctx.codebook.items[ctx.codebook.indicators[i].item].type == "ordinal"]
    if by is None or not conf:
        return Skipped(name, "needs a breakdown and an indicator in group 'Confidence' on an ordinal item")
    items = list(dict.fromkeys(ctx.codebook.indicators[i].item for i in conf))
    scale = ctx.codebook.items[items[0]].labels()
    if any(ctx.codebook.items[i].labels() != scale for i in items):
        return Skipped(name, "the confidence items must share one scale")
    apart = [m.label for m in ctx.codebook.items[items[0]].missing.values() if m.kind == "dont_know"]
    d = distributions
    on_base = d[d["indicator"].isin(items) & (d["base_name"] == "all") & d["by"].isin(["overall", by])]
    rows = on_base[on_base["category"].isin(scale + apart)]
    rows = pd.concat([rows[rows["indicator"] == i] for i in items], ignore_index=True)
    panel_title = {ctx.codebook.indicators[i].item: t
                   for t, i in zip(strip_common_prefix([ctx.label(i) for i in conf])[0], conf)}
    every, spared = rows, rows["category"].isin(apart)  # withheld groups keep their place, marked
    rows, withheld = ctx.withhold(rows, lambda u: panel_title.get(str(u["indicator"].iloc[0]), str(u["indicator"].iloc[0])),
                                  keep=spared, what=" / ".join(apart))
    left_out = on_base[~on_base["category"].isin(scale + apart) & (on_base["by"] == "overall")
                       & (on_base["proportion"] > 0)]
    left_out_note = ""
    if len(left_out):
        shares = {}
        for r in left_out.itertuples(index=False):
            shares.setdefault(str(r.category), []).append(cap.format_percent(r.proportion, decimals=1))
        left_out_note = "Not shown: " + "; ".join(f"{c} ({' and '.join(v)} of all respondents)"
                                                  for c, v in shares.items()) + "."
    titles, _ = strip_common_prefix([ctx.label(i) for i in conf])
    est = estimate_rows(estimates, ctx, conf, by=by)
    title = f"{CONFIDENCE} by {by}: " + (stated_clause(est, conf, ctx, by=by) or "the full answer scale")
    said, verdict = ctx.range_sentence(conf[0])  # the first breakdown figure states what the published figures allow
    alt = ctx.alt(f"Diverging bar chart of confidence by {by}", verdict or title)
    group_rows = rows.drop_duplicates(["indicator", "group"])
    panels = [ScalePanel(t, ctx.codebook.indicators[i].item) for t, i in zip(titles, conf)]
    marked = ctx.marked(every, keep=spared)
    caption = ctx.caption(
        title=title, measure=ctx.percentage_of(group_rows, by=by), breakdown=by,
        frame=group_rows, per_group="n is shown beside each bar", intervals=False,
        extra_notes=[n for n in [said] + ctx.flags(group_rows) + withheld + [left_out_note,
                                                                   labelling_note(marked, panels=panels, scale=scale)]
                     if n and not n.startswith("Open")],
        alt_text=alt,
        description=describe_rows(f"Diverging stacked bar chart: for each {by}, the share giving each answer on the "
                              f"scale ({', '.join(scale)}), with {' and '.join(apart) or 'no answers'} shown apart.",
                              with_reasons(every, ctx.threshold), lambda r: f"{r.indicator}, {r.group}, {r.category}"))
    return Drawn(name, diverging_bars(marked, caption, panels=panels, scale=scale, apart=apart), caption,
                 with_reasons(every, ctx.threshold))


def training_by_sector(estimates: "pd.DataFrame", ctx: Context) -> Drawn | Skipped:
    """Figure 3: training had (or not) beside training wanted, by the first breakdown."""
    from analysis.figures.dots import Panel, dot_panels

    name = "fig3_training_by_sector"
    by = ctx.breakdown("sector", 0)
    had, wanted = ctx.in_group(TRAINING), ctx.in_group(WANTED)
    pairs = list(zip(had, wanted))
    if by is None or not pairs:
        return Skipped(name, "needs a breakdown and indicators in groups 'Training' and 'Training wanted'")
    every = estimate_rows(estimates, ctx, [i for pair in pairs for i in pair], by=by)  # withheld rows marked
    rows, withheld = ctx.withhold(every, ctx.measure)
    topics, _ = strip_common_prefix([ctx.label(h) for h, _ in pairs])
    _, had_words = strip_common_prefix([ctx.label(h) for h, _ in pairs])
    _, wanted_words = strip_common_prefix([ctx.label(w) for _, w in pairs])
    series = [had_words or ctx.label(pairs[0][0]), wanted_words or ctx.label(pairs[0][1])]
    # The title states the training wanted in every panel (or, when those are withheld or invented,
    # the training had): numbers a reader may quote, for the whole chart.
    try:
        clause = stated_clause(rows, [w for _, w in pairs], ctx, by=by)
    except OverallWithheld:
        clause = ""
    clause = clause or stated_clause(rows, [h for h, _ in pairs], ctx, by=by) or "training had and wanted"
    title = f"{TRAINING} by {by}: {clause}"
    alt = ctx.alt(f"Dot chart of training by {by}", title)
    caption = ctx.caption(title=title, measure=ctx.percentage_of(rows, by=by), breakdown=by,
                          frame=rows, per_group=f"n is shown beside each {by}",
                          extra_notes=ctx.flags(rows) + withheld, alt_text=alt,
                          description=describe_rows(f"Dot chart with {cap.format_percent(0.95)} confidence intervals, "
                                                f"one row per {by}.", with_reasons(every, ctx.threshold),
                                                lambda r: f"{ctx.label(r.indicator)}, {r.group}"))
    panels = [Panel(t, pair) for t, pair in zip(topics, pairs)]
    return Drawn(name, dot_panels(ctx.marked(every), caption, panels=panels, series_labels=series), caption,
                 with_reasons(every, ctx.threshold))


def not_confident_by_profession(estimates: "pd.DataFrame", ctx: Context) -> Drawn | Skipped:
    """Figure 4: the confidence indicators by the second breakdown, sorted, small bases marked."""
    name = "fig4_not_confident_by_profession"
    by = ctx.breakdown("profession", 1)
    conf = ctx.in_group(CONFIDENCE)
    if by is None or not conf:
        return Skipped(name, "needs a second breakdown and indicators in group 'Confidence'")
    shared, _ = split_labels([ctx.label(i) for i in conf])
    return _dot_figure(name, estimates, ctx, conf, by=by, topic=shared or CONFIDENCE, chart=f"Dot chart by {by}",
                       layout=f"one row per {by}, sorted by the first measure.", sort=True)


def _dot_figure(name: str, estimates: "pd.DataFrame", ctx: Context, indicators: list[str], *, by: str,
                topic: str, chart: str, layout: str, sort: bool) -> Drawn:
    """A dot chart of ``indicators`` by ``by``, one panel each, withheld groups named in the notes.

    Its title leads with the ``topic`` and the breakdown ("Not confident by profession: 62% assessing ...").
    """
    from analysis.figures.dots import Panel, dot_panels

    every = estimate_rows(estimates, ctx, indicators, by=by)  # withheld rows keep their place, marked
    rows, withheld = ctx.withhold(every, ctx.measure)
    titles, _ = strip_common_prefix([ctx.label(i) for i in indicators])
    first = indicators[0]
    clause = stated_clause(rows, indicators, ctx, by=by, topic=topic)
    title = (f"{topic} by {by}: {clause}" if clause else
             f"{cap.sentence_case(ctx.label(first))}, by {by}: an invented breakdown")
    caption = ctx.caption(title=title, measure=ctx.percentage_of(rows, by=by), breakdown=by,
                          frame=rows, per_group=f"n is shown beside each {by}", extra_notes=ctx.flags(rows) + withheld,
                          alt_text=ctx.alt(chart, title),
                          description=describe_rows(f"Dot chart with {cap.format_percent(0.95)} confidence intervals, "
                                                + layout, with_reasons(every, ctx.threshold),
                                                lambda r: f"{ctx.label(r.indicator)}, {r.group}"))
    panels = [Panel(t, (i,)) for t, i in zip(titles, indicators)]
    return Drawn(name, dot_panels(ctx.marked(every), caption, panels=panels, sort_by=first if sort else None),
                 caption, with_reasons(every, ctx.threshold))


def unmet_need_by_sector(estimates: "pd.DataFrame", ctx: Context) -> Drawn | Skipped:
    """Figure 5: would value training among those without it, by the first breakdown."""
    name = "fig5_unmet_need_by_sector"
    by = ctx.breakdown("sector", 0)
    unmet = ctx.in_group(UNMET)
    if by is None or not unmet:
        return Skipped(name, "the codebook defines no indicator in group 'Unmet need' (would value training, "
                             "on a base of those without it)")
    return _dot_figure(name, estimates, ctx, unmet, by=by, topic=UNMET, chart=f"Dot chart of unmet training need by {by}",
                       layout=f"one row per {by}.", sort=False)


def across_waves(trend: "pd.DataFrame | None", differences: "pd.DataFrame | None", ctx: Context) -> Drawn | Skipped:
    """Figure 6: every indicator by wave, significant changes marked."""
    from analysis.figures.trend import base_notes, shown_rows, significant_changes, trend_dots, trend_notes, value_label

    name = "fig6_across_waves"
    if trend is None or trend.empty:
        return Skipped(name, "the wave has no previous wave ([wave] previous)")
    waves = list(dict.fromkeys(trend.sort_values("wave_order", kind="stable")["wave"].astype(str)))
    labels = {str(r.indicator): str(r.label) for r in trend.itertuples(index=False) if str(r.label)}
    is_asked = trend["flag"].fillna("").astype(str) != "not asked"
    waves_asked = trend[is_asked].groupby("indicator", sort=False)["wave"].nunique()
    compared = [i for i in dict.fromkeys(trend["indicator"].astype(str)) if waves_asked.get(i, 0) >= 2]
    if not compared:
        return Skipped(name, "no indicator was asked in two waves")
    from analysis.waves.trends import effective_base_note

    tested = f"* Change from the previous wave is statistically significant at the {cap.format_percent(0.05)} " \
             "level (two-proportion z test)."
    said = effective_base_note(differences) if differences is not None and len(differences) else ""
    notes = [f"{tested} {said.replace('Both use', 'The test uses')}" if said else tested]
    single = [i for i in dict.fromkeys(trend["indicator"].astype(str)) if i not in compared]
    if single:
        notes.append("Asked in one wave only, not shown: " + "; ".join(labels.get(i, i) for i in single) + ".")
    trend = trend[trend["indicator"].astype(str).isin(compared)]
    every = shown_rows(trend)[0]  # withheld estimates keep their place, marked; invented values are not drawn
    trend, withheld = ctx.withhold(trend.assign(group=trend["wave"].astype(str)),
                                   lambda u: labels.get(str(u["indicator"].iloc[0]), str(u["indicator"].iloc[0])),
                                   within=("indicator", "wave"))
    trend = trend.drop(columns=["group"])
    notes += withheld
    # A reconstructed wave's invented values are never drawn; provenance and population changes are stated.
    trend, not_shown = shown_rows(trend)
    notes += not_shown + trend_notes(trend, differences)
    changes = significant_changes(differences)
    title = f"No measure changed significantly between {waves[0]} and {waves[-1]}"
    # A trend that involves an illustrative wave is no finding: the title says so first.
    invented = "provenance" in trend and (trend["provenance"].astype(str) == "illustrative").any()
    if changes and differences is not None:
        first = differences[differences["marker"].fillna("").astype(str) != ""].iloc[0]
        verb = "rose" if float(first["difference"]) > 0 else "fell"
        shown = {(str(r.indicator), str(r.wave)): value_label(r)
                 for r in trend[trend["proportion"].notna()].itertuples(index=False)}
        p_from = shown.get((str(first["indicator"]), str(first["wave_from"]))) or cap.format_percent(first["p_from"])
        p_to = shown.get((str(first["indicator"]), str(first["wave_to"]))) or cap.format_percent(first["p_to"])
        label = cap.sentence_case(labels.get(str(first['indicator']), str(first['indicator'])).lower())
        title = f"{label} {verb} from {p_from} in {first['wave_from']} to {p_to} in {first['wave_to']}"
        if bool(first.get("population_changed", False)):  # a change of population is no change over time
            title = f"{label}: {p_from} in {first['wave_from']} and {p_to} in {first['wave_to']}, in different populations"
    if invented:
        title = "Illustrative data: " + title[0].lower() + title[1:]
    asked = trend[trend["flag"].fillna("").astype(str) != "not asked"]
    subtitle = ctx.subtitle(f"{ctx.percentage_of(asked)}, by wave ({', '.join(waves)})")
    base = " ".join(base_notes(asked))
    notes = [cap.interval_note(asked), *notes]
    spelled = ctx.abbreviations(asked, title, subtitle, base, *notes, *labels.values())
    caption = cap.Caption(
        title=title, subtitle=subtitle, base=base, source=cap.source_note(ctx.codebook.wave),
        notes=tuple(notes), abbreviations=spelled,
        provenance_note=ctx.codebook.wave.provenance_note if ctx.codebook.wave.is_reconstructed else "",
        alt_text=ctx.alt(f"Dot chart of each measure by wave, {waves[0]} to {waves[-1]}", title))
    caption = with_description(caption, describe_rows("Dot chart, one row per measure and one dot per wave, with "
                                                  "confidence intervals.", asked,
                                                  lambda r: f"{labels.get(str(r.indicator))}, {r.wave}"))
    marked = ctx.marked(every.assign(group=every["wave"].astype(str)), within=("indicator", "wave"))
    return Drawn(name, trend_dots(marked.drop(columns=["group"]), differences, caption, labels=labels), caption,
                 with_reasons(every, ctx.threshold))


def figure_builders(codebook: "Codebook", tables: dict[str, "pd.DataFrame"], *,
                    headline_indicators: Sequence[str] | None = None, trend: "pd.DataFrame | None" = None,
                    differences: "pd.DataFrame | None" = None, small_base: int = 50, suppress_below: int = 30,
                    threshold: int = 10, left_out: dict | None = None,
                    ranges_said: dict | None = None) -> list[tuple[str, Callable[[], Drawn | Skipped]]]:
    """Every figure of a wave, in order, as ``(name, build)``: ``build()`` draws it (``Drawn``) or says why not.

    The figures are independent of one another, so the ``figures`` stage can hand them to
    several processes; :func:`figure_set` draws them all here. The arguments are those of
    :func:`figure_set`; ``ranges_said`` gives, per indicator, what the published figures allow for
    its groups (:attr:`analysis.figures.context.Context.ranges_said`).
    """
    ctx = Context(codebook, small_base=small_base, suppress_below=suppress_below, threshold=threshold,
                  left_out=left_out, ranges_said=ranges_said)
    est = tables["estimates"]
    heads = list(headline_indicators) if headline_indicators else \
        [n for n, ind in codebook.indicators.items() if ind.group != UNMET]
    measures = ctx.measures()

    def finished(build, *args) -> Callable[[], Drawn | Skipped]:
        def run() -> Drawn | Skipped:
            made = build(*args)
            return replace(made, measures=measures, suppress_below=suppress_below) if isinstance(made, Drawn) else made
        return run

    def guarded(name: str, build, *args) -> tuple[str, Callable[[], Drawn | Skipped]]:
        return name, finished(drawn_or_withheld, name, build, *args)

    return [
        guarded("fig1_headline", headline, est, ctx, heads),
        guarded("fig2_confidence_by_sector", confidence_by_sector, tables["distributions"], est, ctx),
        guarded("fig3_training_by_sector", training_by_sector, est, ctx),
        guarded("fig4_not_confident_by_profession", not_confident_by_profession, est, ctx),
        guarded("fig5_unmet_need_by_sector", unmet_need_by_sector, est, ctx),
        ("fig6_across_waves", finished(across_waves, trend, differences, ctx)),
    ] + _option_builders(tables.get("options"), ctx, finished)


def _option_builders(options, ctx: Context, finished) -> list:
    """One sorted bar chart per multi-select item (:mod:`analysis.figures.options`)."""
    from analysis.figures.options import figure_name, option_figure

    if options is None or options.empty:
        return []
    return [(figure_name(item), finished(option_figure, options, item, ctx))
            for item in dict.fromkeys(options["item"].astype(str))]


def figure_set(codebook: "Codebook", tables: dict[str, "pd.DataFrame"], *, headline_indicators: Sequence[str] | None = None,
               trend: "pd.DataFrame | None" = None, differences: "pd.DataFrame | None" = None,
               small_base: int = 50, suppress_below: int = 30, threshold: int = 10,
               left_out: dict | None = None) -> list[Drawn | Skipped]:
    """Every figure of a wave, in order, from its table set (and trend frames when it has a predecessor).

    Parameters
    ----------
    codebook : Codebook
        The wave's codebook (labels, groups, breakdowns, provenance).
    tables : dict
        The wave's ``estimates`` and ``distributions``: the protected table set
        (:func:`analysis.protect.stage.read_protected`); rows whose ``disclosure``
        is not empty are marked in place in the charts and named, with the reason, in their notes.
    headline_indicators : sequence of str, optional
        Indicators of figure 1 (e.g. those the published-figures registry names);
        default every indicator outside the "Unmet need" group.
    trend, differences : pandas.DataFrame, optional
        :func:`analysis.waves.trends.trend_table` and ``wave_differences``.
    small_base, suppress_below : int
        The thresholds the tables were flagged with (for the notes).
    threshold : int
        The disclosure threshold the tables were protected with (for the notes).
    left_out : dict, optional
        Who is left out of each breakdown and why (``protected.json`` ``left_out``): each
        figure by a breakdown says how many, and why, in its notes.

    Returns
    -------
    list of Drawn or Skipped
    """
    return [build() for _, build in figure_builders(
        codebook, tables, headline_indicators=headline_indicators, trend=trend, differences=differences,
        small_base=small_base, suppress_below=suppress_below, threshold=threshold, left_out=left_out)]
