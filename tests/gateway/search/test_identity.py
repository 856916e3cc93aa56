"""Conditional identities take a prepared statement: it must match exactly what the general query matches."""

from __future__ import annotations

import pytest

from gateway.search.identity import identity_shape
from gateway.storage.buffered import BufferedTx

from ..fhir.helpers import patient, post

MRN = "urn:oid:2.16.840.1.113883.3.7"
NPI = "http://hl7.org/fhir/sid/us-npi"


@pytest.mark.parametrize(
    ("criteria", "fast"),
    [
        (f"identifier={MRN}|A1", True),
        ("identifier=A1", True),
        (f"identifier={MRN}|A1&gender=female", True),
        (f"identifier={NPI}|A1", True),
        (f"identifier={MRN}|ZZ", True),
        ("identifier=|A1", False),  # no system: the general query's `system IS NULL`
        (f"identifier={MRN}|", False),  # any code in the system
        (f"identifier={MRN}|A1,{MRN}|B2", False),  # several values
        (f"identifier:not={MRN}|A1", False),
        ("family=rivera", False),
    ],
)
def test_identity_statement_matches_like_the_general_query(client, criteria, fast):
    fhir = client.app.state.fhir
    people = [("A1", MRN, "female"), ("A1", NPI, "male"), ("B2", MRN, "female"), ("A1", None, "female")]
    for value, system, gender in people:
        ident = {"value": value, **({"system": system} if system else {})}
        post(client, "Patient", patient(identifier=[ident], gender=gender))
    req = fhir.parse_criteria("Patient", criteria)
    shape = identity_shape(fhir.searcher.builder.registry, "Patient", req.criteria)
    assert (shape is not None) == fast
    with fhir.store.read() as tx:
        found = fhir.searcher.match_ids(BufferedTx(tx), req, limit=10)
        general = fhir.searcher.search(tx, fhir.parse_criteria("Patient", criteria + "&_count=10"), strict=True)
    assert sorted(found) == sorted(e["fullUrl"].rsplit("/", 1)[1] for e in general["entry"])
    assert found or criteria.endswith("ZZ")  # the table exercises real matches
