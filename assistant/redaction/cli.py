"""``homecare redact FILE|-``: print a file (or stdin) with PHI replaced by placeholders."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def redact(path: str = typer.Argument(..., help="File to redact, or - for stdin.")) -> None:
    """Redact PHI from FILE (or - for stdin) and print the result."""
    from assistant.redaction.service import Redactor
    from gateway.settings import Settings

    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    redactor = Redactor.from_settings(Settings())
    typer.echo(redactor.redact_text(text), nl=not text.endswith("\n"))
