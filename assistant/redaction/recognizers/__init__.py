"""Our recognizers, one per file; ``custom_recognizers()`` is the list the engine registers."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from assistant.redaction.recognizers.address import AddressRecognizer
from assistant.redaction.recognizers.age import AgeRecognizer
from assistant.redaction.recognizers.dates import CareDateRecognizer
from assistant.redaction.recognizers.dob import DobRecognizer
from assistant.redaction.recognizers.email import EmailAddressRecognizer
from assistant.redaction.recognizers.gazetteer import NameListRecognizer, PlaceListRecognizer
from assistant.redaction.recognizers.labelled_id import LabelledIdRecognizer
from assistant.redaction.recognizers.location import ResidenceRecognizer
from assistant.redaction.recognizers.mbi import MbiRecognizer
from assistant.redaction.recognizers.member_id import MemberIdRecognizer
from assistant.redaction.recognizers.mrn import MrnRecognizer
from assistant.redaction.recognizers.person import ContextNameRecognizer
from assistant.redaction.recognizers.phone import UsPhoneRecognizer
from assistant.redaction.recognizers.spoken import (
    AccountEndingRecognizer,
    LastFourRecognizer,
    SpelledIdRecognizer,
    SpokenNumberRecognizer,
)
from assistant.redaction.recognizers.ssn import SsnRecognizer
from assistant.redaction.recognizers.url import WebAddressRecognizer
from assistant.redaction.recognizers.zip import ZipRecognizer


def custom_recognizers() -> list[EntityRecognizer]:
    """Fresh instances of every project recognizer."""
    return [
        AddressRecognizer(),
        AgeRecognizer(),
        CareDateRecognizer(),
        DobRecognizer(),
        EmailAddressRecognizer(),
        LabelledIdRecognizer(),
        NameListRecognizer(),
        PlaceListRecognizer(),
        ResidenceRecognizer(),
        MbiRecognizer(),
        MemberIdRecognizer(),
        MrnRecognizer(),
        ContextNameRecognizer(),
        UsPhoneRecognizer(),
        SsnRecognizer(),
        SpokenNumberRecognizer(),
        SpelledIdRecognizer(),
        LastFourRecognizer(),
        AccountEndingRecognizer(),
        WebAddressRecognizer(),
        ZipRecognizer(),
    ]
