"""`homecare kb ...`: maintain the knowledge index from the command line."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

kb_app = typer.Typer(help="Knowledge base: ingest documents into the assistant's index.", no_args_is_help=True)


@kb_app.command()
def ingest(
    paths: list[Path] | None = typer.Argument(
        None, help="Markdown, HTML, text or PDF files or folders (default: HOMECARE_KNOWLEDGE_DIR)."
    ),
) -> None:
    """Load, split, embed and upsert documents; unchanged passages are skipped, removed ones deleted."""
    from assistant.knowledge import ingest as ingestion
    from assistant.knowledge.embeddings import load_embedder
    from assistant.knowledge.index import KnowledgeIndex
    from gateway.settings import Settings

    settings = Settings()
    console = Console()
    targets = list(paths or [settings.knowledge_dir])
    missing = [p for p in targets if not p.exists()]
    if missing:
        console.print(f"[red]not found:[/red] {', '.join(map(str, missing))}")
        raise typer.Exit(2)
    collected = ingestion.collect(targets)
    for error in collected.errors:
        console.print(f"[yellow]skipped[/yellow] {error}")
    index = KnowledgeIndex(data_dir=settings.data_dir, chroma_url=settings.chroma_url)
    new = len({p.id for p in collected.passages} - index.stored_ids())
    with console.status("loading the embedding model"):
        embedder = load_embedder()
    columns = (TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("embed", total=new)
        report = ingestion.ingest(index, collected, embedder=embedder, progress=lambda n: progress.advance(task, n))
    console.print(
        f"{len(collected.files)} files, {len(collected.passages)} passages: "
        f"{report.added} added, {report.removed} removed, {report.unchanged} unchanged"
    )
