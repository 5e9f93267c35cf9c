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
# # Reproducing the 2013 survey
#
# A walk through one wave with the toolkit: load it, read the headline table, draw each figure of the
# set, and compare every published figure with the recomputed one. Everything here calls the package
# (`analysis`); the notebook holds no logic of its own. Run it for another wave by changing the
# `wave` parameter (papermill: `-p wave 2018`).
#
# **The 2013 data are reconstructed** from the published aggregates (no microdata were released):
# the overall figures are forced to match what was published; every subgroup breakdown is
# illustrative, not a finding.

# %% tags=["parameters"]
wave = "2013"

# %%
wave = str(wave)  # `papermill ... -p wave 2018` passes the number 2018

from IPython.display import Markdown, display

from analysis.figures.notebook_image import AltImage

from analysis.config import paths
from analysis.figures.save import render_png
from analysis.figures.stage import draw_wave
from analysis.ingest.pipeline import load_wave

project = paths()
loaded = load_wave(wave, project)
info = loaded.codebook.wave
display(Markdown(f"**{info.title}** — {info.period}; {len(loaded.respondents)} respondents; "
                 f"provenance: *{info.provenance}*. {info.provenance_note}"))

# %% [markdown]
# ## Headline table
#
# The rows figure 1 draws: each headline indicator on its own base, with its Wilson 95% interval.

# %%
results, codebook = draw_wave(wave, project)
drawn = {r.name: r for r in results if hasattr(r, "figure")}
headline = drawn["fig1_headline"].data
headline[["indicator", "base", "count", "n", "proportion", "ci_lower", "ci_upper", "flag"]]

# %% [markdown]
# ## The figures
#
# Each figure as `make reproduce` writes it to `figures/<wave>/`, with its alt text. Figures the wave
# cannot have (no previous wave, no unmet-need indicator) are listed with the reason.

# %%
for result in results:
    if not hasattr(result, "figure"):
        display(Markdown(f"*{result.name}: not drawn — {result.reason}*"))
        continue
    display(Markdown(f"### {result.name}\n\n**{result.caption.title}**\n\nAlt text: {result.caption.alt_text}"))
    display(AltImage(render_png(result.figure), result.caption.alt_text))

# %% [markdown]
# ## Published figures against the recomputed ones
#
# One row per published claim (every variant found in the press), recomputed on the claim's base and
# compared at the published precision.

# %%
from analysis.reproduction.compare import reproduction_table

if (project.wave_dir(wave) / "published_figures.toml").is_file():
    table = reproduction_table(wave, project)
    display(table)
else:
    display(Markdown(f"Wave {wave} has no published-figures registry: nothing to reproduce."))
