"""The profile walk's shortcuts give the answers the plain walk gives."""

from __future__ import annotations

from typing import Any

from gateway.validation.compiled import _SHAPES, compile_snapshot
from gateway.validation.definitions import CORE, structure_definition
from gateway.validation.invariants import _present, present_roots
from gateway.validation.profiles import Checker
from gateway.validation.validator import ProfileValidator


def _fresh(rtype: str) -> Checker:
    """A checker of its own, so remembered shapes do not leak between tests."""
    sd = structure_definition(CORE + rtype)
    assert sd is not None
    root, by_path = compile_snapshot(sd)
    return Checker(sd["url"], sd["type"], root, by_path)


def _observation(i: int) -> dict[str, Any]:
    obs: dict[str, Any] = {"resourceType": "Observation", "status": "final", "code": {"text": "x"}, f"x{i}": 1}
    if i % 3 == 0:
        obs["valueQuantity"] = {"value": 1}
    if i % 4 == 0:
        obs["dataAbsentReason"] = {"text": "unknown"}
    if i % 5 == 0:
        obs["_value"] = {"id": "a"}
    return obs


def test_present_roots() -> None:
    root = _fresh("Observation").root
    assert {"contained", "value", "dataAbsentReason"} <= root.invariant_roots
    for i in range(60):
        obs = _observation(i)
        expected = frozenset(name for name in root.invariant_roots if _present(obs, name))
        assert present_roots(obs, root.invariant_roots) == expected


def test_invariants_still_fail_past_the_remembered_shapes() -> None:
    checker = _fresh("Observation")
    for _ in range(2):  # the second time from remembered answers, as far as they go
        for i in range(_SHAPES + 50):
            obs = _observation(i)
            keys = [issue.diagnostics.split()[1] for issue in checker.check(obs) if issue.code == "invariant"]
            both = (i % 3 == 0 or i % 5 == 0) and i % 4 == 0  # `_value` counts as a value
            assert keys == (["obs-6"] if both else []), (i, keys)
    assert len(checker.root._answers) == _SHAPES


def test_an_evaluated_invariant_is_evaluated_on_every_node() -> None:
    """obs-7 reads component values: its answer is never remembered per property list."""
    checker = _fresh("Observation")
    code = {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]}
    ok = {"resourceType": "Observation", "status": "final", "code": code, "component": [{"code": {"text": "c"}}]}
    bad = {**ok, "component": [{"code": code}], "valueString": "x"}
    ok["valueString"] = "x"
    for _ in range(3):
        assert not [i for i in checker.check(ok) if i.code == "invariant"]
        assert [i.diagnostics.split()[1] for i in checker.check(bad) if i.code == "invariant"] == ["obs-7"]


def test_data_types_skipped_on_write_are_still_walked_when_extended() -> None:
    """Observation.category and .valueQuantity need no walk on a write, unless a value carries an extension."""
    obs = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "x"},
        "category": [{"text": "a"}, {"coding": [{"code": "c", "extension": [{"url": "http://e"}]}]}],
        "valueQuantity": {"value": 1, "extension": [{"url": "http://e"}]},
    }
    issues = ProfileValidator()(obs)
    assert [(i.diagnostics.split()[1], i.expression) for i in issues] == [
        ("ext-1", ["Observation.category[1].coding[0].extension[0]"]),
        ("ext-1", ["Observation.valueQuantity.extension[0]"]),
    ]
    del obs["category"][1]["coding"][0]["extension"], obs["valueQuantity"]["extension"]
    assert ProfileValidator()(obs) == []


def test_resource_type_is_an_element_only_where_the_definition_says_so() -> None:
    """ExampleScenario.instance.resourceType is a required code (bound to the resource types);
    everywhere else resourceType names the resource and is not an element."""
    scenario = {"resourceType": "ExampleScenario", "status": "draft", "instance": [{"resourceId": "a"}]}
    scenario["instance"][0]["resourceType"] = "Patient"
    assert ProfileValidator()(scenario) == []
    scenario["instance"][0]["resourceType"] = "NotAType"
    issues = ProfileValidator()(scenario)
    assert [i.expression for i in issues] == [["ExampleScenario.instance[0].resourceType"]]
    assert "minimum required" not in issues[0].diagnostics
    del scenario["instance"][0]["resourceType"]
    assert "minimum required" in ProfileValidator()(scenario)[0].diagnostics
