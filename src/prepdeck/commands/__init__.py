"""One module per subcommand. Each has ``register(subparsers)`` and a ``run(args) -> int``.

Modules import their heavy dependencies inside ``run`` so that ``prepdeck --help``
and the TUI start stay fast.
"""

# Order is the order shown in ``prepdeck --help``.
COMMAND_MODULES = ("check", "list", "grade", "generate", "quiz", "stats", "suspend", "export", "new", "schema", "tui")
