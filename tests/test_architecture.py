"""Structural rules: the core stays UI-free and importing prepdeck has no side effects."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import prepdeck

SRC = Path(prepdeck.__file__).resolve().parent


def _run_python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def _core_modules() -> list[str]:
    names = []
    for package in ("core", "store"):
        for path in sorted((SRC / package).rglob("*.py")):
            relative = path.relative_to(SRC.parent).with_suffix("")
            parts = list(relative.parts)
            if parts[-1] == "__init__":
                parts.pop()
            names.append(".".join(parts))
    return names


def test_importing_every_core_and_store_module_never_imports_textual_or_rich():
    modules = _core_modules()
    assert "prepdeck.core.model" in modules and "prepdeck.core.loader" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = _run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_core_source_has_no_textual_or_rich_import_statements():
    offenders = []
    for package in ("core", "store"):
        for path in (SRC / package).rglob("*.py"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                stripped = line.strip()
                if stripped.startswith(("import textual", "from textual", "import rich", "from rich")):
                    offenders.append(f"{path}:{number}")
    assert offenders == []


def test_importing_prepdeck_and_its_cli_creates_no_files(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "PREPDECK_HOME": str(home), "HOME": str(tmp_path / "user"), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    code = "import prepdeck, prepdeck.cli, prepdeck.paths, prepdeck.core.loader; prepdeck.cli.build_parser()"
    result = _run_python(code, env=env)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_help_does_not_import_numpy():
    result = _run_python("import sys, prepdeck.cli as c; c.build_parser(); print('numpy' in sys.modules)")
    assert result.stdout.strip() == "False", result.stderr


def test_import_contracts_hold():
    """import-linter's contracts in pyproject.toml: the core is UI-free and store-free."""
    root = Path(__file__).resolve().parent.parent
    script = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(script), "--no-cache", "--config", str(root / "pyproject.toml")],
                            capture_output=True, text=True, cwd=root, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_the_contracts_cover_the_promised_layering():
    import tomllib

    root = Path(__file__).resolve().parent.parent
    contracts = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    forbidden = {(source, target) for contract in contracts if contract["type"] == "forbidden"
                 for source in contract["source_modules"] for target in contract["forbidden_modules"]}
    for source in ("prepdeck.core", "prepdeck.store"):
        for target in ("prepdeck.tui", "prepdeck.commands", "prepdeck.export", "textual", "rich"):
            assert (source, target) in forbidden
    assert ("prepdeck.core", "prepdeck.store") in forbidden
