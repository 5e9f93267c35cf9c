# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Comparing a wave with the waves before it
#
# The trend table (each indicator in each wave, with its base and 95% interval), the change between
# consecutive waves (Newcombe's interval and a two-proportion test), and figure 6 of the figure set.
# Set the `wave` parameter to a wave whose codebook names a `previous` wave (papermill:
# `-p wave 2018`); a wave without one says so and stops there. Every number comes from the package,
# as the trends stage protected it under the wave's disclosure policy (withheld cells are blank and say why).

# %% tags=["parameters"]
wave = "2013"

# %%
wave = str(wave)  # `papermill ... -p wave 2018` passes the number 2018

from IPython.display import Markdown, display

from analysis.figures.notebook_image import AltImage

from analysis.codebook import load_codebook
from analysis.config import paths
from analysis.figures.save import render_png
from analysis.figures.context import Context
from analysis.figures.figure_set import across_waves
from analysis.waves.stage import read_protected_trend, wave_chain

project = paths()
codebook = load_codebook(project.codebook(wave))
chain = wave_chain(wave, project)
display(Markdown(f"Waves compared: {', '.join(chain)}"
                 + (f"\n\n*{codebook.wave.provenance}:* {codebook.wave.provenance_note}"
                    if codebook.wave.is_reconstructed else "")))

# %%
protected = read_protected_trend(wave, project)
trend, differences = protected.get("trend"), protected.get("differences")
if trend is None:
    display(Markdown(f"Wave {wave} names no previous wave (`[wave] previous` in its codebook): no trend."))
else:
    display(trend[["indicator", "wave", "base", "n", "proportion", "ci_lower", "ci_upper", "flag", "notes"]])

# %% [markdown]
# ## Change between consecutive waves

# %%
if differences is not None:
    display(differences[["indicator", "wave_from", "wave_to", "p_from", "p_to", "difference",
                         "ci_lower", "ci_upper", "p_value", "marker"]])

# %% [markdown]
# ## Figure 6: each indicator by wave

# %%
result = across_waves(trend, differences, Context(codebook))
if hasattr(result, "figure"):
    display(Markdown(f"**{result.caption.title}**\n\nAlt text: {result.caption.alt_text}"))
    display(AltImage(render_png(result.figure), result.caption.alt_text))
else:
    display(Markdown(f"*{result.name}: not drawn — {result.reason}*"))
