"""The HTML report: one self-contained page per wave that opens from an e-mail attachment.

Charts are inline SVG (text as text where the figure has it), embedded once and scaled
to the column; their title, subtitle, notes and source are stated once, as text around
the chart (:mod:`analysis.report.svg_inline`). Each figure offers its files through
``data:`` links with a ``download`` attribute, byte for byte the files on disk: the
percentages for reports (``<stem>_percentages.csv``, when the figures stage wrote one),
the analysts' CSV as it is, and the SVG while it is small. The page needs no network and
no files beside it, and it has no scripts.

The markup is in Jinja2 templates (``analysis/report/templates/``: ``page.html``, the page,
and ``parts.html``, its tables, figures and sections as macros), autoescaped; this module
decides what each part shows (which cells are withheld or invented, which files are offered).

Accessibility: a skip link, one ``h1`` and a heading outline, ``lang``, a name for every
chart (its alt text) with a structured description (a table of its numbers, readable
labels), tables with captions and header cells (``scope``), every landmark named once,
text in the palette's dark blue and dark grey on white (contrast above 9:1), and layout
in relative units that reflows at 200% zoom. On a phone each table row becomes a card of
labelled cells; in print (A4) tables wrap to the page and descriptions print open
(:mod:`analysis.report.page_style`). A number a reconstruction invented is marked in
place: italics and a dagger, with a legend (never colour alone).

>>> from analysis.report.content import Column, ReportTable
>>> t = ReportTable("t", "A table", "Base: all (n=10).", (Column("group", "Group"), Column("n", "Base (n)", "int")),
...                 (("All", 10),))
>>> page = render_report(title="Demo", tables=[t])
>>> page.startswith("<!DOCTYPE html>"), '<th scope="col">Group</th>' in page, '<th scope="row">All</th>' in page
(True, True, True)
"""

from __future__ import annotations

import base64
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Mapping, Sequence

from analysis.report.content import ReportTable, display
from analysis.report.page_style import STYLE

#: An SVG this small (text kept as text) is also offered as a download; larger ones (text drawn
#: as outlines) would double the page's size, so only the inline copy is embedded.
SVG_DOWNLOAD_LIMIT = 100_000
#: The marker of a number the reconstruction invented (with italics; never colour alone).
INVENTED_MARK = "\u2020"
INVENTED_LEGEND = (f"{INVENTED_MARK} In italics with a dagger: a number the reconstruction invented (fixed by "
                   "the data generator, not a finding; see “About these data”). Every other number was published, "
                   "or follows from published figures.")


@dataclass(frozen=True)
class FigureFiles:
    """A figure as the report shows it: metadata, the bytes of its files and the table of its numbers."""

    name: str
    title: str
    alt_text: str
    png: bytes = b""
    subtitle: str = ""
    long_description: str = ""
    lines: tuple[str, ...] = ()  # base, notes, source: shown under the chart
    svg: bytes = b""
    csv: bytes = b""  # the analysts' CSV (proportions 0-1, standard errors, design effects), as on disk
    withheld: bool = False  # the image draws figures that disclosure control withholds
    percentages: bytes = b""  # the CSV for reports (percentages, bases, intervals), as on disk
    data: ReportTable | None = None  # the chart's numbers with readable labels (its long description)
    images: tuple[tuple[str, str], ...] = ()  # (link relative to the page, text): image files beside the page
    links: tuple = ()  # (text, href) shown in the caption (e.g. to the ranges for the same measure)


