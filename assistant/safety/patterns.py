"""Triage patterns: the words that mean "this is happening now and is dangerous", in English and Spanish.

Each rule is one row of a triage card (what it is, how urgent, what to do meanwhile). The patterns are
the safety layer's first half: they are exact and explainable, and they catch what the classifier has
never seen a paraphrase of. The classifier (``classifier.py``) is the second half and catches the
paraphrases the patterns have never seen. Either one is enough to escalate.

``time_frame`` tells a past or general mention ("a stroke 2 years ago", "what are the signs of a
stroke", "for a first-aid class") from a present one: those are answered, with a line saying to call
911 if it is happening now.

Patterns run on :func:`normalise`d text: lower case, apostrophes dropped ("can't" -> "cant"), accents
kept (Spanish needs them to read, and patterns accept both spellings).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    CALL_911 = "911"
    NURSE_TODAY = "nurse"
    CRISIS = "crisis"


@dataclass(frozen=True)
class Rule:
    name: str
    level: Level
    patterns: tuple[re.Pattern[str], ...]
    poison_control: bool = False


def _p(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def normalise(message: str) -> str:
    text = unicodedata.normalize("NFC", message).lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    """Accents dropped, so "respiró" and "respiro" read alike."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


_WHO = r"(?:my|his|her|their|the|mom|moms|dad|dads|mums?)"
_LINE = r"(?:picc|port|line|catheter|cath|iv|infusion|drip|central line|needle|midline|tubing|tube)"
_LINE_ES = r"(?:picc|port|puerto|linea|cateter|catéter|via|vía|suero|aguja|tubo|manguera)"
_AFTER_INFUSION = (
    r"(?:during|while|after|since|with|from)\b.{0,30}\b"
    r"(?:infusion|iv|ivig|drip|treatment|medicine|meds|dose|antibiotic\w*|bag|started)"
)

