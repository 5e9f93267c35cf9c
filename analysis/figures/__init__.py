"""Publication figures drawn from estimate frames, in the UK Analysis Function style.

The package never computes a percentage: every chart function takes estimate
frames (the columns of :func:`analysis.stats.proportion_table`) and a
:class:`analysis.figures.captions.Caption`, and draws what they hold.

Modules
-------
``style``
    The one shared style: palette, fonts, sizes, axes.
``frame``, ``save``
    The words around a chart (title, legend, notes); deterministic saving (PNG at
    300 dpi and the chart-only SVG).
``captions``
    Caption records, note lines (base, source, interval, reconstruction) and
    alt text.
``bars``, ``diverging``, ``dots``, ``trend``
    One module per chart type.
``context``, ``figure_set``, ``ranges``
    What every figure of a wave needs (records, labels, withheld rows); which frames
    make which figure, with titles that state the finding; the ranges chart.
``stage``
    The ``figures`` command-line stage: ``run(wave, paths)``.

Importing this package imports nothing heavy; matplotlib is loaded by the
modules above, which only the figures stage imports. :data:`RANGES_FIGURE` names
the ranges chart for the report, which places it beside the reproduction table
without loading a drawing library.
"""

#: The ranges chart's file stem (drawn by :mod:`analysis.figures.ranges`).
RANGES_FIGURE = "fig7_published_ranges"
