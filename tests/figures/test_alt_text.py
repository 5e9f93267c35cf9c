"""Generated alt text fits its limit at any n: the generator's test, never a user's failed run."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.figures.alt_text import fit
from analysis.figures.captions import ALT_TEXT_MAX, alt_text_problems

CHARTS = ["Bar chart of six survey measures", "Diverging bar chart of confidence by profession",
          "Dot chart of training by sector", "Dot chart of each measure by wave, 2013 to 2018", "Range chart"]


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("n", [692, 13_840, 999_940, 1_000_000_000])
def test_alt_text_with_large_numbers_fits(chart, n):
    # The observation: figure 5's alt text was 182 characters at a million respondents.
    title = (f"Would value training by sector: from 55% (n={n:,}) in Children's services to 81% (n={n:,}) "
             f"in Education, 72% overall (n={n:,})")
    for data in ("", " from reconstructed data"):
        text = fit(chart, data, title, limit=ALT_TEXT_MAX, target=150)
        assert len(text) <= ALT_TEXT_MAX, text
        assert [p for p in alt_text_problems(text) if "abbreviation" not in p] == [], text
        assert text.startswith(" ".join(chart.split()[:2]))


@settings(max_examples=200, derandomize=True, database=None)
@given(title=st.text(st.sampled_from("abc ,;:0123456789%()=n"), min_size=1, max_size=400))
def test_any_title_fits(title):
    text = fit("Dot chart of training by sector", " from reconstructed data", "A" + title, limit=ALT_TEXT_MAX)
    assert len(text) <= ALT_TEXT_MAX and text.endswith(".")
