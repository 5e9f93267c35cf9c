"""SPSS multiple-response sets drafted as one ``multi`` item each, counted from the file's cells by hand.

``pyreadstat_simple_alltypes.sav`` (Apache-2.0, Roche/pyreadstat; see tests/fixtures/corpus/ATTRIBUTION.md)
holds two sets over six cases:

* ``$mymrset``, a dichotomy set counting 1 over ``bool1``-``bool3``::

      case   1  2  3  4  5  6
      bool1  1  1  0  0  .  1
      bool2  1  0  1  0  1  1
      bool3  0  0  0  0  0  0

  A 0 is written for an option not ticked, so case 4 (0, 0, 0) answered and ticked nothing:
  six answered; bool1 ticked by cases 1, 2, 6 (3), bool2 by 1, 3, 5, 6 (4), bool3 by none (0).
* ``$categorical_array``, a category set: each of ``ca_subvar_1``-``ca_subvar_3`` holds a chosen category::

      case         1  2  3  4  5  6
      ca_subvar_1  a  a  b  b  a  b
      ca_subvar_2  a  b  c  b  b  c
      ca_subvar_3  b  c  d  b  d  d

  a: cases 1, 2, 5 (3); b: all six (6); c: cases 2, 3, 6 (3); d: cases 3, 5, 6 (3); six answered.

``savreaderwriter_spssio_test.sav`` (MIT, fomcl/savReaderWriter) has a dichotomy set ``$V`` counting 1
over ``V1``-``V3`` (nine cases)::

      V1  1 0 1 0 0 1 0 0 1   -> 4
      V2  1 0 0 0 1 1 1 0 1   -> 5
      V3  1 0 1 0 1 0 1 0 0   -> 4

and two category sets, ``$ages`` over ``Age``, ``AGE2``, ``AGE3`` (each case the same age in all three:
27 in cases 1, 4, 5 (3); 34 in cases 2, 6, 7, 8 (4); 50 in cases 3, 9 (2)), and ``$incomes``.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pandas as pd

from analysis.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "spss"


def _draft(project, name: str, wave: str = "w") -> dict:
    assert main(["add-wave", str(CORPUS / name), "--wave", wave]) == 0
    return tomllib.loads(project.codebook(wave).read_text(encoding="utf-8"))


def _multi_by_text(items: dict, text: str) -> tuple[str, dict]:
    found = [(name, item) for name, item in items.items() if item["type"] == "multi" and item["text"] == text]
    assert len(found) == 1, [(n, i["type"], i.get("text")) for n, i in items.items()]
    return found[0]


def test_dichotomy_set_is_one_multi_item_with_its_counted_value(project):
    items = _draft(project, "pyreadstat_simple_alltypes.sav")["items"]
    name, item = _multi_by_text(items, "My multiple response set")
    assert item["options"] == {"bool1": "Response #1", "bool2": "Response #2", "bool3": "Response #3"}
    assert item["selected"] == [1] and item["unselected"] == [0] and item["answered"] == "zero"
    assert not [n for n, i in items.items() if i.get("column") in ("bool1", "bool2", "bool3")]


def test_category_set_is_one_multi_item_not_three_single_items(project):
    items = _draft(project, "pyreadstat_simple_alltypes.sav")["items"]
    name, item = _multi_by_text(items, "categorical_array")
    assert list(item["options"].values()) == ["a", "b", "c", "d"]
    assert not [n for n, i in items.items() if i.get("column", "").startswith("ca_subvar")]


def _keep_only(project, names: list[str], *, id_column: str) -> None:
    """The accepted draft with only the named items (the draft's header removed) and the given id column."""
    path = project.codebook("w")
    book = path.read_text(encoding="utf-8")
    head = book[book.index("\n[wave]\n") + 1:book.index("[items.")]
    head = head[:head.index("[id]")] + f'[id]\ncolumn = "{id_column}"\n\n'
    body = "".join(book[book.index(f"[items.{n}]"):].split("\n\n")[0] + "\n\n" for n in names)
    path.write_text(head + body, encoding="utf-8")


def _counts(frame, name, item):
    labels = list(item["options"].values())
    return ({label: int(frame[f"{name}__{k}"].sum()) for k, label in enumerate(labels, start=1)},
            int(frame[f"{name}__1"].notna().sum()))


def test_mr_sets_reach_the_processed_frame_with_hand_counts(project):
    items = _draft(project, "pyreadstat_simple_alltypes.sav")["items"]
    # the file has no id column: x (1, 2, 3, 4, 8, 9) serves; keep only the two sets
    keep = [n for n, i in items.items() if i["type"] == "multi"]
    _keep_only(project, keep, id_column="x")
    frame = _ingest_plain(project, "w")
    d_name, d_item = _multi_by_text(items, "My multiple response set")
    assert _counts(frame, d_name, d_item) == ({"Response #1": 3, "Response #2": 4, "Response #3": 0}, 6)
    c_name, c_item = _multi_by_text(items, "categorical_array")
    assert _counts(frame, c_name, c_item) == ({"a": 3, "b": 6, "c": 3, "d": 3}, 6)


def _ingest_plain(project, wave):
    assert main(["validate", "--wave", wave]) == 0
    assert main(["ingest", "--wave", wave]) == 0
    return pd.read_parquet(project.processed_frame(wave))


def test_savreaderwriter_sets(project):
    items = _draft(project, "savreaderwriter_spssio_test.sav")["items"]
    v_name, v_item = _multi_by_text(items, "V")
    assert v_item["selected"] == [1] and list(v_item["options"]) == ["V1", "V2", "V3"]
    a_name, a_item = _multi_by_text(items, "the ages")
    assert list(a_item["options"].values()) == ["27 y.o.", "34 y.o.", "50 y.o."]
    _keep_only(project, [v_name, a_name], id_column="ID")
    frame = _ingest_plain(project, "w")
    # V: every case has a 0 or 1 written in each column; cases 2, 4 and 8 tick nothing: nine answered
    assert _counts(frame, v_name, v_item) == ({"V1": 4, "V2": 5, "V3": 4}, 9)
    assert _counts(frame, a_name, a_item) == ({"27 y.o.": 3, "34 y.o.": 4, "50 y.o.": 2}, 9)