def data_uri(data: bytes, mime: str) -> str:
    """A base64 ``data:`` URI.

    >>> data_uri(b"a,b\\n", "text/csv;charset=utf-8")
    'data:text/csv;charset=utf-8;base64,YSxiCg=='
    """
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@lru_cache(maxsize=1)
def _environment():
    """The page's templates (``analysis/report/templates/``), autoescaped as :func:`html.escape` escapes.

    Every value a template writes is escaped (quotes included) unless it is markup made
    here already (:class:`markupsafe.Markup`: the inline SVG, the style sheet, parts of the
    page). Templates are laid out one element a line for reading; each line's indentation
    and line break are dropped when a template is loaded, so the page is as compact as the
    markup it has always had, and ``{{ newline }}`` writes its few line breaks.
    """
    from jinja2 import Environment, PackageLoader, StrictUndefined
    from jinja2.ext import Extension
    from markupsafe import Markup

    class Compact(Extension):
        def preprocess(self, source, name, filename=None):
            return "".join(line.strip() for line in source.splitlines())

    def escaped(value):  # html.escape's entities (&quot; and &#x27;), which the page has always used
        return value if hasattr(value, "__html__") else Markup(escape(str(value)))

    env = Environment(loader=PackageLoader("analysis.report", "templates"), autoescape=True, finalize=escaped,
                      undefined=StrictUndefined, extensions=[Compact])
    env.globals.update(newline=Markup("\n"), invented_mark=INVENTED_MARK, invented_legend=INVENTED_LEGEND)
    return env


def _parts():
    """The macros of ``templates/parts.html`` (each returns markup)."""
    return _environment().get_template("parts.html").module


def _invented_rows(table: ReportTable) -> set[int]:
    """Rows whose numbers the reconstruction invented (read from the table's "Number is" column)."""
    at = next((j for j, c in enumerate(table.columns) if c.key == "number_class"), None)
    if at is None:
        return set()
    return {i for i, row in enumerate(table.rows) if str(row[at] or "").strip().lower().startswith("invented")}


def _invented_columns(table: ReportTable) -> set[int]:
    """Columns whose every number is invented, by their heading (e.g. "This reconstruction (invented)")."""
    return {j for j, c in enumerate(table.columns) if c.kind != "text" and c.label.lower().endswith("(invented)")}


def _is_invented(table: ReportTable, i: int, j: int, rows: set[int], columns: set[int]) -> bool:
    col, value = table.columns[j], table.rows[i][j]
    return ((i in rows or j in columns) and col.kind != "text" and value is not None and not table.is_withheld(i, j)
            and (i, j) not in table.stated)


def has_invented(table: ReportTable) -> bool:
    """Whether a table shows any invented number (a real wave's never does)."""
    rows, columns = _invented_rows(table), _invented_columns(table)
    return any(_is_invented(table, i, j, rows, columns) for i in range(len(table.rows)) for j in
               range(len(table.columns)) if i in rows or j in columns)


def _table_view(table: ReportTable, *, heading: bool, label: str) -> dict:
    """What ``parts.html``'s ``table`` macro shows of a table: its cells as text, each with its marks."""
    note_at = next((j for j, c in enumerate(table.columns) if c.key == "note"), None)
    invented, invented_columns = _invented_rows(table), _invented_columns(table)
    rows = []
    for i, row in enumerate(table.rows):
        why = row[note_at] if note_at is not None and isinstance(row[note_at], str) else ""
        cells = []
        for j, (col, value) in enumerate(zip(table.columns, row)):
            withheld = table.is_withheld(i, j)
            marked = _is_invented(table, i, j, invented, invented_columns)
            cells.append({"text": display(value, col.kind, withheld=withheld),
                          # the reason at the cell too, for reading cell by cell
                          "why": why[:1].lower() + why[1:] if withheld and why else "",
                          "invented": marked, "label": col.label,
                          "cls": ("num" if col.kind != "text" else "text") + (" invented" if marked else "")})
        rows.append(cells)
    return {"heading": heading, "hid": f"t-{table.id}", "title": table.title, "base": table.base,
            "name": f"{label}: {table.title}" if label else table.title,
            "columns": [{"label": c.label, "num": c.kind != "text"} for c in table.columns], "rows": rows,
            "notes": table.notes, "links": table.links, "legend": has_invented(table)}


def render_table(table: ReportTable, *, heading: bool = True, label: str = "") -> str:
    """A report table: title and base above it, an accessible table, notes (and the legend of marks) below.

    A withheld figure reads ``[c]``; its row's Note says why in words, and the cell repeats
    the reason as text for a screen reader moving cell by cell (no meaning in colour alone).
    Each data cell carries its column heading (``data-label``) for the narrow layout. A number
    the reconstruction invented is in italics with a dagger (and says so to a screen reader).
    With ``heading=False`` the title is the table's visible caption (a chart's numbers).
    ``label`` names the table's region (unique on the page, e.g. "Table 3").
    """
    return str(_parts().table(_table_view(table, heading=heading, label=label)))


