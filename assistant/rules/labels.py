"""Vietnamese words for statuses, flags and findings: one wording for the CLI, the UI and the markdown draft.

A reviewer who reads "Số liệu chưa kiểm chứng" in the section list must read the same words in the check table,
the CLI summary and the draft's markdown.
"""

from __future__ import annotations

from assistant.types import FindingKind, FlagKind, Severity

SECTION_STATUS: dict[str, tuple[str, str]] = {
    "pending": ("chưa soạn", "○"),
    "drafted": ("đã soạn", "●"),
    "missing": ("thiếu số liệu", "◐"),
    "unverified": ("có số liệu chưa kiểm chứng", "▲"),
    "failed": ("lỗi", "✕"),
    "approved": ("đã duyệt", "✔"),
    "running": ("đang soạn…", "✎"),
}
"""Reviewer status code → (label, icon). The codes are computed by `assistant.rules.section_flags`."""

DOC_KIND_LABELS: dict[str, str] = {"plan": "Kế hoạch", "outline": "Đề cương", "report": "Báo cáo cũ", "notes": "Ghi chú"}
"""Kinds of documents in the store, as the document lists (CLI and UI) name them."""

DOC_KIND_CHOICES: dict[str, str] = {
    "auto": "Tự nhận dạng theo tên tệp",
    "plan": "Kế hoạch (kèm đề cương)",
    "outline": "Đề cương",
    "report": "Báo cáo các năm trước",
    "notes": "Ghi chú của đơn vị",
}
"""The same kinds as offered when a file is added (with what each holds)."""

SEVERITY_LABELS: dict[Severity, str] = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Lưu ý"}

FINDING_LABELS: dict[FindingKind, str] = {
    "missing_section": "Thiếu mục",
    "out_of_order": "Sai thứ tự",
    "empty_section": "Mục trống",
    "missing_figure": "Thiếu số liệu",
    "placeholder_left": "Còn chỗ cần bổ sung",
    "invalid_citation": "Trích dẫn sai",
    "unsupported_number": "Số liệu chưa kiểm chứng",
    "unmatched_text": "Nội dung ngoài đề cương",
}

FLAG_LABELS: dict[FlagKind, str] = {
    "placeholder": "Chỗ cần bổ sung",
    "missing_figure": FINDING_LABELS["missing_figure"],
    "invalid_citation": FINDING_LABELS["invalid_citation"],
    "unsupported_number": FINDING_LABELS["unsupported_number"],
}

DRAFT_SUMMARY_LABELS: dict[str, str] = {
    "sections": "Số mục cần viết",
    "drafted": "Đã soạn",
    "approved": "Đã duyệt (giữ nguyên)",
    "failed": "Lỗi",
    "citations": "Trích dẫn",
    "invalid_citations": "Trích dẫn sai đã bỏ",
    "placeholders": FLAG_LABELS["placeholder"],
    "unsupported_numbers": FINDING_LABELS["unsupported_number"],
    "unrouted": "Ghi chú chưa xếp mục",
    "table_rows": "Dòng biểu",
}
"""Keys of `assistant.drafting.markdown.summarize`."""

REQUIREMENT_LABELS: dict[str, str] = {
    "count": "số lượng",
    "rate": "tỷ lệ",
    "document": "văn bản",
    "comparison": "so sánh",
    "optional": "nếu có",
    "list": "danh mục",
}


def status_label(code: str) -> str:
    return SECTION_STATUS[code][0]
