"""Disclosure control, as one pipeline stage between ``tables`` and the outputs.

- :mod:`analysis.protect.policy`: the named policies (``sample-survey``, ``strict``) and
  their thresholds, from ``data/raw/<wave>/report.toml``.
- :mod:`analysis.protect.structure`: what an intruder knows ties the tables together
  (rows, their totals, the links between tables).
- :mod:`analysis.protect.plan`: the plan (which cells to withhold, and why) and its
  application to a table; :mod:`analysis.protect.sums` the strict policy's sums of cells.
- :mod:`analysis.protect.audit`: the linear-programming audit of what is published.
- :mod:`analysis.protect.published`: what a wave publishes, protected all at once.
- :mod:`analysis.protect.table_set`: a wave's table set, published and protected.
- :mod:`analysis.protect.stage`: the ``protect`` stage, writing the protected tables and
  the withheld-cells log; figures and report read them.
"""
