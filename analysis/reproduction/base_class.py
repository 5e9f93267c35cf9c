"""What each base (n) of a reconstructed wave is: a base can be published where its row's share is invented.

A breakdown's percentages are invented, but the number of people in each group may have been
published: 692 respondents, 231 from children's services, 278 from health, 173 from education
(and the 10 outside the three, by subtraction). A share published on a base that leaves out
non-answers fixes that base too (96.5% would value training is 661 of the 685 who answered).
Marking those bases "invented" with their row would tell a reader that published numbers were
made up, so the class of ``n`` is kept apart, in a column of its own (``n_class``), from the
class of the row's share (``number_class``, :mod:`analysis.reproduction.provenance`).

``published``
    ``n`` is a published count: the number of respondents (group "All" on the base of every
    respondent) or a published count of one group of a breakdown on that base, equal to it.
``derived``
    ``n`` follows from published figures: a count claim whose status is ``derived`` (692 less
    the three sector counts), or the base of a published or derived whole-sample share.
``invented``
    anything else on a row whose share is invented.

Rows whose share is published, derived or not marked keep their own class for ``n``.

>>> import pandas as pd
>>> from analysis.reproduction.registry import Claim
>>> claims = [Claim("n", "n", "respondents", "respondents", 692, 0, "exact", "all", "s", "2014-01-28", "canonical"),
...           Claim("h", "sector", "health", "count", 278, 0, "exact", "all", "s", "2014-02-10", "canonical",
...                 item="sector", codes=(2,))]
>>> from analysis.codebook import WaveInfo
>>> class CB:  # the parts of a codebook read here
...     items = {"sector": type("I", (), {"codes": {1: "Children", 2: "Health"}})()}
>>> f = pd.DataFrame({"base_name": ["all", "all", "all", "answered"], "by": ["overall", "sector", "sector", "sector"],
...                   "group": ["All", "Health", "Children", "Health"], "n": [692, 278, 231, 270],
...                   "number_class": ["invented"] * 4})
>>> list(classify_bases(f, CB(), claims)["n_class"])
['published', 'published', 'invented', 'invented']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook
    from analysis.reproduction.registry import Claim

#: The column added beside ``number_class``.
N_CLASS = "n_class"


def _known_counts(codebook: "Codebook", claims: Sequence["Claim"]) -> dict[tuple, tuple[int, str]]:
    """(base name, by, group label) -> (count, class) for every published or derived count of people."""
    out: dict[tuple, tuple[int, str]] = {}
    for c in claims:
        if c.status == "misprint":
            continue
        kind = "derived" if c.status == "derived" else "published"
        if c.statistic == "respondents":
            out[(c.base, "overall", "All")] = (int(round(c.value)), kind)
        elif c.statistic == "count" and len(c.codes) == 1 and c.item in codebook.items:
            label = codebook.items[c.item].codes.get(c.codes[0])
            if label is not None:
                out[(c.base, c.item, label)] = (int(round(c.value)), kind)
    return out


def classify_bases(frame: "pd.DataFrame", codebook: "Codebook", claims: Sequence["Claim"] | None) -> "pd.DataFrame":
    """``frame`` (with ``base_name``, ``by``, ``group``, ``n``, ``number_class``) with :data:`N_CLASS` added."""
    import pandas as pd

    if frame.empty or "number_class" not in frame.columns or not {"base_name", "by", "group", "n"} <= set(frame.columns):
        return frame
    known = _known_counts(codebook, claims or ())
    out = []
    for base, by, group, n, cls in zip(frame["base_name"], frame["by"], frame["group"], frame["n"],
                                       frame["number_class"]):
        if cls != "invented":
            out.append(cls)
            continue
        hit = known.get((base, by, group))
        if hit is not None and not pd.isna(n) and int(n) == hit[0]:
            out.append(hit[1])
        else:
            out.append(cls)
    frame = frame.assign(**{N_CLASS: out})
    if "indicator" in frame.columns:
        frame = _from_stated_shares(frame, codebook)
    return frame


def _from_stated_shares(frame: "pd.DataFrame", codebook: "Codebook") -> "pd.DataFrame":
    """Bases that follow from a published or derived whole-sample share.

    The share's own base holds for every share of the same item on the same base (661 of the 685
    who answered: 685 is the base of every share of that item among those who answered). And the
    share's count on the base of every respondent is the size of a base defined by that answer
    (81.1% of 692 had no training: 561 people, the base "those with no training"): a base is a
    subset of the answer it is defined by, so a base of exactly that size is all of them.
    """
    import pandas as pd

    def item_of(ind):
        ind_ = codebook.indicators.get(ind)
        return ind_.item if ind_ is not None else ind

    items = [item_of(i) for i in frame["indicator"]]
    stated = (frame["by"] == "overall") & frame["number_class"].isin(["published", "derived"]) & frame["n"].notna()
    same_item = {(items[k], frame["base_name"].iat[k], int(frame["n"].iat[k])) for k in range(len(frame))
                 if stated.iat[k]}
    defined = {}
    for name, base in codebook.bases.items():
        if len(base.where) == 1:
            (item, codes), = base.where.items()
            for k in range(len(frame)):
                ind = codebook.indicators.get(frame["indicator"].iat[k])
                if (stated.iat[k] and ind is not None and ind.item == item and set(ind.codes) == set(codes)
                        and frame["base_name"].iat[k] == "all" and not pd.isna(frame["count"].iat[k]
                                                                                if "count" in frame.columns else None)):
                    defined[(name, int(frame["count"].iat[k]))] = True
    classes = list(frame[N_CLASS])
    for k in range(len(frame)):
        if classes[k] != "invented" or frame["by"].iat[k] != "overall" or pd.isna(frame["n"].iat[k]):
            continue
        n, base = int(frame["n"].iat[k]), frame["base_name"].iat[k]
        if (items[k], base, n) in same_item or (base, n) in defined:
            classes[k] = "derived"
    return frame.assign(**{N_CLASS: classes})


def stated_bases(frame: "pd.DataFrame") -> list[bool]:
    """Per row, whether its ``n`` is published or derived while its share is invented (it is shown unmarked)."""
    if N_CLASS not in frame.columns or "number_class" not in frame.columns:
        return [False] * len(frame)
    return [c == "invented" and k in ("published", "derived")
            for c, k in zip(frame["number_class"], frame[N_CLASS])]
