"""The ``add-wave`` stage: copy an export into ``data/raw/<wave>/`` and draft its codebook.

The export is read first (SPSS .sav, SurveyMonkey or Qualtrics CSV/XLSX, or a
plain CSV/XLSX, recognised from the file's bytes and header rows); only when it
reads cleanly is it copied, byte for byte, into the wave folder, with a draft
``codebook.toml`` beside it (:mod:`analysis.waves.draft`), and, when an earlier
wave exists, a ``harmonise.draft.toml`` against its indicators
(:mod:`analysis.waves.skeleton`). The analyst edits the drafts and runs
``validate`` until it passes.
"""

from __future__ import annotations

from pathlib import Path

from analysis.config import Paths
from analysis.errors import InputError

#: Layout names accepted by ``--format``; ``qualtrics`` covers both Qualtrics layouts.
FORMATS = ("auto", "sav", "dta", "csv", "xlsx", "surveymonkey", "qualtrics", "smartsurvey", "smartsurvey-wide",
           "jisc", "msforms",
           "googleforms")


#: The first line of a codebook ``add-wave`` drafted; until the analyst deletes it the wave is a draft.
DRAFT_MARK = "# DRAFT codebook"


def is_draft(wave: str, paths: Paths) -> bool:
    """Whether the wave's codebook is still marked as an ``add-wave`` draft (its first line)."""
    try:
        with paths.codebook(wave).open(encoding="utf-8") as handle:
            return handle.readline().startswith(DRAFT_MARK)
    except OSError:
        return False


def previous_wave(wave: str, paths: Paths) -> str:
    """The latest other wave under ``data/raw`` (by name), or ``""``."""
    others = [w for w in paths.waves() if w != wave and w < wave]
    return others[-1] if others else ""


def run(export: str | Path, wave: str, paths: Paths, *, fmt: str = "auto", force: bool = False,
        header_rows: int = 0, question_row: int = 0) -> int:
    """Copy ``export`` into the wave folder and write a draft codebook; 0 on success.

    Parameters
    ----------
    export : str or Path
        The export file.
    wave : str
        Name of the new wave folder under ``data/raw``.
    paths : Paths
        The project's paths.
    fmt : str
        ``auto`` (detect), ``sav``, ``csv``, ``xlsx``, ``surveymonkey`` or ``qualtrics``.
    force : bool
        Replace an existing draft codebook and export copy.
    header_rows, question_row : int
        ``[files] header_rows`` and ``question_row`` for a tool no layout
        recognises (0: not set); the draft's ``[files]`` carries them.

    Raises
    ------
    InputError
        For a missing or unreadable export, a bad wave name, or an existing
        codebook without ``force``.
    """
    import shutil

    from analysis.codebook import is_safe_name

    folder = paths.wave_dir(wave) if is_safe_name(wave) else None
    existed = folder is not None and folder.exists()
    try:
        return _draft(export, wave, paths, fmt=fmt, force=force, header_rows=header_rows, question_row=question_row)
    except BaseException:  # a refusal, an error or an interrupt: a folder this run made goes with it
        if folder is not None and not existed and folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        raise


