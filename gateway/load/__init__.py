"""``homecare load``: send Bundles and NDJSON files to a FHIR server, resumably."""
