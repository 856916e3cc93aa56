"""``homecare synth``: write synthetic home-care records as transaction Bundle files."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import orjson
import typer

from gateway.synth import merge_bundles, synth_bundles


def synth(
    patients: int = typer.Option(100, min=1, help="How many patients (about 40 resources each)."),
    out: Path = typer.Option(Path("synth"), help="Folder to write the Bundles to."),
    seed: int = typer.Option(0, help="Same seed, same records."),
    per_file: int = typer.Option(1, min=1, help="Patients per Bundle file (shared parties appear once)."),
) -> None:
    """Generate realistic home-care records (referral, plan of care, visits, vitals) as transaction Bundles."""
    out.mkdir(parents=True, exist_ok=True)
    bundles = synth_bundles(patients, seed)
    written = resources = 0
    while chunk := list(islice(bundles, per_file)):
        bundle = merge_bundles(chunk) if len(chunk) > 1 else chunk[0]
        (out / f"bundle-{written:06d}.json").write_bytes(orjson.dumps(bundle, option=orjson.OPT_INDENT_2))
        written += 1
        resources += len(bundle["entry"])
    typer.echo(f"{written} Bundles, {resources} resources in {out}")
