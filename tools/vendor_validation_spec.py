"""Vendor what the profile validator and the snapshot generator need from FHIR R4 and US Core 6.1.0.

Usage: python tools/vendor_validation_spec.py R4_DEFINITIONS_DIR US_CORE_PACKAGE_DIR
R4_DEFINITIONS_DIR holds the official R4 4.0.1 bundles (profiles-resources.json, profiles-types.json,
valuesets.json, v3-codesystems.json); US_CORE_PACKAGE_DIR is the unpacked `hl7.fhir.us.core` 6.1.0
package (its `package/` folder, e.g. from inferno-framework/us-core-test-kit `us_core_610.tgz`).
Both are CC0. We keep trimmed snapshots and locally expanded value sets so start-up stays fast and
the validator works offline; the US Core profiles the project builds on are copied whole because
the snapshot generator starts from their snapshots.

Writes gateway/validation/spec/: r4-definitions.json (trimmed snapshots of every R4 resource and
complex type), valuesets.json (expansions of every required/extensible binding we can expand
locally), profile-types.json (profile URL -> resource type, for reference target checks) and
us-core/ (the whole US Core StructureDefinitions the project's profiles derive from).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "gateway" / "validation" / "spec"
US_CORE_BASES = ("servicerequest", "careplan", "goal", "medicationrequest", "encounter", "patient", "coverage")
# Element keys the validator or the generated snapshots use (a snapshot needs `definition`: sdf-3);
# the rest of the prose (comment, requirements, mapping) is dropped.
KEEP = (
    "id",
    "path",
    "sliceName",
    "short",
    "definition",
    "min",
    "max",
    "base",
    "contentReference",
    "type",
    "slicing",
    "constraint",
    "mustSupport",
    "isModifier",
    "isSummary",
    "binding",
)
CONSTRAINT_KEEP = ("key", "severity", "human", "expression", "source")


def _entries(path: Path) -> list[dict[str, Any]]:
    return [e["resource"] for e in json.loads(path.read_text())["entry"]]


def _trim_element(el: dict[str, Any]) -> dict[str, Any]:
    out = {k: el[k] for k in KEEP if k in el}
    out.update({k: v for k, v in el.items() if k.startswith(("fixed", "pattern"))})
    if "constraint" in out:
        out["constraint"] = [{k: c[k] for k in CONSTRAINT_KEEP if k in c} for c in out["constraint"]]
    if "binding" in out:
        out["binding"] = {k: out["binding"][k] for k in ("strength", "valueSet") if k in out["binding"]}
    return out


def _trim_sd(sd: dict[str, Any]) -> dict[str, Any]:
    keep = ("resourceType", "id", "url", "version", "name", "kind", "abstract", "type", "baseDefinition", "derivation")
    out = {k: sd[k] for k in keep if k in sd}
    out["snapshot"] = {"element": [_trim_element(e) for e in sd["snapshot"]["element"]]}
    return out


def _concepts(concepts: list[dict[str, Any]]) -> list[str]:
    codes: list[str] = []
    for c in concepts:
        codes.append(c["code"])
        codes.extend(_concepts(c.get("concept", [])))
    return codes


def _descendants(concepts: list[dict[str, Any]], root: str, inside: bool = False) -> list[str]:
    """Codes under ``root`` in a hierarchical code system (for `is-a` / `descendent-of` filters)."""
    out: list[str] = []
    for c in concepts:
        hit = inside or c["code"] == root
        if hit:
            out.append(c["code"])
        out.extend(_descendants(c.get("concept", []), root, hit))
    return out


def _expand(url: str, valuesets: dict[str, Any], systems: dict[str, Any], seen: set[str]) -> dict[str, Any] | None:
    """{"codes": {system: [code]}, "external": [system]}; None when the value set is not held at all."""
    if url in seen:
        return {"codes": {}, "external": []}
    seen.add(url)
    vs = valuesets.get(url)
    if vs is None:
        return None
    codes: dict[str, set[str]] = {}
    external: set[str] = set()
    for inc in vs.get("compose", {}).get("include", []):
        system = inc.get("system")
        if system and "concept" in inc:
            codes.setdefault(system, set()).update(c["code"] for c in inc["concept"])
        elif system and systems.get(system, {}).get("content", "complete") == "complete" and system in systems:
            held = systems[system].get("concept", [])
            filters = inc.get("filter", [])
            if not filters:
                codes.setdefault(system, set()).update(_concepts(held))
            elif all(f.get("op") in ("is-a", "descendent-of") and f.get("property") == "concept" for f in filters):
                for f in filters:
                    got = _descendants(held, f["value"])
                    if f["op"] == "descendent-of":
                        got = [c for c in got if c != f["value"]]
                    codes.setdefault(system, set()).update(got)
            else:
                external.add(system)
        elif system:
            external.add(system)
        for sub in inc.get("valueSet", []):
            got = _expand(sub.split("|")[0], valuesets, systems, seen)
            if got is None:
                external.add(sub)
                continue
            for s, cs in got["codes"].items():
                codes.setdefault(s, set()).update(cs)
            external.update(got["external"])
    for exc in vs.get("compose", {}).get("exclude", []):
        if exc.get("system") in codes:
            codes[exc["system"]] -= {c["code"] for c in exc.get("concept", [])}
    return {"codes": {s: sorted(cs) for s, cs in sorted(codes.items())}, "external": sorted(external)}


def _bound_valuesets(sds: list[dict[str, Any]]) -> set[str]:
    urls = set()
    for sd in sds:
        for el in sd["snapshot"]["element"]:
            b = el.get("binding", {})
            if b.get("strength") in ("required", "extensible") and b.get("valueSet"):
                urls.add(b["valueSet"].split("|")[0])
    return urls


def main(r4_dir: Path, us_core_dir: Path) -> None:
    r4_sds = [
        sd
        for sd in _entries(r4_dir / "profiles-resources.json") + _entries(r4_dir / "profiles-types.json")
        if sd["resourceType"] == "StructureDefinition"
        and sd.get("kind") in ("resource", "complex-type")
        and sd.get("derivation", "specialization") == "specialization"
    ]
    us_core = {p.name: json.loads(p.read_text()) for p in sorted(us_core_dir.glob("StructureDefinition-*.json"))}
    terminology = _entries(r4_dir / "valuesets.json") + _entries(r4_dir / "v3-codesystems.json")
    terminology += [json.loads(p.read_text()) for p in us_core_dir.glob("ValueSet-*.json")]
    terminology += [json.loads(p.read_text()) for p in us_core_dir.glob("CodeSystem-*.json")]
    systems = {r["url"]: r for r in terminology if r["resourceType"] == "CodeSystem"}
    valuesets = {r["url"]: r for r in terminology if r["resourceType"] == "ValueSet"}

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "us-core").mkdir(exist_ok=True)
    bases = [us_core[f"StructureDefinition-us-core-{n}.json"] for n in US_CORE_BASES]
    for sd in bases:
        (OUT / "us-core" / f"{sd['id']}.json").write_text(json.dumps(sd, indent=1, ensure_ascii=False) + "\n")

    definitions = {sd["type"]: _trim_sd(sd) for sd in r4_sds}
    (OUT / "r4-definitions.json").write_text(json.dumps(definitions, separators=(",", ":"), sort_keys=True))

    expansions = {}
    for url in sorted(_bound_valuesets(r4_sds + bases)):
        got = _expand(url, valuesets, systems, set())
        if got is not None:
            expansions[url] = got
    (OUT / "valuesets.json").write_text(json.dumps(expansions, separators=(",", ":"), sort_keys=True))

    types = {sd["url"]: sd["type"] for sd in us_core.values() if "type" in sd}
    types.update({f"http://hl7.org/fhir/StructureDefinition/{sd['type']}": sd["type"] for sd in r4_sds})
    (OUT / "profile-types.json").write_text(json.dumps(types, indent=0, sort_keys=True))
    print(f"{len(definitions)} R4 definitions, {len(expansions)} value sets, {len(types)} profile URLs")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
