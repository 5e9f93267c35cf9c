"""The HTML report: one self-contained page per wave that opens from an e-mail attachment.

Charts are inline SVG (text as text where the figure has it), embedded once and scaled
to the column; their title, subtitle, notes and source are stated once, as text around
the chart (:mod:`analysis.report.svg_inline`). Each figure offers its files through
``data:`` links with a ``download`` attribute, byte for byte the files on disk: the
percentages for reports (``<stem>_percentages.csv``, when the figures stage wrote one),
the analysts' CSV as it is, and the SVG while it is small. The page needs no network and
no files beside it, and it has no scripts.

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
import re
from dataclasses import dataclass
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


def _links(links) -> str:
    """Links under a table or in a caption: one paragraph each."""
    return "".join(f'<p class="see-also"><a href="{escape(href, quote=True)}">{escape(text)}</a></p>'
                   for text, href in links)


def data_uri(data: bytes, mime: str) -> str:
    """A base64 ``data:`` URI.

    >>> data_uri(b"a,b\\n", "text/csv;charset=utf-8")
    'data:text/csv;charset=utf-8;base64,YSxiCg=='
    """
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _p(text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<p{attr}>{escape(text)}</p>"


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


def render_table(table: ReportTable, *, heading: bool = True, label: str = "") -> str:
    """A report table: title and base above it, an accessible table, notes (and the legend of marks) below.

    A withheld figure reads ``[c]``; its row's Note says why in words, and the cell repeats
    the reason as text for a screen reader moving cell by cell (no meaning in colour alone).
    Each data cell carries its column heading (``data-label``) for the narrow layout. A number
    the reconstruction invented is in italics with a dagger (and says so to a screen reader).
    With ``heading=False`` the title is the table's visible caption (a chart's numbers).
    ``label`` names the table's region (unique on the page, e.g. "Table 3").
    """
    head = "".join(f'<th scope="col"{" class=" + chr(34) + "num" + chr(34) if c.kind != "text" else ""}>'
                   f"{escape(c.label)}</th>" for c in table.columns)
    body = []
    note_at = next((j for j, c in enumerate(table.columns) if c.key == "note"), None)
    invented, invented_columns = _invented_rows(table), _invented_columns(table)
    for i, row in enumerate(table.rows):
        cells = []
        why = row[note_at] if note_at is not None and isinstance(row[note_at], str) else ""
        for j, (col, value) in enumerate(zip(table.columns, row)):
            text = escape(display(value, col.kind, withheld=table.is_withheld(i, j)))
            if table.is_withheld(i, j) and why:  # the reason at the cell too, for reading cell by cell
                text += f'<span class="visually-hidden"> ({escape(why[:1].lower() + why[1:])})</span>'
            marked = _is_invented(table, i, j, invented, invented_columns)
            if marked:
                text += (f'<span class="mark" aria-hidden="true">{INVENTED_MARK}</span>'
                         '<span class="visually-hidden"> (invented)</span>')
            if j == 0:
                cells.append(f'<th scope="row">{text}</th>')
                continue
            cls = ("num" if col.kind != "text" else "text") + (" invented" if marked else "")
            cells.append(f'<td class="{cls}" data-label="{escape(col.label, quote=True)}">{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    notes = "".join(_p(n, "meta") for n in table.notes) + _links(table.links)
    if has_invented(table):
        notes += _p(INVENTED_LEGEND, "meta legend")
    hid = f"t-{table.id}"
    name = f"{label}: {table.title}" if label else table.title
    region = (f'<div class="table-wrap" role="region" aria-label="{escape(name, quote=True)}" tabindex="0">'
              f'<table id="{hid}-table">')
    if not heading:
        return (f'{region}<caption>{escape(table.title)}</caption><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(body)}</tbody></table></div>{_p(table.base, 'meta') if table.base else ''}{notes}")
    return (f'<section class="table-block"><h3 id="{hid}">{escape(table.title)}</h3>{_p(table.base, "meta")}'
            f'{region}<caption class="visually-hidden">{escape(table.title)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>{notes}</section>")


def _download(data: bytes, mime: str, filename: str, text: str, title: str) -> str:
    return (f'<li><a href="{data_uri(data, mime)}" download="{escape(filename, quote=True)}">{escape(text)}'
            f'<span class="visually-hidden"> of “{escape(title)}”</span></a></li>')


def _downloads(fig: FigureFiles, *, withheld: bool = False) -> str:
    links = []
    if fig.percentages:
        links.append(_download(fig.percentages, "text/csv;charset=utf-8", f"{fig.name}_percentages.csv",
                               "Percentages, bases and intervals (CSV, for reports)", fig.title))
    if fig.csv:
        links.append(_download(fig.csv, "text/csv;charset=utf-8", f"{fig.name}.csv",
                               "Analysts’ file (CSV: proportions from 0 to 1, standard errors, design effects"
                               + (", protected" if withheld else "") + ")", fig.title))
    if fig.svg and not withheld and len(fig.svg) <= SVG_DOWNLOAD_LIMIT:
        links.append(_download(fig.svg, "image/svg+xml", f"{fig.name}.svg",
                               "Editable image (SVG, pastes into Word; title, base, caveat and source inside as text)", fig.title))
    if not withheld:
        links += [f'<li><a href="{escape(href, quote=True)}" download>{escape(text)}'
                  f'<span class="visually-hidden"> of “{escape(fig.title)}”</span></a></li>' for href, text in fig.images]
    return f'<div class="downloads"><p>Download:</p><ul>{"".join(links)}</ul></div>' if links else ""


def _description(fig: FigureFiles, number: int) -> str:
    """The chart's long description: what it shows, then its numbers as a table with readable labels."""
    lines = [x for x in fig.long_description.split("\n") if x.strip()]
    if fig.data is not None and fig.data.rows:
        body = (_p(lines[0]) if lines else "") + render_table(fig.data, heading=False, label=f"Figure {number} numbers")
    elif lines:
        body = _p(lines[0]) + ("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in lines[1:]) + "</ul>"
                               if len(lines) > 1 else "")
    else:
        return ""
    return f"<details><summary>Description of the chart and its numbers</summary>{body}</details>"


