"""The redaction evaluation set: Faker-generated messages plus hand-written hard cases, with gold spans.

Generated messages come from templates whose ``{slot}`` markers are filled by Faker (fixed seed,
so the set is identical on every run) and recorded as gold character spans as they are inserted.
Hard cases live in ``cases/hard_cases.yaml`` with explicit spans. Used by the tests and by
``bench/redaction.py`` (loaded by file path, so it imports nothing from the test package).
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from faker import Faker

DATA = Path(__file__).parent / "cases"
SEED = 20240917
N_GENERATED = 180


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str


@dataclass(frozen=True)
class Message:
    text: str
    spans: list[Span] = field(default_factory=list)
    source: str = "generated"

    def phi(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.spans]


MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"

TEMPLATES = [
    "Hi, my name is {name} and I'd like to set up {clinical}.",
    "This is {name}, DOB {dob}. My phone is {phone}.",
    "{name_lower} here, born {dob}, calling about {clinical}",
    "Patient: {name}\nDOB: {dob}\nMRN: {mrn}\nPhone: {phone}\nAddress: {address}",
    "my mom {name} is {age} years old and needs {clinical}. we live at {address}",
    "Please call my daughter {name} at {phone} or fax the orders to {fax}.",
    "Medicare number {mbi}, date of birth {dob}. {clinical}",
    "My Medicare ID is {mbi_compact} and my secondary plan member ID is {member}, group {group}.",
    "I'm at {address}. Zip code is {zip}. {clinical}",
    "You can email me at {email} or text {phone}.",
    "SSN {ssn}, MRN {mrn}. The nurse said {clinical}.",
    "Referral for {name}, {age}yo, account number {account}. {clinical}",
    "Hello, this is {name} from the clinic. Patient {name2} (DOB {dob}) needs {clinical}.",
    "My portal is {url} and the device IP is {ip}.",
    "{clinical} Ordered for {name}, member id {member}.",
    "Can someone call me back? {phone}. Thanks, {name}",
    "Dr. {last} wants {clinical} for my father {name}, who turned {age} last month.",
    "Address: {address}, phone {phone}, email {email}",
    "dob {dob} mbi {mbi} phone {phone}",
    "We moved to {address} so the nurse should come there. {clinical}",
]

CLINICAL = [
    "Vancomycin 1 g every 12 hours",
    "PT 3x a week for 4 weeks",
    "a PICC line dressing change on Tuesday",
    "home infusion covered under Part B",
    "HCPCS G0068 for the infusion visit",
    "Medicare Part B coverage for the pump",
    "Ceftriaxone 2 g IV daily via PICC line",
    "wound care twice a week",
    "an occupational therapist on Monday and Thursday",
    "Lasix 40 mg daily",
    "a Hoyer lift and a hospital bed",
    "speech therapy after the CVA",
    "insulin teaching with the RN",
    "the next visit on March 3 at 10am",
    "Heparin flush 5 mL after each dose",
]


def _mbi(rng: random.Random, hyphens: bool) -> str:
    def letter() -> str:
        return rng.choice(MBI_LETTERS)

    def alnum() -> str:
        return rng.choice(MBI_LETTERS + string.digits)

    chars = [
        str(rng.randint(1, 9)),
        letter(),
        alnum(),
        str(rng.randint(0, 9)),
        letter(),
        alnum(),
        str(rng.randint(0, 9)),
        letter(),
        letter(),
        str(rng.randint(0, 9)),
        str(rng.randint(0, 9)),
    ]
    value = "".join(chars)
    return f"{value[:4]}-{value[4:7]}-{value[7:]}" if hyphens else value


def _phone(fake: Faker, rng: random.Random) -> str:
    area, exch, line = rng.randint(201, 989), rng.randint(200, 999), rng.randint(0, 9999)
    formats = [
        f"({area}) {exch}-{line:04d}",
        f"{area}-{exch}-{line:04d}",
        f"{area}.{exch}.{line:04d}",
        f"{area} {exch} {line:04d}",
        f"{area}{exch}{line:04d}",
        f"+1 {area} {exch} {line:04d}",
        f"1-{area}-{exch}-{line:04d}",
        f"({area}){exch}-{line:04d}",
        f"{area} - {exch} - {line:04d}",
        f"{area}-{exch}-{line:04d} ext. {rng.randint(1, 999)}",
    ]
    return rng.choice(formats)


def _dob(fake: Faker, rng: random.Random) -> str:
    d = fake.date_of_birth(minimum_age=20, maximum_age=99)
    formats = [
        f"{d.month}/{d.day}/{d.year}",
        f"{d.month:02d}/{d.day:02d}/{d.year}",
        d.isoformat(),
        d.strftime("%B %-d, %Y"),
        d.strftime("%b %-d %Y"),
        d.strftime("%-d %B %Y"),
        f"{d.month}-{d.day}-{d.year % 100:02d}",
    ]
    return rng.choice(formats)


STREET_SUFFIXES = [
    "Street",
    "St",
    "Avenue",
    "Ave",
    "Road",
    "Rd",
    "Drive",
    "Dr",
    "Lane",
    "Ln",
    "Blvd",
    "Court",
    "Ct",
    "Way",
    "Place",
    "Terrace",
    "Circle",
    "Parkway",
]


def _address(fake: Faker, rng: random.Random) -> str:
    street = f"{rng.randint(1, 9999)} {fake.last_name()} {rng.choice(STREET_SUFFIXES)}"
    if rng.random() < 0.3:
        street += f" Apt {rng.randint(1, 40)}{rng.choice(['', 'B', 'C'])}"
    city, state, zip_code = fake.city(), fake.state_abbr(include_territories=False), fake.zipcode()
    styles = [
        f"{street}, {city}, {state} {zip_code}",
        f"{street} {city} {state} {zip_code}",
        street,
        f"{street}, {city} {state}",
    ]
    value = rng.choice(styles)
    return value.lower() if rng.random() < 0.15 else value


def _age(rng: random.Random) -> str:
    return str(rng.randint(90, 104))


def _slot(name: str, fake: Faker, rng: random.Random) -> tuple[str, str | None]:
    """The text for a slot and its gold type (None: not PHI)."""
    if name in {"name", "name2"}:
        return f"{fake.first_name()} {fake.last_name()}", "PERSON"
    generators = {
        "name_lower": lambda: (f"{fake.first_name()} {fake.last_name()}".lower(), "PERSON"),
        "last": lambda: (fake.last_name(), "PERSON"),
        "dob": lambda: (_dob(fake, rng), "DATE_OF_BIRTH"),
        "phone": lambda: (_phone(fake, rng), "PHONE_NUMBER"),
        "fax": lambda: (_phone(fake, rng), "PHONE_NUMBER"),
        "address": lambda: (_address(fake, rng), "ADDRESS"),
        "zip": lambda: (fake.zipcode(), "ZIP_CODE"),
        "mrn": lambda: (str(rng.randint(10**6, 10**9)), "MRN"),
        "account": lambda: (f"{rng.randint(10**7, 10**9)}", "MRN"),
        "mbi": lambda: (_mbi(rng, hyphens=rng.random() < 0.5), "MEDICARE_ID"),
        "mbi_compact": lambda: (_mbi(rng, hyphens=False), "MEDICARE_ID"),
        "member": lambda: (rng.choice(["XEH", "W", "ZGP", "JQU"]) + str(rng.randint(10**8, 10**10)), "MEMBER_ID"),
        "group": lambda: (str(rng.randint(10**4, 10**6)), "MEMBER_ID"),
        "email": lambda: (fake.email(), "EMAIL_ADDRESS"),
        "ssn": lambda: (fake.ssn(), "US_SSN"),
        "age": lambda: (_age(rng), "AGE"),
        "url": lambda: (f"https://portal.{fake.domain_name()}/u/{fake.user_name()}", "URL"),
        "ip": lambda: (fake.ipv4_private(), "IP_ADDRESS"),
        "clinical": lambda: (rng.choice(CLINICAL), None),
    }
    return generators[name]()


def generate(n: int = N_GENERATED, seed: int = SEED) -> list[Message]:
    """``n`` messages from the templates, deterministic for a given seed."""
    fake = Faker("en_US")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    messages = []
    for i in range(n):
        template = TEMPLATES[i % len(TEMPLATES)]
        text, spans, last = "", [], 0
        for match in re.finditer(r"\{(\w+)\}", template):
            text += template[last : match.start()]
            value, kind = _slot(match.group(1), fake, rng)
            if kind:
                spans.append(Span(len(text), len(text) + len(value), kind))
            text += value
            last = match.end()
        text += template[last:]
        messages.append(Message(text, spans))
    return messages


def hard_cases() -> list[Message]:
    """The hand-written cases, spans checked against their text."""
    raw = yaml.safe_load((DATA / "hard_cases.yaml").read_text("utf-8"))
    messages = []
    for case in raw:
        spans = [Span(p["start"], p["end"], p["type"]) for p in case.get("phi", [])]
        for p, span in zip(case.get("phi", []), spans, strict=True):
            if case["text"][span.start : span.end] != p["text"]:
                raise ValueError(f"gold span {p} does not match {case['text']!r}")
        messages.append(Message(case["text"], spans, source="hard"))
    return messages


def lookalikes() -> list[str]:
    """Clinical and insurance terms that must never be redacted."""
    return yaml.safe_load((DATA / "lookalikes.yaml").read_text("utf-8"))["terms"]


def evaluation_set() -> list[Message]:
    return generate() + hard_cases()
