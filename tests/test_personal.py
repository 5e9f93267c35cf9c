"""Personal data is found anywhere in a text, and only personal data is found.

Reference values: the NHS numbers' check digits are worked by hand below (NHS Data
Dictionary, modulus 11); the phone numbers are Ofcom's drama ranges (07700 900xxx,
020 7946 0xxx, 01632 960xxx), reserved for fiction and so never anyone's number.
"""

from __future__ import annotations

import pytest

from analysis.personal import find, kinds, redact, shown


def nhs_check_digit(nine: str) -> int:
    """Modulus 11 by hand: weights 10..2, 11 - remainder, 11 -> 0 (10 would be invalid)."""
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1)))
    return (11 - total % 11) % 11


def test_the_nhs_numbers_of_the_observation_pass_modulus_11_by_hand():
    # 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+0*2 = 297 = 27*11: check digit 0.
    assert nhs_check_digit("943476590") == 0
    assert kinds("943 476 5900") == ["NHS numbers"] and kinds("9434765900") == ["NHS numbers"]
    # the same nine digits with a wrong check digit are no NHS number
    assert "NHS numbers" not in kinds("943 476 5901")


@pytest.mark.parametrize("text, kind", [
    ("07700900000", "phone numbers"),
    ("call me on 07700900123 after six", "phone numbers"),
    ("South, ask Ann on 07700 900123", "phone numbers"),
    ("+44 20 7946 0958", "phone numbers"),
    ("(01632) 960 001", "phone numbers"),
    ("+1 202 555 0143", "phone numbers"),
    ("ring jane.doe@example.org please", "e-mail addresses"),
    ("North (contact jane.doe@example.org)", "e-mail addresses"),
    ("lives at SW1A 1AA now", "postcodes"),
    ("m1 1ae", "postcodes"),
    ("from 2001:db8::10 today", "IP addresses"),
    ("fe80::1ff:fe23:4567:890a", "IP addresses"),
    ("host 192.0.2.44.", "IP addresses"),
    ("see https://example.org/survey?token=abc123", "URLs with query strings"),
])
def test_personal_data_is_found_inside_a_sentence(text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize("text", [
    "R_3kXj1abcDEF9", "1001", "2013", "2013-05-01 10:31:00", "01/05/2013", "10:31", "0.5", "0.123456789",
    "1e300", "Health visitor", "Q5_3", "Very confident", "999.1.1.1", "100012", "£1,000,000", "3.14159265358",
    "https://example.org/survey", "Year 10", "n=999,940",
])
def test_ordinary_survey_text_holds_no_personal_data(text):
    assert find(text) == []


def test_redaction_replaces_each_piece_by_its_kind_and_counts_them():
    text, counts = redact("mail a@example.org or b@example.net, ring 07700900123, at SW1A 1AA")
    assert text == "mail [e-mail] or [e-mail], ring [phone], at [postcode]"
    assert counts == {"e-mail addresses": 2, "phone numbers": 1, "postcodes": 1}


def test_an_error_line_shows_the_kind_not_the_value():
    assert shown("found 07700900123 and 943 476 5900") == "found (phone number) and (NHS number)"
