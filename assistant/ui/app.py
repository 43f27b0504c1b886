"""The reviewer workspace: `build_app(services) -> gr.Blocks` and `launch_app(...)`.

One composition root: the app receives `services` (store, chat model, workspace DB, settings);
everything per user lives in `gr.State` (SessionState). The four tabs are built by their modules;
this module adds the report bar above them and wires the events that span tabs.
"""

from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.ui.state import SessionState

from . import style, tab_check, tab_documents, tab_drafting, tab_export

WARM_DELAY_S = 1.5


@dataclass
class Ctx:
    services: Any
    state: Any
    tabs: Any
    report_dd: Any
    report_info: Any
    docs: Any = None
    draft: Any = None
    check: Any = None
    export: Any = None
    all_outputs: list = field(default_factory=list)
    last: Any = None  # gr.BrowserState: the report this browser had open, to reopen it after a restart

    def open_report(self, st: SessionState) -> None:
        """Makes st.report_id the open report of this session: fresh versions, first section, presence."""
        ws = self.services.workspace
        st.versions = ws.versions(st.report_id)
        secs = ws.sections(st.report_id)
        st.section_id = secs[0].section.section_id if secs else None
        st.finding_sections = []
        from assistant import pipeline  # lazy: keeps the UI's start fast

        pipeline.prefetch_routing(self.services, st.report_id)
        others = ws.other_sessions(st.report_id, st.session_id)
        ws.touch(st.report_id, st.session_id)
        if others:
            gr.Warning("Báo cáo này đang được mở ở một trình duyệt khác. Nếu hai nơi cùng sửa một mục, "
                       "bản lưu sau sẽ được cảnh báo chứ không ghi đè.")

    def info_html(self, st: SessionState) -> str:
        if not st.report_id:
            return '<div class="bc-meta">Chưa mở báo cáo nào.</div>'
        ws = self.services.workspace
        recs = ws.sections(st.report_id)
        n_done = sum(r.section.status in ("drafted", "approved") for r in recs)
        n_ok = sum(r.section.status == "approved" for r in recs)
        return (f'<div class="bc-meta">Đang mở: <b>{html.escape(ws.report_name(st.report_id))}</b>'
                f" · {len(recs)} mục · đã soạn {n_done} · đã duyệt {n_ok}</div>")

    def refresh_all(self, st: SessionState) -> dict:
        ws = self.services.workspace
        reports = ws.list_reports()
        choices = [(f"{r.name} · {r.updated_at[:10]}", r.id) for r in reports]
        out: dict = {self.report_dd: gr.Dropdown(choices=choices, value=st.report_id), self.state: st,
                     self.report_info: self.info_html(st)}
        if self.last is not None and st.report_id:
            out[self.last] = st.report_id
        out |= tab_documents.refresh(self.services, st, self.docs)
        out |= tab_drafting.refresh(self.services, st, self.draft)
        out |= tab_check.refresh(self.services, st, self.check)
        out |= tab_export.refresh(self.services, st, self.export)
        return out


def _browser_secret(settings) -> str:
    """A stable key for the encrypted localStorage entry (kept in the data dir, so it survives restarts)."""
    import secrets

    path = Path(settings.data_dir) / ".ui_secret"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        value = secrets.token_hex(16)
        path.write_text(value)
        path.chmod(0o600)
        return value


def _model_label(services) -> str:
    s = services.settings
    if s.resolved_backend == "offline":
        return "ngoại tuyến (không dùng mô hình, soạn từ ghi chú)"
    return f"{s.model} (máy chủ tương thích OpenAI)"