def _downloads(fig: FigureFiles, *, withheld: bool = False) -> list[dict]:
    """The figure's files offered for download: ``href``, ``filename`` (none for an image beside the page), ``text``."""
    def embedded(data: bytes, mime: str, filename: str, text: str) -> dict:
        return {"href": data_uri(data, mime), "filename": filename, "text": text}

    links = []
    if fig.percentages:
        links.append(embedded(fig.percentages, "text/csv;charset=utf-8", f"{fig.name}_percentages.csv",
                              "Percentages, bases and intervals (CSV, for reports)"))
    if fig.csv:
        links.append(embedded(fig.csv, "text/csv;charset=utf-8", f"{fig.name}.csv",
                              "Analysts’ file (CSV: proportions from 0 to 1, standard errors, design effects"
                              + (", protected" if withheld else "") + ")"))
    if fig.svg and not withheld and len(fig.svg) <= SVG_DOWNLOAD_LIMIT:
        links.append(embedded(fig.svg, "image/svg+xml", f"{fig.name}.svg",
                              "Editable image (SVG, pastes into Word; title, base, caveat and source inside as text)"))
    if not withheld:
        links += [{"href": href, "filename": "", "text": text} for href, text in fig.images]
    return links


def render_figure(fig: FigureFiles, number: int = 1) -> str:
    """A figure: title and subtitle, the chart (inline SVG), caption lines, long description and downloads.

    The caption lines are the figure's base, notes and source; the figure's own line spelling out
    abbreviations is not among them (the page's glossary does that once). The long description
    is what the chart shows, then its numbers as a table with readable labels.
    """
    from markupsafe import Markup

    view = {"fid": f"f-{fig.name}", "title": fig.title, "withheld": fig.withheld, "number": number,
            "downloads": _downloads(fig, withheld=fig.withheld)}
    if not fig.withheld:
        svg = ""
        if fig.svg:
            from analysis.report.svg_inline import inline_svg

            svg = Markup(inline_svg(fig.svg, prefix=f"{fig.name}-", alt_text=fig.alt_text,
                                    captions=(fig.title, fig.subtitle, *fig.lines)).markup)
        has_data = fig.data is not None and fig.data.rows
        view.update(subtitle=fig.subtitle, svg=svg, png="" if svg else data_uri(fig.png, "image/png"),
                    alt_text=fig.alt_text, lines=fig.lines, links=fig.links,
                    description=[x for x in fig.long_description.split("\n") if x.strip()],
                    data=_table_view(fig.data, heading=False, label=f"Figure {number} numbers") if has_data else None)
    return str(_parts().figure(view))


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def reader_date(value) -> str:
    """A date as a reader writes it (``2014-01-28`` -> ``28 January 2014``); other text as it is.

    >>> import datetime
    >>> reader_date("2014-01-28"), reader_date(datetime.date(2014, 1, 28)), reader_date("January 2014"), reader_date(None)
    ('28 January 2014', '28 January 2014', 'January 2014', '')
    """
    if value is None:
        return ""
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(3))} {_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    return text


def _used(abbreviations: Mapping[str, str], text: str) -> list[tuple[str, str]]:
    """The abbreviations the page's text uses, in alphabetical order."""
    return [(a, abbreviations[a]) for a in sorted(abbreviations) if re.search(rf"\b{re.escape(a)}\b", text)]


def render_report(*, title: str, about: Sequence[str] = (), provenance_note: str = "",
                  findings: Sequence[str] = (), figures: Sequence[FigureFiles] = (),
                  tables: Sequence[ReportTable] = (),
                  reproduction: "ReportTable | Sequence[ReportTable | FigureFiles] | None" = None,
                  notes: Sequence[tuple[str, Sequence[str]]] = (), footer: str = "",
                  facts: Sequence[tuple[str, str]] = (), abbreviations: Mapping[str, str] | None = None,
                  technical: Sequence[str] = (), survey: Sequence[tuple[str, Sequence[str]]] = (),
                  group_ranges: Sequence[tuple[str, str]] = ()) -> str:
    """The whole page as a string (UTF-8, no external resources, no scripts).

    Parameters
    ----------
    title : str
        The page's ``h1`` and ``title``.
    about : sequence of str
        Lines under the title (period, population, source).
    provenance_note : str
        The reconstruction note, shown prominently under the title.
    findings : sequence of str
        Key-finding sentences.
    figures : sequence of FigureFiles
    tables : sequence of ReportTable
    reproduction : ReportTable or sequence of ReportTable and FigureFiles, optional
        The published-figures reproduction table (and the ranges the published figures allow, as a
        figure and a table), in the order given.
    notes : sequence of (heading, lines)
        Methods notes.
    footer : str
        A last line for readers (who produced the page, how small groups are protected).
    facts : sequence of (label, value)
        Status, publication date, contact: shown under the title (an e-mail address becomes a link).
    abbreviations : mapping of abbreviation to its expansion
        Spelled out once, near the top, for those the page uses.
    technical : sequence of str
        Provenance for analysts (toolkit version, codebook checksum), collapsed in the footer.
    survey : sequence of (heading, paragraphs)
        "About this survey" (:func:`analysis.report.about.about_sections`): the page's first section,
        before the findings; addresses in it become links.
    group_ranges : sequence of (indicator, anchor id, sentence)
        What the published figures alone allow for each measure's groups
        (:mod:`analysis.report.group_ranges`), first in the reproduction section; breakdown charts and
        tables link to them.
    """
    from markupsafe import Markup

    parts = _parts()
    repro = ([] if reproduction is None else
             list(reproduction) if isinstance(reproduction, (list, tuple)) else [reproduction])
    sections = []  # (id, the contents' label, markup)
    if survey:
        from analysis.report.about_html import render_about

        sections.append(("about-survey", survey[0][0], Markup(render_about(survey))))
    if findings:
        sections.append(("findings", "Key findings", parts.findings(findings)))
    if figures:
        sections.append(("figures", "Figures", parts.section("figures", "Figures",
                                                             [Markup(render_figure(f, n))
                                                              for n, f in enumerate(figures, 1)])))
    numbers = itertools.count(1)  # tables are numbered across the page

    def table(t):
        return Markup(render_table(t, label=f"Table {next(numbers)}"))

    if tables:
        sections.append(("tables", "Tables", parts.section("tables", "Tables", [table(t) for t in tables])))
    if repro or group_ranges:
        from analysis.report.group_ranges import render_group_ranges

        heading = "Reproduction of the published figures"
        shown = [Markup(render_group_ranges(group_ranges))]
        shown += [Markup(render_figure(t, len(figures) + 1)) if isinstance(t, FigureFiles) else table(t)
                  for t in repro]
        sections.append(("reproduction", heading, parts.section("reproduction", heading, shown)))
    if notes:
        sections.append(("methods", "Methods and notes", parts.methods(notes)))
    main = "".join(markup for _, _, markup in sections)
    shown_figures = [*figures, *(t for t in repro if isinstance(t, FigureFiles))]
    marked = any(has_invented(t) for t in [*tables, *repro] if not isinstance(t, FigureFiles)) or any(
        f.data is not None and has_invented(f.data) for f in shown_figures)
    return _environment().get_template("page.html").render(
        title=title, style=Markup(STYLE), about=about, facts=[_fact(k, v) for k, v in facts if v],
        provenance_note=provenance_note, marked=marked,
        abbreviations=_used(dict(abbreviations or {}), " ".join([title, *about, provenance_note, *findings, main])),
        sections=sections, footer=footer, technical=technical)


def _fact(label: str, value: str) -> tuple[str, str, str, str]:
    """A fact under the title as (label, text before an e-mail address, the address, text after it)."""
    m = _EMAIL.search(value)
    return (label, value, "", "") if m is None else (label, value[:m.start()], m.group(0), value[m.end():])
