"""The design-effect fixture: nations A and B of design_fixture.csv with a second weight scaled to the sample size.

Run from the repository root: ``python tests/reference/make_deff_fixture.py``; it
writes ``tests/reference/deff_fixture.csv``. ``weight_n`` is ``weight`` × n / Σweight
rounded to 4 decimals, so it sums to about n (42.0002 for the 42 rows), as weights
"scaled to the sample size" do; with the fpc, R's ``svymean(deff = TRUE)`` then
compares with sampling 42 from a population of 42.0002 (tests/reference/deff_reference.R).
"""

from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent


def main() -> None:
    d = pd.read_csv(HERE / "design_fixture.csv")
    d = d[d["nation"] != "C"].reset_index(drop=True)
    d["weight_n"] = (d["weight"] * len(d) / d["weight"].sum()).round(4)
    d.to_csv(HERE / "deff_fixture.csv", index=False, lineterminator="\n")


if __name__ == "__main__":
    main()
