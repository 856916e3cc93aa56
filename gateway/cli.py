"""The `homecare` command line: serve the app and run the operational tasks."""

from __future__ import annotations

import copy

import typer

from gateway.settings import Settings

app = typer.Typer(help="homecare: FHIR gateway and intake assistant for home-care providers.", no_args_is_help=True)


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Bind address (default HOMECARE_HOST)."),
    port: int | None = typer.Option(None, help="Port (default HOMECARE_PORT)."),
    workers: int = typer.Option(1, help="Worker processes; use PostgreSQL and a Chroma server above 1."),
) -> None:
    """Serve the FHIR gateway, the domain API, the assistant and the pages."""
    import uvicorn

    settings = Settings()
    # uvicorn's own loggers print tracebacks too (a 500, a dropped connection): the same formatter
    # keeps their code locations and drops the values, which can quote request data.
    log_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    for formatter in log_config["formatters"].values():
        formatter["()"] = "gateway.logging.LocationsOnlyFormatter"
        formatter.pop("use_colors", None)
        formatter["fmt"] = "%(levelname)s %(name)s: %(message)s"
    uvicorn.run(
        "gateway.app:app",
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_level=settings.log_level.lower(),
        access_log=False,  # its lines carry query strings (PHI); gateway.observability logs routes instead
        log_config=log_config,
    )


# Sub-commands owned by other packages are registered below, one line each.
from assistant.redaction.cli import redact  # noqa: E402

app.command("redact")(redact)
from assistant.knowledge.cli import kb_app  # noqa: E402

app.add_typer(kb_app, name="kb")
from gateway.load.cli import load  # noqa: E402

app.command("load")(load)
from gateway.synth.cli import synth  # noqa: E402

app.command("synth")(synth)


if __name__ == "__main__":
    app()
