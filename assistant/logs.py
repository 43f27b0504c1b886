"""Logging for the entry points: the one place that attaches a handler.

Modules only ever do `log = logging.getLogger(__name__)`; nothing is shown unless the CLI (or the UI it launches)
calls `configure_logging`, which it does with `--verbose` (DEBUG) or `Settings.log_level` (BAOCAO_LOG_LEVEL:
DEBUG, INFO, WARNING, ERROR). With neither, no log line reaches the terminal: the commands print their own
Vietnamese messages. Log lines go to stderr, so a command's output stays clean.
"""

from __future__ import annotations

import logging
import sys

LOGGER = "assistant"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _OurHandler(logging.StreamHandler):
    """Marks the handler this module installed, so a second call replaces it instead of doubling lines."""


def resolve_level(level: str | int | None = None) -> int | None:
    """The level asked for as a number; None when logging stays off."""
    value = level.strip() if isinstance(level, str) else level
    if value in (None, ""):
        return None
    if isinstance(value, int):
        return value
    resolved = logging.getLevelName(str(value).upper())
    return resolved if isinstance(resolved, int) else None


def configure_logging(level: str | int | None = None) -> bool:
    """Sends the assistant's log records at `level` to stderr; returns whether it did."""
    resolved = resolve_level(level)
    logger = logging.getLogger(LOGGER)
    for old in [h for h in logger.handlers if isinstance(h, _OurHandler)]:
        logger.removeHandler(old)
    if resolved is None:
        return False
    handler = _OurHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(resolved)
    return True
