"""Moved to :mod:`analysis.protect.table_set`; kept so existing imports keep working."""

from analysis.protect.table_set import (  # noqa: F401
    REASONS, REPORT_CONFIG, Protected, protect_frames, protect_loaded, protected_table_set, threshold_for,
    withheld_reason,
)
