"""The methods notes of a report: source, definitions, bases, interval method, suppression, symbols.

The same sections fill the workbook's notes sheet and the HTML page's methods
section. Everything is read from the codebook and the estimate frames.

>>> from analysis.codebook import parse_codebook
>>> cb = parse_codebook('''
... [wave]
... name = "demo"
... source = "Demo survey, a charity"
... [files]
... data = "x.csv"
... [id]
... column = "id"
... [items.conf]
... column = "Q1"
... type = "ordinal"
... text = "How confident are you?"
... codes = { 1 = "Not at all", 2 = "Not very", 3 = "Fairly", 4 = "Very" }
... [indicators.not_conf]
... item = "conf"
... codes = [1, 2]
... label = "Not confident"
... ''')
>>> sections = methods_notes(cb, threshold=10, methods=["wilson"], levels=[0.95])
>>> [h for h, _ in sections]
['Source', 'Definitions', 'Bases', 'Confidence intervals', 'Small bases', 'Disclosure control', 'Symbols']
>>> sections[1][1][0]
'Not confident: answered Not at all or Not very to "How confident are you?". Default base: all respondents.'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

from analysis.report.content import NOT_AVAILABLE, WITHHELD

if TYPE_CHECKING:  # pragma: no cover
    from analysis.codebook import Codebook

METHOD_TEXT = {
    "wilson": "Wilson score interval (recommended by Brown, Cai and DasGupta, 2001, for survey proportions)",
    "clopper_pearson": "Clopper–Pearson exact interval",
    "jeffreys": "Jeffreys interval",
    "agresti_coull": "Agresti–Coull interval",
    "wald": "Wald interval",
    "logit": "logit interval",
    "korn_graubard": "Korn–Graubard interval for weighted data",
}


def _join(items: Sequence[str]) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _condition(codebook, name: str, codes) -> str:
    """A base's condition in words: the question and the answers it keeps, never internal names.

    >>> from types import SimpleNamespace as NS
    >>> cb = NS(items={"risk_trained": NS(text="Have you received training in online risk assessment?",
    ...                                   label_of=lambda c: {1: "Yes", 2: "No"}[c])})
    >>> _condition(cb, "risk_trained", [2])
    'the answer "No" to "Have you received training in online risk assessment?"'
    """
    item = codebook.items.get(name)
    if item is None:
        return f"{name} in {', '.join(str(c) for c in codes)}"
    answers = _join([f'"{item.label_of(c)}"' for c in codes])
    noun = "answer" if len(codes) == 1 else "answers"
    return f"the {noun} {answers} to \"{item.text}\"" if item.text else f"the {noun} {answers}"


def methods_notes(codebook: "Codebook", *, threshold: int, methods: Sequence[str] = ("wilson",),
                  levels: Sequence[float] = (0.95,), small_base: int = 50, suppress_below: int = 30,
                  letters: bool = True, policy: str = "", design: "Mapping | None" = None
                  ) -> list[tuple[str, list[str]]]:
    """The notes sections as (heading, lines).

    Parameters
    ----------
    codebook : Codebook
        The wave's codebook (source, indicators, bases, provenance).
    threshold : int
        Disclosure threshold used for the report.
    methods, levels : sequence
        Interval methods and confidence levels found in the frames.
    small_base, suppress_below : int
        The statistics engine's small-base flag and percentage-suppression bases.
    letters : bool
        Whether tables carry significance letters.
    policy : str, optional
        The disclosure-control policy in one sentence (name, threshold, reference:
        :meth:`analysis.protect.policy.Policy.describe`); the strict rule's wording when empty.
    design : mapping, optional
        The ``design`` and ``weighting`` reports the tables stage wrote into
        ``tables.json`` (:func:`analysis.weighting.design_options`); they add a
        "Design and weighting" section.
    """
    from analysis.codebook import MISSING_KIND_LABELS

    w = codebook.wave
    source = [f"Survey: {w.title or w.name}." if (w.title or w.name) else "",
              f"Carried out by: {w.source}." if w.source else "",
              f"Period: {w.period}." if w.period else "",
              f"Population: {w.population}." if w.population else "",
              f"Data: {w.provenance}." if not (w.is_reconstructed and w.provenance_note) else ""]
    if w.is_reconstructed and w.provenance_note:
        source.append(w.provenance_note)
    definitions = []
    for name, ind in codebook.indicators.items():
        item = codebook.items.get(ind.item)
        counted = _join([item.codes.get(c, str(c)) for c in ind.codes]) if item else _join(ind.codes)
        question = f' to "{item.text}"' if item is not None and item.text else ""
        base = codebook.bases[ind.base].label if ind.base in codebook.bases else ind.base
        line = f"{ind.label}: answered {counted}{question}. Default base: {base}."
        definitions.append(line)
    bases = []
    for b in codebook.bases.values():
        out = [MISSING_KIND_LABELS.get(k, k).lower() for k in b.excludes]
        text = f"{b.label[0].upper() + b.label[1:]}: every respondent"
        if b.where:
            conds = "; ".join(_condition(codebook, item, codes) for item, codes in b.where.items())
            text += f" with {conds}"
        text += (", leaving out answers coded " + _join([f'"{x}"' for x in out]) if out else "") + "."
        bases.append(text)
    from analysis.ingest.rows import describe

    if describe(codebook):
        bases.append(describe(codebook))
    bases.append("Counts and bases are unweighted numbers of respondents.")
    weight = codebook.weight_item
    raking = (design or {}).get("weighting")
    if raking:
        verb = "post-stratified" if raking.get("method") == "poststratify" else "raked"
        bases.append(f"Percentages and intervals are weighted: {verb} to population totals of "
                     f"{_join(raking['variables']).replace(' or ', ' and ')}; counts and bases stay unweighted.")
    elif weight is not None:
        bases.append(f"Percentages and intervals are weighted by {weight.name} (column {weight.column}); "
                     "counts and bases stay unweighted.")
    else:
        bases.append("Percentages are unweighted: the codebook names no weight.")
    method_lines = [f"{round(float(lv) * 100):g}% confidence intervals: {METHOD_TEXT.get(m, m)}."
                    for m in methods for lv in levels]
    from analysis.sampling import is_non_probability

    if is_non_probability(codebook):  # a self-selected sample: no population figure to lie within a range
        method_lines.append('In the text an estimate reads "62% (95% CI (sampling error only): 58% to 66%)": the '
                            "percentage of respondents, then the range it would lie within with 95% confidence were "
                            "the respondents a random sample. It covers sampling error only, not the difference "
                            "between those who chose to answer and those who did not.")
    else:
        method_lines.append('In the text an estimate reads "62% (95% CI: 58% to 66%)": the percentage, then the '
                            "range within which the population figure lies with 95% confidence.")
    if letters and design and (design.get("design") or design.get("weighting")):
        method_lines.append("Significance letters: each group of a breakdown has a column key (A, B, C ...); "
                            "a key in another group's 'Significantly higher than' cell means that group's "
                            "percentage is higher at the 5% level (design-based t test of the difference, with "
                            "the standard error from the sample design and weighting and the design's degrees of "
                            "freedom, as R's svyttest, adjusted for multiple comparisons with Holm's method).")
    elif letters:
        method_lines.append("Significance letters: each group of a breakdown has a column key (A, B, C ...); "
                            "a key in another group's 'Significantly higher than' cell means that group's "
                            "percentage is higher at the 5% level (pooled two-proportion z test, as SPSS Custom "
                            "Tables, adjusted for multiple comparisons with Holm's method).")
    small = [f"Small base: a percentage on fewer than {small_base} respondents is marked 'Small base'; treat it "
             "with caution.",
             f"Percentages on fewer than {suppress_below} respondents are not shown ({NOT_AVAILABLE})."]
    disclosure = [f"Counts below {threshold} are withheld ({WITHHELD}), and so is the rest of the base when it is "
                  f"below {threshold} (it would give the count away). Every figure resting on a withheld count "
                  "(its percentage, interval and significance letters) is withheld with it.",
                  "Secondary suppression: further rows are withheld so that no withheld count can be worked out "
                  "from totals or differences (at least two withheld rows in every breakdown that has one, checked "
                  "by a linear-programming audit of everything published).",
                  "Free-text answers and direct identifiers (names, e-mail addresses, IP addresses) are dropped "
                  "when the data are read and never appear in any output."]
    if policy:
        disclosure = [policy, _reasons_line(threshold)] + disclosure[1:]
    symbols = [f"{WITHHELD}: withheld to protect confidentiality; the Note column of its row says why.",
               f"{NOT_AVAILABLE}: not available (no respondents, or the base is too small for a percentage).",
               "Small base: fewer than the small-base threshold of respondents; treat with caution."]
    sections = [("Source", [s for s in source if s]), ("Definitions", definitions), ("Bases", bases)]
    design_lines = design_notes(design or {})
    if design_lines:
        sections.append(("Design and weighting", design_lines))
    return sections + [("Confidence intervals", method_lines), ("Small bases", small),
                       ("Disclosure control", disclosure), ("Symbols", symbols)]


def design_notes(report: "Mapping") -> list[str]:
    """Lines on the sample design and the raking from the tables stage's report (empty when neither).

    >>> design_notes({"design": {"weight": "w", "strata": "nation", "strata_count": 2, "cluster": "school",
    ...     "cluster_count": 56, "fpc": "", "lonely_psu": "fail", "degrees_of_freedom": 54}})[0][:71]
    'Sample design: 56 clusters (school) in 2 strata (nation), weighted by w'
    """
    lines = []
    d = report.get("design")
    if d:
        parts = []
        if d.get("cluster"):
            parts.append(f"{d['cluster_count']:,} clusters ({d['cluster']})")
        if d.get("strata"):
            parts.append(f"in {d['strata_count']:,} strata ({d['strata']})" if parts
                         else f"{d['strata_count']:,} strata ({d['strata']})")
        text = "Sample design: " + (" ".join(parts) if parts else "respondents sampled independently")
        if d.get("weight"):
            text += f", weighted by {d['weight']}"
        if d.get("fpc"):
            text += f", with a finite population correction from {d['fpc']}"
        lines.append(text + ". Standard errors, intervals and tests use the design (Taylor linearisation, as R's "
                     f"survey package), with {d['degrees_of_freedom']:,} degrees of freedom (clusters minus strata).")
        if d.get("lonely_psu") and d["lonely_psu"] != "fail":
            lines.append(f"Strata with a single cluster: rule '{d['lonely_psu']}' (as R's survey.lonely.psu).")
    w = report.get("weighting")
    if w:
        start = "the design weights" if w.get("from_design_weights") else "equal weights"
        how = ("post-stratification" if w.get("method") == "poststratify"
               else "raking (iterative proportional fitting)")
        lines.append(f"Weighting: {how} from {start} to population totals of "
                     f"{_join(w['variables']).replace(' or ', ' and ')} ({w['margins_file']}), "
                     f"{'converged' if w['converged'] else 'stopped'} after {w['iterations']} iterations with a "
                     f"largest margin error of {w['max_margin_error']:.1e} of the total"
                     + (f"; weights trimmed to {w['trim'][0]:g}–{w['trim'][1]:g} times the mean "
                        f"({w['trimmed']} trimmed)" if w.get("trim") else "") + ".")
        lines.append(f"Weights range from {w['weight_min']:,.3g} to {w['weight_max']:,.3g} (ratio "
                     f"{w['weight_ratio']:,.3g}); Kish's effective base is {w['kish_effective_n']:,.1f} of "
                     f"{w['respondents']:,} respondents (design effect due to weighting "
                     f"{w['design_effect_weighting']:.2f}).")
        for m in w["margins"]:
            src = f" ({m['source']})" if m.get("source") else ""
            lines.append(f"Margin {m['variable']} = {m['category']}: population {m['population']:,.0f}{src}; "
                         f"{m['respondents']:,} respondents, weighted total {m['weighted']:,.0f}.")
        lines.append("Standard errors account for the calibration of the weights, as R's survey package does after "
                     + ("postStratify()." if w.get("method") == "poststratify" else "rake()."))
    if lines:
        comparison = (d or {}).get("deff_comparison") or (w or {}).get("deff_comparison")
        drawn = {"replace": ' drawn with replacement (as R\'s svymean(deff = "replace")): the weights do not '
                            "estimate a population total, or no finite population correction applies",
                 "without_replacement": " drawn without replacement from a population the size of the weights' "
                                        "total (as R's svymean(deff = TRUE))"}.get(comparison, "")
        lines.append("Design effect: the variance of an estimate divided by that of a simple "
                     f"random sample of the same size{drawn}; the effective base is the size of such a sample with "
                     "the same precision.")
    return lines


def _reasons_line(threshold: int) -> str:
    """The reasons a withheld cell may carry, as stated beside it."""
    return (f"Withheld cells are marked {WITHHELD}, for one of these reasons: \"fewer than {threshold} people\" "
            f"(the cell itself is small), \"fewer than {threshold} people in the group\" (the group's base is small), "
            "\"withheld so that a smaller cell cannot be worked out\" (secondary suppression), or the whole table is "
            "withheld because its cells could not be protected one by one. Missing answers (don't know, no answer) "
            "are never groups of a breakdown.")
