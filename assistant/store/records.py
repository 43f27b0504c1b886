"""How documents, chunks and files become Chroma records, and back.

Chunk metadata keeps everything a citation needs (file, locator, heading path, kind, unit, year)
plus `chunk_hash` (re-use of vectors across re-indexing) and `unit_key` (unit filter after
Vietnamese normalisation). Chroma metadata values are scalars, so lists and locators are JSON.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from assistant.store.chroma_backend import slug
from assistant.store.chunking import CHUNKER_VERSION
from assistant.text.tokens import fold
from assistant.types import Chunk, Document, IndexedDoc, Locator, UserError

SUPPORTED_SUFFIXES = {".txt", ".md", ".docx", ".pdf"}


class FileError(BaseModel):
    path: str
    reason: str


class UnreadableFile(UserError):
    """A file that cannot be read or has no text: `index_paths` skips it and goes on."""


def document_id(file_name: str, kind: str, unit: str | None = None) -> str:
    """Stable id from the file name, kind and unit: 'report/thi-uy-sa-pa/bao_cao_2019.md'."""
    return "/".join([kind, *([slug(unit)] if unit else []), file_name])


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileError]]:
    files: list[Path] = []
    errors: list[FileError] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES))
        elif p.is_file():
            files.append(p)
        else:
            errors.append(FileError(path=str(p), reason=f"Không tìm thấy tệp hoặc thư mục: {p}"))
    return files, errors


def file_size(path: Path) -> int:
    """Bytes, at least 1 (progress weights); a file gone missing counts 1 and fails on reading."""
    try:
        return max(1, path.stat().st_size)
    except OSError:
        return 1


def read_bytes(path: Path, max_mb: float) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_mb * 1024 * 1024:
            raise UnreadableFile(f"{path.name}: tệp lớn {size / 1048576:.1f} MiB, vượt giới hạn {max_mb:g} MiB.")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableFile(f"Không tìm thấy tệp: {path}") from exc
    except IsADirectoryError as exc:
        raise UnreadableFile(f"{path} là thư mục, không phải tệp.") from exc
    except OSError as exc:
        raise UnreadableFile(f"{path.name}: không đọc được tệp ({exc.strerror or exc}).") from exc


def parse(path: Path) -> Document:
    from assistant.reading.document import read_document

    try:
        return read_document(path)
    except UnreadableFile:
        raise
    except UserError as exc:
        raise UnreadableFile(str(exc)) from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UnreadableFile(f"{path.name}: không đọc được nội dung ({exc}).") from exc


def hash_content(content: bytes, kind: str, unit: str | None, year: int | None) -> str:
    """A document's identity for re-indexing: its bytes plus how it is filed and chunked."""
    h = hashlib.sha256(content)
    h.update(f"|{kind}|{unit or ''}|{year or ''}|chunker{CHUNKER_VERSION}".encode())
    return h.hexdigest()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def where(filters: dict[str, object]) -> dict | None:
    conds = [{k: {"$in": v} if isinstance(v, list) else v} for k, v in filters.items() if v is not None]
    if not conds:
        return None
    return conds[0] if len(conds) == 1 else {"$and": conds}


def chunk_meta(c: Chunk, chunk_hash: str, n: int) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "doc_id": c.doc_id,
        "kind": c.kind,
        "file": c.file,
        "heading": json.dumps(c.heading_path, ensure_ascii=False),
        "loc": c.locator.model_dump_json(exclude_none=True),
        "chunk_hash": chunk_hash,
        "ord": n,
    }
    if c.unit:
        meta["unit"], meta["unit_key"] = c.unit, fold(c.unit)
    if c.year is not None:
        meta["year"] = c.year
    return meta


def chunk_from(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(
        id=chunk_id,
        doc_id=meta["doc_id"],
        text=text,
        heading_path=json.loads(meta.get("heading") or "[]"),
        kind=meta["kind"],
        unit=meta.get("unit"),
        year=meta.get("year"),
        file=meta["file"],
        locator=Locator.model_validate_json(meta["loc"]),
    )


def doc_meta(d: IndexedDoc) -> dict[str, Any]:
    return {k: v for k, v in d.model_dump(exclude={"id"}).items() if v is not None}


def indexed_doc(doc_id: str, meta: dict[str, Any]) -> IndexedDoc:
    return IndexedDoc(id=doc_id, **meta)
