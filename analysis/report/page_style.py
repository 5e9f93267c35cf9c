"""The HTML report's style sheet: screen, narrow screens (phones) and print.

One job: the CSS the page embeds in its ``<style>`` element. The page has no scripts,
so everything that changes with the width or the medium is done here:

- **Screen** (from 50em): tables as tables; text columns wrap so a table fits the
  column (the reproduction table included); charts scale to the column width.
- **Narrow screens** (below 50em, e.g. a 390 px phone): each table scrolls sideways inside
  its own named, focusable region, its first column (the row's heading) held in place
  (``position: sticky``), so a row stays one or two lines tall and the page stays short (at
  most twice the desktop page's height); a number and its mark never part (``white-space:
  nowrap`` on numbers); a chart scales to the screen's width, and its numbers are in the
  description table.
- **Print** (A4): margins, headings kept with what follows, tables at a smaller size that
  wrap to the page width, chart descriptions printed open, no scroll regions, links to
  downloads and the contents list left out.

Colours are the palette's dark blue and dark grey on white (contrast above 9:1); an
invented number is marked by italics and a dagger, never by colour alone.
"""

from __future__ import annotations

#: Below this width the page switches to the narrow layout (tables scroll inside their regions).
NARROW = "50em"

STYLE = """
:root { --blue: #12436D; --grey: #3D3D3D; --pink: #801650; --rule: #BFBFBF; --pale: #F0F4F8; }
* { box-sizing: border-box; }
html { font-size: 100%; }
body { font-family: Arial, Helvetica, sans-serif; color: var(--grey); background: #fff; line-height: 1.5;
       margin: 0 auto; padding: 1rem; max-width: 66rem; }
h1, h2, h3, h4 { color: var(--blue); line-height: 1.25; }
h1 { font-size: 2rem; } h2 { font-size: 1.5rem; margin-top: 2.5rem; border-bottom: 2px solid var(--blue); }
h3 { font-size: 1.2rem; margin-top: 2rem; } h4 { font-size: 1rem; margin: 1rem 0 0.25rem; }
a { color: var(--blue); } a:focus, [tabindex]:focus { outline: 3px solid #F46A25; outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
                   white-space: nowrap; }
.skip-link { position: absolute; left: 1rem; top: -10rem; background: #fff; padding: 0.5rem 1rem;
             border: 2px solid var(--blue); z-index: 10; }
.skip-link:focus { top: 0.5rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0.75rem 0; }
.facts dt { font-weight: bold; } .facts dd { margin: 0; }
.glossary { margin: 0.75rem 0; } .glossary dt { font-weight: bold; display: inline; }
.glossary dd { display: inline; margin: 0 0 0 0.4rem; } .glossary dd::after { content: ""; display: block; }
.provenance { border-left: 0.4rem solid var(--pink); background: #FBEFF5; color: #4A0D2F; padding: 0.75rem 1rem;
              margin: 1rem 0; }
.findings li { margin-bottom: 0.6rem; }
figure { margin: 1.5rem 0; padding: 0; }
.chart { border: 1px solid var(--rule); }
.chart svg { display: block; width: 100%; height: auto; }
figcaption p, .meta { margin: 0.25rem 0; font-size: 0.95rem; }
.downloads { font-size: 0.95rem; } .downloads ul { margin: 0.25rem 0; padding-left: 1.2rem; }
details { margin: 0.5rem 0; } summary { cursor: pointer; color: var(--blue); font-weight: bold; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; font-size: 0.95rem; }
caption { text-align: left; font-weight: bold; color: var(--blue); padding-bottom: 0.25rem; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.3rem 0.5rem; vertical-align: top;
         overflow-wrap: break-word; }
thead th { background: var(--pale); border-bottom: 2px solid var(--blue); text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tbody th { text-align: left; font-weight: normal; min-width: 7rem; }
.invented { font-style: italic; }
.mark { font-style: normal; font-weight: bold; }
.legend { font-size: 0.95rem; }
footer { margin-top: 3rem; font-size: 0.9rem; border-top: 1px solid var(--rule); }

@media screen and (max-width: @NARROW@) {
  body { padding: 0.75rem; }
  h1 { font-size: 1.6rem; }
  .facts { grid-template-columns: 1fr; } .facts dd { margin-bottom: 0.4rem; }
  .table-wrap { overflow-x: auto; border: 1px solid var(--rule); position: relative; }  /* holds its hidden labels */
  .table-wrap table { font-size: 0.875rem; }
  .table-wrap th, .table-wrap td { padding: 0.25rem 0.4rem; }
  .table-wrap td.text, .table-wrap thead th { min-width: 8rem; max-width: 16rem; }
  .table-wrap tbody th, .table-wrap thead th:first-child { position: sticky; left: 0; z-index: 1; background: #fff;
                                                          min-width: 7rem; max-width: 9rem;
                                                          box-shadow: 1px 0 0 var(--rule); }
  .table-wrap thead th:first-child { background: var(--pale); }
  .chart svg { width: 100%; }
}

@media print {
  @page { size: A4; margin: 15mm 12mm; }
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; color: #000; }
  .skip-link, nav, .downloads,   h1, h2, h3, h4, caption, summary { break-after: avoid; page-break-after: avoid; }
  h2 { margin-top: 1.2rem; } h3 { margin-top: 1rem; }
  .chart, tr { break-inside: avoid; page-break-inside: avoid; }
  .chart { overflow: visible; border: 0; }
  .chart svg { width: 100%; max-height: 250mm; }  /* a tall chart takes most of a page, its text at 7 pt or more */
  .table-wrap { overflow: visible; }
  table { width: 100%; font-size: 7.5pt; table-layout: auto; }
  th, td { padding: 0.15rem 0.25rem; }
  td.text, tbody th { overflow-wrap: break-word; }
  tbody th { min-width: 0; }
  thead { display: table-header-group; }
  details > summary { list-style: none; }
  details::details-content { content-visibility: visible; display: block; }
  a { color: inherit; text-decoration: none; }
}
""".replace("@NARROW@", NARROW)
