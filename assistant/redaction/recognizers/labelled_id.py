"""Any other number that the words around it mark as an identifier (Safe Harbor's catch-all).

"serial number SN-88213", "claim # 44-1920", "plate 7XKP392", "the number on her card is H61827340",
"her MRN at St. Luke's is 00482913", "my ID is …": the label says what the number is, and the label
may sit a few words away ("her MRN at St. Luke's is"). Clinical numbers (doses, rates, lab values,
ICD-10 and NDC codes) have no such label and stay.
"""

from __future__ import annotations

from assistant.redaction.entities import OTHER_ID
from assistant.redaction.recognizers.base import ContextPatternRecognizer, rules

_LABEL = (
    r"(?:\bmrn|\bchart|\bmedical\s+record|\brecord|\bserial|\bs/n|\bsn\b|\bdevice|\btransmitter|\bpump\s+id|"
    r"\blicen[cs]e|\bdl\b|\bdriver'?s|\bplate|\btag\b|\bvin\b|\bclaim|\breferral|\bauthori[sz]ation|\bauth\b|"
    r"\bcase|\bprescription|\brx\b|\bconfirmation|\breference|\bref\b|\bticket|\baccount|\bacct|\bcard|"
    r"\bmember|\bsubscriber|\bpolicy|\bmedicare|\bmedicaid|\bmbi\b|\bid\b|\bi\.d\.|\bnumero|\bn[uú]mero|\bexpediente|\blicencia|\bplacas?|\breferencia|\breclamo|\bpatient\s+number|\bhospital\s+number|\bbracelet|\bbadge|\bemployee|\bplacard)"
)
# The label, then at most a few words ("at St. Luke's", "on the card"), then a value of letters and
# digits with at least three digits in it.
_GAP = r"(?:\s*(?:#|no\.?|num(?:ber)?|n[uú]mero)?\s*(?:[A-Za-z.'\u2019]+[\s:,]+){0,8}?(?:is|es|was|:|#|=|-)?\s*)"
_VALUE = r"(?P<id>(?=[A-Za-z0-9-]*\d[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{2,20}[A-Za-z0-9])(?![\w-])"


class LabelledIdRecognizer(ContextPatternRecognizer):
    ENTITY = OTHER_ID
    RULES = rules((_LABEL + r"s?\b" + _GAP + _VALUE, 0.7))

    def validate(self, value: str, score: float) -> float | None:
        # Doses and rates written without a space ("40mg", "125ml") are not identifiers.
        lowered = value.lower()
        if lowered.endswith(("mg", "ml", "mcg", "units", "hr", "kg", "lbs")) or (lowered.isdigit() and len(value) < 4):
            return None
        return score
