"""How found identifiers are replaced: typed, numbered placeholders, plus an optional vault.

``<PERSON_1>`` must mean the same person every time it appears in a conversation so the assistant
(and an LLM) can still follow who is who; numbering restarts per conversation so placeholders
leak nothing across patients. Values are remembered only as keyed hashes, never in clear.
The reversible path is the vault: the original text, Fernet-encrypted with ``settings.vault_key``;
without the key nothing can be reversed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import threading
from collections import OrderedDict

from cryptography.fernet import Fernet, InvalidToken

from assistant.redaction.entities import PERSON, PHONE, Entity

_MAX_CONVERSATIONS = 10_000


class VaultError(Exception):
    """The sealed text cannot be opened (wrong key, tampered or not a vault token)."""


class Vault:
    """Seals and opens original text with a Fernet key."""

    def __init__(self, key: str | bytes) -> None:
        self._fernet = Fernet(key)

    def seal(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def open(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError) as exc:
            raise VaultError("cannot open sealed text with this key") from exc


def _normalise(entity_type: str, value: str) -> str:
    if entity_type == PHONE:
        digits = re.sub(r"\D", "", value)
        return digits[-10:]
    return re.sub(r"[\W_]+", " ", value.casefold()).strip()


class PlaceholderPolicy:
    """Assigns ``<TYPE_n>`` per conversation; a one-off call (no conversation) numbers from 1."""

    def __init__(self) -> None:
        self._salt = os.urandom(16)
        self._conversations: OrderedDict[str, dict[str, dict[str, int]]] = OrderedDict()
        self._lock = threading.Lock()

    def _digest(self, value: str) -> str:
        return hmac.new(self._salt, value.encode("utf-8"), hashlib.sha256).hexdigest()

    def _table(self, conversation_id: str | None) -> dict[str, dict[str, int]]:
        if conversation_id is None:
            return {}
        table = self._conversations.get(conversation_id)
        if table is None:
            table = self._conversations[conversation_id] = {}
            if len(self._conversations) > _MAX_CONVERSATIONS:
                self._conversations.popitem(last=False)
        self._conversations.move_to_end(conversation_id)
        return table

    def _number(self, table: dict[str, dict[str, int]], entity_type: str, value: str) -> int:
        numbers = table.setdefault(entity_type, {})
        key = self._digest(_normalise(entity_type, value))
        if key not in numbers:
            numbers[key] = len(set(numbers.values())) + 1
        return numbers[key]

    def apply(self, text: str, entities: list[Entity], conversation_id: str | None = None) -> str:
        """Replace every entity span (non-overlapping, any order) with its placeholder."""
        with self._lock:
            table = self._table(conversation_id)
            names: dict[Entity, str] = {}
            for entity in sorted(entities, key=lambda e: e.start):
                value = text[entity.start : entity.end]
                number = self._number(table, entity.type, value)
                names[entity] = f"<{entity.type}_{number}>"
                if entity.type == PERSON:  # each word too, so a later "Mary" is the earlier "Mary Jones"
                    for word in _normalise(entity.type, value).split():
                        table[PERSON].setdefault(self._digest(word), number)
        out: list[str] = []
        last = 0
        for entity in sorted(entities, key=lambda e: e.start):
            out += [text[last : entity.start], names[entity]]
            last = entity.end
        out.append(text[last:])
        return "".join(out)
