"""Widgets and renderers for the TUI's screens: feedback, score bars, evidence, plots."""
