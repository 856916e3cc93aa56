"""Placeholders are consistent within a conversation; the vault opens only with its key."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from assistant.redaction.policy import Vault, VaultError
from assistant.redaction.service import Redactor


def test_same_person_same_placeholder_within_conversation(redactor: Redactor) -> None:
    first = redactor.redact("My name is Mary Jones, call 312-555-0199.", "conv-a").text
    second = redactor.redact("Mary Jones again; my daughter Rose Miller will call from 312 555 0199.", "conv-a")
    assert first == "My name is <PERSON_1>, call <PHONE_NUMBER_1>."
    assert second.text == "<PERSON_1> again; my daughter <PERSON_2> will call from <PHONE_NUMBER_1>."


def test_first_name_alone_maps_to_the_full_name(redactor: Redactor) -> None:
    redactor.redact("my name is Harold Chen", "conv-b")
    assert (
        redactor.redact("Nurse, tell Harold the visit moved", "conv-b").text == "Nurse, tell <PERSON_1> the visit moved"
    )


def test_numbering_is_per_conversation(redactor: Redactor) -> None:
    redactor.redact("my name is Ann Lee", "conv-c")
    assert redactor.redact("my name is Bo Diaz", "conv-d").text == "my name is <PERSON_1>"
    assert redactor.redact("my name is Bo Diaz", "conv-c").text == "my name is <PERSON_2>"


def test_without_vault_key_redaction_is_one_way(redactor: Redactor) -> None:
    assert redactor.vault is None
    assert redactor.redact("DOB 3/4/1931").sealed is None


def test_vault_round_trips_only_with_its_key(redactor: Redactor) -> None:
    key = Fernet.generate_key().decode()
    with_vault = Redactor(redactor._analyzer, vault_key=key)
    text = "my name is Rose Tyler, DOB 01/02/1930"
    result = with_vault.redact(text, "conv-e")
    assert result.sealed is not None and "Rose" not in result.sealed
    assert Vault(key).open(result.sealed) == text
    with pytest.raises(VaultError):
        Vault(Fernet.generate_key()).open(result.sealed)
    with pytest.raises(VaultError):
        Vault(key).open(result.sealed[:-4] + "AAAA")
