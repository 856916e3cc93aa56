"""Structured JSON logs.

Processors that scrub PHI are appended by the assistant's redaction package through
``register_processor``; every log line passes them before it is rendered.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

import structlog

Processor = Callable[[Any, str, dict[str, Any]], dict[str, Any]]
_extra_processors: dict[str, Processor] = {}


class Trusted(str):
    """Text the code itself controls (route templates, event names), never user input.

    Redaction processors pass it through untouched, which keeps per-request log lines cheap.
    """

    __slots__ = ()


def register_processor(processor: Processor, key: str | None = None) -> None:
    """Install a processor that runs on every event dict before rendering (e.g. PHI redaction).

    Keyed (by default on the processor's qualified name) so an app built twice in one process,
    as tests do, replaces its processor instead of stacking a second copy.
    """
    _extra_processors[key or getattr(processor, "__qualname__", repr(processor))] = processor
    _configure(_level)


_level = logging.INFO


def _configure(level: int) -> None:
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            *_extra_processors.values(),
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )


def configure_logging(level_name: str = "INFO") -> None:
    global _level
    _level = logging.getLevelName(level_name.upper()) if isinstance(level_name, str) else logging.INFO
    if not isinstance(_level, int):
        _level = logging.INFO
    _configure(_level)
