"""Tab "Soạn thảo": section tree with statuses, streaming drafting, in-place editing with autosave,
sources beside the text, highlights, redraft with an instruction, approve/lock, history/restore."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import gradio as gr

from assistant.types import UserError
from assistant.ui.runner import DraftRun
from assistant.ui.state import SessionState

from . import ops, render


@dataclass
class DraftTab:
    draft_all: Any
    draft_one: Any
    model_info: Any
    live: Any
    sections: Any
    head: Any
    conflict: Any
    reload_btn: Any
    overwrite_btn: Any
    editor: Any
    save_info: Any
    preview: Any
    instruction: Any
    redraft_btn: Any
    approve_btn: Any
    unlock_btn: Any
    history: Any
    restore_btn: Any
    sources: Any

    @property
    def outputs(self) -> list:
        return [self.sections, self.head, self.conflict, self.reload_btn, self.overwrite_btn, self.editor,
                self.save_info, self.preview, self.approve_btn, self.unlock_btn, self.history, self.sources]


def build(model_label: str) -> DraftTab:
    with gr.Row(elem_classes="bc-toolbar"):
        draft_all = gr.Button("▶ Soạn thảo tất cả các mục", variant="primary", elem_id="bc-draft-all", scale=2)
        draft_one = gr.Button("Soạn mục đang chọn", elem_id="bc-draft-one", scale=1)
        model_info = gr.HTML(f'<div class="bc-model">Mô hình: <b>{html.escape(model_label)}</b></div>')
    live = gr.HTML("", elem_id="bc-live")
    with gr.Row(equal_height=False):
        with gr.Column(scale=4, min_width=260):
            gr.HTML(render.legend_html())
            sections = gr.Radio(choices=[], label="Các mục của đề cương", elem_id="bc-sections",
                                elem_classes="bc-sections")
        with gr.Column(scale=7, min_width=380):
            head = gr.HTML('<div class="bc-empty">Chọn một mục ở cột bên trái.</div>', elem_id="bc-head")
            conflict = gr.HTML("", elem_id="bc-conflict")
            with gr.Row():
                reload_btn = gr.Button("Dùng bản mới nhất", visible=False, size="sm")
                overwrite_btn = gr.Button("Ghi đè bằng bản của tôi", visible=False, size="sm", variant="stop")
            editor = gr.Textbox(label="Nội dung mục — sửa trực tiếp, tự động lưu", lines=12, max_lines=28,
                                interactive=True, elem_id="bc-editor")
            save_info = gr.Markdown("", elem_id="bc-save-info")
            preview = gr.HTML("", elem_id="bc-preview")
            with gr.Row():
                instruction = gr.Textbox(show_label=False, scale=4, elem_id="bc-instruction",
                                         placeholder="Yêu cầu soạn lại, VD: viết ngắn gọn hơn; bổ sung so sánh với năm trước")
                redraft_btn = gr.Button("Soạn lại theo yêu cầu", scale=1, elem_id="bc-redraft")
            with gr.Row():
                approve_btn = gr.Button("✔ Duyệt và khoá mục", variant="secondary", elem_id="bc-approve")
                unlock_btn = gr.Button("Mở khoá để sửa", visible=False, elem_id="bc-unlock")
            with gr.Accordion("Lịch sử phiên bản", open=False):
                history = gr.Dropdown(label="Phiên bản đã lưu", choices=[], elem_id="bc-history")
                restore_btn = gr.Button("Khôi phục phiên bản này", size="sm", elem_id="bc-restore")
        with gr.Column(scale=5, min_width=280):
            gr.HTML('<div class="bc-col-title">Nguồn trích dẫn của mục</div>')
            sources = gr.HTML(render.sources_html(None), elem_id="bc-sources")
    return DraftTab(draft_all, draft_one, model_info, live, sections, head, conflict, reload_btn, overwrite_btn,
                    editor, save_info, preview, instruction, redraft_btn, approve_btn, unlock_btn, history,
                    restore_btn, sources)


def _when(iso: str | None) -> str:
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone().strftime("%H:%M:%S %d/%m")


REASONS = {"edit": "sửa", "manual": "sửa", "draft": "máy soạn", "approve": "duyệt", "unlock": "mở khoá"}


def _reason(reason: str) -> str:
    if reason.startswith("restore v"):
        return "khôi phục " + reason.removeprefix("restore ")
    return REASONS.get(reason, reason)


def _sections_update(ws, st: SessionState, running=()) -> Any:
    outline = ws.get_outline(st.report_id) if st.report_id else None
    secs = {r.section.section_id: r.section for r in ws.sections(st.report_id)} if st.report_id else {}
    return gr.Radio(choices=render.section_choices(outline, secs, running), value=st.section_id)


def section_view(services, st: SessionState, tab: DraftTab, section_id: str | None) -> dict:
    """Everything the editor column shows for one section (and remember its version)."""
    ws = services.workspace
    st.conflict_section = None
    empty = {tab.conflict: "", tab.reload_btn: gr.Button(visible=False), tab.overwrite_btn: gr.Button(visible=False)}
    if not st.report_id or not section_id:
        st.section_id = None
        return {**empty, tab.head: '<div class="bc-empty">Chọn một mục ở cột bên trái.</div>',
                tab.editor: gr.Textbox(value="", interactive=False), tab.save_info: "", tab.preview: "",
                tab.approve_btn: gr.Button(visible=True), tab.unlock_btn: gr.Button(visible=False),
                tab.history: gr.Dropdown(choices=[], value=None), tab.sources: render.sources_html(None)}
    rec = ws.get_section(st.report_id, section_id)
    st.section_id = section_id
    st.versions[section_id] = rec.version
    sd = rec.section
    outline = ws.get_outline(st.report_id)
    sec = outline.find(section_id) if outline else None
    head_html = render.section_head_html(sd, rec.version, sec)
    hist = ws.history(st.report_id, section_id)
    choices = [(f"v{h.version} · {_when(h.created_at)} · {_reason(h.reason)} · {h.author or ''}", h.version)
               for h in hist]
    info = f"Lưu lần cuối {_when(rec.updated_at)} bởi {rec.updated_by}" if rec.updated_by else ""
    return {
        **empty,
        tab.head: head_html,
        tab.editor: gr.Textbox(value=sd.text, interactive=not rec.locked),
        tab.save_info: info,
        tab.preview: render.highlight_html(sd.text, sd, sec) + render.flags_summary(sd),
        tab.approve_btn: gr.Button(visible=not rec.locked),
        tab.unlock_btn: gr.Button(visible=rec.locked),
        tab.history: gr.Dropdown(choices=choices, value=None),
        tab.sources: render.sources_html(sd),
    }


def refresh(services, st: SessionState, tab: DraftTab) -> dict:
    out = section_view(services, st, tab, st.section_id)
    out[tab.sections] = _sections_update(services.workspace, st)
    return out


def wire(services, tab: DraftTab, ctx) -> None:
    ws = services.workspace

    def need_section(st: SessionState) -> str:
        if not st.report_id:
            raise gr.Error("Chưa mở báo cáo nào. Hãy tạo hoặc chọn báo cáo ở đầu trang.")
        if not st.section_id:
            raise gr.Error("Chọn một mục ở cột bên trái trước.")
        return st.section_id

    def select(section_id, st: SessionState):
        st.ensure_id()
        return {**section_view(services, st, tab, section_id), ctx.state: st}

    tab.sections.input(select, [tab.sections, ctx.state], tab.outputs + [ctx.state], api_name="select_section")

    def autosave(text, st: SessionState):
        sid = need_section(st.ensure_id())
        before = ws.get_section(st.report_id, sid)
        sd = before.section
        outline = ws.get_outline(st.report_id)
        flags = ops.edit_flags(text or "", sd, outline)
        res = ws.save_section(st.report_id, sid, text or "", st.versions.get(sid), st.session_id, flags=flags)
        out: dict = {ctx.state: st}
        if res.ok:
            st.versions[sid] = res.version
            new = res.current.section if res.current else sd
            out[tab.save_info] = f"✔ Đã lưu lúc {datetime.now().strftime('%H:%M:%S')} · phiên bản {res.version}"
            sec = outline.find(sid) if outline else None
            out[tab.preview] = render.highlight_html(text or "", new, sec) + render.flags_summary(new)
            out[tab.head] = render.section_head_html(new, res.version, sec)
            if render.status_code(new, sec) != render.status_code(sd, sec):
                out[tab.sections] = _sections_update(ws, st)
            return out
        if res.locked:
            gr.Warning(res.message)
            return {**out, tab.save_info: "🔒 " + res.message}
        if st.conflict_section != sid:
            gr.Warning(res.message)
        st.conflict_section = sid
        other = res.current.section.text if res.current else ""
        banner = (f'<div class="bc-conflict"><b>⚠ {html.escape(res.message)}</b>'
                  f'<div class="bc-other">Bản đang lưu (phiên bản {res.version}):<pre>{html.escape(other)}</pre></div></div>')
        return {**out, tab.conflict: banner, tab.save_info: "⚠ Chưa lưu: có xung đột",
                tab.reload_btn: gr.Button(visible=True), tab.overwrite_btn: gr.Button(visible=True)}

    tab.editor.input(autosave, [tab.editor, ctx.state], tab.outputs + [ctx.state], api_name="save_section",
                     trigger_mode="always_last", show_progress="hidden", concurrency_limit=None)

    def reload_latest(st: SessionState):
        return {**section_view(services, st, tab, need_section(st)), ctx.state: st}

    tab.reload_btn.click(reload_latest, [ctx.state], tab.outputs + [ctx.state])

    def overwrite(text, st: SessionState):
        sid = need_section(st)
        st.versions[sid] = ws.get_section(st.report_id, sid).version
        return autosave(text, st) | {tab.conflict: "", tab.reload_btn: gr.Button(visible=False),
                                     tab.overwrite_btn: gr.Button(visible=False)}

    tab.overwrite_btn.click(overwrite, [tab.editor, ctx.state], tab.outputs + [ctx.state], api_name="overwrite")

    def set_status(status: str):
        def fn(st: SessionState):
            sid = need_section(st.ensure_id())
            res = ws.set_status(st.report_id, sid, status, st.versions.get(sid), st.session_id)
            if not res.ok:
                raise gr.Error(res.message)
            out = section_view(services, st, tab, sid)
            out[tab.sections] = _sections_update(ws, st)
            return {**out, ctx.state: st, ctx.report_info: ctx.info_html(st)}
        return fn

    status_outs = tab.outputs + [ctx.state, ctx.report_info]
    tab.approve_btn.click(set_status("approved"), [ctx.state], status_outs, api_name="approve")
    tab.unlock_btn.click(set_status("drafted"), [ctx.state], status_outs, api_name="unlock")

    def restore(version, st: SessionState):
        sid = need_section(st.ensure_id())
        if version is None:
            raise gr.Error("Chọn một phiên bản trong danh sách trước.")
        res = ws.restore(st.report_id, sid, int(version), st.session_id, st.versions.get(sid))
        if not res.ok:
            raise gr.Error(res.message)
        gr.Info(f"Đã khôi phục phiên bản {version} (thành phiên bản {res.version}).")
        out = section_view(services, st, tab, sid)
        out[tab.sections] = _sections_update(ws, st)
        return {**out, ctx.state: st}

    tab.restore_btn.click(restore, [tab.history, ctx.state], tab.outputs + [ctx.state], api_name="restore")

    async def run(st: SessionState, only: set[str] | None, instruction: str | None, into_editor: bool):
        st.ensure_id()
        if not st.report_id:
            raise gr.Error("Chưa mở báo cáo nào. Hãy tạo hoặc chọn báo cáo ở đầu trang.")
        try:
            job = DraftRun(services, st.report_id, st.session_id, only=only, instruction=instruction)
        except UserError as exc:
            raise gr.Error(str(exc)) from None
        outline = job.existing.outline
        order = [(s.id, s.heading()) for s in outline.leaves() if s.id in job.only]
        async for snap in job.stream():
            out: dict = {tab.live: render.live_html(order, snap.live, snap.state, snap.done, snap.total, snap.info,
                                                    snap.finished and not snap.error)}
            if snap.changed_status:
                running = [k for k, v in snap.state.items() if v == "running"]
                out[tab.sections] = _sections_update(ws, st, running)
            if into_editor and st.section_id in snap.live and not snap.finished:
                out[tab.editor] = gr.Textbox(value=snap.live[st.section_id])
            if snap.finished:
                if snap.error:
                    gr.Warning("Soạn thảo dừng vì lỗi: " + ops.redact(snap.error, services.settings))
                elif snap.kept:
                    gr.Warning(f"Giữ nguyên {len(snap.kept)} mục đã duyệt hoặc vừa được sửa: {', '.join(snap.kept)}")
                out |= section_view(services, st, tab, st.section_id)
                out[tab.sections] = _sections_update(ws, st)
                out[ctx.state] = st
                out[ctx.report_info] = ctx.info_html(st)
            yield out

    async def draft_all(st: SessionState):
        async for out in run(st, None, None, False):
            yield out

    async def draft_one(st: SessionState):
        async for out in run(st, {need_section(st)}, None, True):
            yield out

    async def redraft(instruction, st: SessionState):
        text = (instruction or "").strip()
        if not text:
            raise gr.Error("Nhập yêu cầu soạn lại, ví dụ: viết ngắn gọn hơn.")
        async for out in run(st, {need_section(st)}, text, True):
            yield out

    outs = tab.outputs + [tab.live, ctx.state, ctx.report_info]
    tab.draft_all.click(draft_all, [ctx.state], outs, api_name="draft_all", concurrency_limit=4, show_progress="hidden")
    tab.draft_one.click(draft_one, [ctx.state], outs, api_name="draft_one", concurrency_limit=4, show_progress="hidden")
    tab.redraft_btn.click(redraft, [tab.instruction, ctx.state], outs, api_name="redraft", concurrency_limit=4,
                          show_progress="hidden")
