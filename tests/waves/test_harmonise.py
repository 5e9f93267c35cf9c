"""Harmonisation: recodes onto the canonical scale, checks of what is unmapped, and the change notes."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.codebook import load_codebook, parse_codebook
from analysis.errors import InputError
from analysis.ingest.pipeline import load_wave
from analysis.waves.harmonise import (check_harmonisation, check_wave, harmonisation_notes, harmonised_indicators,
                                      load_harmonisation, parse_harmonisation)


def _load(paths):
    a, b = load_wave("A", paths), load_wave("B", paths)
    return a, b, load_harmonisation(paths.wave_dir("B") / "harmonise.toml")


def test_five_point_and_unsure_recodes_counted_by_hand(two_waves):
    a, b, h = _load(two_waves)
    frame = harmonised_indicators(b, h, a.codebook)
    # by hand (conftest): not confident = 7 + 14 = 21 of 70; untrained = 50 No + 6 Unsure = 56 of 70
    assert int(frame["notconf"].sum()) == 21 and int(frame["notconf"].notna().sum()) == 70
    assert int(frame["untrained"].sum()) == 56 and int(frame["untrained"].notna().sum()) == 70
    assert list(frame.index) == list(b.respondents.index)


def test_unsure_as_dont_know_leaves_the_answered_base(two_waves):
    a, b, _ = _load(two_waves)
    h = parse_harmonisation('canonical = "A"\n[items.trained]\nitem = "trained3"\n'
                            'recode = { 1 = 1, 2 = 2, 3 = "dont_know" }\nrule = "Unsure as don\'t know."\n'
                            '[items.conf]\nitem = "conf5"\n'
                            'recode = { 1 = 1, 2 = 2, 3 = 3, 4 = 4, 5 = 4 }\nrule = "Extremely as Very."\n')
    frame = harmonised_indicators(b, h, a.codebook)
    # base "all" keeps don't know (excludes only not asked): 50 of 70 untrained
    assert int(frame["untrained"].sum()) == 50 and int(frame["untrained"].notna().sum()) == 70


def test_nothing_to_report_for_a_complete_mapping(two_waves):
    assert check_wave("B", two_waves) == []
    assert check_wave("A", two_waves) == []  # no harmonise.toml: canonical


def test_unmapped_and_inconsistent_are_each_named(two_waves):
    a = load_codebook(two_waves.codebook("A"))
    b = load_codebook(two_waves.codebook("B"))
    h = parse_harmonisation('canonical = "A"\n[items.conf]\nitem = "conf5"\nrecode = { 1 = 1, 2 = 2, 3 = 7 }\n')
    lines = [str(p) for p in check_harmonisation(h, b, a)]
    assert any("canonical item 'trained'" in ln and "unmapped" in ln for ln in lines)
    assert any("recode.3" in ln and "found '7'" in ln for ln in lines)
    assert any("a target for every code of item 'conf5'" in ln and "no target for 4" in ln for ln in lines)
    h2 = parse_harmonisation('canonical = "A"\nnot_asked = ["trained"]\n[items.conf]\nitem = "conf5"\n')
    lines2 = [str(p) for p in check_harmonisation(h2, b, a)]
    assert len(lines2) == 2 and "codes of 'conf5' differ" in lines2[1]
    assert "'trained3' asks the same question" in lines2[0]  # listed as not asked, yet asked
    with pytest.raises(InputError):
        harmonised_indicators(load_wave("B", two_waves), h, a)


def test_notes_record_wording_and_scale_changes(two_waves):
    a = load_codebook(two_waves.codebook("A"))
    b = load_codebook(two_waves.codebook("B"))
    h = load_harmonisation(two_waves.wave_dir("B") / "harmonise.toml")
    notes = harmonisation_notes(h, b, a)
    assert notes[0] == ("conf: wording changed: A asked \u201cHow confident are you?\u201d; "
                        "B asked \u201cHow confident do you feel?\u201d.")
    assert notes[1] == ("conf: scale changed: A 4-point (Not at all / Not very / Fairly / Very); "
                        "B 5-point (Not at all / Slightly / Moderately / Very / Extremely).")
    assert notes[2] == "conf: Extremely counted as Very."
    assert "trained: Unsure counted as No." in notes
    assert not any(n.startswith("trained: wording") for n in notes)  # same question text
    assert harmonisation_notes(h, b, a, indicator="untrained") == [
        "trained: scale changed: A 2-point (Yes / No); B 3-point (Yes / No / Unsure).", "trained: Unsure counted as No."]


def test_not_asked_is_noted():
    cb = parse_codebook('[wave]\nname = "A"\n[files]\ndata = "a.csv"\n[id]\ncolumn = "id"\n'
                        '[items.x]\ncolumn = "x"\ntype = "yesno"\ncodes = { 1 = "Yes", 2 = "No" }\n'
                        '[indicators.x_yes]\nitem = "x"\ncodes = [1]\n')
    later = parse_codebook('[wave]\nname = "B"\n[files]\ndata = "b.csv"\n[id]\ncolumn = "id"\n'
                           '[items.y]\ncolumn = "y"\ntype = "numeric"\n')
    h = parse_harmonisation('canonical = "A"\nnot_asked = ["x"]\n')
    assert check_harmonisation(h, later, cb) == []
    assert harmonisation_notes(h, later, cb) == ["x: not asked in B."]


def test_bad_harmonisation_file():
    with pytest.raises(InputError, match="canonical"):
        parse_harmonisation("[items.x]\nitem = 'y'\n")
    with pytest.raises(InputError, match="valid TOML"):
        parse_harmonisation("canonical = \n")


# --------------------------------------------------------------------------- scale checks


def _lines(paths, text):
    a = load_codebook(paths.codebook("A"))
    b = load_codebook(paths.codebook("B"))
    return [str(p) for p in check_harmonisation(parse_harmonisation(text), b, a)]


CONF = '[items.conf]\nitem = "conf5"\nrecode = { 1 = 1, 2 = 2, 3 = 3, 4 = 4, 5 = 4 }\nrule = "Extremely as Very."\n'
TRAINED = '[items.trained]\nitem = "trained3"\nrecode = { 1 = 1, 2 = 2, 3 = 2 }\nrule = "Unsure as No."\n'


def test_a_question_asked_is_not_accepted_as_not_asked(two_waves):
    # 'trained' is listed as not asked, but B's trained3 asks the same question ("Have you been trained?")
    lines = _lines(two_waves, 'canonical = "A"\nnot_asked = ["trained"]\n' + CONF)
    assert len(lines) == 1
    assert "not_asked" in lines[0] and "'trained3'" in lines[0] and "same question" in lines[0]


def test_mapped_and_not_asked_at_once_is_refused(two_waves):
    lines = _lines(two_waves, 'canonical = "A"\nnot_asked = ["conf"]\n' + CONF + TRAINED)
    assert len(lines) == 1 and "both mapped and listed in not_asked" in lines[0] and "conf" in lines[0]


def test_a_scale_change_needs_a_rule(two_waves):
    lines = _lines(two_waves, 'canonical = "A"\n' + CONF.replace('rule = "Extremely as Very."\n', "") + TRAINED)
    assert len(lines) == 1 and "items.conf.rule" in lines[0] and "4-point" in lines[0] and "5-point" in lines[0]


def test_same_codes_with_other_labels_need_a_recode(two_waves):
    # B's three-point training item relabelled onto codes 1, 2 only: same codes, other labels
    a = load_codebook(two_waves.codebook("A"))
    text = two_waves.codebook("A").read_text().replace('codes = { 1 = "Yes", 2 = "No" }',
                                                       'codes = { 1 = "No", 2 = "Yes" }')
    swapped = parse_codebook(text.replace('name = "A"', 'name = "B"'))
    h = parse_harmonisation('canonical = "A"\n[items.conf]\nitem = "conf"\n[items.trained]\nitem = "trained"\n')
    lines = [str(p) for p in check_harmonisation(h, swapped, a)]
    assert len(lines) == 1 and "items.trained" in lines[0] and "labels differ" in lines[0]
    assert "1 = 'No'" in lines[0]


def test_a_recode_against_matching_labels_is_refused(two_waves):
    # B's "Very" (4) sent to A's "Not at all" (1) although A has "Very" as 4: a reversed or slipped recode
    bad = CONF.replace("4 = 4, 5 = 4", "4 = 1, 5 = 4")
    lines = _lines(two_waves, 'canonical = "A"\n' + bad + TRAINED)
    assert len(lines) == 1 and "items.conf.recode.4" in lines[0] and "'Very'" in lines[0]


def test_the_canonical_codebook_must_be_its_folders_wave(two_waves):
    # wave A's folder holds a codebook that calls itself Z: validate of B must not compare against it silently
    book = two_waves.codebook("A")
    book.write_text(book.read_text().replace('name = "A"', 'name = "Z"', 1))
    with pytest.raises(InputError, match='name = "A"'):
        check_wave("B", two_waves)


def test_missing_codes_sharing_a_label_keep_their_kinds_when_harmonised(two_waves):
    from tests.waves.conftest import CODEBOOK_A, write_wave

    codebook = CODEBOOK_A.replace('name = "A"', 'name = "C"').replace('"a.csv"', '"c.csv"').replace(
        'codes = { 1 = "Yes", 2 = "No" }', 'codes = { 1 = "Yes", 2 = "No" }\nmissing = { 8 = { label = "Not given", '
        'kind = "refused" }, 9 = { label = "Not given", kind = "not_asked" } }')
    write_wave(two_waves, "C", codebook, {"id": ["c1", "c2", "c3", "c4", "c5", "c6"],
                                          "conf": ["1", "2", "3", "4", "1", "2"],
                                          "trained": ["1", "2", "2", "8", "9", ""]},
               extra={"harmonise.toml": 'canonical = "A"\n[items.conf]\nitem = "conf"\n'
                                        '[items.trained]\nitem = "trained"\n'})
    a, c = load_wave("A", two_waves), load_wave("C", two_waves)
    frame = harmonised_indicators(c, load_harmonisation(two_waves.wave_dir("C") / "harmonise.toml"), a.codebook)
    # by hand: untrained (code 2) on A's default base, which leaves out only those not asked (c5, code 9);
    # the refusal (c4, code 8) and the blank (c6) stay in the base as not untrained
    assert [None if v is pd.NA else bool(v) for v in frame["untrained"]] == [False, True, True, False, None, False]
