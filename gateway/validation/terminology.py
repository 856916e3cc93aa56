"""Local value-set expansion and binding checks: no terminology server, everything offline.

A value set is expanded once into ``{system: codes}`` plus the systems it draws from that we cannot
enumerate (SNOMED CT, LOINC, RxNorm filters...). A code from an enumerable system that is not in
the expansion breaks a required binding (error) or an extensible one (warning); a code from a
system we cannot enumerate is reported as a warning, never an error, because we cannot tell.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from gateway.errors import Issue
from gateway.validation.definitions import project_by_type, vendored_expansions


@dataclass(frozen=True)
class Expansion:
    url: str
    codes: dict[str, frozenset[str]]
    external: frozenset[str]

    @property
    def all_codes(self) -> frozenset[str]:
        return frozenset().union(*self.codes.values()) if self.codes else frozenset()

    def status(self, system: str | None, code: str | None) -> str:
        """'in', 'out' or 'unknown' (a system the expansion cannot enumerate)."""
        if code is None:
            return "out"
        if system is None:
            return "in" if code in self.all_codes else ("unknown" if self.external else "out")
        if code in self.codes.get(system, ()):
            return "in"
        if system in self.external or (system not in self.codes and self.external):
            return "unknown"
        return "out"


def _concepts(concepts: list[dict[str, Any]]) -> set[str]:
    out: set[str] = set()
    for c in concepts:
        out.add(c["code"])
        out |= _concepts(c.get("concept", []))
    return out


def _expand_project(vs: dict[str, Any]) -> Expansion:
    systems = project_by_type("CodeSystem")
    codes: dict[str, set[str]] = {}
    external: set[str] = set()
    for inc in vs.get("compose", {}).get("include", []):
        system = inc.get("system")
        if system and "concept" in inc:
            codes.setdefault(system, set()).update(c["code"] for c in inc["concept"])
        elif system in systems and not inc.get("filter"):
            codes.setdefault(system, set()).update(_concepts(systems[system].get("concept", [])))
        elif system:
            external.add(system)
        for sub in inc.get("valueSet", []):
            got = expansion(sub)
            if got is None:
                external.add(sub)
                continue
            for s, cs in got.codes.items():
                codes.setdefault(s, set()).update(cs)
            external |= got.external
    return Expansion(vs["url"], {s: frozenset(c) for s, c in codes.items()}, frozenset(external))


@cache
def expansion(url: str) -> Expansion | None:
    url = url.split("|", 1)[0]
    project = project_by_type("ValueSet").get(url)
    if project is not None:
        return _expand_project(project)
    got = vendored_expansions().get(url)
    if got is None:
        return None
    return Expansion(url, {s: frozenset(c) for s, c in got["codes"].items()}, frozenset(got["external"]))


def _issue(severity: str, code: str, text: str, expr: str) -> Issue:
    return Issue(text, code, severity, [expr])


def check_binding(type_code: str, value: Any, strength: str, vs_url: str, expr: str) -> list[Issue]:
    """Issues for one value of a coded element (code, Coding or CodeableConcept) bound to ``vs_url``."""
    if type_code not in ("code", "Coding", "CodeableConcept"):
        return []
    exp = expansion(vs_url)
    if exp is None:
        return [_issue("warning", "not-supported", f"ValueSet {vs_url} is not known here; codes not checked", expr)]
    miss = "error" if strength == "required" else "warning"
    if type_code == "code":
        if not isinstance(value, str):
            return []
        state = exp.status(None, value)
        return _verdict(state, miss, f"Code '{value}'", exp, expr)
    codings = [value] if type_code == "Coding" else (value.get("coding") or [] if isinstance(value, dict) else [])
    codings = [c for c in codings if isinstance(c, dict)]
    if not codings:
        if strength == "required" and isinstance(value, dict) and value.get("text"):
            return [_issue(miss, "code-invalid", f"No code from the required value set {exp.url} (text only)", expr)]
        return []
    states = [exp.status(c.get("system"), c.get("code")) for c in codings]
    if "in" in states:
        return []
    if type_code == "Coding":
        c = codings[0]
        return _verdict(states[0], miss, f"Code '{c.get('system')}#{c.get('code')}'", exp, expr)
    shown = ", ".join(f"{c.get('system')}#{c.get('code')}" for c in codings)
    state = "unknown" if "unknown" in states else "out"
    return _verdict(state, miss, f"Codes {shown}:", exp, expr)


def _verdict(state: str, miss: str, what: str, exp: Expansion, expr: str) -> list[Issue]:
    if state == "in":
        return []
    if state == "unknown":
        text = f"{what.rstrip(':')} could not be checked against {exp.url} (external code system)"
        return [_issue("warning", "code-invalid", text, expr)]
    return [_issue(miss, "code-invalid", f"{what.rstrip(':')} not in the value set {exp.url}", expr)]
