"""The only module that imports fhir.resources (R4B models, the same shapes as R4 for our resources)."""

from __future__ import annotations

import pkgutil
from functools import cache
from typing import Any

import fhir.resources.R4B as r4b
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from gateway.errors import Issue, validation_issues

FHIR_VERSION = "4.0.1"


@cache
def resource_types() -> frozenset[str]:
    """Every resource type the models know (not data types)."""
    names = set()
    for mod in pkgutil.iter_modules(r4b.__path__):
        if mod.ispkg or mod.name.startswith(("fhirtypes", "fhirprimitive", "tests")):
            continue
        try:
            cls = get_fhir_model_class(_class_name(mod.name))
        except (KeyError, ValueError, AttributeError, ImportError):
            continue
        if isinstance(cls, type) and issubclass(cls, Resource) and cls.__name__ not in ("Resource", "DomainResource"):
            names.add(cls.__name__)
    return frozenset(names)


def _class_name(module_name: str) -> str:
    from fhir.resources.R4B import fhirtypes  # noqa: F401  (ensures models are importable)

    mod = __import__(f"fhir.resources.R4B.{module_name}", fromlist=["*"])
    for attr in dir(mod):
        if attr.lower() == module_name:
            return attr
    raise KeyError(module_name)


def validate_model(data: dict[str, Any]) -> list[Issue]:
    """Structural validation with the R4B model; issues name the element in FHIRPath form."""
    rtype = data["resourceType"]
    try:
        get_fhir_model_class(rtype).model_validate(data)
    except ValidationError as exc:
        return validation_issues(list(exc.errors(include_url=False, include_context=False)), prefix=rtype)
    except (TypeError, ValueError) as exc:  # defensive: odd shapes some validators raise on
        return [Issue(str(exc), "structure", "error", [rtype])]
    return []
