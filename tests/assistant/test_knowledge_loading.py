"""Loading every supported format and splitting documents into passages by heading."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.knowledge.chunking import MAX_CHARS, split_document
from assistant.knowledge.loader import Document, DocumentError, iter_files, load_file, load_paths
from tests.assistant.conftest import FIXTURE_KB, KNOWLEDGE, make_pdf


def test_markdown_front_matter_gives_title_topics_and_source() -> None:
    doc = load_file(FIXTURE_KB / "pump-care.md")
    assert doc.title == "Caring for your infusion pump"
    assert doc.topics == ("pump", "battery", "alarm")
    assert doc.source == "https://example.org/pump-care"
    assert not doc.text.startswith("---")


def test_html_keeps_headings_and_drops_scripts_styles_and_navigation() -> None:
    doc = load_file(FIXTURE_KB / "parking.html")
    assert doc.title == "Parking for visiting nurses"
    assert "## Where should the nurse park?" in doc.text
    assert "driveway" in doc.text
    assert "tracking" not in doc.text and "color:red" not in doc.text and "About" not in doc.text


def test_plain_text_title_comes_from_the_file_name() -> None:
    doc = load_file(FIXTURE_KB / "office-hours.txt")
    assert doc.title == "Office hours"
    assert "weekdays" in doc.text
    assert doc.source.startswith("file://")


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    doc = load_file(make_pdf(tmp_path / "flush-guide.pdf", "Flush the line with saline before each dose."))
    assert "Flush the line with saline" in doc.text
    assert doc.title == "Flush guide"


def test_a_broken_pdf_is_a_document_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    with pytest.raises(DocumentError):
        load_file(bad)


def test_unsupported_and_hidden_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"x")
    (tmp_path / ".draft.md").write_text("# hidden")
    (tmp_path / "real.md").write_text("# Real\n\nText.")
    assert [p.name for p in iter_files([tmp_path])] == ["real.md"]


def test_passages_follow_second_level_headings() -> None:
    passages = split_document(load_file(FIXTURE_KB / "pump-care.md"))
    assert [p.heading for p in passages] == ["How do I charge the pump battery?", "What does a pump alarm mean?"]
    alarm = passages[1]
    assert alarm.title == "Caring for your infusion pump"
    assert alarm.source == "https://example.org/pump-care"
    assert "kinks" in alarm.text and "#" not in alarm.text
    assert alarm.search_text.startswith("Caring for your infusion pump\nWhat does a pump alarm mean?")


def test_passage_ids_are_content_hashes() -> None:
    doc = load_file(FIXTURE_KB / "pump-care.md")
    first, again = split_document(doc), split_document(doc)
    assert [p.id for p in first] == [p.id for p in again]
    edited = Document(**{**doc.__dict__, "text": doc.text.replace("twelve", "ten")})
    changed = {p.id for p in split_document(edited)} ^ {p.id for p in first}
    assert len(changed) == 2  # only the edited section has a new id


def test_long_sections_are_split_to_fit_the_model() -> None:
    body = "\n\n".join(f"Sentence number {i} about home infusion supplies and pumps." for i in range(80))
    doc = Document(path="long.md", title="Long", text=f"# Long\n\n## A long section\n{body}")
    passages = split_document(doc)
    assert len(passages) > 1
    assert all(len(p.text) <= MAX_CHARS for p in passages)
    assert {p.heading for p in passages} == {"A long section"}


def test_every_knowledge_file_loads_with_title_and_source() -> None:
    docs = load_paths([KNOWLEDGE])
    assert len(docs) >= 20
    for doc in docs:
        assert doc.title and doc.source.startswith("http"), doc.path
        assert split_document(doc), doc.path
