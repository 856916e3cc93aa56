"""Derive the compact FHIR R4 (4.0.1) tables the gateway ships from the spec's definition bundles.

Usage: python tools/vendor_fhir_spec.py DEFINITIONS_DIR
DEFINITIONS_DIR holds the official R4 JSON bundles (profiles-resources.json, profiles-types.json,
valuesets.json, v3-codesystems.json, search-parameters.json), e.g. from the `hl7.fhir.r4.core`
package. The FHIR definitions are CC0; we keep only what the server needs at run time so start-up
does not parse 40 MB of JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from vendor_validation_spec import _expand as expand  # noqa: E402  (one value-set expansion for both tools)


def _entries(path: Path) -> list[dict[str, Any]]:
    return [e["resource"] for e in json.loads(path.read_text())["entry"]]


def _element_table(sds: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """type name -> {relative path -> [min, max, [types], required valueset or None, contentReference]}."""
    out: dict[str, dict[str, Any]] = {}
    for sd in sds:
        if sd.get("derivation") != "specialization" or sd["kind"] not in ("resource", "complex-type"):
            continue
        name = sd["type"]
        table: dict[str, Any] = {}
        for el in sd["snapshot"]["element"]:
            path = el["path"]
            if "." not in path:
                continue
            rel = path.split(".", 1)[1]
            types = [t["code"] for t in el.get("type", [])]
            types = ["string" if t.startswith("http://hl7.org/fhirpath/System.") else t for t in types]
            binding = el.get("binding", {})
            vs = binding.get("valueSet", "").split("|")[0] if binding.get("strength") == "required" else None
            ref = el.get("contentReference", "").lstrip("#").split(".", 1)[1] if el.get("contentReference") else None
            table[rel] = [el.get("min", 0), el.get("max", "*"), types, vs, ref]
        out[name] = table
    return out


def _required_codes(url: str, valuesets: dict[str, Any], systems: dict[str, Any]) -> set[str] | None:
    """Every code of a value set we can expand completely here; None when it draws on an external
    code system (such a binding cannot be enforced locally)."""
    expansion = expand(url, valuesets, systems, set())
    if expansion is None or expansion["external"]:
        return None
    return {code for codes in expansion["codes"].values() for code in codes}


def main(src: Path) -> None:
    sds = _entries(src / "profiles-resources.json") + _entries(src / "profiles-types.json")
    elements = _element_table(sds)
    terminology = _entries(src / "valuesets.json") + _entries(src / "v3-codesystems.json")
    systems = {r["url"]: r for r in terminology if r["resourceType"] == "CodeSystem"}
    valuesets = {r["url"]: r for r in terminology if r["resourceType"] == "ValueSet"}
    required: dict[str, list[str]] = {}
    for table in elements.values():
        for _, _, _types, vs, _ in table.values():
            if vs and vs not in required:
                codes = _required_codes(vs, valuesets, systems)
                if codes:
                    required[vs] = sorted(codes)
    for table in elements.values():
        for row in table.values():
            if row[3] and row[3] not in required:
                row[3] = None
    summary = {
        sd["type"]: sorted(
            {
                e["path"].split(".")[1].replace("[x]", "")
                for e in sd["snapshot"]["element"]
                if e["path"].count(".") == 1 and e.get("isSummary")
            }
        )
        for sd in sds
        if sd.get("derivation") == "specialization" and sd["kind"] == "resource"
    }
    spec = ROOT / "gateway" / "fhir" / "spec"
    (spec / "r4-summary.json").write_text(json.dumps(summary, separators=(",", ":"), sort_keys=True))
    (spec / "r4-elements.json").write_text(json.dumps(elements, separators=(",", ":"), sort_keys=True))
    (spec / "r4-required-codes.json").write_text(json.dumps(required, separators=(",", ":"), sort_keys=True))

    keep = (
        "url",
        "name",
        "code",
        "base",
        "type",
        "expression",
        "target",
        "modifier",
        "comparator",
        "multipleOr",
        "multipleAnd",
        "chain",
        "component",
        "description",
    )
    params = [
        {k: p[k] for k in keep if k in p}
        for p in _entries(src / "search-parameters.json")
        if p["resourceType"] == "SearchParameter" and p["url"].startswith("http://hl7.org/fhir/SearchParameter/")
    ]
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": p["url"], "resource": {"resourceType": "SearchParameter", "status": "active", **p}}
            for p in params
        ],
    }
    out = ROOT / "gateway" / "search" / "spec" / "search-parameters-r4.json"
    out.write_text(json.dumps(bundle, indent=0, separators=(",", ":")))
    print(f"{len(elements)} types, {len(required)} required value sets, {len(params)} search parameters")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
