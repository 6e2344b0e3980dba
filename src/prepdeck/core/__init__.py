"""The pure domain: content model, loading, grading, generation and sessions.

Nothing here imports Textual or Rich, so the core runs in pipes, tests and scripts.
"""
