"""A structlog processor that redacts every string in the event dict before it is rendered.

Logs leave the process (files, aggregators) and outlive retention rules, so nothing typed by a
patient may reach them in clear. If redaction itself fails the value is replaced, never passed
through: a broken redactor must not turn into a PHI leak.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.redaction.service import Redactor
from gateway.logging import Trusted

#: Keys that the logging pipeline itself fills; never user text.
_STRUCTURAL_KEYS = frozenset({"level", "timestamp", "logger", "log_level"})
FAILED = "<REDACTION_FAILED>"


def _scrub(redactor: Redactor, value: Any) -> Any:
    if isinstance(value, Trusted):
        return value
    if isinstance(value, str):
        return redactor.redact_text(value) if any(c.isalnum() for c in value) else value
    if isinstance(value, dict):
        return {k: _scrub(redactor, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_scrub(redactor, v) for v in value)
    return value


def redaction_processor(redactor: Redactor) -> Callable[[Any, str, dict[str, Any]], dict[str, Any]]:
    """Build the processor; register it with ``gateway.logging.register_processor``."""

    def redact_event(logger: Any, method_name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
        for key, value in event_dict.items():
            if key in _STRUCTURAL_KEYS:
                continue
            try:
                event_dict[key] = _scrub(redactor, value)
            except Exception:
                event_dict[key] = FAILED
        return event_dict

    return redact_event
