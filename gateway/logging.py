"""Structured JSON logs.

Processors that scrub PHI are appended by the assistant's redaction package through
``register_processor``; every log line passes them before it is rendered.
"""

from __future__ import annotations

import logging
import sys
import traceback
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


def code_locations(exc: BaseException | None) -> str:
    """A traceback that keeps where it happened and drops what it was holding: the exception's type
    and each frame's file, line and function, never its message or values. An exception message or a
    source line can quote request data (a SQL parameter, a patient's name), and redacting a rendered
    traceback afterwards both misses PHI and mangles the code locations."""
    if exc is None:
        return ""
    frames = [
        f"{frame.filename.rsplit('/site-packages/', 1)[-1]}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(exc.__traceback__)
    ]
    cause = exc.__cause__ or exc.__context__
    chained = f"; from {code_locations(cause)}" if cause is not None and cause is not exc else ""
    return f"{type(exc).__name__} at " + " <- ".join(reversed(frames)) + chained


def _exception_without_values(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    exc_info = event.pop("exc_info", None)
    if exc_info:
        if exc_info is True:
            exc_info = sys.exc_info()
        exc = exc_info if isinstance(exc_info, BaseException) else exc_info[1]
        event["exception"] = Trusted(code_locations(exc))
    return event


class LocationsOnlyFormatter(logging.Formatter):
    """For the standard-library loggers (uvicorn's own): the same traceback without values."""

    def formatException(self, ei: Any) -> str:
        return code_locations(ei[1] if ei else None)


def _configure(level: int) -> None:
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _exception_without_values,
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
