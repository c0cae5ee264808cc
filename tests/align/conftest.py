"""Align fixtures: corpus-wide weights once per session."""

from __future__ import annotations

import pytest

from fyp_tui.align import weights_for


@pytest.fixture(scope="session")
def weights(corpus):
    return weights_for(corpus.plans.values())