def render_figure(fig: FigureFiles, number: int = 1) -> str:
    """A figure: title and subtitle, the chart (inline SVG), caption lines, long description and downloads.

    The caption lines are the figure's base, notes and source; the figure's own line spelling out
    abbreviations is not among them (the page's glossary does that once).
    """
    from analysis.report.svg_inline import inline_svg

    fid = f"f-{fig.name}"
    if fig.withheld:
        return (f'<figure aria-labelledby="{fid}"><h3 id="{fid}">{escape(fig.title)}</h3>'
                + _p("This chart is not shown: it draws figures for groups too small to publish. "
                     "The table of the same numbers, with those groups withheld, is in the Tables section.")
                + _downloads(fig, withheld=True) + "</figure>")
    if fig.svg:
        chart = inline_svg(fig.svg, prefix=f"{fig.name}-", alt_text=fig.alt_text,
                           captions=(fig.title, fig.subtitle, *fig.lines))
        picture = chart.markup
    else:  # a figure without an SVG file: its PNG
        picture = f'<img src="{data_uri(fig.png, "image/png")}" alt="{escape(fig.alt_text, quote=True)}">'
    return (f'<figure aria-labelledby="{fid}"><h3 id="{fid}">{escape(fig.title)}</h3>'
            f"{_p(fig.subtitle, 'meta') if fig.subtitle else ''}"
            f'<div class="chart" role="region" aria-label="Figure {number}: chart" tabindex="0">{picture}</div>'
            + f"<figcaption>{''.join(_p(line) for line in fig.lines)}{_links(fig.links)}"
            f"</figcaption>{_description(fig, number)}"
            f"{_downloads(fig)}</figure>")


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