RULES: tuple[Rule, ...] = (
    Rule(
        "suicidal thoughts",
        Level.CRISIS,
        _p(
            r"\b(?:kill|hurt|harm|cut|cutting) (?:myself|himself|herself|themselves|themself)\b",
            r"\bsuicid\w*|\bself[- ]?harm\w*",
            r"\bend (?:it all|my life|his life|her life|things)\b",
            r"\b(?:dont|do not|doesnt|does not|no longer) want to (?:live|be alive|be here|go on|wake up|exist)\b",
            r"\bwant(?:s|ed|ing)? to die\b|\bbetter off (?:dead|without (?:me|him|her))\b",
            r"\b(?:sleep|go to sleep|fall asleep) and (?:never|not) wake\b|\bnever wake up\b|\b(?:to|and) not wake up\b",
            r"\b(?:take|taking|swallow|swallowing) (?:all|every one of|the whole bottle of) (?:my|his|her|the)?\s*"
            r"(?:pills|meds|medicine|medications|tablets)",
            r"\bno (?:reason|point) (?:to|in) (?:live|living|going on)\b|\bwhats the point of living\b",
            r"\bgiving (?:away )?(?:all )?(?:my|his|her) (?:things|stuff|belongings) away\b|\bsaying goodbye to everyone\b",
            r"\b(?:a plan to|way to|going to|gonna|want to|wanna) end it\b|\bsaving up (?:my|his|her) (?:pain )?(?:pills|meds)\b",
            r"\b(?:just|could|want to|wish i could) disappear(?:ed)? (?:forever|for good|permanently)\b|\bstarted cutting\b",
            r"\bthe last time (?:youll|you will) (?:hear from|see) me\b|\bsaid goodbye\b.{0,30}\b(?:im|i am) done\b",
            # Spanish
            r"\b(?:matarme|suicid\w*|quitarme la vida|hacerme da[nñ]o|cortarme|lastimarme)\b",
            r"\bno quiero (?:vivir|seguir viviendo|despertar)\b|\bquiero morir\w*|\bdormir y no despertar\b",
            r"\btomarme todas las pastillas\b|\bacabar con (?:todo|mi vida)\b|\bmejor (?:muert[oa]|sin mi)\b",
        ),
    ),
    Rule(
        "trouble breathing",
        Level.CALL_911,
        _p(
            r"\b(?:cant|cannot|can not|couldnt|unable to|hard to|struggling to|trouble|difficulty|hard time|barely)"
            r"\s*(?:breath\w*|catch (?:my|his|her|their) breath)",
            r"\bshort(?:ness)? of breath\b",
            r"\b(?:not breathing|stopped breathing|gasping|choking|wheezing badly|breathing (?:weird|funny|strange|odd))\b",
            r"\b(?:lips?|face|fingers?|skin)\b.{0,20}\b(?:blue|bluish|gr[ae]y|purple)\b",
            r"\b(?:blue|bluish|purple) (?:lips?|face|fingers?)\b",
            r"\bno (?:puede|puedo) respirar\b|\b(?:le|me) cuesta respirar\b|\bfalta de (?:aire|respiraci[oó]n)\b",
            r"\bse (?:ahoga|est[aá] ahogando)\b|\blabios (?:azules|morados)\b|\brespira (?:raro|mal)\b",
        ),
    ),
    Rule(
        "chest pain",
        Level.CALL_911,
        _p(
            r"\bchest\b.{0,25}\b(?:pain|hurts?|hurting|tight\w*|pressure|heavy|squeez\w*|crushing)",
            r"\b(?:pain|tight\w*|pressure)\b.{0,15}\bchest\b",
            r"\bheart attack\b",
            r"\bdolor (?:de|en el) pecho\b|\bpresi[oó]n en el pecho\b|\bataque (?:al|de) coraz[oó]n\b",
        ),
    ),
    Rule(
        "allergic or infusion reaction",
        Level.CALL_911,
        _p(
            r"\bhives\b",
            r"\bthroat\b.{0,20}\b(?:tight\w*|closing|swell\w*|swollen)",
            r"\b(?:lips?|tongue|face|eyes?)\b.{0,20}\b(?:swell\w*|swollen|puff\w*)",
            r"\b(?:swell\w*|swollen)\b.{0,15}\b(?:lips?|tongue|throat)\b",
            r"\banaphyla\w*|\ballergic reaction\b",
            r"\b(?:rash|itch\w*|flush\w*|racing|pounding|dizzy|lightheaded|light headed|faint)\b.{0,40}"
            + _AFTER_INFUSION,
            r"\b(?:heart|pulse)\b.{0,20}\b(?:racing|pounding|fast)\b.{0,30}\b(?:dizzy|faint|lightheaded)",
            r"\bronchas\b|\bse le (?:hincha|cierra) la garganta\b|\breacci[oó]n al[eé]rgica\b",
        ),
    ),
    Rule(
        "heavy bleeding or a line out",
        Level.CALL_911,
        _p(
            r"\bblood everywhere\b",
            r"\bbleed\w*\b.{0,25}\b(?:wont stop|will not stop|a lot|alot|heavily|badly|everywhere|wont quit|through)",
            r"\b(?:soaked|soaking)\b.{0,25}\b(?:blood|dressing|bandage|gauze)|\b(?:dressing|bandage|gauze)\b.{0,20}\bsoaked\b",
            r"\b(?:coughing|vomiting|throwing) up blood\b",
            r"\b" + _LINE + r"\b.{0,25}\b(?:came out|fell out|pulled out|come out|broke|snapped|cracked|yanked|"
            r"slipped out|is out|got pulled|half out)",
            r"\b(?:pulled|yanked|ripped) (?:out )?(?:his|her|my|the) " + _LINE + r"\b",
            r"\bsangr\w*\b.{0,30}\b(?:mucho|no para|no se detiene|sin parar)|\bse (?:le )?(?:sali[oó]|cay[oó]|arranc[oó])\b.{0,20}"
            r"\b" + _LINE_ES + r"\b",
        ),
    ),
    Rule(
        "stroke signs",
        Level.CALL_911,
        _p(
            r"\bstroke\b",
            r"\bface\b.{0,25}\b(?:droop\w*|lopsided|crooked|uneven|sagging)|\b(?:droop\w*|lopsided|crooked)\b.{0,15}\b(?:face|smile|mouth)\b",
            r"\bslurr\w*\b|\bgarbled\b|\bwords? (?:are|were|is) (?:coming out )?(?:wrong|jumbled|mixed up)\b",
            r"\b(?:suddenly|sudden)\b.{0,20}\b(?:confus\w*|numb\w*|weak\w*|cant (?:feel|move|see|speak|talk))",
            r"\bcant feel (?:my|his|her) (?:legs?|arms?|face)\b",
            r"\bnot making (?:any )?sense\b",
            r"\bderrame\b|\bcara (?:ca[ií]da|torcida)\b|\bhabla (?:raro|arrastrada|enredada)\b|\bno puede hablar\b",
        ),
    ),
    Rule(
        "unresponsive or fainting",
        Level.CALL_911,
        _p(
            r"\b(?:wont|will not|cant|cannot|couldnt|hard to|not able to) (?:wake|be woken|rouse)\b",
            r"\b(?:unconscious|unresponsive|passed out|blacked out|fainted|not responding|isnt responding|wont respond)\b",
            r"\b(?:pass|passing) out\b|\bgonna faint\b|\babout to faint\b|\bfeel faint\b|\bcollapsed\b",
            r"\bno (?:despierta|responde|reacciona)\b|\bse desmay[oó]\b|\binconsciente\b",
        ),
    ),
    Rule(
        "seizure",
        Level.CALL_911,
        _p(
            # a seizure, not seizure medicines or a seizure disorder someone has
            r"\bseiz\w*\b(?!\s+(?:meds?|medications?|medicines?|disorder|history|precautions|plan|pills?|drugs?))",
            r"\bconvuls\w*\b",
            r"\b(?:shaking|jerking|twitching) (?:all over|uncontrollably|and (?:then )?(?:wont|not|didnt) respond)",
            r"\bconvulsi\w*|\bataque epil[eé]ptico\b",
        ),
    ),
    Rule(
        "overdose",
        Level.CALL_911,
        _p(
            r"\boverdos\w*\b",
            r"\bswallowed\b.{0,30}\b(?:pills?|meds|medicine|medication|tablets?|bottle)\b",
            r"\bpoison\w*\b",
            r"\b(?:pinpoint|tiny) pupils\b",
            r"\btook (?:a (?:whole|bunch)|the whole|way too many|a handful)\b",
            r"\bsobredosis\b|\benvenen\w*\b",
        ),
        poison_control=True,
    ),
    Rule(
        "fall with injury",
        Level.CALL_911,
        _p(
            r"\b(?:fell|fallen|fall|falling|tripped|slipped)\b.{0,40}\b(?:hit|head|bleed\w*|blood|cant get up|"
            r"cannot get up|cant move|broke|broken|injur\w*|unconscious|wont get up|bone)",
            r"\bse cay[oó]\b.{0,40}\b(?:cabeza|sangr\w*|no se puede levantar|no puede levantarse|roto|rota)",
        ),
    ),
    Rule(
        "confusion with fever",
        Level.CALL_911,
        _p(
            r"\b(?:confus\w*|disoriented|delirious|out of it|not herself|not himself)\b.{0,40}\b(?:fever|temp\w*|burning up)",
            r"\b(?:fever|temp\w*|burning up)\b.{0,40}\b(?:confus\w*|disoriented|delirious|out of it|not making sense)",
            r"\bconfundid[oa]\b.{0,40}\bfiebre\b|\bfiebre\b.{0,40}\bconfundid[oa]\b",
        ),
    ),
    Rule(
        "doubled dose",
        Level.NURSE_TODAY,
        _p(
            r"\b(?:took|gave|given|taken|ran|run)\b.{0,25}\b(?:double|twice|two doses|extra|too much|too many|an extra|"
            r"second dose|both doses)",
            r"\b(?:double|doubled|extra) (?:dose|dosed|the dose)\b|\bdose\b.{0,20}\btwice\b|\btwice\b.{0,10}\bdose\b",
            r"\bdos(?:is|ó|o) doble\b|\bdos veces la (?:dosis|medicina)\b",
        ),
        poison_control=True,
    ),
    Rule(
        "line infection or site problem",
        Level.NURSE_TODAY,
        _p(
            r"\b(?:fever|chills|shaking|shivering|rigors|temperature of|temp of|sweats)\b.{0,60}\b" + _LINE + r"\b",
            r"\b" + _LINE + r"\b.{0,60}\b(?:fever|chills|shaking|rigors)\b",
            r"\bfever of (?:10[0-9]|3[89])",
            r"\b(?:"
            + _LINE
            + r"|site|arm|insertion)\b.{0,40}\b(?:red|redness|swollen|swelling|pus|ooz\w*|leak\w*|warm|hot|"
            r"draining|streak\w*|hurts? bad|really hurts|puffy)\b",
            r"\bred streak\w*\b|\b(?:pus|ooz\w*|leak\w*)\b.{0,40}\b(?:port|picc|line|site|iv|catheter)\b",
            r"\b(?:temp|temperature|fever)\b.{0,15}\b(?:10[0-4](?:\.\d)?|3[89](?:[.,]\d)?)\b",
            r"\bfiebre\b.{0,40}\b"
            + _LINE_ES
            + r"\b|\bescalofr[ií]os\b|\b"
            + _LINE_ES
            + r"\b.{0,40}\b(?:roj[oa]|hinchad[oa]|pus|caliente)",
        ),
    ),
    Rule(
        "pump or dose problem",
        Level.NURSE_TODAY,
        _p(
            r"\b(?:pump|machine)\b.{0,40}\b(?:alarm\w*|beep\w*|error|occlu\w*|stopped|wont start|not working|flashing)",
            r"\b(?:alarm\w*|beep\w*)\b.{0,30}\b(?:pump|machine|iv|infusion)\b",
            r"\bair (?:bubbles? )?in (?:the|my|his|her) (?:line|tubing)\b",
            r"\b(?:missed|forgot|skipped)\b.{0,30}\b(?:dose|infusion|antibiotic|meds)\b",
            r"\b(?:olvid[eéoó]|se me olvid[oó]|salt[eéoó])\b.{0,30}\b(?:dosis|infusi[oó]n|antibi[oó]tico|medicina)\b",
            r"\b(?:cant|cannot|couldnt|wont) flush\b",
            r"\bla bomba\b.{0,30}\b(?:suena|alarma|pita|error)|\balarma\b.{0,30}\bbomba\b|\bolvid[eé] la dosis\b",
        ),
    ),
)

