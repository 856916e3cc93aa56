"""Hybrid retrieval: BM25 (bm25s) and dense (Chroma) rankings fused by reciprocal rank fusion,
then nudged by how well the query matches a passage's heading, title and topics.

Built once per process from the passages stored in the index, so every worker ranks the same corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import bm25s
import numpy as np

from assistant.knowledge.chunking import Passage
from assistant.knowledge.embeddings import Embedder
from assistant.knowledge.index import DenseHit, KnowledgeIndex
from assistant.knowledge.multilingual import MultilingualEmbedder
from assistant.spelling import SpellingCorrector
from assistant.text import STOPWORDS, content_terms, stem, words

RRF_K = 60
CANDIDATES = 20
HEADING_WEIGHT = 0.02
JARGON_BONUS = 0.15
E5_TO_MINILM = 0.45
# Clinical shorthand patients type that the guides spell out (stemmed, as BM25 sees it).
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "picc": ("catheter", "iv"),
    "midline": ("catheter", "iv"),
    "pt": ("physical",),
    "ot": ("occupational",),
    "slp": ("speech",),
    "hep": ("exercise", "program"),
    "dme": ("durable", "equipment"),
    "tpn": ("parenteral", "nutrition"),
    "ms": ("multiple", "sclerosis"),
}


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    dense: float
    lexical: float


@dataclass(frozen=True)
class RetrievalResult:
    query: str
    corrected: str
    hits: list[Hit]

    jargon: bool = False

    @property
    def relevance(self) -> float:
        """How well the knowledge base covers the question: the best dense cosine similarity, raised
        when the question uses the corpus's own jargon ("tpn", "picc"), which the model embeds poorly."""
        best = max((h.dense for h in self.hits), default=0.0)
        return best + JARGON_BONUS if self.jargon and self.hits else best


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], *, k: int = RRF_K) -> dict[str, float]:
    """Σ 1/(k + rank) over the rankings each id appears in (rank starts at 1)."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, 1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


def heading_match(query_terms: set[str], passage: Passage) -> float:
    """Share of the query's content terms found in the passage's heading, title or topics."""
    if not query_terms:
        return 0.0
    label = set(content_terms(" ".join([passage.heading, passage.title, *passage.topics])))
    return len(query_terms & label) / len(query_terms)


class HybridRetriever:
    def __init__(
        self,
        passages: list[Passage],
        *,
        index: KnowledgeIndex,
        embedder: Embedder | None,
        known_words: frozenset[str] = frozenset(),
        multilingual: MultilingualEmbedder | None = None,
    ) -> None:
        self.passages = {p.id: p for p in passages}
        self._order = list(self.passages)
        self._multilingual = multilingual
        texts = [self.passages[pid].search_text for pid in self._order]
        self._e5 = multilingual.passages(texts) if multilingual else None
        self._index = index
        self._embedder = embedder
        corpus_words = [w for p in passages for w in words(p.search_text + " " + " ".join(p.topics))]
        self.speller = SpellingCorrector(corpus_words, known_words=known_words)
        # Corpus words that are not ordinary English (given a vocabulary to tell): "picc", "ivig".
        self._jargon = (
            {w for w in corpus_words if len(w) > 2 and w.isalpha() and w not in known_words and w not in STOPWORDS}
            if known_words
            else set()
        )
        self._bm25 = bm25s.BM25()
        tokens = [content_terms(self.passages[pid].search_text) or ["_"] for pid in self._order]
        self._vocabulary = {t for doc in tokens for t in doc}
        self._prefixes: dict[str, list[str]] = {}
        for term in sorted(self._vocabulary):
            self._prefixes.setdefault(term[:4], []).append(term)
        if tokens:
            self._bm25.index(tokens, show_progress=False)

    def correct(self, query: str) -> str:
        return " ".join(self.speller.correct_words(words(query)))

    def expand(self, terms: list[str]) -> list[str]:
        """Abbreviations patients use are spelled out, and shortened words the corpus only has in full
        ("chemo" -> "chemotherapy") are added in full."""
        terms = terms + [t for term in terms for t in ABBREVIATIONS.get(term, ())]
        extra = [
            full
            for term in terms
            if len(term) >= 4 and term not in self._vocabulary
            for full in self._prefixes.get(term[:4], ())
            if full.startswith(term)
        ]
        return terms + extra

    def lexical(self, terms: list[str], *, k: int = CANDIDATES) -> list[tuple[str, float]]:
        if not terms or not self._order:
            return []
        scores = self._bm25.get_scores(terms)
        top = np.argsort(-scores)[:k]
        return [(self._order[i], float(scores[i])) for i in top if scores[i] > 0]

    def search(self, query: str, *, k: int = 5, lang: str = "en") -> RetrievalResult:
        """``lang="es"``: only the multilingual ranking is used; BM25 and MiniLM read Spanish as noise."""
        if not self.passages or self._embedder is None:
            return RetrievalResult(query=query, corrected=query, hits=[])
        corrected = self.correct(query)
        terms = self.expand(content_terms(corrected))
        multilingual = self._multilingual is not None and self._e5 is not None and len(self._e5) > 0
        lexical: list[tuple[str, float]] = []
        dense: list[DenseHit] = []
        if lang == "en" or not multilingual:  # for Spanish, BM25 and MiniLM would only add noise
            lexical = self.lexical(terms)
            dense = [
                h
                for h in self._index.query(self._embedder.embed_query(corrected), k=CANDIDATES)
                if h.passage_id in self.passages
            ]
        rankings = [[pid for pid, _ in lexical], [h.passage_id for h in dense]]
        if multilingual:
            assert self._multilingual is not None and self._e5 is not None
            # e5 ranks best on its own (blind dev sets), so it counts twice in the fusion.
            similarity = self._e5 @ self._multilingual.query(query)
            top = np.argsort(-similarity)[:CANDIDATES]
            e5_ranking = [self._order[i] for i in top]
            rankings += [e5_ranking, e5_ranking]
            if lang != "en":
                # MiniLM's similarity means nothing for Spanish; e5's, shifted onto MiniLM's scale
                # (related passages score about 0.8 on e5, 0.35 and up on MiniLM), stands in for it.
                dense = [DenseHit(self._order[i], float(similarity[i]) - E5_TO_MINILM) for i in top]
        fused = reciprocal_rank_fusion(rankings)
        query_terms = {stem(t) for t in terms}
        for pid in fused:
            fused[pid] += HEADING_WEIGHT * heading_match(query_terms, self.passages[pid])
        dense_by_id = {h.passage_id: h.similarity for h in dense}
        lexical_by_id = dict(lexical)
        ranked = sorted(fused, key=fused.__getitem__, reverse=True)[:k]
        hits = [
            Hit(self.passages[pid], fused[pid], dense_by_id.get(pid, 0.0), lexical_by_id.get(pid, 0.0))
            for pid in ranked
        ]
        jargon = any(w in self._jargon or w in ABBREVIATIONS for w in corrected.split())
        return RetrievalResult(query=query, corrected=corrected, hits=hits, jargon=jargon)
