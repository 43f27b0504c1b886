"""Tab "Tài liệu": upload plans, đề cương, past reports and notes; index them; list and remove; the đề cương tree."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant import pipeline
from assistant.rules.labels import DOC_KIND_CHOICES, DOC_KIND_LABELS
from assistant.types import UserError
from assistant.ui.state import SessionState

from . import ops, render


@dataclass
class DocsTab:
    files: Any
    kind: Any
    unit: Any
    year: Any
    upload_btn: Any
    status: Any
    table: Any
    remove_choice: Any
    remove_btn: Any
    tree: Any
    notes_info: Any

    @property
    def outputs(self) -> list:
        return [self.table, self.remove_choice, self.tree, self.notes_info]


HEADERS = ["Tệp", "Loại", "Đơn vị", "Năm", "Số đoạn", "Lập chỉ mục lúc"]


def build() -> DocsTab:
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            files = gr.File(
                label="Kéo thả tài liệu vào đây (nhiều tệp một lúc): .docx, .pdf, .txt, .md",
                file_count="multiple", file_types=list(ops.ACCEPTED), type="filepath", height=150,
                elem_id="bc-upload",
            )
            with gr.Row():
                kind = gr.Dropdown(
                    choices=[(v, k) for k, v in DOC_KIND_CHOICES.items()], value="auto", label="Loại tài liệu", scale=2
                )
                unit = gr.Textbox(label="Đơn vị (nếu có)", placeholder="VD: Thị ủy Sa Pa", scale=2)
                year = gr.Textbox(label="Năm (nếu có)", placeholder="VD: 2020", scale=1, max_length=4)
            upload_btn = gr.Button("Nạp tài liệu", variant="primary", elem_id="bc-upload-btn")
            status = gr.Markdown(elem_id="bc-upload-status")
            table = gr.Dataframe(
                headers=HEADERS, value=[], interactive=False, label="Kho tài liệu đã lập chỉ mục", wrap=True,
                elem_id="bc-docs",
            )
            with gr.Row():
                remove_choice = gr.Dropdown(label="Chọn tài liệu cần xoá khỏi kho", choices=[], scale=3)
                remove_btn = gr.Button("Xoá tài liệu", variant="stop", scale=1, size="md")
        with gr.Column(scale=2):
            notes_info = gr.Markdown(elem_id="bc-notes-info")
            tree = gr.HTML(render.tree_html(None), elem_id="bc-tree")
    return DocsTab(files, kind, unit, year, upload_btn, status, table, remove_choice, remove_btn, tree, notes_info)


def refresh(services, st: SessionState, tab: DocsTab) -> dict:
    ws = services.workspace
    out: dict = {}
    try:
        rows, choices = ops.document_rows(services.store)
        out[tab.table] = gr.Dataframe(value=rows or [], headers=HEADERS)
        out[tab.remove_choice] = gr.Dropdown(choices=choices, value=None)
    except Exception as exc:  # the store may be unavailable; the rest of the page still works
        out[tab.table] = gr.Dataframe(value=[], headers=HEADERS)
        out[tab.remove_choice] = gr.Dropdown(choices=[], value=None)
        out[tab.notes_info] = f"⚠ Kho tài liệu chưa sẵn sàng: {ops.redact(str(exc), services.settings)}"
    if st.report_id:
        outline = ws.get_outline(st.report_id)
        secs = {r.section.section_id: r.section for r in ws.sections(st.report_id)}
        out[tab.tree] = render.tree_html(outline, secs)
        notes = ws.get_notes(st.report_id)
        files = sorted({n.locator.file for n in notes})
        info = f"**Ghi chú của báo cáo:** {len(notes)} dòng" + (f" từ {', '.join(files)}" if files else "")
        out.setdefault(tab.notes_info, info)
    else:
        out[tab.tree] = render.tree_html(None)
        out.setdefault(tab.notes_info, "Chưa mở báo cáo nào: tạo mới ở trên, hoặc nạp kế hoạch để tạo tự động.")
    return out


def _year(value) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1945 <= int(text) <= 2100:
        raise gr.Error(f"Năm '{text}' không hợp lệ: ghi 4 chữ số, ví dụ 2020.")
    return int(text)


def wire(services, tab: DocsTab, ctx) -> None:
    ws = services.workspace
    settings = services.settings

    def upload(files, kind, unit, year, st: SessionState, progress=gr.Progress()):
        st.ensure_id()
        if not files:
            raise gr.Error("Chưa chọn tệp nào: kéo thả tệp vào ô phía trên rồi bấm Nạp tài liệu.")
        yr = _year(year)
        if not st.report_id:
            first = Path(files[0]).stem.replace("_", " ")
            st.report_id = ws.create_report(f"Báo cáo theo {first}")
            ctx.open_report(st)
        uploads = Path(settings.data_dir) / "uploads"
        lines: list[str] = []
        stored: list[tuple[Path, str]] = []
        for f in files:
            name = Path(f).name
            try:
                path = ops.store_upload(f, uploads, settings.max_upload_mb)
                k = ops.guess_kind(path.name) if kind in (None, "auto") else kind
                parsed = pipeline.add_upload(services, st.report_id, path, k)
                msg = f"✔ **{path.name}** — {DOC_KIND_LABELS[k]}"
                if parsed.outline_sections:
                    msg += f": đề cương {parsed.outline_sections} mục"
                if parsed.notes:
                    msg += f": {parsed.notes} ghi chú"
                lines.append(msg)
                stored.append((path, k))
            except UserError as exc:
                lines.append(f"✕ **{name}** — {exc}")
            except Exception as exc:
                lines.append(f"✕ **{name}** — lỗi khi đọc: {ops.redact(str(exc), settings)}")
            out = ctx.refresh_all(st)
            out[tab.status] = "\n\n".join(lines + ["… Đang lập chỉ mục tài liệu vào kho…"])
            yield out  # the đề cương tree shows as soon as it is parsed
        for i, (path, k) in enumerate(stored):
            def cb(done: int, total: int, i=i, path=path) -> None:
                frac = (i + (done / total if total else 1)) / len(stored)
                progress(frac, desc=f"Lập chỉ mục {path.name} ({done}/{total})")

            progress(i / len(stored), desc=f"Lập chỉ mục {path.name}")
            try:
                res = services.store.index_file(path, kind=k, unit=(unit or None), year=yr,
                                                progress=cb)
                status = {"added": "đã thêm vào kho", "updated": "đã cập nhật", "unchanged": "không đổi, đã có trong kho"}
                lines.append(f"▸ {path.name}: {status.get(getattr(res, 'status', ''), 'đã lập chỉ mục')}")
            except Exception as exc:
                lines.append(f"⚠ {path.name}: chưa lập chỉ mục được ({ops.redact(str(exc), settings)})")
        pipeline.prefetch_routing(services, st.report_id)
        out = ctx.refresh_all(st)
        out[tab.status] = "\n\n".join(lines)
        out[tab.files] = None
        yield out

    tab.upload_btn.click(
        upload, [tab.files, tab.kind, tab.unit, tab.year, ctx.state],
        ctx.all_outputs + [tab.status, tab.files], api_name="upload", concurrency_limit=2,
    )

    def remove(doc_id, st: SessionState):
        if not doc_id:
            raise gr.Error("Chọn một tài liệu trong danh sách trước khi xoá.")
        services.store.remove(doc_id)
        out = refresh(services, st, tab)
        out[tab.status] = "Đã xoá tài liệu khỏi kho."
        return out

    tab.remove_btn.click(remove, [tab.remove_choice, ctx.state], tab.outputs + [tab.status], api_name="remove_document")
