"""The fault script of the fake OpenAI-compatible server: which fault the next chat request gets,
and the log of every chat request received. Thread-safe; no HTTP here."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Fault = tuple
FAULT_KINDS = ("status", "timeout", "malformed_json", "cut_stream", "truncate_stream", "empty")


@dataclass
class RequestRecord:
    time: float  # time.monotonic() when the request arrived
    path: str
    body: dict[str, Any]
    headers: dict[str, str]  # names in lower case
    fault: Fault | None = None


class FaultScript:
    """Injected faults (each for the next request, in order), standing rules (`fail_when`) checked first,
    and the request log."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.log: list[RequestRecord] = []
        self._faults: deque[Fault] = deque()
        self._rules: list[tuple[Callable[[dict[str, Any]], bool], Fault]] = []

    def inject(self, *faults: Fault) -> None:
        for f in faults:
            _validate(f)
        with self.lock:
            self._faults.extend(faults)

    def fail_when(self, predicate: Callable[[dict[str, Any]], bool], fault: Fault) -> None:
        _validate(fault)
        with self.lock:
            self._rules.append((predicate, fault))

    def clear(self) -> None:
        with self.lock:
            self._faults.clear()
            self._rules.clear()

    @property
    def pending(self) -> int:
        with self.lock:
            return len(self._faults)

    def bodies(self) -> list[dict[str, Any]]:
        with self.lock:
            return [r.body for r in self.log]

    def record(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> Fault | None:
        """Logs a chat request and returns the fault it gets (None: answer normally)."""
        with self.lock:
            fault = next((f for pred, f in self._rules if _safe(pred, body)), None)
            if fault is None and self._faults:
                fault = self._faults.popleft()
            self.log.append(RequestRecord(time.monotonic(), path, body, headers, fault))
            return fault


def _validate(fault: Fault) -> None:
    if not isinstance(fault, tuple) or not fault or fault[0] not in FAULT_KINDS:
        raise ValueError(f"unknown fault {fault!r}")


def _safe(pred: Callable[[dict[str, Any]], bool], body: dict[str, Any]) -> bool:
    try:
        return bool(pred(body))
    except Exception:  # a broken predicate must not kill the request thread
        return False
