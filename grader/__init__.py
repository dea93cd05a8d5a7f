"""grader: auto-graded assignments for math- and ML-heavy Python courses."""

__version__ = "0.1.0"
