"""Whether a number is close enough to an expected one under an item's tolerance."""

from __future__ import annotations

import math

from ..model import Tolerance

# With no tolerance set, answers must match exactly; this only absorbs float rounding noise.
EXACT_REL = 1e-9


def within(value: float, expected: float, tolerance: Tolerance) -> bool:
    """True when ``value`` meets any tolerance that is set (exact match when none is)."""
    if not (math.isfinite(value) and math.isfinite(expected)):
        return False
    error = abs(value - expected)
    if error <= EXACT_REL * max(1.0, abs(expected)):
        return True
    if tolerance.abs is not None and error <= tolerance.abs:
        return True
    if tolerance.rel is not None and error <= tolerance.rel * abs(expected):
        return True
    if tolerance.sig_figs is not None:
        if expected == 0:
            return value == 0
        # Half a unit in the last significant figure of the expected value.
        exponent = math.floor(math.log10(abs(expected))) - tolerance.sig_figs + 1
        return error <= 0.5 * 10.0 ** exponent * (1 + 1e-9)
    return False
