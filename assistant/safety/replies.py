"""What the assistant says when it must not answer from the guides: escalations and refusals, in English
and Spanish.

Every escalation says what to do first (911, 988, the nurse line) with the numbers written out (the
widget turns them into tap-to-call links); every refusal names who can help instead. The wording is
fixed text reviewed by people, never generated.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.language import Lang
from assistant.safety.patterns import Level


@dataclass(frozen=True)
class NurseLine:
    name: str
    phone: str


_EMERGENCY = {
    "en": (
        "This sounds like an emergency. Call 911 now. Don't wait for a reply here. "
        "If a line came out or there is bleeding, press firmly on the spot with clean gauze. "
        "Stay with the person until help arrives. When it is safe, let {name} know at {phone}."
    ),
    "es": (
        "Esto parece una emergencia. Llame al 911 ahora. No espere una respuesta aquí. "
        "Si se salió la vía o hay sangrado, presione firme con una gasa limpia. "
        "Quédese con la persona hasta que llegue ayuda. Cuando sea seguro, avise a {name} al {phone}."
    ),
}
_NURSE = {
    "en": (
        "Please call {name} at {phone} now; this needs a nurse today, not a chat answer. "
        "Don't change the pump or the medicine on your own. "
        "If the person has trouble breathing, chest pain, or gets worse, call 911."
    ),
    "es": (
        "Llame ahora a {name} al {phone}; esto necesita a una enfermera hoy, no una respuesta por chat. "
        "No cambie la bomba ni la medicina por su cuenta. "
        "Si le cuesta respirar, tiene dolor de pecho o empeora, llame al 911."
    ),
}
_POISON = {
    "en": " For a medicine taken twice or too much, you can also call Poison Control at 1-800-222-1222.",
    "es": " Si tomó una dosis doble o de más, también puede llamar a Control de Envenenamientos al 1-800-222-1222.",
}
_CRISIS = {
    "en": (
        "I'm really sorry you are going through this, and I'm glad you said it. You don't have to face it alone. "
        "Please call or text 988 (the Suicide & Crisis Lifeline) now; someone is there 24 hours a day. "
        "If you or someone else is in danger right now, call 911. "
        "You can also reach {name} at {phone}."
    ),
    "es": (
        "Siento mucho que esté pasando por esto, y me alegra que lo diga. No tiene que enfrentarlo solo. "
        "Llame o envíe un mensaje al 988 (Línea de Prevención del Suicidio y Crisis; marque 2 para español) ahora; "
        "atienden las 24 horas. Si usted u otra persona está en peligro ahora mismo, llame al 911. "
        "También puede llamar a {name} al {phone}."
    ),
}

_REFUSALS = {
    "medication": {
        "en": "I can't advise on doses or on starting, stopping or combining medicines, alcohol or foods with "
        "them. Your prescriber or pharmacist can answer that safely; for a question today, call {name} at {phone}.",
        "es": "No puedo aconsejar sobre dosis, ni sobre empezar, dejar o combinar medicinas, alcohol o comidas con "
        "ellas. Su médico o farmacéutico puede responderle; si es para hoy, llame a {name} al {phone}.",
    },
    "infusion-rate": {
        "en": "Please don't change the pump rate or the infusion yourself: it is set by the prescriber's order. "
        "Call {name} at {phone}; the infusion nurse or pharmacist will tell you what to do.",
        "es": "Por favor no cambie la velocidad de la bomba ni la infusión: la fija la orden médica. Llame a {name} "
        "al {phone}; la enfermera o el farmacéutico de infusión le dirán qué hacer.",
    },
    "diagnosis": {
        "en": "I can't tell what a symptom or a result means for you. Your doctor or nurse can; call {name} at "
        "{phone}, and if it feels urgent, call 911.",
        "es": "No puedo decir qué significa un síntoma o un resultado. Su médico o enfermera sí; llame a {name} al "
        "{phone}, y si parece urgente, llame al 911.",
    },
    "legal-billing": {
        "en": "I can't help with legal questions or bill disputes. Our billing office can go over a bill with you, "
        "and for legal advice please talk to a lawyer. You can reach the office through {name} at {phone}.",
        "es": "No puedo ayudar con asuntos legales ni disputas de facturas. Nuestra oficina de facturación puede "
        "revisar una factura con usted; para asesoría legal, hable con un abogado. Llame a {name} al {phone}.",
    },
    "insurance-choice": {
        "en": "I can't recommend an insurance plan. Medicare (1-800-633-4227) or your state's free SHIP counselors "
        "can help you compare plans, and our intake team can check what your current plan covers.",
        "es": "No puedo recomendar un plan de seguro. Medicare (1-800-633-4227) o los consejeros gratuitos SHIP de su "
        "estado pueden ayudarle a comparar; nuestro equipo de admisión puede revisar lo que cubre su plan actual.",
    },
    "other-people": {
        "en": "I can't share anything about other patients or our staff; everyone's information is private. "
        "For your own care, call {name} at {phone}.",
        "es": "No puedo compartir información de otros pacientes ni de nuestro personal; es privada. Para su propia "
        "atención, llame a {name} al {phone}.",
    },
    "jailbreak": {
        "en": "I can only answer questions about home care from our guides, and I don't change those rules. "
        "Ask me about in-home therapy, home exercise programs or home infusion.",
        "es": "Solo puedo responder preguntas sobre atención en casa con nuestras guías, y esas reglas no cambian. "
        "Pregúnteme sobre terapia en casa, ejercicios en casa o infusión en casa.",
    },
    "off-topic": {
        "en": "Sorry, I can only help with questions about our home-care services: in-home physical, occupational "
        "and speech therapy, home exercise programs, home infusion, coverage, referrals and visits. For your own "
        "care, call {name} at {phone}.",
        "es": "Lo siento, solo puedo ayudar con preguntas sobre nuestros servicios en casa: terapia física, "
        "ocupacional y del habla, ejercicios en casa, infusión en casa, cobertura, referidos y visitas. Para su "
        "atención, llame a {name} al {phone}.",
    },
}
# Topics named by the classifier's exemplars fold onto the reply that names who can help.
REFUSAL_TOPICS = {
    "medication-dose": "medication",
    "stop-medication": "medication",
    "combine-medications": "medication",
    "alcohol-food": "medication",
    "alcohol": "medication",
    "prescribing": "medication",
    "medication": "medication",
    "infusion-rate": "infusion-rate",
    "diagnosis": "diagnosis",
    "legal-billing": "legal-billing",
    "insurance-choice": "insurance-choice",
    "other-patient-data": "other-people",
    "other-people": "other-people",
    "jailbreak": "jailbreak",
    "role-play": "jailbreak",
    "prompt-injection": "jailbreak",
    "off-topic": "off-topic",
}

PAST_MENTION = {
    "en": "If this is happening now, call 911.",
    "es": "Si esto está pasando ahora, llame al 911.",
}
SPANISH_LEAD = (
    "Puedo responder mejor en inglés; abajo va la respuesta de nuestras guías. Si tiene dudas sobre su atención, "
    "llame a {name} al {phone}."
)


def escalation(level: Level, lang: Lang, nurse: NurseLine, *, poison_control: bool = False) -> str:
    fields = {"name": nurse.name, "phone": nurse.phone}
    if level is Level.CRISIS:
        return _CRISIS[lang].format(**fields)
    text = (_EMERGENCY if level is Level.CALL_911 else _NURSE)[lang].format(**fields)
    return text + _POISON[lang] if poison_control else text


def refusal(topic: str, lang: Lang, nurse: NurseLine) -> str:
    key = REFUSAL_TOPICS.get(topic, "off-topic")
    return _REFUSALS[key][lang].format(name=nurse.name, phone=nurse.phone)


def spanish_lead(nurse: NurseLine) -> str:
    return SPANISH_LEAD.format(name=nurse.name, phone=nurse.phone)
