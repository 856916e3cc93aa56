"""Search parameter definitions: the spec's R4 SearchParameters plus the project's own.

Definitions are data (vendored from the FHIR spec, CC0, and ``fhir_profiles/``). Each is compiled
once into an extractor (``extract.py``); the registry answers "which parameters does type X
support" for the query builder and the CapabilityStatement alike, so they cannot drift apart.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
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
    # Parameters whose index rows also hold this one's values (see ``_share_rows``); empty: its own.
    stored_as: tuple[str, ...] = ()
    # With ``stored_as``: only those rows whose reference target is of this type.
    only_type: str | None = None

    @property
    def indexed(self) -> bool:
        return self.type in INDEXED_TYPES and bool(self.expression) and self.code not in TABLE_PARAMS

    @property
    def row_codes(self) -> tuple[str, ...]:
        """The ``param`` values of the index rows that hold this parameter's values."""
        return self.stored_as or (self.code,)


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
        for params in self._by_type.values():
            params.update(_share_rows(params))

    def for_type(self, rtype: str) -> dict[str, SearchParam]:
        return self._by_type.get(rtype, {})

    def get(self, rtype: str, code: str) -> SearchParam | None:
        return self._by_type.get(rtype, {}).get(code)

    @classmethod
    def load(cls, resource_types: frozenset[str]) -> Registry:
        bundle = json.loads(SPEC_FILE.read_text())
        definitions = [e["resource"] for e in bundle["entry"]] + _project_definitions()
        return cls(definitions, resource_types)


_RESOLVE_IS = re.compile(r"^(?P<base>.+)\.where\(resolve\(\) is (?P<type>[A-Z][A-Za-z]+)\)$")


def _share_rows(params: dict[str, SearchParam]) -> dict[str, SearchParam]:
    """Parameters that need no index rows of their own, with the codes whose rows they read.

    R4 defines some parameters as another's expression again (Patient ``phonetic`` is ``name``,
    Coverage ``patient`` is ``beneficiary``), as the union of others (Observation ``combo-code`` is
    ``code | component-code``) or as another reference narrowed to one target type (``patient`` is
    ``subject.where(resolve() is Patient)``). Storing their rows again would be a third of all index
    rows of a vitals-heavy load; instead a search on them reads the others' rows (``param IN (...)``,
    and ``target_type`` for a narrowed one). Only exact matches of the expression's union branches
    count, within one parameter type and target list.
    """
    own: dict[tuple[str, tuple[str, ...]], list[tuple[frozenset[str], str]]] = {}
    shared: dict[str, SearchParam] = {}
    indexed = [(branches, p) for p in params.values() if p.indexed and (branches := _branches(p.expression))]
    for branches, param in sorted(indexed, key=lambda bp: (len(bp[0]), bp[1].code)):
        group = own.setdefault((param.type, param.targets), [])
        parts = [(b, code) for b, code in group if b <= branches]
        covered = frozenset().union(*(b for b, _ in parts))
        if parts and covered == branches:
            same = [code for b, code in parts if b == branches]
            codes = same[:1] or sorted(code for _, code in parts)
            shared[param.code] = replace(param, stored_as=tuple(codes))
        else:
            group.append((branches, param.code))
    references = {branches: param.code for branches, param in indexed if param.type == "reference"}
    read_by_others = {code for p in shared.values() for code in p.stored_as}
    for branches, param in indexed:
        m = _RESOLVE_IS.match(next(iter(branches))) if len(branches) == 1 else None
        if m is None or param.type != "reference" or param.code in shared or param.code in read_by_others:
            continue
        base = references.get(frozenset([m.group("base")]))
        if base is not None and (base not in shared or shared[base].only_type is None):
            codes = shared[base].stored_as if base in shared else (base,)
            shared[param.code] = replace(param, stored_as=codes, only_type=m.group("type"))
    return shared


def _branches(expression: str) -> frozenset[str]:
    """The top-level ``|`` branches of an expression, outer parentheses and spaces dropped; empty
    when the parentheses do not balance (the expression is then never shared)."""
    branches, depth, start = [], 0, 0
    for i, ch in enumerate(expression + "|"):
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return frozenset()
        if ch == "|" and depth == 0:
            branch = expression[start:i].strip()
            while branch.startswith("(") and branch.endswith(")") and _balanced(branch[1:-1]):
                branch = branch[1:-1].strip()
            branches.append(branch)
            start = i + 1
    return frozenset(branches) if depth == 0 and all(branches) else frozenset()


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0


def _specialise(expression: str, base: str, rtype: str) -> str:
    """Keep the expression parts that apply to ``rtype`` (R4 shares one parameter across bases)."""
    if base in ("Resource", "DomainResource"):
        return expression.replace(f"{base}.", f"{rtype}.")
    parts = [p.strip() for p in expression.split("|")]
    mine = [p for p in parts if p.lstrip("(").startswith(f"{rtype}.") or p.lstrip("(").startswith(f"{rtype} ")]
    return " | ".join(mine) if mine else expression
