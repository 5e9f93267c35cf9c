"""Moved to :mod:`analysis.protect.cells`; kept so existing imports keep working."""

from analysis.protect.cells import *  # noqa: F401,F403
from analysis.protect.cells import (  # noqa: F401
    CATEGORY_SEP, CROSS_SEP, DEFAULT_THRESHOLD, DESCRIPTIVE, KEY, apply_plan, apply_with_fallback, audit, plan,
    primary, strip_letters, suppress,
)
