"""Disclosure control, as one pipeline stage between ``tables`` and the outputs.

- :mod:`analysis.protect.policy`: the named policies (``sample-survey``, ``strict``) and
  their thresholds, from ``data/raw/<wave>/report.toml``.
- :mod:`analysis.protect.cells`: the plan (which cells to withhold, and why), its
  application to a table and the linear-programming audit.
- :mod:`analysis.protect.published`: what a wave publishes, protected all at once.
- :mod:`analysis.protect.table_set`: a wave's table set, published and protected.
- :mod:`analysis.protect.stage`: the ``protect`` stage, writing the protected tables and
  the withheld-cells log; figures and report read them.
"""
