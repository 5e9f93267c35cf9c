"""Reports for people without Python: an Excel workbook and a self-contained HTML page per wave.

- :mod:`analysis.report.findings`: plain-English sentences from estimate frames.
- :mod:`analysis.report.workbook`: the Excel workbook (deterministic bytes).
- :mod:`analysis.report.html`: the HTML report (images and downloads embedded).
- :mod:`analysis.report.stage`: the ``report`` stage that writes both.
"""
