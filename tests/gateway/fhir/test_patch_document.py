"""JSON Patch documents (pure): checked before use, applied with the stored decimal literals intact."""

from __future__ import annotations

import base64

import pytest

from gateway.errors import BadRequest, InvalidResource, UnsupportedMediaType
from gateway.fhir.patch import apply_patch, parse_patch, patch_from_binary

STORED = '{"resourceType":"Observation","id":"o1","valueQuantity":{"value":61.50},"big":123456789012345678901234}'

# (case, patch, expected JSON text)
APPLIED = [
    ("untouched decimals keep their literal", b'[{"op":"add","path":"/status","value":"final"}]',
     '{"resourceType":"Observation","id":"o1","valueQuantity":{"value":61.50},"big":123456789012345678901234,'
     '"status":"final"}'),
    ("a patch's decimals keep theirs", b'[{"op":"replace","path":"/valueQuantity/value","value":62.250}]',
     '{"resourceType":"Observation","id":"o1","valueQuantity":{"value":62.250},"big":123456789012345678901234}'),
    ("test compares numbers by value", b'[{"op":"test","path":"/valueQuantity/value","value":61.5},'
     b'{"op":"remove","path":"/big"}]', '{"resourceType":"Observation","id":"o1","valueQuantity":{"value":61.50}}'),
    ("copy and move", b'[{"op":"copy","from":"/valueQuantity","path":"/q"},{"op":"move","from":"/big","path":"/b"}]',
     '{"resourceType":"Observation","id":"o1","valueQuantity":{"value":61.50},"q":{"value":61.50},'
     '"b":123456789012345678901234}'),
]  # fmt: skip


@pytest.mark.parametrize(("patch", "expected"), [c[1:] for c in APPLIED], ids=[c[0] for c in APPLIED])
def test_apply_patch(patch, expected):
    assert apply_patch(STORED, parse_patch(patch)).decode() == expected


@pytest.mark.parametrize(
    "patch",
    [b'[{"op":"test","path":"/valueQuantity/value","value":61.6}]', b'[{"op":"remove","path":"/nothing"}]',
     b'[{"op":"add","path":"/valueQuantity/value/x","value":1}]'],
    ids=["test-fails", "missing", "into-a-number"],
)  # fmt: skip
def test_patches_that_do_not_apply_are_invalid(patch):
    with pytest.raises(InvalidResource):
        apply_patch(STORED, parse_patch(patch))


@pytest.mark.parametrize(
    "body",
    [b"not json", b'{"op":"add"}', b"[1]", b'[{"op":"nope","path":"/a"}]', b'[{"op":"add","value":1}]',
     b'[{"op":"add","path":"a","value":1}]', b'[{"op":"add","path":"/a","value":"x\\u0000"}]'],
)  # fmt: skip
def test_malformed_patches_are_bad_requests(body):
    with pytest.raises(BadRequest):
        parse_patch(body)


def test_patch_from_binary():
    ops = [{"op": "remove", "path": "/x"}]
    data = base64.b64encode(b'[{"op":"remove","path":"/x"}]').decode()
    binary = {"resourceType": "Binary", "contentType": "application/json-patch+json", "data": data}
    assert patch_from_binary(binary, expression="e") == ops
    with pytest.raises(UnsupportedMediaType):
        patch_from_binary({"resourceType": "Parameters"}, expression="e")
    with pytest.raises(BadRequest):
        patch_from_binary({**binary, "data": "%%%"}, expression="e")
    with pytest.raises(BadRequest):
        patch_from_binary({**binary, "contentType": "application/json"}, expression="e")
