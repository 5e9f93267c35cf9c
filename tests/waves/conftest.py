"""Two tiny waves written by hand: a canonical wave A and a later wave B on other scales.

Wave A (80 respondents): confidence on four points, 10 / 20 / 30 / 20 answers;
trained yes / no, 32 Yes and 48 No.
Wave B (70 respondents): confidence on five points, 7 / 14 / 21 / 14 / 14;
trained yes / no / unsure, 14 Yes, 50 No, 6 Unsure. Wave B's harmonisation
maps points 4 and 5 onto A's 4, and Unsure onto No, so by hand:
not confident A = 30/80, B = 21/70; untrained A = 48/80, B = (50 + 6)/70 = 56/70.
"""

from __future__ import annotations

import pytest

from tests.ingest.demo import codebook_head

CODEBOOK_A = codebook_head(name="A", data="a.csv", provenance="illustrative") + """[items.conf]
column = "conf"
text = "How confident are you?"
type = "ordinal"
codes = { 1 = "Not at all", 2 = "Not very", 3 = "Fairly", 4 = "Very" }
missing = { 8 = "dont_know" }
[items.trained]
column = "trained"
text = "Have you been trained?"
type = "yesno"
codes = { 1 = "Yes", 2 = "No" }
[indicators.notconf]
item = "conf"
codes = [1, 2]
label = "Not confident"
[indicators.untrained]
item = "trained"
codes = [2]
label = "Untrained"
"""

CODEBOOK_B = """
[wave]
name = "B"
provenance = "illustrative"
previous = "A"
[files]
data = "b.csv"
[id]
column = "id"
[items.conf5]
column = "conf5"
text = "How confident do you feel?"
type = "ordinal"
codes = { 1 = "Not at all", 2 = "Slightly", 3 = "Moderately", 4 = "Very", 5 = "Extremely" }
[items.trained3]
column = "trained3"
text = "Have you been trained?"
type = "single"
codes = { 1 = "Yes", 2 = "No", 3 = "Unsure" }
"""

HARMONISE_B = """
canonical = "A"
[items.conf]
item = "conf5"
recode = { 1 = 1, 2 = 2, 3 = 3, 4 = 4, 5 = 4 }
rule = "Extremely counted as Very."
[items.trained]
item = "trained3"
recode = { 1 = 1, 2 = 2, 3 = 2 }
rule = "Unsure counted as No."
"""


def _csv(columns: dict[str, list[str]]) -> str:
    names = list(columns)
    n = len(columns[names[0]])
    lines = [",".join(names)] + [",".join(columns[c][i] for c in names) for i in range(n)]
    return "\n".join(lines) + "\n"


@pytest.fixture
def two_waves(project):
    """Waves A and B written into a temporary project; returns its Paths."""
    a = project.raw / "A"
    a.mkdir()
    conf_a = ["Not at all"] * 10 + ["Not very"] * 20 + ["Fairly"] * 30 + ["Very"] * 20
    trained_a = ["Yes"] * 32 + ["No"] * 48
    (a / "a.csv").write_text(_csv({"id": [str(i) for i in range(80)], "conf": conf_a, "trained": trained_a}))
    (a / "codebook.toml").write_text(CODEBOOK_A)
    b = project.raw / "B"
    b.mkdir()
    conf_b = ["1"] * 7 + ["2"] * 14 + ["3"] * 21 + ["4"] * 14 + ["5"] * 14
    trained_b = ["Yes"] * 14 + ["No"] * 50 + ["Unsure"] * 6
    (b / "b.csv").write_text(_csv({"id": [f"b{i}" for i in range(70)], "conf5": conf_b, "trained3": trained_b}))
    (b / "codebook.toml").write_text(CODEBOOK_B)
    (b / "harmonise.toml").write_text(HARMONISE_B)
    return project


def write_wave(project, name: str, codebook: str, columns: dict[str, list[str]], *, data: str | None = None,
               extra: dict[str, str] | None = None):
    """Write wave ``name`` (codebook text, a CSV of ``columns``, and any extra files) into ``project``."""
    folder = project.raw / name
    folder.mkdir(exist_ok=True)
    (folder / (data or f"{name.lower()}.csv")).write_text(_csv(columns))
    (folder / "codebook.toml").write_text(codebook)
    for file, text in (extra or {}).items():
        (folder / file).write_text(text)
    return folder


#: Wave B's own indicators, named as wave A's: what a trend by name alone would match.
B_INDICATORS = """
[indicators.notconf]
item = "conf5"
codes = [1, 2]
label = "Not confident"
[indicators.untrained]
item = "trained3"
codes = [2, 3]
label = "Untrained"
"""
