"""No test on an invented number: a reconstructed or illustrative wave's breakdowns carry no test.

A reconstructed wave's groups (its sectors, its professions) hold numbers a generator chose to
match the published totals; an illustrative wave's hold numbers made up for a demonstration. A
test of difference, a significance letter or the word "significant" beside them would describe
the generator, not the survey. :func:`leave_out_tests` empties the ``tests`` and ``pairwise``
frames of such a wave (their columns stay) and blanks the letters of its estimates, before any
output is written, so that no CSV, workbook, page or figure can show one.
:data:`TESTS_LEFT_OUT` is the one line every output gives in their place.

>>> import pandas as pd
>>> frames = {"estimates": pd.DataFrame({"group": ["All", "A"], "letter": ["", "A"], "letters": ["", "B"]}),
...           "tests": pd.DataFrame({"p_value": [0.01]}), "pairwise": pd.DataFrame({"p_value": [0.02]})}
>>> out, note = leave_out_tests(frames, "reconstructed")
>>> len(out["tests"]), len(out["pairwise"]), list(out["estimates"]["letters"]), note == TESTS_LEFT_OUT
(0, 0, ['', ''], True)
>>> leave_out_tests(frames, "real")[1]
''
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The line outputs give where tests and letters would be, for a wave that is not real.
TESTS_LEFT_OUT = ("No test of a difference between groups and no significance letters are shown: every "
                  "group's number in these data was invented, so a test would describe the generator, not the survey.")


def leave_out_tests(frames: "dict[str, pd.DataFrame]", provenance: str) -> "tuple[dict[str, pd.DataFrame], str]":
    """The table set without tests or letters when ``provenance`` is not ``"real"``, and the line saying why.

    Parameters
    ----------
    frames : dict of str to DataFrame
        The table set (``estimates``, ``tests``, ``pairwise`` ...); frames it lacks are left alone.
    provenance : {"real", "reconstructed", "illustrative"}
        The codebook's ``[wave] provenance``.

    Returns
    -------
    (dict, str)
        The frames (unchanged for a real wave) and :data:`TESTS_LEFT_OUT`, or ``""`` for a real wave.
    """
    if provenance == "real":
        return frames, ""
    out = dict(frames)
    for name in ("tests", "pairwise", "options_tests"):
        if name in out:
            out[name] = out[name].iloc[0:0]
    for name in ("estimates", "options"):  # indicators' and multi-select options' letters
        est = out.get(name)
        if est is not None:
            blank = {c: "" for c in ("letter", "letters") if c in est.columns}
            if blank:
                out[name] = est.assign(**blank)
    return out, TESTS_LEFT_OUT
