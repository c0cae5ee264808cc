"""fyp-tui: a terminal explorer for China's five-year plans."""

__version__ = "0.1.0"