def build_app(services) -> gr.Blocks:
    """The whole workspace UI. Pass the result to `launch_app` (theme, CSS and limits are set there)."""
    with gr.Blocks(title="Trợ lý soạn báo cáo", analytics_enabled=False) as demo:
        state = gr.State(SessionState())
        last = gr.BrowserState(None, storage_key="baocao_last_report", secret=_browser_secret(services.settings))
        gr.HTML('<div id="bc-brand"><div class="bc-logo">BC</div><div><h1>Trợ lý soạn báo cáo</h1>'
                '<div class="bc-sub">Soạn báo cáo sơ kết, tổng kết theo đề cương — mọi chỉnh sửa được lưu tự động'
                '</div></div></div>')
        with gr.Row(elem_classes="bc-reportbar", equal_height=False):
            report_dd = gr.Dropdown(label="Báo cáo đang soạn", choices=[], scale=3, elem_id="bc-report",
                                    allow_custom_value=True)
            new_name = gr.Textbox(label="Tên báo cáo mới", placeholder="VD: Sơ kết 5 năm Chỉ thị 19-CT/TU", scale=3,
                                  elem_id="bc-new-name")
            new_btn = gr.Button("+ Tạo báo cáo mới", scale=1, elem_id="bc-new-report", variant="secondary")
        report_info = gr.HTML("", elem_id="bc-report-info")
        with gr.Tabs(selected="docs", elem_id="bc-tabs") as tabs:
            ctx = Ctx(services, state, tabs, report_dd, report_info, last=last)
            with gr.Tab("Tài liệu", id="docs", elem_id="bc-tab-docs"):
                ctx.docs = tab_documents.build()
            with gr.Tab("Soạn thảo", id="draft", elem_id="bc-tab-draft"):
                ctx.draft = tab_drafting.build(_model_label(services))
            with gr.Tab("Kiểm tra", id="check", elem_id="bc-tab-check"):
                ctx.check = tab_check.build()
            with gr.Tab("Xuất bản", id="export", elem_id="bc-tab-export"):
                ctx.export = tab_export.build()
        ctx.all_outputs = list(dict.fromkeys(
            [report_dd, report_info, state, last, *ctx.docs.outputs, *ctx.draft.outputs, *ctx.check.outputs,
             *ctx.export.outputs]))

        tab_documents.wire(services, ctx.docs, ctx)
        tab_drafting.wire(services, ctx.draft, ctx)
        tab_check.wire(services, ctx.check, ctx, ctx.draft, tab_drafting.section_view)
        tab_export.wire(services, ctx.export, ctx)
        ws = services.workspace

        def create(name, st: SessionState):
            st.ensure_id()
            name = (name or "").strip()
            if not name:
                raise gr.Error("Nhập tên cho báo cáo mới.")
            st.report_id = ws.create_report(name)
            ctx.open_report(st)
            return ctx.refresh_all(st) | {new_name: ""}

        new_btn.click(create, [new_name, state], ctx.all_outputs + [new_name], api_name="new_report")

        def open_(report_id, st: SessionState):
            st.ensure_id()
            if report_id and report_id != st.report_id:
                st.report_id = report_id
                ctx.open_report(st)
            return ctx.refresh_all(st)

        report_dd.input(open_, [report_dd, state], ctx.all_outputs, api_name="open_report")

        def on_load(st: SessionState, last_report, request: gr.Request):
            """A new page: opens ?report=ID, else the report this browser had open last (kept in localStorage)."""
            st.ensure_id()
            wanted = request.query_params.get("report") if request else None
            ids = {r.id for r in ws.list_reports()}
            for candidate in (wanted, last_report):
                if candidate in ids:
                    st.report_id = candidate
                    break
            if st.report_id:
                ctx.open_report(st)
            return ctx.refresh_all(st)

        demo.load(on_load, [state, last], ctx.all_outputs, api_visibility="private")
    # Same as demo.queue(default_concurrency_limit=8) without rebuilding the FastAPI app a third time
    # (each rebuild costs ~0.4 s of start time); the limit is read when the queue starts, at launch.
    if getattr(getattr(demo, "_queue", None), "default_concurrency_limit", None) == 1:
        demo._queue.default_concurrency_limit = 8
    else:
        demo.queue(default_concurrency_limit=8)
    demo.baocao_services = services  # for launch_app
    return demo


def _warm(services) -> None:
    """Loads the drafting modules, the chat client, the knowledge store and the embedder in the background,
    after the server is up, so that the first click on "Soạn thảo" does not wait for them."""

    def embedder() -> None:
        services.embed(["khởi động"], "query")

    time.sleep(WARM_DELAY_S)  # let the first page load be served first

    for step in (lambda: __import__("assistant.drafting.orchestrate"), services.chat_model,
                 lambda: services.store.list_documents(), embedder):
        try:
            step()
        except Exception:  # warming is best effort; the real call reports errors
            pass


def launch_app(demo: gr.Blocks, services, *, host: str | None = None, port: int | None = None,
               auth: tuple[str, str] | None = None, block: bool = True, warm: bool = True):
    """Starts the server with the workspace's theme, CSS, upload limit and allowed download folder."""
    s = services.settings
    exports = Path(s.data_dir).resolve() / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    kwargs = dict(
        server_name=host or s.ui_host, server_port=port or s.ui_port, auth=auth,
        auth_message="Trợ lý soạn báo cáo: đăng nhập để tiếp tục.", max_file_size=f"{s.max_upload_mb:g}mb",
        allowed_paths=[str(exports)], quiet=True, show_error=False, ssr_mode=False, theme=style.theme(),
        css=style.CSS, i18n=style.i18n(), run_history=False, footer_links=[], inbrowser=False, share=False,
        mcp_server=False,
    )
    result = demo.launch(prevent_thread_lock=True, **kwargs)
    if warm:
        threading.Thread(target=_warm, args=(services,), daemon=True, name="warm-up").start()
    if block:
        demo.block_thread()
    return result
