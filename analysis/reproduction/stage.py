"""The ``reproduce`` stage: published figures against recomputed ones, claim by claim.

``python -m analysis reproduce --wave 2013`` reads the wave's
``published_figures.toml``, recomputes every claim from the microdata with the
statistics engine on the claim's base, prints a table (claim, published value,
recomputed value, base and n, match at the published precision, explanation),
and writes the same table to ``figures/<wave>/reproduction.csv`` and
``reproduction.md``. A reconstructed wave's provenance note heads the printout and the Markdown and fills a column of the CSV.
A wave without a registry has nothing to reproduce and passes.

Exit status: 0 when every canonical claim is reproduced, 1 when one is not.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.config import Paths

#: Columns shown on the terminal and in the Markdown table.
SHOWN = ("claim", "status", "published", "recomputed", "base", "n", "match", "explanation")
#: Columns on the terminal (the base and its n in one column, to leave room for the explanation).
TERMINAL = ("claim", "status", "published", "recomputed", "base_n", "match")
HEADERS = {"claim": "Claim", "status": "Status", "published": "Published", "recomputed": "Recomputed",
           "base": "Base", "n": "n", "match": "Match", "explanation": "Explanation", "base_n": "Base (n)"}


def failed_canonical(table: "pd.DataFrame") -> list[str]:
    """Ids of canonical (and derived) claims that were not reproduced."""
    from analysis.reproduction.registry import MUST_HOLD

    rows = table[table["status"].isin(MUST_HOLD) & (table["match"] != "yes")]
    return rows["claim"].tolist()


def summary_line(table: "pd.DataFrame") -> str:
    """One sentence: how many canonical (and derived) figures hold, how many variants are explained.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"claim": ["a", "b", "c", "d"], "status": ["canonical", "variant", "misprint", "derived"],
    ...                   "match": ["yes", "yes", "no", "yes"]})
    >>> summary_line(t)
    '1 of 1 canonical figures reproduced and 1 of 1 derived; 2 variants and misprints explained (1 reconciled, 1 not reproducible).'
    """
    canon = table[table["status"] == "canonical"]
    derived = table[table["status"] == "derived"]
    rest = table[~table["status"].isin(["canonical", "derived"])]
    ok = int((canon["match"] == "yes").sum())
    reconciled = int((rest["match"] == "yes").sum())
    also = (f" and {int((derived['match'] == 'yes').sum())} of {len(derived)} derived" if len(derived) else "")
    return (f"{ok} of {len(canon)} canonical figures reproduced{also}; {len(rest)} variants and misprints explained "
            f"({reconciled} reconciled, {len(rest) - reconciled} not reproducible).")


def text_table(table: "pd.DataFrame", *, width: int = 150) -> str:
    """A fixed-width table for the terminal; the explanation wraps under its own column.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"claim": ["n"], "status": ["canonical"], "published": ["692"], "recomputed": ["692"],
    ...                   "base": ["all respondents"], "n": [692], "match": ["yes"], "explanation": ["reproduced"]})
    >>> print(text_table(t, width=90))
    Claim  Status     Published  Recomputed  Base (n)                 Match  Explanation
    ------------------------------------------------------------------------------------------
    n      canonical  692        692         all respondents (n=692)  yes    reproduced
    """
    cols = list(TERMINAL)
    cells = [[str(row[c]) for c in cols[:4]] + [f"{row['base']} (n={row['n']})", str(row["match"])]
             for _, row in table.iterrows()]
    widths = [max(len(HEADERS[c]), *(len(r[i]) for r in cells)) for i, c in enumerate(cols)]
    lead = sum(widths) + 2 * len(cols)  # two spaces after every column
    wrap = max(30, width - lead)
    lines = ["".join(HEADERS[c].ljust(w + 2) for c, w in zip(cols, widths)) + HEADERS["explanation"]]
    lines.append("-" * min(width, lead + wrap))
    for cell, (_, row) in zip(cells, table.iterrows()):
        explanation = textwrap.wrap(str(row["explanation"]), wrap) or [""]
        lines.append("".join(v.ljust(w + 2) for v, w in zip(cell, widths)) + explanation[0])
        lines += [" " * lead + more for more in explanation[1:]]
    return "\n".join(lines)


def markdown(table: "pd.DataFrame", *, wave: str, note: str) -> str:
    """The reproduction table as Markdown: what a match means and how the variants fit, then the claims."""
    from analysis.reproduction.readable import HEADINGS, lead, readable_table

    def esc(value) -> str:
        return str(value).replace("|", "\\|")

    out = [f"# Published figures reproduced: wave {wave}", ""]
    out += [lead(table, reconstructed=bool(note)), ""]
    if note:
        out += [f"> **Note.** {note}", ""]
    out += [summary_line(table), ""]
    shown = readable_table(table)
    out.append("| " + " | ".join(HEADINGS.values()) + " |")
    out.append("|" + "|".join("---" for _ in HEADINGS) + "|")
    for _, row in shown.iterrows():
        out.append("| " + " | ".join(esc(row[c]) for c in HEADINGS) + " |")
    out += ["", "A claim is consistent when the recomputed value, printed at the published precision with the "
            "published rule (rounded half up, truncated, or a lower bound such as \"more than half\"), equals "
            "the published figure.", ""]
    return "\n".join(out)


def write_outputs(table: "pd.DataFrame", *, wave: str, paths: "Paths") -> list:
    """Write ``reproduction.csv`` and ``reproduction.md`` into ``figures/<wave>/`` atomically."""
    from analysis.atomic import write_text
    from analysis.csvout import csv_text

    folder = paths.figures_dir(wave)
    note = table.attrs.get("provenance_note", "")
    write_text(folder / "reproduction.csv", csv_text(table))
    write_text(folder / "reproduction.md", markdown(table, wave=wave, note=note))
    return [folder / "reproduction.csv", folder / "reproduction.md"]


def run(wave: str, paths: "Paths") -> int:
    """CLI stage ``reproduce``: print and write the reproduction table; 1 if a canonical claim fails."""
    from analysis.reproduction.compare import reproduction_table
    from analysis.reproduction.registry import REGISTRY_NAME

    if not (paths.wave_dir(wave) / REGISTRY_NAME).is_file():
        print(f"{wave}: no {REGISTRY_NAME}, nothing to reproduce")
        return 0
    table = reproduction_table(wave, paths)
    note = table.attrs.get("provenance_note", "")
    print(f"Published figures reproduced, wave {wave}")
    if note:
        print(f"NOTE: {note}")
    import shutil

    print(text_table(table, width=max(120, shutil.get_terminal_size((160, 24)).columns)))
    print(summary_line(table))
    written = write_outputs(table, wave=wave, paths=paths)
    print("written: " + ", ".join(p.relative_to(paths.root).as_posix() if p.is_relative_to(paths.root) else str(p)
                                  for p in written))
    failed = failed_canonical(table)
    if failed:
        print(f"{wave}: canonical figures not reproduced: {', '.join(failed)}")
        return 1
    return 0
