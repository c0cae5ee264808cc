"""Hypothesis profiles for the fuzz suite.

``ci`` (the default): derandomized, so every run tries the same cases and a
failure reproduces; a modest number of examples keeps the suite fast.
``long``: random and many more examples, for a hunt (``HYPOTHESIS_PROFILE=long``).
Each test's own ``max_examples`` is multiplied by the profile's ``scale``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
SCALE = {"ci": 1, "long": 20}.get(PROFILE, 1) * float(os.environ.get("FYP_FUZZ_SCALE", "1"))


def examples(n: int) -> int:
    return max(1, int(n * SCALE))
