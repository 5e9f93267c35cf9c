"""Wrapping measures each distinct text once per process, and wraps as measuring every time would."""

from __future__ import annotations

from analysis.figures import style

NOTE = ("Reconstructed data: these responses were generated to reproduce the survey's published aggregates "
        "(no microdata were released); every breakdown is invented.")


def test_the_same_note_wrapped_again_is_not_measured_again(monkeypatch):
    renderer = style.new_figure().canvas.get_renderer()
    measured = []
    real = type(renderer).get_text_width_height_descent

    def counting(self, text, prop, ismath):
        measured.append(text)
        return real(self, text, prop, ismath)

    monkeypatch.setattr(type(renderer), "get_text_width_height_descent", counting)
    monkeypatch.setattr(style, "_WIDTHS", {})
    first = style.wrap_text(renderer, NOTE, size=7.0, width_pt=200)
    assert measured and len(measured) == len(set(measured))
    count = len(measured)
    assert style.wrap_text(style.new_figure().canvas.get_renderer(), NOTE, size=7.0, width_pt=200) == first
    assert len(measured) == count  # a second figure wrapping the same note measures nothing


def test_wrapping_from_remembered_widths_is_wrapping_from_fresh_ones(monkeypatch):
    renderer = style.new_figure().canvas.get_renderer()
    monkeypatch.setattr(style, "_WIDTHS", {})
    fresh = [style.wrap_text(renderer, NOTE, size=size, width_pt=width, weight=weight)
             for size in (7.0, 8.5) for width in (120, 300) for weight in ("normal", "bold")]
    remembered = [style.wrap_text(renderer, NOTE, size=size, width_pt=width, weight=weight)
                  for size in (7.0, 8.5) for width in (120, 300) for weight in ("normal", "bold")]
    assert fresh == remembered and len(set(fresh)) > 1
