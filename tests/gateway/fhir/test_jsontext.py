"""What an EHR sent comes back byte for meaning: decimal literals and integers beyond 64 bits."""

from __future__ import annotations

import pytest

from gateway.fhir.jsontext import dumps, parse_exact, parse_json


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"a":1.50}', b'{"a":1.50}'),
        (b'{"a":[1.0, 2.500, -0.0]}', b'{"a":[1.0,2.500,-0.0]}'),
        (b'{"a":1e3,"b":1E-7}', b'{"a":1e3,"b":1E-7}'),
        (b'{"a":7,"b":"1.50"}', b'{"a":7,"b":"1.50"}'),
        (b'{"a":123456789012345678,"b":0.10}', b'{"a":123456789012345678,"b":0.10}'),
        (b'{"a":12345678901234567890123,"b":0.10}', b'{"a":12345678901234567890123,"b":0.10}'),
        (b'{"a":-9223372036854775809,"b":2.0}', b'{"a":-9223372036854775809,"b":2.0}'),
        (b'{"a":9223372036854775807,"b":2.0}', b'{"a":9223372036854775807,"b":2.0}'),
    ],
)
def test_exact_form_writes_back_what_was_sent(body: bytes, expected: bytes):
    assert dumps(parse_exact(body, parse_json(body))) == expected
