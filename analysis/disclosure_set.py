"""The protected table set: a wave's estimates after disclosure control, for every stage that publishes.

The ``figures`` and ``report`` stages both draw from here, so a chart never shows a
number the tables withhold. :func:`protect_loaded` takes a loaded wave, chooses what is
published (:func:`analysis.report.assemble.published_frames`: each indicator on its own
base, overall and by each breakdown; each ordinal scale in full on the base of all
respondents) and plans and applies suppression across all of it at once
(:func:`analysis.report.assemble.protect`: threshold rule with secondary suppression).
:func:`protected_table_set` does the same from a wave's name.

A withheld row keeps its identity (indicator, base, by, group, category) and has its
numbers missing; its ``disclosure`` column says why (``primary``: fewer than the
threshold of people in the cell or the rest of its base; ``secondary``: withheld so that
totals cannot give a primary cell away). Rows that are published have ``disclosure == ""``.

The threshold is the wave's ``data/raw/<wave>/report.toml``::

    [disclosure]
    threshold = 10

(10 when the file is absent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.config import Paths

REPORT_CONFIG = "report.toml"

#: Why a row was withheld, in words for notes under a chart (``{threshold}`` is filled in).
REASONS = {"primary": "fewer than {threshold} people", "secondary": "so that a group of fewer than {threshold} people cannot be worked out"}


def threshold_for(wave: str, paths: "Paths") -> int:
    """The wave's disclosure threshold (``report.toml`` ``[disclosure] threshold``, default 10).

    Examples
    --------
    >>> from pathlib import Path
    >>> from analysis.config import Paths
    >>> threshold_for("no-such-wave", Paths(Path("/nonexistent")))
    10
    """
    import tomllib

    from analysis.errors import InputError
    from analysis.report.disclosure import DEFAULT_THRESHOLD

    path = paths.wave_dir(wave) / REPORT_CONFIG
    if not path.is_file():
        return DEFAULT_THRESHOLD
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("disclosure", {}).get("threshold",
                                                                                           DEFAULT_THRESHOLD)
    except tomllib.TOMLDecodeError as exc:
        raise InputError.single(str(path), f"valid TOML ({exc})") from None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InputError.single(str(path), "a whole number of at least 1 (at 'disclosure.threshold')",
                                found=str(value))
    return value


@dataclass(frozen=True)
class Protected:
    """A wave's published frames after disclosure control, with the plan and its audit.

    ``frames`` holds ``estimates`` and ``distributions`` (and ``trend``, ``differences``,
    ``reproduction`` when they were given), each with a ``disclosure`` column;
    ``decisions`` is the plan (:func:`analysis.report.disclosure.plan`), ``exposed`` the
    audit's findings (empty when no withheld cell can be worked out), ``threshold`` the rule.
    """

    frames: dict
    decisions: "pd.DataFrame"
    exposed: "pd.DataFrame"
    threshold: int


def protect_loaded(loaded, *, threshold: int, trend: "pd.DataFrame | None" = None,
                   differences: "pd.DataFrame | None" = None,
                   reproduction: "pd.DataFrame | None" = None) -> Protected:
    """Table set of a loaded wave (:func:`analysis.ingest.pipeline.load_wave`), published and protected.

    Trend, differences and the reproduction table, when given, are protected with the
    same threshold (see :func:`analysis.report.assemble.protect`).
    """
    from analysis.report.assemble import composites, protect, published_frames
    from analysis.tables import table_set

    cb = loaded.codebook
    published = published_frames(cb, table_set(loaded))
    frames, decisions, exposed = protect(published, threshold=threshold, links=composites(cb), trend=trend,
                                         diffs=differences, reproduction=reproduction)
    for name, frame in published.items():  # identity, not a number: a withheld row keeps its base's name
        if frame is not None and "base_name" in frame.columns and name in frames:
            frames[name]["base_name"] = frame["base_name"].to_numpy()
    return Protected(frames=frames, decisions=decisions, exposed=exposed, threshold=threshold)


def protected_table_set(wave: str, paths: "Paths") -> dict[str, "pd.DataFrame"]:
    """``estimates`` and ``distributions`` of ``wave`` as published: after disclosure control.

    Withheld rows have their numbers missing and a non-empty ``disclosure`` column.
    """
    from analysis.ingest.pipeline import load_wave

    return protect_loaded(load_wave(wave, paths, estimate=True), threshold=threshold_for(wave, paths)).frames


def withheld_reason(reason: str, *, threshold: int) -> str:
    """Words for a ``disclosure`` value, for notes under a chart.

    >>> withheld_reason("primary", threshold=10)
    'fewer than 10 people'
    >>> withheld_reason("secondary", threshold=10)
    'so that a group of fewer than 10 people cannot be worked out'
    """
    return REASONS.get(reason, REASONS["primary"]).format(threshold=threshold)
