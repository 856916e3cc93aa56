"""The ``homecare load`` command: progress bar, resources/s, failures with their OperationOutcome."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from gateway.load.journal import Journal
from gateway.load.sender import Sender, summarize
from gateway.load.sources import discover, units
from gateway.settings import Settings


def load(
    paths: list[Path] = typer.Argument(..., exists=True, help="Bundle .json files, .ndjson files or folders."),
    url: str | None = typer.Option(None, help="FHIR base to POST to (default BASE_URL/fhir)."),
    chunk: int = typer.Option(500, min=1, help="Resources per Bundle when sending NDJSON."),
    mode: str = typer.Option("batch", help="Bundle type for NDJSON chunks: batch or transaction."),
    journal: Path = typer.Option(Path(".homecare-load.journal"), help="Finished units; rerun to resume."),
    token: str | None = typer.Option(None, envvar="HOMECARE_TOKEN", help="Bearer token when auth is on."),
    timeout: float = typer.Option(300.0, help="Seconds to wait for one Bundle."),
) -> None:
    """POST Bundles (and NDJSON resources, wrapped into Bundles) to the gateway; resumable."""
    target = url or Settings().fhir_base
    files = discover(paths)
    done = Journal(journal)
    console = Console()
    headers = {"authorization": f"Bearer {token}"} if token else {}
    failures: list[tuple[str, str, str]] = []
    sent = 0
    started = time.perf_counter()
    with httpx.Client(timeout=timeout, headers=headers) as client, _progress(console) as progress:
        sender = Sender(client, target)
        task = progress.add_task("loading", total=len(files), rate="")
        for path in files:
            for unit in units(path, chunk=chunk, kind=mode):
                if unit.key in done:
                    continue
                outcome = sender.send(unit.body, unit.entries)
                sent += outcome.ok
                failures += [(unit.key, where, summarize(oo)) for where, oo in outcome.failures]
                if outcome.status < 500:
                    done.record(unit.key, status=outcome.status, resources=outcome.ok)
                rate = sent / max(time.perf_counter() - started, 1e-9)
                progress.update(task, rate=f"{sent} resources, {rate:,.0f}/s")
            progress.advance(task)
    done.close()
    _report(console, sent, time.perf_counter() - started, failures)
    if failures:
        raise typer.Exit(1)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=console,
    )


def _report(console: Console, sent: int, seconds: float, failures: list[tuple[str, str, str]]) -> None:
    console.print(f"{sent} resources in {seconds:.1f} s ({sent / max(seconds, 1e-9):,.0f} resources/s)")
    if not failures:
        return
    table = Table("unit", "where", "OperationOutcome", title=f"{len(failures)} failures")
    for row in failures[:50]:
        table.add_row(*row)
    console.print(table)
