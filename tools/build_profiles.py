"""Regenerate the snapshots of every StructureDefinition in fhir_profiles/ from its differential.

Usage: python tools/build_profiles.py [--check]
Bases are resolved through gateway.validation.definitions (project profiles first, so a profile may
build on another project profile; then the vendored US Core 6.1.0 and R4 core definitions).
``--check`` exits non-zero when a committed snapshot differs from the generated one (for CI).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gateway.validation.definitions import PROFILES_DIR, structure_definition, type_definition  # noqa: E402
from gateway.validation.snapshot import generate_snapshot  # noqa: E402


def main(check: bool) -> int:
    stale = []
    for path in sorted(PROFILES_DIR.glob("StructureDefinition-*.json")):
        profile = json.loads(path.read_text())
        base = structure_definition(profile["baseDefinition"])
        if base is None:
            raise SystemExit(f"{path.name}: base {profile['baseDefinition']} is not known")
        text = json.dumps(generate_snapshot(profile, base, type_definition), indent=2, ensure_ascii=False) + "\n"
        if path.read_text() != text:
            stale.append(path.name)
            if not check:
                path.write_text(text)
    print(("stale: " if check else "regenerated: ") + (", ".join(stale) or "none"))
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main("--check" in sys.argv))
