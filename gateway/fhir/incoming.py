"""Checks every resource passes before it is stored, in one pipeline shared by all write paths.

The pipeline is: JSON shape -> base-spec structure (JSON types, required code bindings) ->
fhir.resources model -> any extra validators (project profiles). All issues are collected so a
developer sees every problem at once, then one ``InvalidResource`` is raised.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from gateway.errors import BadRequest, InvalidResource, Issue, NotFound
from gateway.fhir.resources import resource_types, validate_model
from gateway.validation.structure import check_structure

ID_PATTERN = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")

Validator = Callable[[dict[str, Any]], list[Issue]]


def check_type(res_type: str) -> None:
    if res_type not in resource_types():
        raise NotFound(f"Unknown resource type '{res_type}'", expression=res_type)


def check_id(res_id: str) -> None:
    if not ID_PATTERN.match(res_id):
        raise BadRequest(f"Invalid id '{res_id}': 1-64 of A-Z a-z 0-9 - .", expression="id")


def validate_resource(data: Any, *, expected_type: str | None, validators: list[Validator] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    if not isinstance(data, dict):
        raise BadRequest("A resource must be a JSON object", expression="body")
    rtype = data.get("resourceType")
    if not isinstance(rtype, str) or not rtype:
        raise BadRequest("Missing resourceType", expression="resourceType")
    if rtype not in resource_types():
        raise BadRequest(f"Unknown resourceType '{rtype}'", expression="resourceType")
    if expected_type is not None and rtype != expected_type:
        raise BadRequest(
            f"resourceType '{rtype}' does not match the URL type '{expected_type}'", expression="resourceType"
        )
    if "id" in data and (not isinstance(data["id"], str) or not ID_PATTERN.match(data["id"])):
        raise InvalidResource(f"Invalid id {data['id']!r}", expression=f"{rtype}.id")
    issues = check_structure(data)
    issues += [i for i in validate_model(data) if i not in issues]
    for validator in validators:
        issues += validator(data)
    # the base checks and the profile checker can both flag one element for one reason: say it once
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    errors = []
    for issue in issues:
        key = (issue.severity, issue.code, tuple(issue.expression))
        if issue.severity in ("error", "fatal") and key not in seen:
            seen.add(key)
            errors.append(issue)
    if errors:
        raise InvalidResource(issues=errors)
    return data
