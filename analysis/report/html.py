"""The HTML report: one self-contained page per wave that opens from an e-mail attachment.

Images are embedded as base64 ``data:`` URIs and each figure's PNG, SVG and CSV can be
downloaded through ``data:`` links with a ``download`` attribute, so the page needs no
network and no files beside it. It has no scripts. Accessibility: one ``h1`` and a
heading outline, ``lang``, alt text on every image with the long description beside
it, tables with captions and header cells (``scope``), text in the palette's dark
blue and dark grey on white (contrast above 9:1), and layout in relative units that
reflows at 200% zoom.

>>> from analysis.report.content import Column, ReportTable
>>> t = ReportTable("t", "A table", "Base: all (n=10).", (Column("group", "Group"), Column("n", "Base (n)", "int")),
...                 (("All", 10),))
>>> page = render_report(title="Demo", tables=[t])
>>> page.startswith("<!DOCTYPE html>"), '<th scope="col">Group</th>' in page, '<th scope="row">All</th>' in page
(True, True, True)
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html import escape
from typing import Sequence

from analysis.report.content import ReportTable, display

STYLE = """
:root { --blue: #12436D; --grey: #3D3D3D; --pink: #801650; --rule: #BFBFBF; --pale: #F0F4F8; }
* { box-sizing: border-box; }
html { font-size: 100%; }
body { font-family: Arial, Helvetica, sans-serif; color: var(--grey); background: #fff; line-height: 1.5;
       margin: 0 auto; padding: 1rem; max-width: 60rem; }
h1, h2, h3 { color: var(--blue); line-height: 1.25; }
h1 { font-size: 2rem; } h2 { font-size: 1.5rem; margin-top: 2.5rem; border-bottom: 2px solid var(--blue); }
h3 { font-size: 1.2rem; margin-top: 2rem; }
a { color: var(--blue); } a:focus { outline: 3px solid #F46A25; outline-offset: 2px; }
.provenance { border-left: 0.4rem solid var(--pink); background: #FBEFF5; color: #4A0D2F; padding: 0.75rem 1rem;
              margin: 1rem 0; }
.findings li { margin-bottom: 0.6rem; }
figure { margin: 1.5rem 0; padding: 0; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption p, .meta { margin: 0.25rem 0; font-size: 0.95rem; }
.downloads a { margin-right: 1rem; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; font-size: 0.95rem; }
caption { text-align: left; font-weight: bold; color: var(--blue); padding-bottom: 0.25rem; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.3rem 0.6rem; vertical-align: top; }
thead th { background: var(--pale); border-bottom: 2px solid var(--blue); text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody th { text-align: left; font-weight: normal; }
footer { margin-top: 3rem; font-size: 0.9rem; border-top: 1px solid var(--rule); }
"""


@dataclass(frozen=True)
class FigureFiles:
    """A figure as the report shows it: metadata and the bytes of its files."""

    name: str
    title: str
    alt_text: str
    png: bytes
    subtitle: str = ""
    long_description: str = ""
    lines: tuple[str, ...] = ()  # base, notes, source: shown under the image
    svg: bytes = b""
    csv: bytes = b""
    withheld: bool = False  # the image draws figures that disclosure control withholds


def data_uri(data: bytes, mime: str) -> str:
    """A base64 ``data:`` URI.

    >>> data_uri(b"a,b\\n", "text/csv;charset=utf-8")
    'data:text/csv;charset=utf-8;base64,YSxiCg=='
    """
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _p(text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<p{attr}>{escape(text)}</p>"


def render_table(table: ReportTable) -> str:
    """A report table as an accessible HTML table with its title and base above it.

    A withheld figure reads ``[c]``; its row's Note says why in words, and the cell repeats
    the reason as text for a screen reader moving cell by cell (no meaning in colour alone).
    """
    head = "".join(f'<th scope="col"{" class=" + chr(34) + "num" + chr(34) if c.kind != "text" else ""}>'
                   f"{escape(c.label)}</th>" for c in table.columns)
    body = []
    note_at = next((j for j, c in enumerate(table.columns) if c.key == "note"), None)
    for i, row in enumerate(table.rows):
        cells = []
        why = row[note_at] if note_at is not None and isinstance(row[note_at], str) else ""
        for j, (col, value) in enumerate(zip(table.columns, row)):
            text = escape(display(value, col.kind, withheld=table.is_withheld(i, j)))
            if table.is_withheld(i, j) and why:  # the reason at the cell too, for reading cell by cell
                text += f'<span class="visually-hidden"> ({escape(why[:1].lower() + why[1:])})</span>'
            if j == 0:
                cells.append(f'<th scope="row">{text}</th>')
            elif col.kind != "text":
                cells.append(f'<td class="num">{text}</td>')
            else:
                cells.append(f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    notes = "".join(_p(n, "meta") for n in table.notes)
    hid = f"t-{table.id}"
    return (f'<section aria-labelledby="{hid}"><h3 id="{hid}">{escape(table.title)}</h3>{_p(table.base, "meta")}'
            f'<div class="table-wrap" role="region" aria-labelledby="{hid}" tabindex="0"><table>'
            f'<caption class="visually-hidden">{escape(table.title)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>{notes}</section>")


def render_figure(fig: FigureFiles) -> str:
    """A figure: title, image with alt text, caption lines, long description and downloads."""
    fid = f"f-{fig.name}"
    if fig.withheld:
        link = (f'<a href="{data_uri(fig.csv, "text/csv;charset=utf-8")}" download="{escape(fig.name)}.csv">'
                "CSV of the numbers (protected)</a>" if fig.csv else "")
        return (f'<figure aria-labelledby="{fid}"><h3 id="{fid}">{escape(fig.title)}</h3>'
                + _p("This chart is not shown: it draws figures for groups too small to publish. "
                     "The table of the same numbers, with those groups withheld, is in the Tables section.")
                + (f'<p class="downloads">Download: {link}</p>' if link else "") + "</figure>")
    links = [f'<a href="{data_uri(fig.png, "image/png")}" download="{escape(fig.name)}.png">'
             f'PNG image<span class="visually-hidden"> of {escape(fig.title)}</span></a>']
    if fig.svg:
        links.append(f'<a href="{data_uri(fig.svg, "image/svg+xml")}" download="{escape(fig.name)}.svg">'
                     f"SVG image</a>")
    if fig.csv:
        links.append(f'<a href="{data_uri(fig.csv, "text/csv;charset=utf-8")}" download="{escape(fig.name)}.csv">'
                     f"CSV of the numbers</a>")
    desc = (f"<details><summary>Description of the chart</summary>{_p(fig.long_description)}</details>"
            if fig.long_description else "")
    return (f'<figure aria-labelledby="{fid}"><h3 id="{fid}">{escape(fig.title)}</h3>'
            f"{_p(fig.subtitle, 'meta') if fig.subtitle else ''}"
            f'<img src="{data_uri(fig.png, "image/png")}" alt="{escape(fig.alt_text, quote=True)}">'
            f"<figcaption>{''.join(_p(line) for line in fig.lines)}</figcaption>{desc}"
            f'<p class="downloads">Download: {" ".join(links)}</p></figure>')


def render_report(*, title: str, about: Sequence[str] = (), provenance_note: str = "",
                  findings: Sequence[str] = (), figures: Sequence[FigureFiles] = (),
                  tables: Sequence[ReportTable] = (),
                  reproduction: "ReportTable | Sequence[ReportTable | FigureFiles] | None" = None,
                  notes: Sequence[tuple[str, Sequence[str]]] = (), footer: str = "") -> str:
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
        A last line (toolkit version, data checksums).
    """
    sections = []
    nav = []
    if findings:
        nav.append(("findings", "Key findings"))
        items = "".join(f"<li>{escape(s)}</li>" for s in findings)
        sections.append(f'<section id="findings"><h2>Key findings</h2><ul class="findings">{items}</ul></section>')
    if figures:
        nav.append(("figures", "Figures"))
        sections.append('<section id="figures"><h2>Figures</h2>' + "".join(render_figure(f) for f in figures)
                        + "</section>")
    if tables:
        nav.append(("tables", "Tables"))
        sections.append('<section id="tables"><h2>Tables</h2>' + "".join(render_table(t) for t in tables)
                        + "</section>")
    if reproduction is not None:
        nav.append(("reproduction", "Reproduction of the published figures"))
        sections.append('<section id="reproduction"><h2>Reproduction of the published figures</h2>'
                        + "".join(render_figure(t) if isinstance(t, FigureFiles) else render_table(t)
                                  for t in (reproduction if isinstance(reproduction, (list, tuple))
                                            else [reproduction])) + "</section>")
    if notes:
        nav.append(("methods", "Methods and notes"))
        body = "".join(f"<h3>{escape(h)}</h3>" + "".join(_p(line) for line in lines) for h, lines in notes)
        sections.append(f'<section id="methods"><h2>Methods and notes</h2>{body}</section>')
    prov = (f'<div class="provenance" role="note"><p><strong>About these data:</strong> {escape(provenance_note)}'
            f"</p></div>" if provenance_note else "")
    contents = "".join(f'<li><a href="#{i}">{escape(label)}</a></li>' for i, label in nav)
    return ("<!DOCTYPE html>\n"
            f'<html lang="en-GB"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}"
            ".visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);}"
            f"</style></head>\n<body><header><h1>{escape(title)}</h1>"
            f"{''.join(_p(a, 'meta') for a in about)}{prov}</header>\n"
            f'<nav aria-label="Contents"><h2>Contents</h2><ul>{contents}</ul></nav>\n'
            f"<main>{''.join(sections)}</main>\n"
            f"<footer>{_p(footer) if footer else ''}</footer></body></html>\n")
