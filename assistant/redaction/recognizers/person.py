"""Names that the small spaCy model misses: typed in lower case, or ordinary words ("Rose", "Bill").

People introduce names with the same few phrases ("my name is", "this is", "my daughter", "Dr.");
the words after such a phrase are taken as a name until a stop word, a clinical term or a
lower-case word (where the phrase does not vouch for lower case) ends it.
"""

from __future__ import annotations

import re

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from assistant.redaction.entities import PERSON
from assistant.redaction.vocabulary import is_allowed

# Phrases after which a lower-case word is still a name.
_ANY_CASE = re.compile(
    # a transcript's answer to "what is the patient's name?" on the next line (first: it is the longest)
    r"\b(?:(?:name|nombre|se\s+llama\s+el\s+paciente|which\s+patient|speaking\s+with|qui[eé]n\s+habla)[^\n?]{0,40}\?"
    r"\s*\n\s*[A-Za-z]+\s*:"
    r"|my\s+name\s+is|my\s+name's|name\s*:|names?\s+(?:is|was)|patient\s+name\s*:?|pt\s+name\s*:?|pt\s*:|patient\s*:"
    r"|call\s+me|signed\s*,?|regards\s*,|thanks\s*,|thank\s+you\s*,|mr\.?|mrs\.?|ms\.?|dr\.?"
    # nicknames and Spanish introductions: "everybody calls her Aggie", "me llamo", "le dicen Pili"
    r"|calls?\s+(?:her|him|me)|call\s+(?:her|him)|goes\s+by|me\s+llamo|se\s+llama|soy|le\s+dicen|me\s+dicen"
    r"|don|do[nñ]a|sr\.?|sra\.?)\s+",
    re.IGNORECASE,
)
# Phrases after which only a capitalised word is a name.
_RELATION = (
    r"(?:daughter|son|wife|husband|mom|mother|dad|father|sister|brother|caregiver|neighbor|aunt|uncle"
    r"|grandson|granddaughter|niece|nephew|friend|spouse|partner|aide|nurse|therapist|doctor|pcp"
    r"|mother\s+in\s+law|father\s+in\s+law|grandmother|grandfather|grandma|grandpa|cousin|roommate)"
)
# Spanish relations take a name in any case: "mi esposo Nicanor", "mi primo toño".
_RELACION = (
    r"(?:mi|su|la|el)\s+(?:esposo|esposa|hija|hijo|mam[aá]|pap[aá]|madre|padre|t[ií]a|t[ií]o|primo|prima|abuela"
    r"|abuelo|hermana|hermano|nieta|nieto|suegra|suegro|vecina|vecino|enfermera|enfermero|terapeuta|cuidadora)"
)
_TITLE_CASE = re.compile(
    r"\b(?:this\s+is|i\s+am|i'm|it's|named|ask\s+for|miss|doctor|nurse|patient|pt|client|for"
    r"|(?:my|his|her|our|the\s+patient's)\s+" + _RELATION + r"(?:\s+is)?)\s*,?\s+",
    re.IGNORECASE,
)
_RELATION_ANY_CASE = re.compile(
    r"\b(?:(?:my|his|her|our)\s+" + _RELATION + r"|" + _RELACION + r")\s*,?\s+", re.IGNORECASE
)
_HONORIFICS = {"mr", "mrs", "ms", "dr"}
# Letters of any alphabet: "María", "Zúñiga", "Toño".
_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['\-])*(?:\.(?=\s))?")
_NOT_NAMES = STOP_WORDS | {
    # verbs that follow "the Dr." and "el Dr." and are also Census surnames ("Said")
    "said",
    "says",
    "told",
    "wants",
    "gave",
    "asked",
    "wrote",
    "thinks",
    "dijo",
    "puso",
    "mandó",
    "quiere",
    "recetó",
    "im",
    "ok",
    "okay",
    "yes",
    "hi",
    "hello",
    "thanks",
    "calling",
    "here",
    "speaking",
    # Spanish function words that follow "se llama", "soy", "mi": never a name
    "el",
    "la",
    "los",
    "las",
    "de",
    "del",
    "y",
    "que",
    "mi",
    "su",
    "es",
    "un",
    "una",
    "paciente",
    "hija",
    "hijo",
    "esposa",
    "esposo",
    "mamá",
    "papá",
    "muy",
    "bien",
    "yo",
    "usted",
    "ella",
    "él",
}


def _name_end(text: str, pos: int, *, any_case: bool, titled: bool = False, limit: int = 3) -> int:
    end, count, first_upper = pos, 0, False
    while count < limit:
        match = _TOKEN.match(text, pos)
        if not match:
            break
        word = match.group().rstrip(".")
        # After a first name (or "Dr."), a capitalised term is a surname: "Rose Walker", "Dr. Foley".
        surname = word.istitle() and (first_upper or titled)
        if word.lower() in _NOT_NAMES or len(word) < 2 or (is_allowed(word) and not surname):
            break
        if (not any_case or count) and not word[0].isupper() and (first_upper or not any_case):
            break
        if count and word.islower() and len(word) > 4 and word.endswith(("ed", "ing")):
            break  # "dr nguyen ordered": a lower-case verb ends the name
        first_upper = first_upper or (count == 0 and word[0].isupper())
        end, count = match.start() + len(word), count + 1
        gap = re.match(r"[ \t]+", text[end:])
        if not gap:
            break
        pos = end + gap.end()
    return end


# "scott evans here", "this is bob kowalski calling": the words after vouch for a lower-case name.
_SIGN_IN = re.compile(
    r"(?:^|[.!?\n]\s*|\b(?:this\s+is|it's|its|hi\s+it's|hi\s+its|hi,?)\s+)"
    r"(?P<id>[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+){0,2})\s*,?\s+(?:here|calling|speaking)\b"
    # "hi its bev from church": "from" vouches only after an introduction
    r"|\b(?:this\s+is|it's|its)\s+(?P<from>[a-z][a-z'-]+)\s+from\b",
    re.IGNORECASE,
)


def _sign_ins(text: str) -> list[RecognizerResult]:
    results = []
    for match in _SIGN_IN.finditer(text):
        group = "id" if match.group("id") else "from"
        words = match.group(group).split()
        if all(w.lower().replace("'", "") not in _NOT_NAMES and not is_allowed(w) for w in words):
            results.append(RecognizerResult(PERSON, match.start(group), match.end(group), 0.7))
    return results


class ContextNameRecognizer(LocalRecognizer):
    """Names right after an introducing phrase."""

    def __init__(self) -> None:
        super().__init__(supported_entities=[PERSON], name="ContextNameRecognizer", supported_language="en")

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for regex, any_case, score in ((_ANY_CASE, True, 0.8), (_TITLE_CASE, False, 0.6)):
            for match in regex.finditer(text):
                cue = match.group().strip().lower().rstrip(".")
                titled = cue in _HONORIFICS
                if cue in _HONORIFICS | {"don", "doña", "dona", "sr", "sra"} and not _name_after_title(
                    text, match.end()
                ):
                    continue  # "the Dr. said", "el Dr. dijo": a lower-case word after a title is no name
                end = _name_end(text, match.end(), any_case=any_case, titled=titled)
                if end > match.end():
                    results.append(RecognizerResult(PERSON, match.end(), end, score))
        results += _relation_names(text) + _bracketed_nicknames(text)
        return results + _sign_ins(text)


def _name_after_title(text: str, pos: int) -> bool:
    from assistant.redaction.gazetteers import first_names, surnames

    word = _TOKEN.match(text, pos)
    if word is None:
        return False
    token = word.group().rstrip(".")
    if token.lower() in _NOT_NAMES:
        return False
    return token[0].isupper() or token.lower() in first_names() or token.lower() in surnames()


# "Mildred (Millie) Haas": a nickname in brackets between names, and the surname after it
_BRACKETED_NICKNAME = re.compile(r"\b[A-Z][a-z]+\s+\((?P<nick>[A-Z][a-z]+)\)\s+(?P<last>[A-Z][a-z]+)\b")


def _bracketed_nicknames(text: str) -> list[RecognizerResult]:
    return [
        RecognizerResult(PERSON, m.start(group), m.end(group), 0.7)
        for m in _BRACKETED_NICKNAME.finditer(text)
        for group in ("nick", "last")
    ]


def _relation_names(text: str) -> list[RecognizerResult]:
    """ "my husband lyle", "mi primo toño": after a relation, a lower-case word is a name when the
    Census lists know it as a first name (not "my son stays", "my mom needs")."""
    from assistant.redaction.gazetteers import first_names

    results = []
    for match in _RELATION_ANY_CASE.finditer(text):
        start = match.end()
        word = _TOKEN.match(text, start)
        if word is None or word.group()[0].isupper():
            continue  # capitalised names are the title-case rule's
        token = word.group().rstrip(".")
        if token.lower() in _NOT_NAMES or is_allowed(token) or token.lower() not in first_names():
            continue
        end = _name_end(text, start, any_case=True, limit=3)
        results.append(RecognizerResult(PERSON, start, end, 0.65))
    return results
