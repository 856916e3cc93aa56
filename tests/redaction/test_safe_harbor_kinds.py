"""The identifier kinds issue 18 names, each as patients and coordinators write it, and clinical text
beside them that must stay. The numbers on unseen text come from ``bench/redaction.py``."""

from __future__ import annotations

import pytest

from assistant.redaction.service import Redactor

IDENTIFIERS = [
    ("soy María Guadalupe Torres y llamo por mi mamá", "María Guadalupe Torres"),
    ("my husband lyle needs PT after his knee", "lyle"),
    ("everybody calls her Aggie, she is my grandmother", "Aggie"),
    ("can that visit be scheduled with Sophie instead", "Sophie"),
    ("pt: anders holm, dx L TKA", "anders holm"),
    ("we moved mom to Marietta last week", "Marietta"),
    ("she lives in yonkers with my sister", "yonkers"),
    ("vivimos en el condado de Hidalgo", "condado de Hidalgo"),
    ("nos mudamos a avenida Las Palmas 3402", "avenida Las Palmas 3402"),
    ("it's 880 Third Ave, 14th floor", "880 Third Ave, 14th floor"),
    ("my dad is 94 and still drives", "94"),
    ("mi papá tiene 91 años", "91"),
    ("Pt Elmer Haskell, 91M, SOC requested", "91"),
    ("her MRN at St. Luke's is 00482913", "00482913"),
    ("the number on her card is H61827340", "H61827340"),
    ("member id is H 4 8 2 0 6 1 9 3 7", "H 4 8 2 0 6 1 9 3 7"),
    (
        "my number is nine one four, five five five, zero one four two",
        "nine one four, five five five, zero one four two",
    ),
    ("last four of her social is 4417", "4417"),
    ("my plate is BXN 7720, can the agency help", "BXN 7720"),
    ("su licencia de manejar es 31880427", "31880427"),
    ("discharged on Oct 2 from mercy", "Oct 2"),
    ("moms hip surgery was 11/7 and she came home 11/11", "11/7"),
    ("nació el veinticinco de diciembre de mil novecientos treinta y dos", "veinticinco de diciembre"),
]


@pytest.mark.parametrize(("text", "identifier"), IDENTIFIERS)
def test_identifier_is_removed(redactor: Redactor, text: str, identifier: str) -> None:
    assert identifier not in redactor.redact(text).text


CLINICAL = [
    "pain is 7/10 today, it was 4/10 yesterday",
    "INR 2.5 on Monday, goal 2-3, next check in 1 wk",
    "trough due before the 4th dose",
    "labs this AM: K 3.2, Mg 1.6, Cr 1.4, WBC 11.8, Hgb 9.7",
    "gait speed 0.6 m/s, TUG 18 sec, Berg 38/56",
    "The Dr. said to flush with 10 mL saline before and after each dose",
    "el Dr. dijo que no faltara ninguna dosis de ceftriaxona 2 g cada 24 horas",
    "tiene Parkinson y lo cubre Medicare Parte B",
    "Heparin 10000 units in 24 hours, room 412",
]


@pytest.mark.parametrize("text", CLINICAL)
def test_clinical_text_is_left_alone(redactor: Redactor, text: str) -> None:
    assert redactor.redact(text).text == text


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("last four of her social is 4417", "<US_SSN_1>"),
        ("el seguro social de mi mamá termina en 3318", "<US_SSN_1>"),
        ("the charge on my card ending 8814", "<OTHER_ID_1>"),
    ],
)
def test_last_fours_are_labelled_for_what_they_are(redactor: Redactor, text: str, placeholder: str) -> None:
    assert placeholder in redactor.redact(text).text
