"""The README documents every setting and every CLI command (as datasette tests its docs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.cli import app as cli
from gateway.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_in_the_readme(field):
    assert f"HOMECARE_{field.upper()}" in README


def test_every_cli_command_is_in_the_readme():
    names = [c.name or c.callback.__name__ for c in cli.registered_commands]
    names += [g.name for g in cli.registered_groups]
    assert names
    for name in names:
        assert f"homecare {name}" in README, name


def test_readme_shows_the_two_commands():
    assert "make run" in README and "make test" in README
