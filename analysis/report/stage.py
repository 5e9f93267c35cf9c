"""The ``report`` stage: ``reports/<wave>/<wave>.xlsx``, ``.html``, ``.pptx`` and ``.docx``.

``python -m analysis report --wave 2013`` loads the wave, takes its table set from the
statistics engine (:func:`analysis.tables.table_set`), the figures from
``figures/<wave>/`` (:mod:`analysis.report.figure_inputs`: SVG, PNG, the JSON caption record,
the CSV of the numbers and the percentages for reports), the claims table, the ranges and the
ensemble's spread the ``reproduce`` stage wrote where the wave has a published-figures registry
(the ranges chart is shown beside them), and the wave
comparison where it has a previous wave; applies disclosure control to all of it at
once; and writes the workbook and the HTML page, each to a temporary name first.

The disclosure threshold is 10 unless ``data/raw/<wave>/report.toml`` says otherwise::

    [disclosure]
    threshold = 10

Exit status 0 when the checks pass: the disclosure audit finds nothing a published
total gives away, and every figure has alt text. 1 otherwise (the files are still
written, and the problems printed).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from analysis.figures import RANGES_FIGURE  # the name alone: the package imports no drawing library

if TYPE_CHECKING:  # pragma: no cover
    from analysis.config import Paths


def _reproduction(wave: str, paths: "Paths"):
    """The claims (also as protected), ranges and ensemble spread the ``reproduce`` stage wrote (None without a registry)."""
    from analysis.reproduction.stage import read_outputs

    return read_outputs(wave, paths)


def _design_report(wave: str, paths: "Paths") -> dict:
    """The design and weighting report the tables stage wrote into ``tables.json`` (empty when none)."""
    meta = paths.tables_dir(wave) / "tables.json"
    if not meta.is_file():
        return {}
    record = json.loads(meta.read_text(encoding="utf-8"))
    return {k: record[k] for k in ("design", "weighting") if k in record}


def build(wave: str, paths: "Paths") -> dict:
    """Everything the two files show, protected; also the checks' findings (``problems``)."""
    from analysis import __version__
    from analysis.codebook import load_codebook
    from analysis.figures.captions import alt_text_problems
    from analysis.protect.policy import Policy
    from analysis.protect.stage import read_protected, read_protected_trend
    from analysis.report.assemble import report_tables, reproduction_report_table
    from analysis.report.findings import key_findings
    from analysis.report.notes import methods_notes
    from analysis.report.workbook import Cover
    from analysis.reproduction.registry import published_indicators

    cb = load_codebook(paths.codebook(wave), wave=wave)
    info = cb.wave
    protected, _, record = read_protected(wave, paths)
    policy = Policy(record["policy"], int(record["threshold"]))
    threshold = policy.threshold
    reproduced = _reproduction(wave, paths)
    # The comparison across waves as the trends stage protected it; the reproduction table's claims
    # (each a count of the whole wave) as the reproduce stage protected them, under the same threshold.
    from analysis.protect.stage import read_passed

    protected = {**protected, **read_protected_trend(wave, paths), **read_passed(wave, paths)}
    if reproduced is not None and not reproduced["protected"].empty:
        protected["reproduction"] = reproduced["protected"]
    problems_audit = [f"disclosure audit: {n} withheld cells can be worked out (see the protect stage)"
                      for n in [record.get("audit_exposed", 0)] if n]
    labels = {n: i.label for n, i in cb.indicators.items()}
    tables = report_tables(cb, protected, labels=labels, threshold=threshold, left_out=record.get("left_out"))
    repro_table = reproduction_report_table(protected["reproduction"]) if "reproduction" in protected else None
    ranges = reproduced["ranges"] if reproduced is not None else None
    from analysis.report.figure_inputs import checked_csv, figure_files

    figure_labels = {**{n: it.text for n, it in cb.items.items() if it.text}, **labels}
    figures = figure_files(wave, paths, checked_csv, labels=figure_labels, threshold=threshold)
    checked = list(figures)
    if repro_table is not None and ranges is not None and len(ranges):
        from analysis.report.assemble import ranges_report_table

        # The ranges chart belongs to the reproduction section, beside its table, not among the findings' figures.
        chart = [f for f in figures if f.name == RANGES_FIGURE]
        figures = [f for f in figures if f.name != RANGES_FIGURE]
        repro_table = [repro_table, *chart, ranges_report_table(ranges, protected["estimates"])]
    est = protected["estimates"]
    # A reconstructed wave's headline sentences state only what was published; its invented
    # indicators stay in the tables, under the reconstruction note, but never become findings.
    published = published_indicators(wave, paths, cb) if info.is_reconstructed and "number_class" not in est else None
    findings = [f.text for f in key_findings(est if published is None else est[est["indicator"].isin(published)],
                                             labels=labels)]
    letters = any(c.key == "letters" for t in tables for c in t.columns)  # notes describe only columns shown
    notes = methods_notes(cb, threshold=threshold, policy=policy.describe(), methods=sorted(set(est["method"].dropna().astype(str))),
                          levels=sorted(set(est["level"].dropna().astype(float))), design=_design_report(wave, paths),
                          letters=letters)
    note = info.provenance_note if info.is_reconstructed else ""
    about = [x for x in (info.period and f"Period: {info.period}.", info.population and
                         f"Population: {info.population}.", info.source and f"Source: {info.source}.") if x]
    problems = list(problems_audit)
    for f in checked:
        if not f.alt_text.strip():
            problems.append(f"figure {f.name}: no alt text")
        else:
            problems += [f"figure {f.name}: alt text {p}" for p in alt_text_problems(f.alt_text)
                         if p.startswith("does not")]
    footer = (f"Produced with the survey toolkit (version {__version__}). To protect the people who took part, "
              f"no figure is shown for a group of fewer than {threshold} people.")
    technical = [f"Wave {wave}; codebook sha256 {cb.sha256[:12]}; disclosure control policy {policy.name}, "
                 f"threshold {threshold}."]
    # Reader-facing status, publication date and contact: the same settings the workbook's cover shows.
    from analysis.report.html import reader_date

    cover = Cover.from_wave(info)
    facts = [("Status", cover.status), ("Published", reader_date(cover.published)), ("Contact", cover.contact)]
    abbreviations = dict(getattr(cb, "abbreviations", None) or {})
    from analysis.report.caveats import apply_caveats

    built = dict(title=info.title or f"Wave {wave}", about=about, cover=cover, note=note, tables=tables,
                 repro=repro_table, figures=figures, findings=findings, notes=notes, footer=footer, problems=problems,
                 facts=facts, abbreviations=abbreviations, technical=technical,
                 withheld=int((est["disclosure"] != "").sum()))
    return apply_caveats(built, cb, est, ranges=ranges, wave=wave)


