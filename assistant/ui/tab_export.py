"""Tab "Xuất bản": header fields, Party or state style, review or final; build and download the .docx."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.types import UserError
from assistant.ui.state import SessionState

from . import ops

LABELS = {
    "issuer": "Cơ quan ban hành", "superior": "Cơ quan cấp trên", "number": "Số, ký hiệu",
    "place": "Địa danh", "date": "Ngày (ngày/tháng/năm)", "signer": "Người ký",
    "signer_position": "Chức vụ người ký", "recipients": "Nơi nhận (mỗi dòng một nơi)",
}
PLACEHOLDERS = {
    "issuer": "VD: Thị ủy Sa Pa", "superior": "VD: Đảng bộ tỉnh Lào Cai", "number": "VD: 45-BC/ThU",
    "place": "VD: Sa Pa", "date": "VD: 27/4/2021", "signer": "VD: Nguyễn Văn A", "signer_position": "VD: Phó Bí thư",
    "recipients": "- Ban Tuyên giáo Tỉnh ủy,\n- Lưu Văn phòng Thị ủy.",
}


@dataclass
class ExportTab:
    fields: dict[str, Any]
    style: Any
    mode: Any
    export_btn: Any
    download: Any
    status: Any

    @property
    def outputs(self) -> list:
        return [*self.fields.values(), self.style, self.mode, self.download, self.status]


def build() -> ExportTab:
    fields: dict[str, Any] = {}
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            with gr.Row():
                for k in ("issuer", "superior"):
                    fields[k] = gr.Textbox(label=LABELS[k], placeholder=PLACEHOLDERS[k], elem_id=f"bc-h-{k}")
            with gr.Row():
                for k in ("number", "place", "date"):
                    fields[k] = gr.Textbox(label=LABELS[k], placeholder=PLACEHOLDERS[k], elem_id=f"bc-h-{k}")
            with gr.Row():
                for k in ("signer", "signer_position"):
                    fields[k] = gr.Textbox(label=LABELS[k], placeholder=PLACEHOLDERS[k], elem_id=f"bc-h-{k}")
            fields["recipients"] = gr.Textbox(label=LABELS["recipients"], placeholder=PLACEHOLDERS["recipients"],
                                              lines=4, elem_id="bc-h-recipients")
        with gr.Column(scale=2):
            style = gr.Radio([("Văn bản của Đảng", "party"), ("Văn bản hành chính Nhà nước", "state")], value="party",
                             label="Thể thức", elem_id="bc-style")
            mode = gr.Radio([("Bản chính thức (bỏ trích dẫn)", "final"),
                             ("Bản xem xét (trích dẫn thành chú thích, kèm phụ lục nguồn)", "review")],
                            value="final", label="Loại bản", elem_id="bc-mode")
            export_btn = gr.Button("Tạo tệp .docx", variant="primary", elem_id="bc-export")
            download = gr.DownloadButton("Tải tệp .docx", visible=False, elem_id="bc-download", variant="secondary")
            status = gr.Markdown("", elem_id="bc-export-status")
    return ExportTab(fields, style, mode, export_btn, download, status)


def refresh(services, st: SessionState, tab: ExportTab) -> dict:
    out: dict = {tab.download: gr.DownloadButton(visible=False), tab.status: ""}
    if not st.report_id:
        return out
    vals = ops.header_defaults(services.workspace, st.report_id, services.settings)
    for k, comp in tab.fields.items():
        out[comp] = vals.get(k, "")
    out[tab.style] = vals.get("style") or services.settings.style
    out[tab.mode] = vals.get("mode") or "final"
    return out


def wire(services, tab: ExportTab, ctx) -> None:
    ws = services.workspace
    keys = list(tab.fields)

    def collect(args) -> dict[str, str]:
        vals = dict(zip(keys, args[: len(keys)]))
        vals["style"], vals["mode"] = args[len(keys)], args[len(keys) + 1]
        return {k: (v or "") for k, v in vals.items()}

    def save_header(*args):
        st: SessionState = args[-1]
        if st.report_id:
            ws.set_header(st.report_id, collect(args))

    inputs = [*tab.fields.values(), tab.style, tab.mode, ctx.state]
    gr.on([c.input for c in tab.fields.values()] + [tab.style.input, tab.mode.input], save_header, inputs, None,
          show_progress="hidden", trigger_mode="always_last", api_visibility="private")

    def export(*args):
        st: SessionState = args[-1]
        if not st.report_id:
            raise gr.Error("Chưa mở báo cáo nào. Hãy tạo hoặc chọn báo cáo ở đầu trang.")
        try:
            path = ops.export_report(services, st.report_id, collect(args))
        except UserError as exc:
            raise gr.Error(str(exc)) from None
        st.last_export = str(path)
        kind = "bản xem xét" if args[len(keys) + 1] == "review" else "bản chính thức"
        return {tab.download: gr.DownloadButton(value=str(path), visible=True, label=f"Tải {path.name}"),
                tab.status: f"✔ Đã tạo {kind}: **{path.name}**", ctx.state: st}

    tab.export_btn.click(export, inputs, [tab.download, tab.status, ctx.state], api_name="export")
