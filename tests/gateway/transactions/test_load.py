"""``homecare load`` pieces: units from files, the resume journal, sending and reading failures."""

from __future__ import annotations

import orjson

from gateway.load.journal import Journal
from gateway.load.sender import Sender, summarize
from gateway.load.sources import discover, units
from gateway.synth import synth_bundles

from ..fhir.helpers import patient
from .helpers import total


def _ndjson(path, resources):
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in resources) + b"\n")


def test_ndjson_is_cut_into_bundles_and_ids_become_puts(tmp_path):
    _ndjson(tmp_path / "p.ndjson", [patient(id=f"p{i}") for i in range(5)] + [patient()])
    found = list(units(tmp_path / "p.ndjson", chunk=4, kind="batch"))
    assert [u.key.rsplit("#", 1)[1] for u in found] == ["1", "5"]
    second = orjson.loads(found[1].body)
    assert second["type"] == "batch"
    assert [e["request"] for e in second["entry"]] == [
        {"method": "PUT", "url": "Patient/p4"},
        {"method": "POST", "url": "Patient"},
    ]


def test_folders_are_walked_and_single_resources_wrapped(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.json").write_bytes(orjson.dumps(patient()))
    (tmp_path / "notes.txt").write_text("ignored")
    files = discover([tmp_path])
    assert [f.name for f in files] == ["one.json"]
    (unit,) = units(files[0], chunk=10, kind="batch")
    assert orjson.loads(unit.body)["type"] == "transaction" and unit.entries == 1


def test_journal_resumes_and_ignores_a_torn_last_line(tmp_path):
    path = tmp_path / "j"
    journal = Journal(path)
    journal.record("a.json", status=200, resources=3)
    journal.close()
    with path.open("ab") as fh:
        fh.write(b'{"key": "b.js')  # the process died mid-write
    again = Journal(path)
    assert "a.json" in again and "b.json" not in again
    again.close()


def test_sender_counts_successes_and_reports_entry_failures(client):
    sender = Sender(client, "/fhir")
    good = next(synth_bundles(1, seed=5))
    outcome = sender.send(orjson.dumps(good), len(good["entry"]))
    assert outcome.status == 200 and outcome.ok == len(good["entry"]) and not outcome.failures
    batch = {"resourceType": "Bundle", "type": "batch", "entry": [
        {"resource": patient(), "request": {"method": "POST", "url": "Patient"}},
        {"resource": patient(gender="nope"), "request": {"method": "POST", "url": "Patient"}},
    ]}  # fmt: skip
    outcome = sender.send(orjson.dumps(batch), 2)
    assert outcome.ok == 1
    ((where, oo),) = outcome.failures
    assert where == "entry[1]" and "Bundle.entry[1].resource.gender" in summarize(oo)
    assert total(client, "Patient") == 2
