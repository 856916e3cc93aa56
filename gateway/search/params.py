"""Search parameter definitions: the spec's R4 SearchParameters plus the project's own.

Definitions are data (vendored from the FHIR spec, CC0, and ``fhir_profiles/``). Each is compiled
once into an extractor (``extract.py``); the registry answers "which parameters does type X
support" for the query builder and the CapabilityStatement alike, so they cannot drift apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SPEC_FILE = Path(__file__).parent / "spec" / "search-parameters-r4.json"
PROFILES_DIR = Path(__file__).resolve().parents[2] / "fhir_profiles"

INDEXED_TYPES = ("string", "token", "date", "reference", "number", "quantity", "uri")
# Parameters answered from the resources table itself rather than index rows.
TABLE_PARAMS = {"_id", "_lastUpdated"}
RESULT_PARAMS = {
    "_sort",
    "_count",
    "_include",
    "_revinclude",
    "_summary",
    "_elements",
    "_total",
    "_contained",
    "_containedType",
    "_format",
    "_pretty",
    "_cursor",
}


@dataclass(frozen=True)
class SearchParam:
    code: str
    type: str
    base: tuple[str, ...]
    expression: str
    url: str
    targets: tuple[str, ...] = ()
    description: str = ""
    modifiers: tuple[str, ...] = field(default=())

    @property
    def indexed(self) -> bool:
        return self.type in INDEXED_TYPES and bool(self.expression) and self.code not in TABLE_PARAMS


def _from_resource(res: dict[str, Any]) -> SearchParam:
    return SearchParam(
        code=res["code"],
        type=res["type"],
        base=tuple(res.get("base", [])),
        expression=res.get("expression", "") or "",
        url=res["url"],
        targets=tuple(res.get("target", [])),
        description=(res.get("description") or "").split("\n", 1)[0][:200],
    )


def _project_definitions() -> list[dict[str, Any]]:
    out = []
    for path in sorted(PROFILES_DIR.rglob("*.json")) if PROFILES_DIR.exists() else []:
        if "examples" in path.parts:
            continue
        try:
            res = json.loads(path.read_text())
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(res, dict) and res.get("resourceType") == "SearchParameter":
            out.append(res)
    return out


class Registry:
    def __init__(self, definitions: list[dict[str, Any]], resource_types: frozenset[str]) -> None:
        self._by_type: dict[str, dict[str, SearchParam]] = {t: {} for t in resource_types}
        for res in definitions:
            param = _from_resource(res)
            for base in param.base:
                targets = resource_types if base in ("Resource", "DomainResource") else {base}
                for rtype in targets:
                    if rtype in self._by_type:
                        expr = _specialise(param.expression, base, rtype)
                        self._by_type[rtype][param.code] = SearchParam(
                            param.code, param.type, (rtype,), expr, param.url, param.targets, param.description
                        )

    def for_type(self, rtype: str) -> dict[str, SearchParam]:
        return self._by_type.get(rtype, {})

    def get(self, rtype: str, code: str) -> SearchParam | None:
        return self._by_type.get(rtype, {}).get(code)

    @classmethod
    def load(cls, resource_types: frozenset[str]) -> Registry:
        bundle = json.loads(SPEC_FILE.read_text())
        definitions = [e["resource"] for e in bundle["entry"]] + _project_definitions()
        return cls(definitions, resource_types)


def _specialise(expression: str, base: str, rtype: str) -> str:
    """Keep the expression parts that apply to ``rtype`` (R4 shares one parameter across bases)."""
    if base in ("Resource", "DomainResource"):
        return expression.replace(f"{base}.", f"{rtype}.")
    parts = [p.strip() for p in expression.split("|")]
    mine = [p for p in parts if p.lstrip("(").startswith(f"{rtype}.") or p.lstrip("(").startswith(f"{rtype} ")]
    return " | ".join(mine) if mine else expression