# A mention that is past, controlled, hypothetical or general: answered, not escalated.
_TIME_FRAME = _p(
    r"\b(?:\d+|a|one|two|three|four|five|six|few|a few|several|many|couple(?: of)?) (?:years?|yrs?|months?|weeks?|decades?)"
    r" (?:ago|back|before)\b",
    r"\blast (?:year|month|spring|summer|fall|autumn|winter|christmas|time)\b",
    r"\b(?:for|over) (?:years|decades|a long time|most of (?:his|her|my) life)\b",
    r"\bin (?:19|20)\d\d\b|\bback in\b|\ba while (?:ago|back)\b|\byears ago\b|\bhistory of\b|\bused to\b",
    r"\b(?:since|after) (?:his|her|my|the) (?:stroke|fall|seizure|heart attack|surgery)\b",
    r"\b(?:what|which) (?:are|r) (?:the )?(?:signs|symptoms|warning signs)\b|\bsigns of (?:a )?\w+\b",
    r"\bhow (?:do|would|can) (?:i|we|you) (?:know|tell|recogni[sz]e|spot|prevent|avoid)\b",
    r"\b(?:what|how) (?:should|do|would) (?:i|we) do if\b|\bwhat (?:happens|if)\b|\bin case\b|\bjust in case\b",
    r"\bwhat (?:does|do) (?:a |an |the )?(?:\w+ )?(?:alarms?|beeps?|errors?|beeping) (?:usually )?mean\b",
    r"\b(?:nothing is wrong|nothings wrong|nothing wrong yet|it hasnt happened|hasnt happened yet)\b",
    r"\b(?:first aid|cpr) (?:class|course)\b|\bfor (?:a|my) (?:class|course|school|nursing)\b|\bhypothetically\b",
    r"\b(?:under control|well controlled|controlled with|hasnt had one|no (?:seizures|falls) since)\b",
    r"\bhace (?:\d+|un|una|dos|tres|varios|muchos|unos) (?:a[nñ]os?|meses|semanas)\b|\bel a[nñ]o pasado\b",
    r"\bqu[eé] (?:hago|hacer|pasa) si\b|\bc[oó]mo (?:s[eé]|saber) si\b|\bse[nñ]ales de\b",
)


