"""Guardrails, checked before retrieval.

1. Urgent symptoms -> escalation: call 911 or the nurse line now. Each emergency class is one entry in
   ``EMERGENCIES`` with the patterns that recognise it, so the table reads like a triage card.
2. Requests for a diagnosis, a dose or a medication change -> refusal pointing to the care team.
3. Questions the knowledge base does not cover (relevance below a calibrated threshold) -> refusal that
   lists what the assistant can help with. That check needs retrieval, so it is ``out_of_scope()``.

Patterns are matched on lower-cased text with apostrophes removed ("can't" -> "cant").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    CALL_911 = "911"
    NURSE_NOW = "nurse"


@dataclass(frozen=True)
class Emergency:
    name: str
    severity: Severity
    patterns: tuple[re.Pattern[str], ...]
    advice: str


def _p(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


_LINE = r"(?:picc|port|line|catheter|cath|iv|infusion|drip|central line|needle)"
_NOW = r"(?:during|while|after|since|with)\b.{0,30}\b(?:infusion|iv|drip|treatment|medicine|meds|dose)"

EMERGENCIES: tuple[Emergency, ...] = (
    Emergency(
        "chest pain",
        Severity.CALL_911,
        _p(
            r"\bchest\b.{0,25}\b(?:pain|hurts?|hurting|tight\w*|pressure|heavy|squeez\w*)",
            r"\b(?:pain|tight\w*|pressure)\b.{0,15}\bchest\b",
            r"\bheart attack\b",
        ),
        "Chest pain or tightness can be a heart problem.",
    ),
    Emergency(
        "trouble breathing",
        Severity.CALL_911,
        _p(
            r"\b(?:cant|cannot|can not|couldnt|unable to|hard to|struggling to|trouble|difficulty|hard time)"
            r"\s*(?:breath\w*|catch (?:my|his|her|their) breath)",
            r"\bshort(?:ness)? of breath\b",
            r"\b(?:not breathing|stopped breathing|gasping|choking|wheezing badly)\b",
        ),
        "Trouble breathing needs help right away.",
    ),
    Emergency(
        "allergic reaction",
        Severity.CALL_911,
        _p(
            r"\bhives\b",
            r"\bthroat\b.{0,20}\b(?:tight\w*|closing|swell\w*|swollen)",
            r"\b(?:lips?|tongue|face|eyes?)\b.{0,20}\b(?:swell\w*|swollen|puff\w*)",
            r"\b(?:swell\w*|swollen)\b.{0,15}\b(?:lips?|tongue|throat)\b",
            r"\banaphyla\w*|\ballergic reaction\b",
            r"\b(?:rash|itch\w*|flush\w*)\b.{0,30}" + _NOW,
        ),
        "Swelling, hives or a tight throat can be a serious allergic reaction.",
    ),
    Emergency(
        "line infection",
        Severity.NURSE_NOW,
        _p(
            r"\b(?:fever|chills|shaking|shivering|rigors|temperature of|temp of)\b.{0,60}\b" + _LINE + r"\b",
            r"\b" + _LINE + r"\b.{0,60}\b(?:fever|chills|shaking|rigors)\b",
            r"\bfever of (?:10[0-9]|3[89])",
            r"\b(?:" + _LINE + r"|site|arm)\b.{0,40}\b(?:red|swollen|swelling|pus|ooz\w*|leak\w*|warm|hot|"
            r"draining|streak\w*|hurts? bad|really hurts)\b",
        ),
        "Fever, chills or a red, swollen or oozing line site can mean an infection or a blocked vein.",
    ),
    Emergency(
        "heavy bleeding",
        Severity.CALL_911,
        _p(
            r"\bblood everywhere\b",
            r"\bbleed\w*\b.{0,25}\b(?:wont stop|will not stop|a lot|alot|heavily|badly|everywhere|wont quit)",
            r"\b(?:coughing|vomiting|throwing) up blood\b",
            r"\b(?:line|picc|catheter|needle|port)\b.{0,20}\b(?:came out|fell out|pulled out|come out|broke)",
        ),
        "Heavy bleeding or a line that came out needs care right away; press firmly on the site.",
    ),
    Emergency(
        "fall with injury",
        Severity.CALL_911,
        _p(
            r"\b(?:fell|fallen|fall|falling|tripped)\b.{0,40}\b(?:hit|head|bleed\w*|blood|cant get up|"
            r"cannot get up|cant move|broke|broken|hurt|injur\w*|unconscious|wont get up)",
        ),
        "After a fall with an injury, do not move someone who may be badly hurt.",
    ),
    Emergency(
        "stroke signs",
        Severity.CALL_911,
        _p(
            r"\bstroke\b",
            r"\bface\b.{0,15}\bdroop\w*|\bdroop\w*\b.{0,15}\bface\b",
            r"\bslurr\w*\b",
            r"\b(?:suddenly|sudden)\b.{0,20}"
            r"\b(?:confus\w*|numb\w*|weak\w*|cant (?:feel|move|see|speak|talk))",
            r"\bcant feel (?:my|his|her) (?:legs?|arms?|face)\b",
            r"\bnot making (?:any )?sense\b",
        ),
        "Sudden confusion, drooping, slurred speech or numbness can be a stroke; every minute counts.",
    ),
    Emergency(
        "unresponsive or fainting",
        Severity.CALL_911,
        _p(
            r"\b(?:wont|will not|cant|cannot) (?:wake|be woken)\b",
            r"\b(?:unconscious|unresponsive|passed out|blacked out|fainted)\b",
            r"\b(?:pass|passing) out\b|\bgonna faint\b|\babout to faint\b|\bfeel faint\b",
        ),
        "Someone who fainted, is about to faint or will not wake up needs help now.",
    ),
    Emergency(
        "seizure",
        Severity.CALL_911,
        _p(r"\bseiz\w*\b", r"\bconvuls\w*\b"),
        "Stay with them, move things away and do not put anything in their mouth.",
    ),
    Emergency(
        "overdose or poisoning",
        Severity.CALL_911,
        _p(
            r"\btook (?:too many|too much|extra|double)\b",
            r"\boverdos\w*\b",
            r"\bswallowed\b.{0,30}\b(?:pills?|meds|medicine|medication|tablets?)\b",
            r"\bpoison\w*\b",
        ),
        "Too much medicine, or medicine taken by someone it was not meant for, is an emergency.",
    ),
    Emergency(
        "suicidal thoughts",
        Severity.CALL_911,
        _p(
            r"\b(?:kill|hurt|harm) (?:myself|himself|herself)\b",
            r"\bsuicid\w*\b",
            r"\bend (?:my|it all|my life)\b",
            r"\b(?:dont|do not) want to (?:live|be alive|be here)\b",
            r"\bwant(?:ing)? to die\b|\bbetter off dead\b",
        ),
        "You matter, and help is available right now: you can also call or text 988 (the Suicide & Crisis Lifeline).",
    ),
)

_CLINICAL = _p(
    # dosing
    r"\b(?:double|triple|increase|decrease|lower|raise|change|adjust|skip|cut|split)\b.{0,25}\bdos(?:e|es|age|ing)\b",
    r"\bmissed (?:a|my|his|her|the) dose\b",
    r"\bhow (?:much|many)\b.{0,40}\b(?:can|should|do) (?:i|he|she|we|they) (?:take|give|have|use)\b",
    r"\b(?:take|give)\b.{0,10}\b(?:two|2|extra|double|another|more)\b",
    r"\b(?:turn up|turn down|speed up|slow down|increase|change|adjust)\b.{0,20}\b(?:rate|pump|drip|flow)\b",
    # medication changes
    r"\b(?:stop|quit|switch|come off|go off|get off|change)\b.{0,30}"
    r"\b(?:meds|medicine|medications?|pills?|antibiotics?|drugs?|insulin|ivig|infusions?|iv|treatment)\b",
    r"\bswitch\w* from\b",
    r"\b(?:can|should) (?:i|he|she) (?:take|mix|combine)\b.{0,40}\bwith\b",
    # diagnosis
    r"\b(?:do|does|did) (?:i|he|she|my \w+) (?:have(?! to)|tear|break|pull|sprain)\b",
    r"\bwhat(?:s| is)? wrong with (?:me|my|him|her)\b",
    r"\bis (?:this|it|that|my)\b.{0,30}\b(?:from|caused by|because of)\b.{0,20}\b(?:medicine|meds|medication|"
    r"drug|infusion|treatment|antibiotic)",
    r"\b(?:diagnos\w*|prognosis)\b",
    r"\b(?:test|lab|blood work|bloodwork|scan|x-?ray|mri) results?\b",
    r"\bis (?:this|that|it) (?:serious|normal|cancer|an infection)\b",
)


@dataclass(frozen=True)
class Verdict:
    kind: str  # "escalation" | "refusal"
    reason: str
    reply: str


def normalise(message: str) -> str:
    return re.sub(r"\s+", " ", message.lower().replace("'", "").replace("\u2019", "")).strip()


def find_emergency(message: str) -> Emergency | None:
    text = normalise(message)
    return next((e for e in EMERGENCIES if any(p.search(text) for p in e.patterns)), None)


def is_clinical_request(message: str) -> bool:
    text = normalise(message)
    return any(p.search(text) for p in _CLINICAL)


def escalation_reply(emergency: Emergency, *, nurse_line: str) -> str:
    if emergency.severity is Severity.CALL_911:
        first = "This may be an emergency. Call 911 now."
        then = f"When it is safe, also let {nurse_line} know."
    else:
        first = f"Please call {nurse_line} right now; this needs a nurse today, not a chat answer."
        then = "If you feel very unwell, have trouble breathing or cannot reach the nurse line, call 911."
    return f"{first} {emergency.advice} {then}"


def clinical_refusal_reply(*, nurse_line: str) -> str:
    return (
        "I can't give medical advice, such as what a symptom means, how much medicine to take, or whether to "
        "change or stop a treatment. Please ask your care team: your nurse, pharmacist or doctor knows your "
        f"health and your orders. If it can't wait, call {nurse_line}. In an emergency, call 911."
    )


HELP_TOPICS = (
    "in-home therapy (physical, occupational, speech and behavioral health) and how it differs from home health",
    "Medicare Part A and Part B, homebound status, insurance and costs",
    "referrals, the first visit, plans of care, the care team, scheduling and privacy",
    "home exercise programs: how much to do, making exercises harder or easier, staying on track, video visits",
    "home infusion: what it is, routes, conditions treated, equipment, home set-up, safety, coverage, "
    "caregivers and how to get started",
)


def out_of_scope_reply() -> str:
    topics = "; ".join(HELP_TOPICS)
    return (
        "Sorry, I can't help with that here: I can only answer from our home-care guides. "
        f"I can help with {topics}. "
        "If you have a question about your own care, please contact your care team."
    )


def check(message: str, *, nurse_line: str) -> Verdict | None:
    """The verdict for messages that must not be answered from the knowledge base, else ``None``."""
    emergency = find_emergency(message)
    if emergency is not None:
        return Verdict("escalation", emergency.name, escalation_reply(emergency, nurse_line=nurse_line))
    if is_clinical_request(message):
        return Verdict("refusal", "clinical", clinical_refusal_reply(nurse_line=nurse_line))
    return None


def out_of_scope() -> Verdict:
    return Verdict("refusal", "out of scope", out_of_scope_reply())
