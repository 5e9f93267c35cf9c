"""Multi-select items across waves: options matched by label or recode, indicators by hand.

Wave A (canonical): one column per option (blank/1); ids 1-10; Sexting ticked by 1-4, Grooming by
3-8, Recovery by nobody; 9-10 ticked nothing (did not answer): "any sexting" = 4 of 8.
Wave B: Google Forms joined choices; "Nudes" is a new option recoded onto Sexting, "sexting" is the
same label in lower case; cells 1-3 "Grooming", 4 "sexting", 5 "Nudes, Grooming", 6 "Nudes", 7-10
blank: answered 6, sexting (or nudes) 4, 5, 6 = 3 of 6. Recovery was not offered in B.
"""

from __future__ import annotations

from analysis.ingest.pipeline import load_wave
from analysis.waves.harmonise import load_harmonisation
from analysis.waves.trends import trend_table
from tests.waves.conftest import write_wave

A = '''
[wave]
name = "A"
provenance = "illustrative"
[files]
data = "a.csv"
[id]
column = "id"
[items.topics]
type = "multi"
text = "Which topics? (Select all that apply)"
options = { G = "Grooming", S = "Sexting", R = "Recovery" }
selected = "blank/1"
[indicators.any_sexting]
item = "topics"
codes = ["Sexting"]
label = "Wants training on sexting"
base = "answered"
[indicators.recovery]
item = "topics"
codes = ["Recovery"]
label = "Wants training on recovery"
base = "answered"
'''

B = '''
[wave]
name = "B"
provenance = "illustrative"
previous = "A"
[files]
data = "b.csv"
[id]
column = "id"
[items.topics_b]
type = "multi"
text = "Which topics? (Select all that apply)"
column = "Topics"
codes = { 1 = "Grooming", 2 = "sexting", 3 = "Nudes" }
delimiter = ", "
'''

HARMONISE = '''
canonical = "A"
[items.topics]
item = "topics_b"
recode = { Nudes = "Sexting" }
rule = "'Nudes' counted as Sexting."
'''


def test_a_multi_indicator_across_waves_matches_options_by_label_and_recode(project):
    write_wave(project, "A", A, {"id": [str(i) for i in range(1, 11)],
                                 "G": ["1" if 3 <= i <= 8 else "" for i in range(1, 11)],
                                 "S": ["1" if i <= 4 else "" for i in range(1, 11)],
                                 "R": [""] * 10})
    cells = ["Grooming"] * 3 + ["sexting", "\"Nudes, Grooming\"", "Nudes"] + [""] * 4
    write_wave(project, "B", B, {"id": [f"b{i}" for i in range(1, 11)], "Topics": cells},
               extra={"harmonise.toml": HARMONISE})
    waves = [load_wave("A", project), load_wave("B", project)]
    t = trend_table(waves, harmonisations={"B": load_harmonisation(project.wave_dir("B") / "harmonise.toml")})
    sexting = t[t["indicator"] == "any_sexting"]
    assert sexting[["wave", "count", "n"]].values.tolist() == [["A", 4, 8], ["B", 3, 6]]
    recovery = t[t["indicator"] == "recovery"]
    assert recovery["flag"].tolist()[1] == "not asked"  # not offered in B: never a share without its option
