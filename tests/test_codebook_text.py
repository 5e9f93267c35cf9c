"""A codebook's labels and titles hold no control characters and no personal data: one line naming the key."""

from __future__ import annotations

import pytest

from analysis.codebook import parse_codebook
from analysis.errors import InputError
from tests.ingest.demo import CODEBOOK


@pytest.mark.parametrize("where, old, key", [
    ("value label", '2 = "Education"', "items.sector.codes.2"),
    ("indicator label", 'label = "Not confident assessing online risk"', "indicators.not_conf.label"),
    ("title", 'title = "Demo wave"', "wave.title"),
])
@pytest.mark.parametrize("control, named", [("\\r", "carriage return"), ("\\n", "line feed"), ("\\u0000", "NUL"),
                                            ("\\u001b", "U+001B")])
def test_a_control_character_in_a_label_or_title_is_refused(where, old, key, control, named):
    # A CR in a label made LibreOffice start a new row at it, with "=1+1" a live formula in cell A3.
    key_part, value = old.split(" = ")
    text = CODEBOOK.replace(old, f'{key_part} = "{value[1:-1]}{control}=1+1"')
    with pytest.raises(InputError) as caught:
        parse_codebook(text)
    lines = caught.value.lines()
    assert len(lines) == 1 and f"at '{key}'" in lines[0] and named in lines[0]


def test_a_question_text_may_run_over_lines():
    text = CODEBOOK.replace('text = "Where do you work?"', 'text = """Where do\nyou work?"""')
    assert parse_codebook(text).items["sector"].text == "Where do\nyou work?"


def test_the_publishers_contact_is_published_as_written():
    text = CODEBOOK.replace('title = "Demo wave"', 'title = "Demo wave"\ncontact = "research@example.org"')
    assert parse_codebook(text).wave.contact == "research@example.org"
