"""The draft codebook as TOML text: a header saying what to do next, each item's tables under its own header.

:func:`draft_toml` writes what :func:`analysis.waves.draft.draft_codebook` drafts,
so that renaming an item is one edit of one line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from analysis.ingest.idcolumn import personal_id_kind
from analysis.waves.draft import UNORDERED_NOTE, draft_codebook

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.raw import RawExport


def draft_toml(raw: "RawExport", wave: str, *, data_file: str, fmt: str = "auto", previous: str = "") -> str:
    """The draft codebook as TOML text, with a header saying what to do next."""
    import tomli_w

    book = draft_codebook(raw, wave, data_file=data_file, fmt=fmt, previous=previous)
    dropped = [f"{item['column']}" for item in book["items"].values()
               if item["type"] in ("identifier", "text")]
    header = [
        f"# DRAFT codebook of wave {wave}, written by `add-wave` from {data_file} ({raw.layout} layout).",
        "# Edit it, then run `python -m analysis validate --wave " + wave + "` until it passes:",
        "#  1. fill in [wave] (title, period, population, source; provenance real/reconstructed/illustrative;",
        "#     sampling self-selected/probability/quota/census, how respondents were recruited, the suggested",
        "#     citation and a contact: the report's \"About this survey\" is written from them);",
        "#  2. rename items to the canonical names, check each type, code order and missing codes",
        "#     (every `note` says what was guessed; delete notes when done);",
        "#  3. map items onto indicators: [indicators.NAME] here, or harmonise.toml beside this file",
        "#     to reuse the previous wave's indicators with recodes (see docs/waves.md);",
        "#  4. delete this header: while its first line says DRAFT, `all` and `make reproduce` skip the wave.",
        f"# {len(dropped)} column(s) are typed identifier/text and are dropped at ingest as personal data or free text.",
    ]
    header += [f"# reader note: {n}" for n in raw.notes]
    if "design" in book:
        from analysis.waves.replicates_draft import propose_replicates

        header.append(propose_replicates(list(raw.frame.columns), raw.frame).note())
    if not book["id"]["column"]:
        header.append("# NO respondent-id column was found: respondents are numbered P1, P2 ... in the export's "
                      "order (pseudonymise = true); set [id] column if the export has an id.")
    personal = personal_id_kind(raw, book["id"]["column"]) if book["id"].get("column") and book["id"].get(
        "pseudonymise") else ""
    if personal:
        header.append(f"# The id column {book['id']['column']!r} holds {personal}: [id] pseudonymise = true numbers "
                      "respondents P1, P2 ... in the export's order (or set [id] column to another id column).")
    # Nested tables are written under the item's own header (codes and missing codes as inline
    # tables, a multi item's options as dotted keys), so renaming an item is one edit of one line.
    nested = {name: {k: item.pop(k) for k in [k for k, v in item.items() if isinstance(v, dict)]}
              for name, item in book["items"].items()}
    text = tomli_w.dumps(book)
    for name, tables in nested.items():
        lines = [_dotted(key, sub) if key == "options" else f"{key} = {_inline(sub)}" for key, sub in tables.items()]
        if lines:
            text = _append_to_table(text, f"items.{_toml_key(name)}", "\n".join(lines))
    for name, item in book["items"].items():
        if str(item.get("note", "")).startswith(UNORDERED_NOTE):
            head = f"[items.{_toml_key(name)}]\n"
            text = text.replace(head, f"# {UNORDERED_NOTE}: item {name} looks like a scale; put its codes in "
                                      "scale order (1 = one end) before using it\n" + head, 1)
    from analysis.waves.design_draft import design_comment

    proposal = design_comment(raw, book["items"])
    if proposal:
        text = text.rstrip("\n") + "\n\n" + proposal
    return "\n".join(header) + "\n\n" + text


def _toml_key(key: str) -> str:
    """A TOML key, quoted unless bare.

    >>> _toml_key("topics"), _toml_key("Topics | Grooming"), _toml_key("8")
    ('topics', '"Topics | Grooming"', '8')
    """
    import json

    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    import tomli_w

    return tomli_w.dumps({"x": value}).strip()[len("x = "):]


def _inline(table: dict) -> str:
    """A (nested) table as a TOML inline table.

    >>> _inline({"8": {"label": "Unsure", "kind": "dont_know"}})
    '{ 8 = { label = "Unsure", kind = "dont_know" } }'
    """
    parts = [f"{_toml_key(str(k))} = {_inline(v) if isinstance(v, dict) else _value(v)}" for k, v in table.items()]
    return "{ " + ", ".join(parts) + " }"


def _dotted(prefix: str, table: dict) -> str:
    """``prefix.key = value`` lines, one per entry.

    >>> print(_dotted("options", {"Topics | Grooming": "Grooming"}))
    options."Topics | Grooming" = "Grooming"
    """
    return "\n".join(f"{prefix}.{_toml_key(str(k))} = {_inline(v) if isinstance(v, dict) else _value(v)}"
                     for k, v in table.items())


def _append_to_table(text: str, table: str, lines: str) -> str:
    """Insert ``lines`` at the end of the ``[table]`` block of TOML ``text`` written by ``tomli_w``."""
    head = f"[{table}]\n"
    start = text.index(head) + len(head)
    end = text.find("\n\n", start)
    end = len(text.rstrip("\n")) if end < 0 else end
    return text[:end] + "\n" + lines + text[end:]
