"""The Textual TUI: a thin layer that turns key presses into session calls and renders results.

Every decision (what comes next, how an answer scores, what is due) is made by
the session, the grader and the store; the screens here only display them.
"""
