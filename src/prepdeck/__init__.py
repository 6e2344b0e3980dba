"""prepdeck: interview-prep drills in the terminal."""

__version__ = "0.1.0"
