"""Where the knowledge store's Chroma lives, and how it is reached safely.

One `Connection` per data directory (embedded) or server URL per process, shared by every
KnowledgeStore on it, so that reopening a stale embedded client refreshes it for all of them.
`lock()` serialises access: a thread lock always, plus an flock on `data_dir/chroma.lock` in
embedded mode so that two processes never interleave writes. `guard()` turns Chroma and
network failures into one clear UserError naming the directory or URL.
"""

from __future__ import annotations

import ctypes
import fcntl
import functools
import re
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from assistant.config import Settings
from assistant.text.normalize import strip_diacritics
from assistant.types import UserError

LOCK_TIMEOUT_S = 120.0
PROBE_TIMEOUT_S = 5.0

_connections: weakref.WeakValueDictionary[tuple[str, str], Connection] = weakref.WeakValueDictionary()
_registry_lock = threading.Lock()


def slug(text: str) -> str:
    """ASCII id part: 'Thị ủy Sa Pa' → 'thi-uy-sa-pa'."""
    return re.sub(r"[^a-z0-9]+", "-", strip_diacritics(text).lower()).strip("-") or "x"


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


class ChromaServerError(UserError):
    """The Chroma server answered with an internal error (the message names the server)."""


class Connection:
    def __init__(self, settings: Settings) -> None:
        self.embedded = not settings.chroma_url
        self.data_dir = Path(settings.data_dir).expanduser().resolve()
        self.url = (settings.chroma_url or "").rstrip("/")
        self.where = str(self.data_dir / "chroma") if self.embedded else self.url
        self.epoch = 0  # bumped on every reopen; collections fetched from an older client are stale
        self.seen: dict[str, str] = {}  # collection → generation this process's client has seen
        self.max_batch = 1000
        self._client: Any = None
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._lock_file: Any = None

    # ------------------------------------------------------------------ client

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = self._open_embedded() if self.embedded else self._open_server()
            self.epoch += 1
            try:
                self.max_batch = int(self._client.get_max_batch_size())
            except Exception:  # noqa: BLE001 - an optional optimisation
                self.max_batch = 1000
        return self._client

    def reopen(self) -> None:
        """Drop the client so that the next use loads the store from disk again."""
        if self._client is not None:
            try:
                self._client.close()
            except Exception:  # noqa: BLE001 - closing a client that is going away anyway
                pass
            self._client = None
            _trim_heap()

    def _open_embedded(self) -> Any:
        import chromadb

        path = Path(self.where)
        try:
            path.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
        except UserError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure to open is reported the same way
            raise UserError(self.corrupt_message(exc)) from exc

    def corrupt_message(self, exc: BaseException) -> str:
        return (
            f"Kho tri thức tại {self.where} bị hỏng hoặc do phiên bản Chroma không tương thích tạo ra ({exc}). "
            f"Hãy chuyển thư mục đó sang chỗ khác (ví dụ: mv {self.where} {self.where}.cu) "
            f"rồi chạy lại 'baocao index ...' để lập chỉ mục lại."
        )

    def unreachable_message(self, exc: BaseException | str) -> str:
        return (
            f"Không kết nối được máy chủ Chroma tại {self.url} ({exc}). Hãy kiểm tra máy chủ đang chạy "
            f"(chroma run --path ... --host ... --port ...) và địa chỉ --chroma-url / BAOCAO_CHROMA_URL."
        )

    def _open_server(self) -> Any:
        import chromadb
        import httpx

        parsed = urlparse(self.url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise UserError(f"Địa chỉ máy chủ Chroma không hợp lệ: {self.url!r}. Dạng đúng: http://HOST:PORT")
        port = parsed.port or (443 if parsed.scheme == "https" else 8000)
        try:  # a bounded probe first: Chroma's own client waits without a timeout
            reply = httpx.get(f"{parsed.scheme}://{parsed.hostname}:{port}/api/v2/heartbeat", timeout=PROBE_TIMEOUT_S)
        except httpx.HTTPError as exc:
            raise UserError(self.unreachable_message(exc.__class__.__name__ + (f": {exc}" if str(exc) else ""))) from exc
        if reply.status_code != 200:
            raise UserError(self.unreachable_message(f"HTTP {reply.status_code} ở /api/v2/heartbeat"))
        try:
            return chromadb.HttpClient(
                host=parsed.hostname, port=port, ssl=parsed.scheme == "https", settings=_chroma_settings()
            )
        except Exception as exc:  # noqa: BLE001
            raise UserError(self.unreachable_message(exc)) from exc

    # ------------------------------------------------------------------ locking, errors

    @contextmanager
    def lock(self) -> Iterator[None]:
        with self._thread_lock:
            if self._depth == 0 and self.embedded:
                self._acquire_flock()
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0 and self._lock_file is not None:
                    fcntl.flock(self._lock_file, fcntl.LOCK_UN)
                    self._lock_file.close()
                    self._lock_file = None

    def _acquire_flock(self) -> None:
        lock_path = self.data_dir / "chroma.lock"
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            handle = open(lock_path, "a+b")  # noqa: SIM115 - held across the with-block
        except OSError as exc:
            raise UserError(f"Không mở được thư mục dữ liệu {self.data_dir}: {exc.strerror or exc}.") from exc
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    handle.close()
                    raise UserError(
                        f"Kho tri thức {self.where} đang bị một tiến trình khác giữ quá {LOCK_TIMEOUT_S:.0f} giây; "
                        "hãy thử lại sau."
                    ) from None
                time.sleep(0.02)
        self._lock_file = handle

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Chroma / network failures → UserError naming the store."""
        import httpx
        from chromadb.errors import ChromaError, InternalError

        try:
            yield
        except UserError:
            raise
        except (httpx.TransportError, ConnectionError) as exc:
            self.reopen()
            raise UserError(self.unreachable_message(exc)) from exc
        except InternalError as exc:
            self.reopen()
            if self.embedded:
                raise UserError(self.corrupt_message(exc)) from exc
            raise ChromaServerError(f"Máy chủ Chroma tại {self.url} báo lỗi: {exc}") from exc
        except ChromaError as exc:
            if "could not connect" in str(exc).lower():
                raise UserError(self.unreachable_message(exc)) from exc
            raise


@functools.cache
def _libc() -> Any:
    return ctypes.CDLL("libc.so.6")


def _trim_heap() -> None:
    """Hand the memory of a dropped embedded client back to the OS. glibc keeps freed arenas, and
    reopening after every write would otherwise grow a long-running process (measured: 10.000
    chunks indexed in 200 documents, 470 MB without this, 280 MB with it)."""
    try:
        _libc().malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def connection_for(settings: Settings) -> Connection:
    key = ("embedded", str(Path(settings.data_dir).expanduser().resolve())) if not settings.chroma_url else (
        "http",
        settings.chroma_url.rstrip("/"),
    )
    with _registry_lock:
        conn = _connections.get(key)
        if conn is None:
            conn = Connection(settings)
            _connections[key] = conn
        return conn