def _draft(export: str | Path, wave: str, paths: Paths, *, fmt: str, force: bool, header_rows: int = 0,
           question_row: int = 0) -> int:
    """:func:`run`'s work, without the clean-up."""
    from analysis.atomic import write_bytes, write_text
    from analysis.codebook import MAX_NAME_LENGTH, FilesSpec, is_safe_name
    from analysis.ingest.readers import read_export
    from analysis.ingest.idcolumn import guess_id_column, personal_id_kind
    from analysis.waves.draft_toml import draft_toml

    source = Path(export)
    if fmt not in FORMATS:
        raise InputError.single(str(source), "a format in " + ", ".join(FORMATS), found=fmt)
    if not is_safe_name(wave):
        raise InputError.single(str(paths.raw), "a wave name usable as a folder name (e.g. 2018): letters, digits, "
                                f"'.', '_' or '-', at most {MAX_NAME_LENGTH} characters",
                                found=wave if len(wave) <= MAX_NAME_LENGTH else f"a name of {len(wave)} characters")
    folder = paths.wave_dir(wave)
    codebook = paths.codebook(wave)
    if codebook.exists() and not force:
        raise InputError.single(str(codebook), "no codebook yet for a new wave (use --force to replace the draft)",
                                found="a codebook already there")
    if not 0 <= header_rows <= 20 or header_rows == 1 or (question_row and not 2 <= question_row <= header_rows):
        raise InputError.single(str(source), "--header-rows from 2 to 20, and --question-row from 2 to it",
                                found=f"--header-rows {header_rows} --question-row {question_row}")
    raw = read_export(source, FilesSpec(data=source.name, format=fmt, header_rows=header_rows,
                                        question_row=question_row))
    target = folder / source.name
    data = source.read_bytes()
    if target.exists() and target.read_bytes() != data and not force:
        raise InputError.single(str(target), "no different file of the same name in the wave folder "
                                "(use --force to replace it)", found="a different file")
    previous = previous_wave(wave, paths)
    text = draft_toml(raw, wave, data_file=source.name, fmt=fmt, previous=previous)
    if header_rows:
        text = _with_header_rows(text, header_rows, question_row)
    drafted = _draft_harmonisation(wave, previous, text, paths)  # worked out before anything is written
    if not target.exists() or target.read_bytes() != data:
        write_bytes(target, data)
    write_text(codebook, text)
    skeleton = None
    if drafted is not None:
        skeleton, skeleton_text = drafted
        write_text(skeleton, skeleton_text)
    rel = codebook.relative_to(paths.root) if codebook.is_relative_to(paths.root) else codebook
    n_items = text.count("\n[items.")
    print(f"{wave}: copied {source.name} ({raw.layout}, {len(raw.frame)} rows) and drafted {rel} "
          f"with {n_items} items")
    from analysis.ingest.registry import layout_line

    print(f"  {layout_line(raw)}")
    dropped = list(raw.metadata_columns) + list(getattr(raw, "text_columns", []))
    if dropped:
        print("  personal data and free text, typed identifier/text, dropped at ingest: " + ", ".join(dropped))
    for note in raw.notes:
        print(f"  note: {note}")
    id_column = guess_id_column(raw)
    personal = personal_id_kind(raw, id_column) if "\npseudonymise = true\n" in text else ""  # as the draft judged
    if personal:
        print(f"  the id column {id_column!r} holds {personal}: the draft sets [id] pseudonymise = true, numbering "
              "respondents P1, P2 ... (or choose another id column)")
    if skeleton is not None:
        print(f"  drafted {skeleton.name} against wave {previous}'s indicators: check it and save it as "
              "harmonise.toml before `trends`")
    print(f"  next: edit {rel}, then run `python -m analysis validate --wave {wave}`")
    return 0


def _with_header_rows(text: str, header_rows: int, question_row: int) -> str:
    """The draft with ``header_rows`` (and ``question_row``) written under its ``[files]`` table.

    >>> print(_with_header_rows('[files]\\ndata = "x.csv"\\nformat = "auto"\\n\\n[id]\\n', 2, 2))
    [files]
    data = "x.csv"
    format = "auto"
    header_rows = 2
    question_row = 2
    <BLANKLINE>
    [id]
    <BLANKLINE>
    """
    head, found, rest = text.partition("\n[files]\n")
    if not found:
        head, found, rest = "", "[files]\n", text.removeprefix("[files]\n")
    table, blank, after = rest.partition("\n\n")
    lines = f"\nheader_rows = {header_rows}" + (f"\nquestion_row = {question_row}" if question_row else "")
    return head + found + table + lines + blank + after


def _draft_harmonisation(wave: str, previous: str, codebook_text: str, paths: Paths):
    """``harmonise.draft.toml`` against the previous wave's canonical wave: (its path, its text), or None."""
    from analysis.codebook import load_codebook, parse_codebook
    from analysis.waves.skeleton import DRAFT_NAME, canonical_of, draft_harmonisation

    if not previous or not paths.codebook(previous).is_file():
        return None
    canonical = canonical_of(previous, paths)
    if not paths.codebook(canonical).is_file():
        return None
    target = paths.wave_dir(wave) / DRAFT_NAME
    return target, draft_harmonisation(parse_codebook(codebook_text, source=str(paths.codebook(wave))),
                                       load_codebook(paths.codebook(canonical), wave=canonical))
