"""Names and towns found with the Census and GeoNames lists, judged by the words around them.

A capitalised first name mid-sentence is a name ("can that be scheduled with Sophie"); one that is
also an ordinary word ("Will", "Hope") only beside a surname. A lower-case first name counts beside
a surname ("rosemarie szczepanski") or after a sign-off dash. The words that follow a first name
and look like surnames are taken with it ("Nicanor Olvera Galván").

A town counts after "in / to / from / near / en / de", or after the comma that ends a street
address, or before a comma and a ZIP code; "X County" and "condado de X" always do.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from assistant.redaction import gazetteers
from assistant.redaction.entities import LOCATION, PERSON
from assistant.redaction.vocabulary import is_allowed

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['\-.](?=[^\W\d_]))*")
_PARTICLES = {"de", "del", "la", "las", "los", "y", "van", "von", "der", "da", "di", "le", "bin", "al"}
_PLACE_CUE = {"in", "to", "from", "near", "at", "en", "de", "desde", "outside", "around", "a"}
_NOT_NAME = STOP_WORDS | {"dr", "mr", "mrs", "ms", "pt", "ot", "rn", "np", "md", "hi", "hey", "ok", "thanks"}


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def titled(self) -> bool:
        return self.text[:1].isupper() and not self.text.isupper()


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _sentence_start(text: str, token: _Token) -> bool:
    before = text[: token.start].rstrip()
    return not before or before[-1] in '.!?:\n¿¡"(' or text[token.start - 1 : token.start] == "\n"


def _plain(token: _Token) -> bool:
    return token.lower not in _NOT_NAME and not is_allowed(token.text)


class NameListRecognizer(LocalRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=[PERSON], name="NameListRecognizer", supported_language="en")

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        first, last = gazetteers.first_names(), gazetteers.surnames()
        tokens = _tokens(text)
        results = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            adjacent = nxt is not None and text[token.end : nxt.start].strip() in ("", "-")
            if token.lower not in first or not _plain(token):
                i += 1
                continue
            surname_next = adjacent and nxt is not None and _plain(nxt) and (nxt.lower in last or nxt.lower in first)
            if token.titled:
                ambiguous = token.lower in gazetteers.AMBIGUOUS_FIRST_NAMES
                with_surname = surname_next and nxt is not None and nxt.titled
                ok = with_surname or (not ambiguous and not _sentence_start(text, token))
            else:
                signed = text[: token.start].rstrip().endswith(("-", "—")) and text[token.end :].strip() == ""
                # an ambiguous word ("frank", "will") needs a true surname after it, not another first name
                true_surname = nxt is not None and nxt.lower in last and nxt.lower not in first
                ambiguous = token.lower in gazetteers.AMBIGUOUS_FIRST_NAMES
                ok = (surname_next and nxt is not None and not nxt.titled and (not ambiguous or true_surname)) or signed
            if not ok:
                i += 1
                continue
            end, j = token.end, i + 1
            while j < len(tokens) and j <= i + 3:
                candidate = tokens[j]
                gap = text[end : candidate.start]
                if gap.strip() not in ("", "-") or "\n" in gap:
                    break
                if candidate.lower in _PARTICLES and j + 1 < len(tokens) and tokens[j + 1].titled:
                    j += 1
                    continue
                takes = candidate.titled if token.titled else candidate.lower in last
                if not takes or not _plain(candidate):
                    break
                end, j = candidate.end, j + 1
            results.append(RecognizerResult(PERSON, token.start, end, 0.6))
            i = j
        return results


_COUNTY = re.compile(
    r"\b(?:St\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:County|Parish|Borough)\b"
    r"|\bcondado\s+de\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)?"
)
_STREET_END = re.compile(
    r"\b(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|ct|court|way|pl|place|pkwy|parkway|hwy"
    r"|highway|ter|terrace|cir|circle|trl|trail|sq|square)\.?(?:\s*,?\s*(?:apt|apartment|unit|suite|ste|#)\.?\s*[\w-]+)?"
    r"\s*,?\s*$",
    re.IGNORECASE,
)


class PlaceListRecognizer(LocalRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=[LOCATION], name="PlaceListRecognizer", supported_language="en")

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        places = gazetteers.us_places()
        tokens = _tokens(text)
        results = [RecognizerResult(LOCATION, m.start(), m.end(), 0.7) for m in _COUNTY.finditer(text)]
        i = 0
        while i < len(tokens):
            found = None
            for size in (3, 2, 1):
                window = tokens[i : i + size]
                if len(window) < size or any("\n" in text[a.end : b.start] for a, b in itertools.pairwise(window)):
                    continue
                name = " ".join(t.lower for t in window)
                if name in places:
                    found = window
                    break
            if found is None:
                i += 1
                continue
            first, last_token = found[0], found[-1]
            before = text[: first.start]
            previous = tokens[i - 1].lower if i > 0 else ""
            after = text[last_token.end :]
            titled = all(t.titled or t.lower in _PARTICLES for t in found) and first.titled
            cue = previous in _PLACE_CUE and text[tokens[i - 1].end : first.start].strip() == ""
            after_street = bool(_STREET_END.search(before[-60:]))
            before_zip = re.match(r"\s*,?\s*(?:[A-Z]{2}\s+)?\d{5}\b", after) is not None
            plain = all(_plain(t) for t in found) and all(len(t.text) > 3 for t in found)
            if plain and (
                (titled and (cue or after_street or before_zip)) or (cue and len(first.text) > 4 and previous != "a")
            ):
                results.append(RecognizerResult(LOCATION, first.start, last_token.end, 0.6))
                i += len(found)
            else:
                i += 1
        return results
