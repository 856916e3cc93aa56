"""PHI redaction: a Presidio analyzer tuned for home-care chat, and the policy that replaces PHI.

Use one ``Redactor`` per process (``app.state.redactor``): ``redact(text, conversation_id)`` before
storing transcripts, embedding user documents, calling an LLM; the structlog processor in
``assistant.redaction.logging`` does the same for every log line.
"""

from assistant.redaction.entities import Entity, RedactionResult
from assistant.redaction.policy import Vault, VaultError
from assistant.redaction.service import Redactor

__all__ = ["Entity", "RedactionResult", "Redactor", "Vault", "VaultError"]
