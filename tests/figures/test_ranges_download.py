"""The ranges figure's percentages for reports name each measure in words, as every other figure's do."""

from __future__ import annotations

import csv


def test_the_ranges_download_names_each_measure_by_its_label(built_2013):
    from analysis.codebook import load_codebook

    codebook = load_codebook(built_2013 / "data" / "raw" / "2013" / "codebook.toml", wave="2013")
    path = built_2013 / "figures" / "2013" / "fig7_published_ranges_percentages.csv"
    with path.open(encoding="utf-8-sig") as fh:
        measures = {row["measure"] for row in csv.DictReader(fh)}
    assert measures
    assert measures <= {ind.label for ind in codebook.indicators.values()}, measures
    assert not measures & set(codebook.indicators)
