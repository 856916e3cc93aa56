"""A Bundle's fullUrls (pure functions): rewritten in references everywhere and in the uri-typed elements
and narrative links R4 3.1.0.11.2 names, never in a string-typed element; substituted in conditional
criteria, whose entries are decided after the entries they name."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from gateway.errors import BadRequest
from gateway.fhir.bundle_entries import Entry, decision_order
from gateway.fhir.bundle_refs import criteria_values, is_conditional, rewrite_references, substitute_links

LINKS = {"urn:uuid:bin": "Binary/b1", "urn:uuid:pat": "Patient/p1", "http://ehr.example/fhir/Patient/9": "Patient/p9"}
DIV = '<div xmlns="http://www.w3.org/1999/xhtml">{}</div>'
LINKED = '<a href="{}">p</a><img src=\'{}\'/><a href="urn:uuid:x">x</a>'


def _doc(**extra: Any) -> dict[str, Any]:
    return {"resourceType": "DocumentReference", "status": "current", **extra}


# (case, resource, path to the value, value expected after the rewrite)
CASES = [
    ("reference", _doc(subject={"reference": "urn:uuid:pat"}), ("subject", "reference"), "Patient/p1"),
    ("attachment url", _doc(content=[{"attachment": {"url": "urn:uuid:bin"}}]), ("content", 0, "attachment", "url"),
     "Binary/b1"),
    ("absolute fullUrl in a uri", _doc(content=[{"attachment": {"url": "http://ehr.example/fhir/Patient/9"}}]),
     ("content", 0, "attachment", "url"), "Patient/p9"),
    ("valueUri extension", _doc(extension=[{"url": "http://x.org/e", "valueUri": "urn:uuid:pat"}]),
     ("extension", 0, "valueUri"), "Patient/p1"),
    ("valueCanonical in a contained resource",
     _doc(contained=[{"resourceType": "Basic", "code": {"text": "t"},
                      "extension": [{"url": "http://x.org/e", "valueCanonical": "urn:uuid:bin"}]}]),
     ("contained", 0, "extension", 0, "valueCanonical"), "Binary/b1"),
    ("identifier system (uri)", _doc(identifier=[{"system": "urn:uuid:pat", "value": "1"}]),
     ("identifier", 0, "system"), "Patient/p1"),
    ("identifier value (string) stays", _doc(identifier=[{"system": "urn:ietf:rfc:3986", "value": "urn:uuid:bin"}]),
     ("identifier", 0, "value"), "urn:uuid:bin"),
    ("valueString stays", _doc(extension=[{"url": "http://x.org/e", "valueString": "urn:uuid:pat"}]),
     ("extension", 0, "valueString"), "urn:uuid:pat"),
    ("extension url stays", _doc(extension=[{"url": "urn:uuid:pat", "valueBoolean": True}]),
     ("extension", 0, "url"), "urn:uuid:pat"),
    ("description (string) stays", _doc(description="urn:uuid:bin"), ("description",), "urn:uuid:bin"),
    ("unknown urn in a uri stays", _doc(content=[{"attachment": {"url": "urn:uuid:other"}}]),
     ("content", 0, "attachment", "url"), "urn:uuid:other"),
    ("narrative href and src",
     _doc(text={"status": "generated", "div": DIV.format(LINKED.format("urn:uuid:pat", "urn:uuid:bin"))}),
     ("text", "div"), DIV.format(LINKED.format("Patient/p1", "Binary/b1"))),
    ("narrative text that only mentions a fullUrl stays",
     _doc(text={"status": "generated", "div": DIV.format("<p>urn:uuid:pat</p>")}), ("text", "div"),
     DIV.format("<p>urn:uuid:pat</p>")),
]  # fmt: skip


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


@pytest.mark.parametrize(("resource", "path", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_full_urls_are_rewritten_by_element_type(resource, path, expected):
    resource = copy.deepcopy(resource)
    before = _at(resource, path)
    changed = rewrite_references(resource, LINKS.get, LINKS)
    assert _at(resource, path) == expected
    assert changed == (0 if expected == before else 1)


def test_without_links_only_references_change():
    resource = _doc(subject={"reference": "urn:uuid:pat"}, content=[{"attachment": {"url": "urn:uuid:bin"}}])
    assert rewrite_references(resource, LINKS.get) == 1
    assert resource["content"][0]["attachment"]["url"] == "urn:uuid:bin"


@pytest.mark.parametrize(
    ("ref", "conditional"),
    [("Patient?identifier=a|b", True), ("Patient/1", False), ("urn:uuid:1", False), ("patient?x=1", False),
     ("?x=1", False)],
)  # fmt: skip
def test_is_conditional(ref, conditional):
    assert is_conditional(ref) is conditional


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("subject=urn:uuid:pat&code=http://loinc.org|8867-4", "subject=Patient/p1&code=http://loinc.org|8867-4"),
        ("subject=urn%3Auuid%3Apat", "subject=Patient/p1"),
        ("patient=urn:uuid:other,urn:uuid:pat", "patient=urn:uuid:other,Patient/p1"),
        ("Observation?subject=urn:uuid:pat", "Observation?subject=Patient/p1"),
        ("identifier=urn:ietf:rfc:3986|urn:uuid:pat", "identifier=urn:ietf:rfc:3986|urn:uuid:pat"),
        ("name=urn:uuid:pat2&_count", "name=urn:uuid:pat2&_count"),
    ],
)
def test_substitute_links_changes_only_whole_values(query, expected):
    assert substitute_links(query, LINKS) == expected


def test_criteria_values_are_decoded_and_split():
    assert criteria_values("a=x%7Cy,z&b&c=urn%3Auuid%3A1") == ["x|y", "z", "urn:uuid:1"]


def _entry(index: int, method: str = "POST", full_url: str | None = None, **kw: Any) -> Entry:
    return Entry(index=index, method=method, url="Patient", rtype="Patient", full_url=full_url, **kw)


# (case, entries, decision order by index)
ORDERS = [
    ("no criteria", [_entry(0, full_url="urn:uuid:a"), _entry(1, full_url="urn:uuid:b")], [0, 1]),
    ("criteria without fullUrls", [_entry(0, if_none_exist="identifier=x|1"), _entry(1)], [0, 1]),
    ("dependency moves first",
     [_entry(0, if_none_exist="link=urn:uuid:b"), _entry(1, full_url="urn:uuid:b"), _entry(2)], [1, 0, 2]),
    ("PUT query names a POST",
     [_entry(0, "PUT", query="link=urn:uuid:c"), _entry(1, "PUT", full_url="urn:uuid:x"),
      _entry(2, full_url="urn:uuid:c")], [2, 0, 1]),
    ("chain", [_entry(0, if_none_exist="link=urn:uuid:b"), _entry(1, full_url="urn:uuid:b",
                                                                   if_none_exist="link=urn:uuid:c"),
               _entry(2, full_url="urn:uuid:c")], [2, 1, 0]),
    ("own fullUrl is no dependency", [_entry(0, full_url="urn:uuid:a", if_none_exist="link=urn:uuid:a")], [0]),
]  # fmt: skip


@pytest.mark.parametrize(("entries", "expected"), [c[1:] for c in ORDERS], ids=[c[0] for c in ORDERS])
def test_decision_order(entries, expected):
    assert [e.index for e in decision_order(entries)] == expected


def test_decision_order_rejects_a_circle():
    entries = [
        _entry(0, full_url="urn:uuid:a", if_none_exist="link=urn:uuid:b"),
        _entry(1, full_url="urn:uuid:b", if_none_exist="link=urn:uuid:a"),
    ]
    with pytest.raises(BadRequest, match="entries 0, 1 name each other"):
        decision_order(entries)
