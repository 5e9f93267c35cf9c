"""SPSS .sav / .zsav through pyreadstat, keeping user-missing codes and every label."""

from __future__ import annotations

from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.raw import RawExport
from analysis.ingest.text import iconv_name


def read_sav(path: Path, *, encoding: str = "") -> RawExport:
    """Read an SPSS system file with its dictionary.

    User-missing values are kept as their codes (``user_missing=True``), so that
    "don't know" and "no answer" stay distinct from a blank. Compression
    (bytecode or zlib) is read from the header, whatever the extension. A file
    whose date values overflow Python's datetime is read again with dates left
    as SPSS numbers, and the export's notes say so.
    """
    import pyreadstat

    kwargs = {"user_missing": True}
    if encoding:
        kwargs["encoding"] = iconv_name(encoding, source=str(path))
    notes: list[str] = []
    try:
        try:
            df, meta = pyreadstat.read_sav(str(path), **kwargs)
        except OverflowError:
            df, meta = pyreadstat.read_sav(str(path), disable_datetime_conversion=True, **kwargs)
            notes.append("dates outside Python's range: all date columns kept as SPSS numbers (seconds since 1582-10-14)")
    except (pyreadstat.ReadstatError, UnicodeDecodeError) as exc:
        from analysis.ingest.readstat_errors import unreadable

        raise unreadable(path, exc, whole="a complete SPSS .sav or .zsav file",
                         encoding_text="text in the file's declared encoding",
                         examples="e.g. latin-1, cp1252, utf-8") from None
    if not encoding:
        _refuse_utf8_under_another_name(path, df, meta)
    # pyreadstat reports discrete user-missing values as ranges whose ends are equal.
    discrete: dict[str, list] = {}
    ranges: dict[str, list[tuple]] = {}
    for col, spec in (meta.missing_ranges or {}).items():
        for r in spec:
            if r["lo"] == r["hi"]:
                discrete.setdefault(col, []).append(r["lo"])
            else:
                ranges.setdefault(col, []).append((r["lo"], r["hi"]))
    for col, values in (meta.missing_user_values or {}).items():
        discrete.setdefault(col, []).extend(v for v in values if v not in discrete.get(col, []))
    from analysis.ingest.mrsets import mr_set_note, read_mr_sets

    df, mr_sets = read_mr_sets(df, getattr(meta, "mr_sets", {}), meta.variable_value_labels or {},
                               meta.column_names_to_labels or {}, discrete, ranges)
    if mr_sets:
        notes.append(mr_set_note(mr_sets))
    return RawExport(
        path=path,
        frame=df,
        layout="sav",
        header_rows=0,
        question_text={k: v for k, v in meta.column_names_to_labels.items() if v},
        value_labels=dict(meta.variable_value_labels or {}),
        missing_codes=discrete,
        missing_ranges=ranges,
        encoding=meta.file_encoding or "",
        notes=notes,
        mr_sets=mr_sets,
    )


def _refuse_utf8_under_another_name(path: Path, df, meta) -> None:
    """Raise :class:`InputError` when the file's text is UTF-8 though its encoding record names another encoding.

    Read in the declared encoding, UTF-8 text becomes mojibake ("é" as "Ã©", or
    CP932's katakana); written back in that encoding, every non-ASCII label
    then decodes as UTF-8. One line asks for ``files.encoding = "utf-8"``.
    """
    import codecs

    declared = (meta.file_encoding or "").strip()
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return
    if codec in ("utf-8", "ascii"):
        return
    texts = [v for v in meta.column_names_to_labels.values() if v]
    texts += [label for labels in (meta.variable_value_labels or {}).values() for label in labels.values()
              if isinstance(label, str)]
    for column in df.columns[:50]:
        if df[column].dtype == object:
            texts += [v for v in df[column].dropna().unique()[:50].tolist() if isinstance(v, str)]
    wide = [t for t in texts if not t.isascii()]
    if not wide:
        return
    try:
        as_utf8 = [t.encode(codec).decode("utf-8") for t in wide]
    except (UnicodeEncodeError, UnicodeDecodeError):
        return
    if any(not u.isascii() for u in as_utf8):
        raise InputError.single(str(path), 'text in the encoding its header declares; set files.encoding = "utf-8" '
                                "in the codebook", found=f"UTF-8 text in a file whose header says {declared}")
