"""Which profiles a resource is checked against, for writes and for ``$validate``.

Writes: every known profile the resource claims in ``meta.profile`` plus the profiles configured as
required for its type (``Settings.required_profiles``); with none of those, the core R4 definition
(so base invariants such as ``pat-1`` hold for every stored resource). ``$validate`` does the same
and also names profiles it cannot check and reports absent Must Support elements as information.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gateway.errors import Issue
from gateway.fhir.resources import validate_model
from gateway.validation.profiles import Checker, base_checker, checker_for
from gateway.validation.structure import check_structure

ALL_OK = Issue("All OK", "informational", "information")


@dataclass
class ProfileValidator:
    required: dict[str, list[str]] = field(default_factory=dict)

    def _checkers(self, resource: dict[str, Any], explicit: list[str]) -> tuple[list[Checker], list[Issue]]:
        rtype = resource.get("resourceType", "")
        meta = resource.get("meta")
        claimed = (meta.get("profile") if isinstance(meta, dict) else None) or []
        claimed = [u for u in claimed if isinstance(u, str)]
        urls = list(dict.fromkeys([*explicit, *claimed, *self.required.get(rtype, [])]))
        checkers, notes = [], []
        for url in urls:
            checker = checker_for(url)
            if checker is None:
                severity = "error" if url in explicit or url in self.required.get(rtype, []) else "warning"
                notes.append(Issue(f"Profile {url} is not known to this server", "not-supported", severity, ["meta"]))
            elif checker.type != rtype:
                notes.append(Issue(f"Profile {url} is for {checker.type}, not {rtype}", "invalid", "error", ["meta"]))
            else:
                checkers.append(checker)
        if not checkers:
            base = base_checker(rtype)
            checkers = [base] if base else []
        return checkers, notes

    def __call__(self, resource: dict[str, Any]) -> list[Issue]:
        """Write-time check: only errors matter to the caller, so unknown claimed profiles are not fatal."""
        checkers, notes = self._checkers(resource, [])
        issues = [n for n in notes if n.severity == "error"]
        for checker in checkers:
            issues += _guarded(checker, resource, must_support=False)
        return _unique(issues)

    def validate(self, resource: dict[str, Any], *, profile: str | None = None) -> list[Issue]:
        """Everything ``$validate`` reports: base structure, model, profiles, Must Support notes."""
        issues = check_structure(resource)
        issues += validate_model(resource)
        checkers, notes = self._checkers(resource, [profile] if profile else [])
        issues += notes
        for checker in checkers:
            issues += _guarded(checker, resource, must_support=True)
        return _unique(issues) or [ALL_OK]


def _guarded(checker: Checker, resource: dict[str, Any], *, must_support: bool) -> list[Issue]:
    """Profiles describe well-formed resources; a shape the model already rejected (``"meta": [1]``)
    may trip the walk. That must become an issue, never a 500."""
    try:
        return checker.check(resource, must_support=must_support)
    except (AttributeError, TypeError, KeyError, IndexError, ValueError) as exc:
        text = f"Profile {checker.url} could not be checked: the resource is not well-formed ({exc.__class__.__name__})"
        return [Issue(text, "structure", "error", [resource.get("resourceType", "Resource")])]


def _unique(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[str, str, str, tuple[str, ...]]] = set()
    out = []
    for i in issues:
        key = (i.severity, i.code, i.diagnostics, tuple(i.expression))
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out
