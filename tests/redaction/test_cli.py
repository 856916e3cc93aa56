"""``homecare redact FILE|-`` prints the redacted text."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from gateway.cli import app


def test_redact_file_and_stdin(tmp_path: Path) -> None:
    source = tmp_path / "note.txt"
    source.write_text("Patient Hank Mills MRN 7730019, Lasix 40 mg\n")
    runner = CliRunner()
    from_file = runner.invoke(app, ["redact", str(source)])
    from_stdin = runner.invoke(app, ["redact", "-"], input=source.read_text())
    assert from_file.exit_code == 0, from_file.output
    assert from_file.output == "Patient <PERSON_1> MRN <MRN_1>, Lasix 40 mg\n"
    assert from_stdin.output == from_file.output
