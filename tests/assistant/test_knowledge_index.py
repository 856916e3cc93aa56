"""The Chroma index (embedded, real): incremental upserts by content hash, removals and staleness."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.knowledge import ingest
from assistant.knowledge.embeddings import Embedder
from assistant.knowledge.index import KnowledgeIndex

pytestmark = pytest.mark.slow


def test_first_ingest_adds_every_passage_and_the_second_adds_none(
    fixture_kb: Path, tmp_path: Path, embedder: Embedder
) -> None:
    index = KnowledgeIndex(data_dir=tmp_path / "data")
    collected = ingest.collect([fixture_kb])
    assert ingest.is_stale(index, collected)

    first = ingest.ingest(index, collected, embedder=embedder)
    again = ingest.ingest(index, ingest.collect([fixture_kb]), embedder=embedder)

    assert first.added == len(collected.passages) == index.count() == 5
    assert (again.added, again.removed, again.unchanged) == (0, 0, 5)
    assert not ingest.is_stale(index, ingest.collect([fixture_kb]))


def test_an_edited_section_is_replaced_and_a_deleted_file_removed(
    fixture_kb: Path, tmp_path: Path, embedder: Embedder
) -> None:
    index = KnowledgeIndex(data_dir=tmp_path / "data")
    ingest.ingest(index, ingest.collect([fixture_kb]), embedder=embedder)
    pump = fixture_kb / "pump-care.md"
    pump.write_text(pump.read_text().replace("twelve hours", "ten hours"))
    (fixture_kb / "parking.html").unlink()

    assert ingest.is_stale(index, ingest.collect([fixture_kb]))
    report = ingest.ingest(index, ingest.collect([fixture_kb]), embedder=embedder)

    assert (report.added, report.removed) == (1, 2)
    texts = " ".join(p.text for p in index.passages())
    assert "ten hours" in texts and "twelve hours" not in texts and "driveway" not in texts


def test_ingesting_one_file_leaves_other_documents_alone(fixture_kb: Path, tmp_path: Path, embedder: Embedder) -> None:
    index = KnowledgeIndex(data_dir=tmp_path / "data")
    ingest.ingest(index, ingest.collect([fixture_kb]), embedder=embedder)
    extra = tmp_path / "extra.md"
    extra.write_text("# Extra\n\n## Is there more?\nYes, one more passage.")

    report = ingest.ingest(index, ingest.collect([extra]), embedder=embedder)

    assert (report.added, report.removed) == (1, 0)
    assert index.count() == 6


def test_the_index_persists_between_processes(fixture_kb: Path, tmp_path: Path, embedder: Embedder) -> None:
    ingest.ingest(KnowledgeIndex(data_dir=tmp_path / "data"), ingest.collect([fixture_kb]), embedder=embedder)
    reopened = KnowledgeIndex(data_dir=tmp_path / "data")
    assert reopened.count() == 5
    assert not ingest.is_stale(reopened, ingest.collect([fixture_kb]))


def test_dense_query_uses_cosine_similarity(fixture_kb: Path, tmp_path: Path, embedder: Embedder) -> None:
    index = KnowledgeIndex(data_dir=tmp_path / "data")
    ingest.ingest(index, ingest.collect([fixture_kb]), embedder=embedder)
    hits = index.query(embedder.embed_query("my pump keeps beeping with an alarm"), k=3)
    by_id = {p.id: p for p in index.passages()}
    assert by_id[hits[0].passage_id].heading == "What does a pump alarm mean?"
    assert 0.0 < hits[-1].similarity <= hits[0].similarity <= 1.0
