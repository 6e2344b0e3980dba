"""The TUI's screens: home, study (every mode), stats, help and content errors."""
