"""Each recognizer against its own table: what it must claim (exactly) and what it must leave alone."""

from __future__ import annotations

import pytest

from assistant.redaction.recognizers.address import AddressRecognizer
from assistant.redaction.recognizers.age import AgeRecognizer
from assistant.redaction.recognizers.dob import DobRecognizer
from assistant.redaction.recognizers.email import EmailAddressRecognizer
from assistant.redaction.recognizers.location import ResidenceRecognizer
from assistant.redaction.recognizers.mbi import MbiRecognizer, is_valid_mbi
from assistant.redaction.recognizers.member_id import MemberIdRecognizer
from assistant.redaction.recognizers.mrn import MrnRecognizer
from assistant.redaction.recognizers.person import ContextNameRecognizer
from assistant.redaction.recognizers.phone import UsPhoneRecognizer
from assistant.redaction.recognizers.ssn import SsnRecognizer
from assistant.redaction.recognizers.url import WebAddressRecognizer
from assistant.redaction.recognizers.zip import ZipRecognizer

from .conftest import spans_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MRN 00482913 on file", ["00482913"]),
        ("mrn: A7731902", ["A7731902"]),
        ("medical record number is 55-10293", ["55-10293"]),
        ("my account number is 998877665", ["998877665"]),
        ("chart # 4482991", ["4482991"]),
        ("Vancomycin 1000 mg every 12 hours", []),
        ("in case 10000 units are needed", []),
        ("record 3x a week", []),
    ],
)
def test_mrn(text: str, expected: list[str]) -> None:
    assert spans_of(MrnRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("1EG4-TE5-MK73", True),
        ("1EG4TE5MK73", True),
        ("1eg4te5mk73", True),
        ("0EG4TE5MK73", False),  # position 1 is 1-9
        ("1SG4TE5MK73", False),  # S is never used
        ("1EG4TE5MK7", False),  # 10 characters
        ("1E14TE5MK73", True),  # position 3 may be a digit
        ("1EGATE5MK73", False),  # position 4 must be a digit
        ("1EG4TE5M173", False),  # position 9 must be a letter
        ("1EG4-TE5-MO73", False),  # O is never used
    ],
)
def test_mbi_format_rules(value: str, valid: bool) -> None:
    assert is_valid_mbi(value) is valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Medicare ID 1EG4-TE5-MK73 please", ["1EG4-TE5-MK73"]),
        ("mbi 3tw9hk4ye62", ["3tw9hk4ye62"]),
        ("lot 1SG4TE5MK73 expired", []),
        ("NDC 0409-4888-02", []),
    ],
)
def test_mbi(text: str, expected: list[str]) -> None:
    assert spans_of(MbiRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("member ID XEH123456789", ["XEH123456789"]),
        ("member id number is W2837461903, Lasix 40 mg", ["W2837461903"]),
        ("group # 84621", ["84621"]),
        ("policy number ZGP-4418-290011", ["ZGP-4418-290011"]),
        ("card shows JQU897984165", ["JQU897984165"]),
        ("member services said G0068 is billable", []),
        ("group therapy 3x a week", []),
    ],
)
def test_member_id(text: str, expected: list[str]) -> None:
    assert spans_of(MemberIdRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live at 12 Oak St Springfield IL 62704 and", ["12 Oak St Springfield IL 62704"]),
        (
            "its 4521 north maple avenue apt 3b chicago il 60614 please",
            ["4521 north maple avenue apt 3b chicago il 60614"],
        ),
        ("77 Elm Street, Boston, MA 02110. Vancomycin 1 g", ["77 Elm Street, Boston, MA 02110"]),
        ("send to PO Box 1234 Dayton OH 45402", ["PO Box 1234 Dayton OH 45402"]),
        ("55 Sunset Way Fresno CA 93701", ["55 Sunset Way Fresno CA 93701"]),
        ("3118 Lee Rd, Port Lawrence OR, phone", ["3118 Lee Rd, Port Lawrence OR"]),
        ("I live at 300 Bay Rd so come by in 2 days", ["300 Bay Rd"]),
        ("give 2 doses the same way", []),
        ("take 12 hours every day", []),
    ],
)
def test_address(text: str, expected: list[str]) -> None:
    assert spans_of(AddressRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zip code is 94110", ["94110"]),
        ("Springfield IL 62704-1234", ["62704-1234"]),
        ("Heparin 10000 units in 24 hours", []),
        ("come in 10000 ways", []),  # "in" is not Indiana
        ("CPT 97110 for therapy", []),
    ],
)
def test_zip(text: str, expected: list[str]) -> None:
    assert spans_of(ZipRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DOB 3/4/1931", ["3/4/1931"]),
        ("date of birth: 1936-11-02", ["1936-11-02"]),
        ("I was born on the 4th of July 1938", ["the 4th of July 1938"]),
        ("my birthday is march third nineteen forty-one", ["march third nineteen forty-one"]),
        ("02/29/1932 is my birthday", ["02/29/1932"]),
        ("born 6-7-44, last visit 6-7-2025", ["6-7-44"]),
        ("next visit on 3/14/2025", []),
        ("start of care March 3, 2025", []),
    ],
)
def test_dob_only_with_birth_context(text: str, expected: list[str]) -> None:
    assert spans_of(DobRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("she is 94 years old", ["94"]),
        ("a 101-year-old female", ["101"]),
        ("Mr. Patel is 97 y/o", ["97"]),
        ("she is ninety-three years old", ["ninety-three"]),
        ("age 95, homebound", ["95"]),
        ("my grandmother is 92 and lives alone", ["92"]),
        ("he is 89 years old", []),  # 89 and under are not identifiers
        ("she is 67 years old", []),
        ("he is 100 mg over", []),
    ],
)
def test_age_over_89(text: str, expected: list[str]) -> None:
    assert spans_of(AgeRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call (312) 555-0199 now", ["(312) 555-0199"]),
        ("call 312-555-0199", ["312-555-0199"]),
        ("call 312.555.0199", ["312.555.0199"]),
        ("call 312 555 0199", ["312 555 0199"]),
        ("text 3125550199", ["3125550199"]),
        ("+1 (415) 555-2671 x204", ["+1 (415) 555-2671 x204"]),
        ("1-800-555-0100", ["1-800-555-0100"]),
        ("(708)555 - 0142", ["(708)555 - 0142"]),
        ("fax 1.800.555.0100", ["1.800.555.0100"]),
        ("call me at 312 555 01 99", ["312 555 01 99"]),
        ("3 1 2 5 5 5 0 1 9 8", ["3 1 2 5 5 5 0 1 9 8"]),
        ("home is 555-0143", ["555-0143"]),
        ("Heparin 5000 units q12h", []),
        ("SSN 219-09-9999", []),
        ("visit on 03/14/2025", []),
    ],
)
def test_phone(text: str, expected: list[str]) -> None:
    assert spans_of(UsPhoneRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SSN 219-09-9999", ["219-09-9999"]),
        ("my social security number 078051120", ["078051120"]),
        ("ssn is 219 09 9999", ["219 09 9999"]),
        ("000-12-3456", []),
        ("666-12-3456", []),
        ("MRN 078051120", []),  # nine bare digits need the label
    ],
)
def test_ssn(text: str, expected: list[str]) -> None:
    assert spans_of(SsnRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email jane.doe77@gmail.com now", ["jane.doe77@gmail.com"]),
        ("bob dot smith at yahoo dot com", ["bob dot smith at yahoo dot com"]),
        ("meet at noon", []),
    ],
)
def test_email(text: str, expected: list[str]) -> None:
    assert spans_of(EmailAddressRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://portal.example.com/u/jd.", ["https://portal.example.com/u/jd"]),
        ("www.carolsmithcare.com", ["www.carolsmithcare.com"]),
        ("give 1 tab p.o. q.d.", []),
    ],
)
def test_url(text: str, expected: list[str]) -> None:
    assert spans_of(WebAddressRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my name is mary ellen fisher and i need", ["mary ellen fisher"]),
        ("this is Grace calling", ["Grace"]),
        ("scott evans here, born 1950", ["scott evans"]),
        ("my daughter Rose Walker will call", ["Rose Walker"]),
        ("Dr. Walker wants PT", ["Walker"]),
        ("dr nguyen ordered Zosyn", ["nguyen"]),
        ("the nurse said Heparin", []),
        ("this is urgent", []),
        ("my name is on the form", []),
    ],
)
def test_context_names(text: str, expected: list[str]) -> None:
    assert spans_of(ContextNameRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("she lives in Evanston, zip", ["Evanston"]),
        ("we moved to Oak Park last year", ["Oak Park"]),
        ("she lives in Texas", []),  # states are not identifiers
        ("lives in a group home", []),
    ],
)
def test_residence(text: str, expected: list[str]) -> None:
    assert spans_of(ResidenceRecognizer(), text) == expected