def _fact(label: str, value: str) -> str:
    text = escape(value)
    m = _EMAIL.search(value)
    if m:
        address = escape(m.group(0))
        text = text.replace(address, f'<a href="mailto:{address}">{address}</a>', 1)
    return f"<dt>{escape(label)}</dt><dd>{text}</dd>"


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
    repro = ([] if reproduction is None else
             list(reproduction) if isinstance(reproduction, (list, tuple)) else [reproduction])
    sections, nav = [], []
    if survey:
        from analysis.report.about_html import render_about

        nav.append(("about-survey", survey[0][0]))
        sections.append(render_about(survey))
    if findings:
        nav.append(("findings", "Key findings"))
        items = "".join(f"<li>{escape(s)}</li>" for s in findings)
        sections.append(f'<section id="findings"><h2>Key findings</h2><ul class="findings">{items}</ul></section>')
    if figures:
        nav.append(("figures", "Figures"))
        sections.append('<section id="figures"><h2>Figures</h2>'
                        + "".join(render_figure(f, n) for n, f in enumerate(figures, 1)) + "</section>")
    count = 0

    def numbered(ts):
        nonlocal count
        out = []
        for t in ts:
            count += 1
            out.append(render_table(t, label=f"Table {count}"))
        return "".join(out)

    if tables:
        nav.append(("tables", "Tables"))
        sections.append(f'<section id="tables"><h2>Tables</h2>{numbered(tables)}</section>')
    if repro or group_ranges:
        from analysis.report.group_ranges import render_group_ranges

        nav.append(("reproduction", "Reproduction of the published figures"))
        sections.append('<section id="reproduction"><h2>Reproduction of the published figures</h2>'
                        + render_group_ranges(group_ranges)
                        + "".join(render_figure(t, len(figures) + 1)
                                  if isinstance(t, FigureFiles) else numbered([t]) for t in repro) + "</section>")
    if notes:
        nav.append(("methods", "Methods and notes"))
        body = "".join(f"<h3>{escape(h)}</h3>" + "".join(_p(line) for line in lines) for h, lines in notes)
        sections.append(f'<section id="methods"><h2>Methods and notes</h2>{body}</section>')
    main = "".join(sections)
    shown_figures = [*figures, *(t for t in repro if isinstance(t, FigureFiles))]
    marked = any(has_invented(t) for t in [*tables, *repro] if not isinstance(t, FigureFiles)) or any(
        f.data is not None and has_invented(f.data) for f in shown_figures)
    prov = ""
    if provenance_note:
        legend = f"</p><p>{escape(INVENTED_LEGEND)}" if marked else ""
        prov = (f'<div class="provenance" role="note" aria-label="About these data"><p><strong>About these data:'
                f"</strong> {escape(provenance_note)}{legend}</p></div>")
    fact_list = f'<dl class="facts">{"".join(_fact(k, v) for k, v in facts if v)}</dl>' if any(
        v for _, v in facts) else ""
    used = _used(dict(abbreviations or {}), " ".join([title, *about, provenance_note, *findings, main]))
    glossary = ('<div class="glossary"><h2 id="abbreviations">Abbreviations</h2><dl>'
                + "".join(f"<dt>{escape(a)}</dt><dd>{escape(x)}</dd>" for a, x in used) + "</dl></div>"
                if used else "")
    contents = "".join(f'<li><a href="#{i}">{escape(label)}</a></li>' for i, label in nav)
    tech = ("<details><summary>Technical details</summary>" + "".join(_p(t) for t in technical) + "</details>"
            if technical else "")
    return ("<!DOCTYPE html>\n"
            f'<html lang="en-GB"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n"
            f'<body><a class="skip-link" href="#main">Skip to main content</a>\n'
            f"<header><h1>{escape(title)}</h1>"
            f"{''.join(_p(a, 'meta') for a in about)}{fact_list}{prov}{glossary}</header>\n"
            f'<nav aria-label="Contents"><h2>Contents</h2><ul>{contents}</ul></nav>\n'
            f'<main id="main" tabindex="-1">{main}</main>\n'
            f"<footer>{_p(footer) if footer else ''}{tech}</footer></body></html>\n")
