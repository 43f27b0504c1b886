"""Tab "Kiểm tra": run the checker on the current edited report; findings in a table; a row opens its section."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant import pipeline
from assistant.rules.labels import FINDING_LABELS, SEVERITY_LABELS
from assistant.types import UserError
from assistant.ui.state import SessionState

from . import render

HEADERS = ["Mục", "Mức độ", "Loại", "Nội dung"]


@dataclass
class CheckTab:
    run_btn: Any
    summary: Any
    table: Any

    @property
    def outputs(self) -> list:
        return [self.summary, self.table]


def build() -> CheckTab:
    with gr.Row(elem_classes="bc-toolbar"):
        run_btn = gr.Button("Kiểm tra báo cáo", variant="primary", elem_id="bc-check", scale=1)
        gr.HTML('<div class="bc-hint">Đối chiếu báo cáo hiện tại (kể cả các chỉnh sửa) với đề cương: mục thiếu, sai thứ '
                'tự, mục trống, số liệu thiếu hoặc chưa kiểm chứng, trích dẫn sai.</div>')
    summary = gr.HTML("", elem_id="bc-check-summary")
    table = gr.Dataframe(headers=HEADERS, value=[], interactive=False, wrap=True, elem_id="bc-findings",
                         label="Các phát hiện (chọn một dòng để mở mục đó)", column_widths=["12%", "12%", "20%", "56%"])
    return CheckTab(run_btn, summary, table)


def refresh(services, st: SessionState, tab: CheckTab) -> dict:
    st.finding_sections = []
    return {tab.summary: "", tab.table: gr.Dataframe(value=[], headers=HEADERS)}


def wire(services, tab: CheckTab, ctx, draft_tab, section_view) -> None:
    ws = services.workspace

    def run(st: SessionState):
        st.ensure_id()
        if not st.report_id:
            raise gr.Error("Chưa mở báo cáo nào. Hãy tạo hoặc chọn báo cáo ở đầu trang.")
        try:
            report = pipeline.check_saved_report(services, st.report_id)
        except UserError as exc:
            raise gr.Error(str(exc)) from None
        order = {"error": 0, "warning": 1, "info": 2}
        findings = sorted(report.findings, key=lambda f: order.get(f.severity, 3))
        st.finding_sections = [f.section for f in findings]
        rows = [[f.section or "—", SEVERITY_LABELS.get(f.severity, f.severity), FINDING_LABELS.get(f.kind, f.kind),
                 f.message] for f in findings]
        counts = {k: sum(f.severity == k for f in findings) for k in SEVERITY_LABELS}
        return {tab.summary: render.check_summary_html(counts, len(findings)),
                tab.table: gr.Dataframe(value=rows, headers=HEADERS), ctx.state: st}

    tab.run_btn.click(run, [ctx.state], [tab.summary, tab.table, ctx.state], api_name="check")

    def go(st: SessionState, evt: gr.SelectData):
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        sid = st.finding_sections[row] if 0 <= row < len(st.finding_sections) else None
        return open_finding(st, sid)

    def open_finding(st: SessionState, sid: str | None):
        sections = {r.section.section_id for r in ws.sections(st.report_id)} if st.report_id else set()
        if sid not in sections:
            # a finding on a non-leaf heading: open its first leaf
            sid = next((s for s in sorted(sections) if sid and s.startswith(sid + ".")), None)
        if sid is None:
            gr.Info("Phát hiện này không gắn với một mục cụ thể.")
            return {ctx.state: st}
        out = section_view(services, st, draft_tab, sid)
        out[draft_tab.sections] = gr.Radio(value=sid)
        out[ctx.tabs] = gr.Tabs(selected="draft")
        out[ctx.state] = st
        return out

    outs = draft_tab.outputs + [ctx.tabs, ctx.state]
    tab.table.select(go, [ctx.state], outs)

    def go_index(index, st: SessionState):
        """API form of choosing a finding: its row number in the table."""
        i = int(index)
        return open_finding(st, st.finding_sections[i] if 0 <= i < len(st.finding_sections) else None)

    hidden = gr.Number(visible=False)
    hidden.change(go_index, [hidden, ctx.state], outs, api_name="open_finding")