def run(wave: str, paths: "Paths") -> int:
    """Stage entry point; skipped, with one line, when nothing it reads has changed since its last run.

    See :mod:`analysis.uptodate`: the record holds a key over the stage's inputs and the toolkit's
    code, and the digest of every file the stage wrote; ``--force`` runs it regardless.
    """
    from analysis.uptodate import run_stage

    return run_stage("report", wave, paths, _run, outputs=paths.report_dir(wave), inputs=[paths.figures_dir(wave)])


def _run(wave: str, paths: "Paths") -> int:
    """Stage entry point: write the workbook and the HTML report of ``wave``."""
    from analysis.atomic import write_text
    from analysis.report.html import render_report
    from analysis.report.workbook import write_workbook

    r = build(wave, paths)
    out = paths.report_dir(wave)
    from analysis.report.image_links import with_image_links  # the images, as files beside the page

    r["figures"] = with_image_links(r["figures"], paths.figures_dir(wave), out)
    if isinstance(r["repro"], list):
        r["repro"] = with_image_links(r["repro"], paths.figures_dir(wave), out)
    from analysis.report.image_links import remove_stale_images

    remove_stale_images(out, [*r["figures"], *(r["repro"] if isinstance(r["repro"], list) else [])])
    from analysis.report.content import ReportTable

    repro = r["repro"] if isinstance(r["repro"], list) else ([r["repro"]] if r["repro"] is not None else [])
    sheets = r["tables"] + [t for t in repro if isinstance(t, ReportTable)]
    write_workbook(out / f"{wave}.xlsx", sheets, cover=r["cover"], notes=r["notes"], abbreviations=r["abbreviations"])
    page = render_report(title=r["title"], about=r["about"], provenance_note=r["note"], findings=r["findings"],
                         figures=r["figures"], tables=r["tables"], reproduction=r["repro"], notes=r["notes"],
                         footer=r["footer"], facts=r["facts"], abbreviations=r["abbreviations"],
                         technical=r["technical"], survey=r.get("survey", ()), group_ranges=r.get("group_ranges", ()))
    write_text(out / f"{wave}.html", page)
    from analysis.report.office import write_office

    office = write_office(r, wave, paths)
    from analysis import console

    said = (f"report {wave}: {len(sheets)} tables, {len(r['figures'])} figures, {len(r['findings'])} findings, "
            f"{r['withheld']} estimate rows withheld -> ")
    written = [out / (wave + '.xlsx'), out / (wave + '.html'), *office]
    console.line(said + console.shown(out, paths.root) + "/ (" + ", ".join(p.suffix for p in written) + ")",
                 said + ", ".join(str(p) for p in written))
    for f in r["figures"]:
        if f.withheld:
            print(f"report {wave}: figure {f.name} draws figures withheld by disclosure control; the page shows "
                  "its title, protected numbers and a note instead of the image", file=sys.stderr)
    for line in r["problems"]:
        print(f"report {wave}: check failed: {line}", file=sys.stderr)
    return 1 if r["problems"] else 0