def match(text: str) -> Rule | None:
    """The most urgent rule that matches (crisis first, then 911, then the nurse line)."""
    hits = [r for r in RULES if any(p.search(text) for p in r.patterns)]
    if not hits:
        return None
    order = {Level.CRISIS: 0, Level.CALL_911: 1, Level.NURSE_TODAY: 2}
    return min(hits, key=lambda r: order[r.level])


def time_frame(text: str) -> bool:
    """True when the message places what it mentions in the past, or asks in general."""
    folded = fold(text)
    return any(p.search(text) or p.search(folded) for p in _TIME_FRAME)


# Requests the assistant must not answer, by topic; the topic decides who the patient is sent to.
REFUSALS: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    (
        "jailbreak",
        _p(
            r"\bignore (?:all |your |the |any )?(?:previous |prior |above )?(?:instructions|rules|guidelines)\b",
            r"\b(?:developer|god|dan|jailbreak|unrestricted) mode\b|\bsystem prompt\b|\byour (?:instructions|prompt)\b",
            r"\b(?:pretend|act|roleplay|role-play|role play) (?:to be|as|you are|youre|that you)\b|\blets play a game\b",
            r"\byou are (?:now|no longer)\b|\bfrom now on\b.{0,40}\b(?:answer|you)\b|\bnew instructions\b",
            r"\bignora (?:tus|las) instrucciones\b|\bfinge que eres\b|\bhaz de cuenta\b",
        ),
    ),
    (
        "infusion-rate",
        _p(
            r"\b(?:turn up|turn down|speed up|slow down|increase|decrease|change|adjust|raise|lower|up|run)\b.{0,30}"
            r"\b(?:rate|pump|drip|flow|ml ?/ ?h\w*|ml per hour)\b",
            r"\b(?:run|finish)\b.{0,20}\b(?:faster|quicker|slower)\b",
            r"\b(?:subir|bajar|cambiar|acelerar)\b.{0,20}\b(?:velocidad|bomba|goteo)\b",
        ),
    ),
    (
        "medication",
        _p(
            r"\b(?:double|triple|increase|decrease|lower|raise|change|adjust|skip|cut|split|halve)\b.{0,25}\bdos(?:e|es|age|ing)\b",
            r"\bhow (?:much|many)\b.{0,50}\b(?:can|should|do|to) (?:i|he|she|we|they|you)?\s*(?:take|give|have|use)\b",
            r"\bhow (?:much|many) (?:mg|milligrams?|tablets?|pills?|units?|tylenol|ibuprofen|advil|aspirin|insulin)\b",
            r"\bwhat dose\b|\bdosage (?:of|for)\b|\b\d+ ?mg\b.{0,30}\b(?:ok|safe|enough|too much)\b",
            r"\b(?:stop|quit|skip|come off|go off|get off|hold|pause)\b.{0,30}"
            r"\b(?:meds|medicine|medications?|pills?|antibiotics?|drugs?|insulin|ivig|infusions?|blood thinner|"
            r"warfarin|eliquis|xarelto|coumadin|steroids?|prednisone|chemo)\b",
            r"\b(?:can|should|is it (?:ok|okay|safe) to) (?:i|he|she|we)?\s*(?:take|mix|combine|have|drink)\b.{0,40}"
            r"\b(?:with|and|while (?:on|taking))\b",
            r"\b(?:alcohol|beer|wine|drinks?|drinking|liquor|grapefruit|vodka|whiskey)\b.{0,40}"
            r"\b(?:antibiotic\w*|meds|medicine|medication|infusion|iv|pills?|drug)\b",
            r"\b(?:antibiotic\w*|meds|medicine|medication|infusion|iv|pills?)\b.{0,40}\b(?:alcohol|beer|wine|grapefruit)\b",
            r"\b(?:prescribe|prescription for|refill|write me|call in)\b",
            r"\bfrom \d+(?:\.\d+)? ?(?:g|grams?|mg|milligrams?|units?|ml|mcg)\b.{0,15}\bto \d",
            r"\b(?:can|should|could) (?:i|we|he|she)\b.{0,20}\b(?:go|increase|bump|up|raise)\b.{0,20}\b\d+ ?(?:g|grams?|mg|units?|ml|mcg)\b",
            r"\bcu[aá]nt[oa]s? (?:pastillas|mg|miligramos|dosis)\b|\b(?:dejar|suspender) (?:de tomar )?(?:la|el|las|los) "
            r"(?:medicina|medicamento|pastillas|anticoagulante)\b|\balcohol\b.{0,30}\b(?:antibi[oó]tico|medicina)\b",
        ),
    ),
    (
        "diagnosis",
        _p(
            r"(?<!why )\b(?:do|does|did) (?:i|he|she|my \w+) have\b(?! to| homework| a choice| time| any| questions| an? (?:visit|appointment)| visits| coverage| insurance)",
            r"\bwhat(?:s| is)? wrong with (?:me|my|him|her)\b",
            r"\b(?:diagnos\w*|prognosis)\b",
            r"\b(?:test|lab|blood work|bloodwork|scan|x-?ray|mri|ct) results?\b|\bwhat does (?:my|his|her) \w+ (?:mean|level)\b",
            r"\bis (?:this|that|it) (?:serious|normal|cancer|an infection|a blood clot|dvt)\b(?! that| to| for)|\bcould (?:it|this) be\b",
            r"\bdo you think (?:i|he|she|my \w+|it|this|that) (?:has|have|is|could)\b|\bis (?:this|that|it) (?:rash |lump |spot )?(?:shingles|cancer|infected|broken|fractured|sprained|a clot)\b",
            r"\bqu[eé] tengo\b|\bes c[aá]ncer\b|\bdiagn[oó]stic\w*",
        ),
    ),
    (
        "legal-billing",
        _p(
            r"\b(?:sue|suing|lawsuit|lawyer|attorney|legal action|small claims|malpractice)\b",
            r"\b(?:dispute|contest|fight|appeal)\b.{0,20}\b(?:bill|charge|invoice|claim)\b|\bcollections?\b.{0,20}\bagency\b",
            r"\b(?:liable|liability|compensation|compensate me|how much can i get)\b",
            r"\b(?:demandar|abogado|demanda)\b",
        ),
    ),
    (
        "insurance-choice",
        _p(
            r"\b(?:which|what) (?:medicare |advantage |insurance |supplement |medigap )?(?:plan|insurance|policy)\b.{0,30}"
            r"\b(?:should|do you recommend|is best|is better|pick|choose)\b",
            r"\bshould (?:i|we|he|she) (?:switch|change|pick|choose|get|sign up for|enroll)\b.{0,30}\b(?:plan|insurance|advantage|medigap|supplement)\b",
            r"\b(?:best|better) (?:medicare|insurance|advantage|supplement) plan\b|\bpick one for me\b",
            r"\bwhich (?:one )?is better\b.{0,40}\b(?:plan|insurance|aetna|humana|medicaid|medicare|cigna|united|blue cross|kaiser|advantage)\b",
            r"\bqu[eé] (?:plan|seguro)\b.{0,40}\bconviene\b|\bcu[aá]l (?:plan|seguro)\b.{0,30}\b(?:mejor|conviene)\b",
        ),
    ),
    (
        "other-people",
        _p(
            r"\b(?:another|other|the other) (?:patient|client)s?\b.{0,40}\b(?:address|schedule|name|phone|number|diagnosis|info\w*|live)",
            r"\b(?:address|schedule|phone|number|diagnosis|meds|medications|visits?)\b.{0,40}\b(?:another|other|the other) (?:patient|client)",
            r"\b(?:nurse|therapist|aide|caregiver|worker)s? (?:home )?(?:address|phone number|cell|where (?:she|he) lives)\b",
            r"\b(?:is|was|are) (?:one of |also )?your (?:patients?|clients?)\b|\byour patient too\b",
            r"\bwhere does (?:my |the )?(?:nurse|therapist|aide) live\b|\bwho else (?:do|does) (?:you|she|he|the nurse) (?:see|visit)\b",
        ),
    ),
)


def refusal_topic(text: str) -> str | None:
    return next((topic for topic, patterns in REFUSALS if any(p.search(text) for p in patterns)), None)
