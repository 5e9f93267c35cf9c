"""The "About this survey" text: how respondents were recruited, what the numbers can support, how to cite.

The wording is checked against what a reader needs (ONS bulletins' "strengths and limitations" and
"cite this"), not against the module's own output: each test names the fact that must be present.
"""

from __future__ import annotations

import pytest

from analysis.codebook import WaveInfo, parse_codebook
from analysis.errors import InputError
from analysis.report.about import about_sections, respondents_phrase, suggested_citation
from analysis.sampling import SAMPLING, interval_caveat
from tests.ingest.demo import CODEBOOK

SELF = WaveInfo(name="2013", title="Online abuse survey 2013", period="November 2013",
                population="Professionals in England's children's workforce", source="Two universities",
                provenance="reconstructed", published="2014-01-28", sampling="self-selected",
                recruitment="An open online survey sent through LSCBs, PCTs and LEAs; whoever chose to answer did.",
                citation="Marie Collins Foundation (2014). Summary of results",
                contact="Marie Collins Foundation, www.mariecollinsfoundation.org.uk")


def _text(sections):
    return " ".join(" ".join(ps) for _, ps in sections)


def test_headings_cover_what_a_reader_needs_in_order():
    headings = [h for h, _ in about_sections(SELF, respondents=692)]
    assert headings[0] == "About this survey"
    for needed in ("How respondents were recruited", "Who could answer", "Strengths and limitations",
                   "What the numbers can and cannot support", "How to cite these figures", "Contact"):
        assert needed in headings
    assert headings.index("Strengths and limitations") < headings.index("How to cite these figures")


def test_self_selected_sample_is_described_as_one():
    text = _text(about_sections(SELF, respondents=692))
    assert "692 people answered" in text
    assert "self-selected" in text and "non-probability" in text
    assert "LSCBs, PCTs and LEAs" in text  # the recruitment sentence, as the codebook gives it
    assert "no response rate can be calculated" in text
    assert "sampling error only" in text and "AAPOR" in text
    assert "Cannot: say what share of the whole population" in text


def test_reconstructed_wave_says_groups_cannot_be_compared():
    text = _text(about_sections(SELF, respondents=692))
    assert "No test of a difference between groups is shown" in text
    real = WaveInfo(name="r", sampling="probability", population="Teachers in Wales")
    assert "No test of a difference" not in _text(about_sections(real))


def test_interval_caveat_only_for_non_probability_samples():
    assert "sampling error only" in interval_caveat(SELF)
    assert "AAPOR" in interval_caveat(SELF)
    assert interval_caveat(WaveInfo(name="q", sampling="quota"))
    for s in ("probability", "census", ""):
        assert interval_caveat(WaveInfo(name="p", sampling=s)) == ""


def test_findings_speak_of_respondents_not_the_population():
    assert respondents_phrase(SELF, 692) == "of the 692 respondents"
    assert respondents_phrase(WaveInfo(name="p", sampling="probability", population="Teachers in Wales")) \
        == "of teachers in Wales"


def test_citation_as_written_or_built_from_the_codebook():
    assert suggested_citation(SELF) == "Marie Collins Foundation (2014). Summary of results."
    built = WaveInfo(name="x", title="Staff survey", source="Example Trust", published="2020-05-01")
    assert suggested_citation(built) == "Example Trust (2020). Staff survey. Published 1 May 2020."
    assert dict(about_sections(SELF))["How to cite these figures"] == [suggested_citation(SELF)]


def test_contact_without_an_address_says_so():
    no_address = WaveInfo(name="x", contact="The survey team")
    assert any("No address" in p for p in dict(about_sections(no_address))["Contact"])
    assert not any("No address" in p for p in dict(about_sections(SELF))["Contact"])


def test_codebook_reads_sampling_recruitment_and_citation():
    text = CODEBOOK.replace('[wave]\n', '[wave]\nsampling = "self-selected"\nrecruitment = "Open link."\n'
                            'citation = "Demo (2024)."\n', 1)
    w = parse_codebook(text, source="cb.toml").wave
    assert (w.sampling, w.recruitment, w.citation) == ("self-selected", "Open link.", "Demo (2024).")
    assert set(SAMPLING) == {"self-selected", "probability", "quota", "census"}


def test_codebook_refuses_an_unknown_sampling():
    with pytest.raises(InputError) as info:
        parse_codebook(CODEBOOK.replace('[wave]\n', '[wave]\nsampling = "random"\n', 1), source="cb.toml")
    (line,) = info.value.lines()
    assert "wave.sampling" in line and "self-selected" in line and "found 'random'" in line
