"""Assistant fixtures: the model, the real knowledge index and the assistant are built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from assistant.chat.service import Assistant, build_assistant
from assistant.knowledge.embeddings import Embedder, load_embedder
from gateway.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"
EVAL_SET = Path(__file__).parent / "data" / "eval_questions.yaml"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return load_embedder()


@pytest.fixture(scope="session")
def kb_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("assistant-data"), knowledge_dir=KNOWLEDGE)


@pytest.fixture(scope="session")
def assistant(kb_settings: Settings, embedder: Embedder) -> Assistant:
    """The assistant over the project's real knowledge base, as the app builds it."""
    return build_assistant(kb_settings)


@pytest.fixture(scope="session")
def eval_questions() -> list[dict]:
    return yaml.safe_load(EVAL_SET.read_text(encoding="utf-8"))


@pytest.fixture
def fixture_kb(tmp_path: Path) -> Path:
    """A private copy of the tiny fixture documents, free to edit and delete."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target


def make_pdf(path: Path, text: str) -> Path:
    """A minimal one-page PDF with ``text`` on it (no PDF-writing library needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
