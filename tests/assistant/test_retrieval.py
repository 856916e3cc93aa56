"""Retrieval pieces: fusion, spelling tolerance, heading match, and the hybrid retriever end to end."""

from __future__ import annotations

import pytest

from assistant.chat.service import Assistant
from assistant.knowledge.chunking import Passage
from assistant.retrieval import heading_match, reciprocal_rank_fusion
from assistant.spelling import SpellingCorrector, edit_distance
from assistant.text import content_terms


def test_rrf_rewards_items_ranked_well_by_both_lists() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "d"]], k=60)
    assert max(fused, key=fused.__getitem__) == "b"
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["d"] == pytest.approx(1 / 63)


def test_rrf_of_one_list_keeps_its_order() -> None:
    fused = reciprocal_rank_fusion([["x", "y", "z"]])
    assert sorted(fused, key=fused.__getitem__, reverse=True) == ["x", "y", "z"]


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("infushun", "infusion", 2), ("medicar", "medicare", 1), ("form", "from", 1), ("pump", "pump", 0), ("", "ab", 2)],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance


CORPUS = [
    "infusion",
    "infusion",
    "medicare",
    "homebound",
    "exercises",
    "assessment",
    "difference",
    "therapy",
    "therapist",
    "catheter",
]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("infushun", "infusion"),
        ("medicar", "medicare"),
        ("excercises", "exercises"),
        ("assesment", "assessment"),
        ("diffrence", "difference"),
        ("cathater", "catheter"),
        ("homebond", "homebound"),
    ],
)
def test_misspellings_are_corrected_to_corpus_words(typed: str, meant: str) -> None:
    assert SpellingCorrector(CORPUS).correct(typed) == meant


@pytest.mark.parametrize("word", ["weather", "pizza", "pt", "iv", "the", "therapy"])
def test_known_words_and_short_words_are_left_alone(word: str) -> None:
    corrector = SpellingCorrector(CORPUS, known_words={"weather", "pizza"})
    assert corrector.correct(word) == word


def test_heading_match_is_the_share_of_query_terms_in_heading_title_and_topics() -> None:
    passage = Passage("id", "doc", "Home infusion", "What supplies are delivered?", "text", "src", ("pump",))
    assert heading_match(set(content_terms("what supplies come for my pump")), passage) == pytest.approx(2 / 3)
    assert heading_match(set(), passage) == 0.0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("query", "doc"),
    [
        ("what is home infushun therapy", "home-infusion-what-it-is"),
        ("is home health billed under medicar part a", "medicare-part-b-in-home-therapy"),
        ("can i get chemo at home", "home-infusion-conditions"),
    ],
)
def test_hybrid_retriever_finds_the_document_despite_typos_and_short_forms(
    assistant: Assistant, query: str, doc: str
) -> None:
    result = assistant.retriever.search(query)
    assert doc in [h.passage.doc_stem for h in result.hits[:3]]


@pytest.mark.slow
def test_corrected_query_is_reported(assistant: Assistant) -> None:
    result = assistant.retriever.search("what is home infushun")
    assert result.corrected == "what is home infusion"
