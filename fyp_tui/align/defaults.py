"""Defaults the CLI needs for its parser, kept apart from the engine so that
`fyp --help` and plain `fyp` do not import numpy and the weights."""

# Default floor on a pair's score, for both relations; chosen on the six tuning
# gold pairs (best mean F1 of equivalent pairs; see notes/align.md).
MIN_SCORE = 0.22
