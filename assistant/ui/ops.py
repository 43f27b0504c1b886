"""What the workspace forms need, without Gradio: upload checks, document rows, flags of an edited text,
header form defaults and export under a safe name.

The use cases themselves (reading an upload into a report, drafting, checking, exporting) live in
`assistant.pipeline`; the tab modules call these and turn results into component updates.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

from assistant.rules.labels import DOC_KIND_LABELS
from assistant.types import DocKind, Flag, SectionDraft, UserError

ACCEPTED = (".docx", ".pdf", ".txt", ".md")
_SECRET_RE = re.compile(r"(sk-[A-Za-z0-9_\-]{6,}|Bearer\s+[A-Za-z0-9_\-\.]{6,})")


def redact(message: str, settings=None) -> str:
    """Removes API keys from any text that could reach the page or the logs."""
    if settings is not None and getattr(settings, "openai_api_key", None):
        secret = settings.openai_api_key.get_secret_value()
        if secret:
            message = message.replace(secret, "***")
    return _SECRET_RE.sub("***", message)


def sanitize_filename(name: str) -> str:
    """A safe file name: no folders, no control or shell characters, Vietnamese letters kept (NFC)."""
    base = Path(name.replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = re.sub(r"[^\w\- ]+", "_", stem, flags=re.UNICODE).strip(" ._-")
    stem = re.sub(r"[\s_]+", "_", stem).strip("_")[:80] or "tai_lieu"
    ext = re.sub(r"[^A-Za-z0-9]", "", ext).lower()[:8]
    return f"{stem}.{ext}" if ext else stem


def guess_kind(filename: str) -> DocKind:
    key = unicodedata.normalize("NFC", filename).lower()
    folded = "".join(c for c in unicodedata.normalize("NFD", key) if unicodedata.category(c) != "Mn")
    folded = folded.replace("đ", "d")
    if re.search(r"ghi[\s_-]*chu|notes?\b", folded):
        return "notes"
    if re.search(r"de[\s_-]*cuong|outline", folded):
        return "outline"
    if re.search(r"ke[\s_-]*hoach|\bkh\b|plan", folded):
        return "plan"
    return "report"


def store_upload(src: str | Path, uploads_dir: Path, max_mb: float) -> Path:
    """Validates an uploaded temp file (type, size) and copies it under a sanitised name."""
    src = Path(src)
    original = getattr(src, "orig_name", None) or src.name
    if src.suffix.lower() not in ACCEPTED:
        raise UserError(f"Không nhận loại tệp {src.suffix or '(không đuôi)'}: {src.name}. Chỉ nhận .docx, .pdf, .txt, .md.")
    size = src.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise UserError(f"Tệp {src.name} lớn {size / 1048576:.1f} MB, vượt giới hạn {max_mb:g} MB.")
    uploads_dir.mkdir(parents=True, exist_ok=True)
    dest = uploads_dir / sanitize_filename(original)
    n = 1
    while dest.exists() and dest.read_bytes() != src.read_bytes():
        n += 1
        dest = dest.with_name(f"{Path(sanitize_filename(original)).stem}_{n}{dest.suffix}")
    shutil.copyfile(src, dest)
    return dest


def document_rows(store) -> tuple[list[list], list[tuple[str, str]]]:
    """Rows for the documents table and (label, id) choices for removal."""
    docs = store.list_documents()
    rows = [[d.file, DOC_KIND_LABELS.get(d.kind, d.kind), d.unit or "", d.year or "", d.chunks, d.indexed_at[:16].replace("T", " ")]
            for d in docs]
    return rows, [(f"{d.file} ({DOC_KIND_LABELS.get(d.kind, d.kind)})", d.id) for d in docs]


def edit_flags(text: str, sd: SectionDraft, outline=None) -> list[Flag]:
    """Flags of an edited text: the drafter's own rule (`assistant.rules.section_flags`)."""
    from assistant.rules.section_flags import section_flags

    section = outline.find(sd.section_id) if outline is not None else None
    return section_flags(text, sd.sources, section)


HEADER_FIELDS = ["issuer", "superior", "number", "place", "date", "signer", "signer_position", "recipients"]


def header_defaults(ws, report_id: str, settings) -> dict[str, str]:
    """Header field values for the export tab: saved values first, else from the plan and settings."""
    saved = ws.get_header(report_id)
    if saved:
        return {k: saved.get(k, "") for k in HEADER_FIELDS + ["style", "mode"]}
    from assistant.export.header import header_from

    plan = ws.get_plan(report_id)
    h = header_from(plan, settings)
    vals = h.model_dump()
    out = {k: ("" if vals.get(k) in (None, "") or str(vals.get(k)).strip(". ") == "" else str(vals[k])) for k in HEADER_FIELDS}
    out["date"] = h.date.strftime("%d/%m/%Y") if h.date else ""
    out["recipients"] = "\n".join(h.recipients)
    out["style"] = (plan.style if plan and plan.style else settings.style)
    out["mode"] = "final"
    return out


def export_report(services, report_id: str, fields: dict[str, str]) -> Path:
    """Saves the export form's header fields and exports the report under a safe file name."""
    from assistant.pipeline import export

    ws, settings = services.workspace, services.settings
    ws.set_header(report_id, fields)
    draft = ws.load_draft(report_id)
    overrides = {k: (fields.get(k) or "").strip() or None for k in HEADER_FIELDS if k != "recipients"}
    recips = [r.strip() for r in (fields.get("recipients") or "").splitlines() if r.strip()]
    review = fields.get("mode") == "review"
    base = (ws.report_name(report_id) or "bao_cao").replace("/", "-").replace("\\", "-")
    name = sanitize_filename(base + ("_xem_xet" if review else "") + ".docx")
    out_dir = Path(settings.data_dir) / "exports" / report_id
    return export(services, draft, out_dir / name, review=review, style=fields.get("style") or None,
                  **overrides, recipients=recips or None)
