"""The codebook's models, numeric items and replicate weights: parsed, and refused with one line each."""

import pytest

from analysis.codebook import parse_codebook
from analysis.errors import InputError
from tests.ingest.demo import codebook_head

BODY = """
[items.conf]
column = "Q1"
type = "yesno"
codes = { 1 = "Not confident", 2 = "Confident" }
[items.years]
column = "Q2"
type = "numeric"
[items.w]
column = "W"
type = "weight"
[indicators.not_conf]
item = "conf"
codes = [1]
label = "Not confident"
"""


def parse(extra: str):
    return parse_codebook(codebook_head() + BODY + extra, source="cb.toml")


def test_models_numeric_items_and_replicates_are_read():
    cb = parse('[tables]\nnumeric = ["years"]\n[models.m]\noutcome = "not_conf"\nterms = ["years"]\n'
               '[design]\nreplicates = "rw_*"\nreplicate_type = "JKn"\nrscales = [0.5, 0.5]\nmse = true\n')
    assert cb.numeric == ("years",)
    assert cb.models["m"].outcome == "not_conf" and cb.models["m"].terms == ("years",)
    r = cb.replicates
    assert (r.columns, r.type, r.rscales, r.mse, r.combined_weights) == ("rw_*", "JKn", (0.5, 0.5), True, True)


@pytest.mark.parametrize("extra,where", [
    ('[models.m]\noutcome = "conf"\nterms = []\n', "models.m.outcome"),
    ('[models.m]\noutcome = "not_conf"\nterms = ["nope"]\n', "models.m.terms"),
    ('[tables]\nnumeric = ["conf"]\n', "tables.numeric"),
    ('[design]\nreplicates = "rw_*"\nreplicate_type = "Fay"\n', "design.rho"),
    ('[design]\nreplicates = "rw_*"\nreplicate_type = "JKn"\n', "design.rscales"),
    ('[design]\nreplicates = "rw_*"\nreplicate_type = "jackknife"\n', "design.replicate_type"),
    ('[design]\nreplicate_type = "JK1"\n', "design.replicate_type"),
])
def test_bad_declarations_are_one_line_each(extra, where):
    with pytest.raises(InputError) as err:
        parse(extra)
    assert len(err.value.lines()) == 1 and f"(at '{where}')" in err.value.lines()[0]
