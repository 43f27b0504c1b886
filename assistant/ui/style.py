"""Look of the workspace: a calm theme with system fonts (no web fonts to fetch) and the CSS of render.py's HTML."""

from __future__ import annotations

FONTS = ["Noto Sans", "Segoe UI", "Liberation Sans", "DejaVu Sans", "system-ui", "sans-serif"]
MONO = ["Noto Sans Mono", "DejaVu Sans Mono", "Consolas", "monospace"]


def theme():
    import gradio as gr

    return gr.themes.Soft(primary_hue="red", secondary_hue="amber", neutral_hue="slate", font=FONTS, font_mono=MONO,
                          radius_size="md", text_size="md").set(
        body_background_fill="#f6f7f9",
        block_background_fill="#ffffff",
        button_primary_background_fill="#b91c1c",
        button_primary_background_fill_hover="#991b1b",
        button_primary_text_color="#ffffff",
        block_label_background_fill="*neutral_100",
        block_label_text_color="*neutral_700",
        block_title_background_fill="transparent",
        block_title_text_color="*neutral_700",
    )


_UPLOAD_TEXT = {"upload_text.drop_file": "Thả tệp vào đây", "upload_text.click_to_upload": "bấm để chọn tệp",
                "common.or": "hoặc"}


def i18n():
    """Gradio's own upload texts in Vietnamese (also for browsers set to English: the app is Vietnamese)."""
    import gradio as gr

    return gr.I18n(vi=_UPLOAD_TEXT, en=_UPLOAD_TEXT)


CSS = """
.gradio-container { max-width: 1480px !important; margin: 0 auto; }
#bc-brand { display:flex; align-items:center; gap:14px; padding:6px 2px 2px; }
#bc-brand .bc-logo { width:40px; height:40px; border-radius:10px; background:#b91c1c; color:#fde68a;
  display:flex; align-items:center; justify-content:center; font-weight:700; font-size:20px; }
#bc-brand h1 { font-size:1.35rem; margin:0; color:#1f2937; }
#bc-brand .bc-sub { color:#64748b; font-size:.9rem; }
.bc-reportbar { background:#fff; border:1px solid #e5e7eb; border-radius:12px; padding:6px 10px; align-items:flex-end !important; }
#bc-new-report { margin-bottom:8px; }
#bc-docs *, #bc-findings * { font-family: "Noto Sans","Segoe UI","Liberation Sans","DejaVu Sans",sans-serif !important; }
.bc-empty { color:#64748b; font-style:italic; padding:10px 4px; }
.bc-legend { display:flex; flex-wrap:wrap; gap:6px; margin-bottom:4px; }
.bc-badge { display:inline-block; border-radius:999px; padding:1px 9px; font-size:.78rem; font-weight:600;
  white-space:nowrap; border:1px solid transparent; }
.bc-pending { background:#f1f5f9; color:#475569; border-color:#e2e8f0; }
.bc-drafted { background:#dcfce7; color:#166534; }
.bc-missing { background:#fef3c7; color:#92400e; }
.bc-unverified { background:#ffedd5; color:#9a3412; }
.bc-failed { background:#fee2e2; color:#991b1b; }
.bc-approved { background:#dbeafe; color:#1e40af; }
.bc-running { background:#ede9fe; color:#5b21b6; }
.bc-sections .wrap { flex-direction:column !important; gap:2px !important; }
.bc-sections label { width:100%; justify-content:flex-start; padding:6px 8px !important; font-size:.9rem;
  border-radius:8px !important; }
.bc-sections label span { white-space:pre-wrap; }
.bc-tree { background:#fff; border:1px solid #e5e7eb; border-radius:12px; padding:12px 14px; max-height:70vh; overflow:auto; }
.bc-tree-title { font-weight:700; color:#991b1b; text-transform:uppercase; font-size:.95rem; }
.bc-meta { color:#64748b; font-size:.82rem; margin-bottom:6px; }
.bc-tree ul { list-style:none; padding-left:16px; margin:2px 0; }
.bc-tree > ul { padding-left:0; }
.bc-tree summary { cursor:pointer; font-weight:600; color:#1f2937; padding:2px 0; }
.bc-tree .bc-leaf { padding:2px 0; color:#334155; }
.bc-num { color:#b91c1c; font-weight:700; }
.bc-opt { color:#64748b; font-style:italic; }
.bc-reqs { padding-left:18px !important; }
.bc-req { color:#64748b; font-size:.8rem; list-style:"· " !important; }
.bc-sechead { display:flex; flex-wrap:wrap; align-items:center; gap:8px; }
.bc-sectitle { font-size:1.08rem; font-weight:700; color:#111827; }
.bc-ver { color:#64748b; font-size:.8rem; }
.bc-guide { margin-top:6px; color:#475569; font-size:.85rem; }
.bc-error { margin-top:6px; background:#fee2e2; color:#991b1b; padding:6px 10px; border-radius:8px; }
.bc-preview { background:#fffdf8; border:1px solid #eee7d6; border-radius:10px; padding:10px 14px; line-height:1.6;
  font-family:"Liberation Serif","Times New Roman",serif; font-size:1.02rem; text-align:justify; }
.bc-preview p { margin:0 0 6px; text-indent:1.2em; }
.bc-cite { color:#1d4ed8; font-weight:600; cursor:help; }
.bc-cite.bc-bad { color:#dc2626; text-decoration:line-through; }
mark.bc-ph { background:#fde68a; color:#78350f; border-radius:4px; padding:0 3px; }
mark.bc-numflag { background:#fecaca; color:#7f1d1d; border-radius:4px; padding:0 2px; border-bottom:2px solid #dc2626; }
.bc-uvtag { color:#b91c1c; font-size:.78rem; font-weight:700; }
.bc-flags { color:#9a3412; font-size:.84rem; margin:6px 0 0; padding-left:18px; }
.bc-col-title { font-weight:700; color:#334155; margin-bottom:4px; }
.bc-sources { display:flex; flex-direction:column; gap:8px; max-height:72vh; overflow:auto; }
.bc-src { border:1px solid #e5e7eb; border-radius:10px; padding:8px 10px; background:#fff; opacity:.75; }
.bc-src.bc-cited { border-left:4px solid #1d4ed8; opacity:1; }
.bc-src-head { font-size:.82rem; color:#334155; }
.bc-src-head code { font-size:.76rem; background:#f1f5f9; padding:0 4px; border-radius:4px; }
.bc-used { color:#64748b; font-size:.75rem; float:right; }
.bc-src-text { font-size:.88rem; color:#111827; margin-top:4px; white-space:pre-wrap; }
.bc-model { color:#475569; font-size:.88rem; padding-top:10px; }
.bc-livebox:empty { display:none; }
.bc-progress { position:relative; height:22px; background:#f1f5f9; border-radius:999px; overflow:hidden; margin:4px 0 8px; }
.bc-bar { height:100%; background:linear-gradient(90deg,#b91c1c,#f59e0b); transition:width .2s; }
.bc-progress span { position:absolute; inset:0; text-align:center; font-size:.8rem; line-height:22px; color:#111827; font-weight:600; }
.bc-live { border:1px solid #e5e7eb; border-radius:10px; padding:8px 12px; margin-bottom:6px; background:#fff; }
.bc-live-run { border-left:4px solid #7c3aed; }
.bc-live-done { border-left:4px solid #16a34a; }
.bc-live-fail { border-left:4px solid #dc2626; }
.bc-live-head { font-weight:700; font-size:.9rem; color:#1f2937; }
.bc-live-text { font-family:"Liberation Serif","Times New Roman",serif; white-space:pre-wrap; max-height:9em; overflow:auto; }
.bc-caret { color:#7c3aed; animation: bcblink 1s steps(1) infinite; }
@keyframes bcblink { 50% { opacity:0; } }
.bc-conflict { background:#fff7ed; border:1px solid #fdba74; border-radius:10px; padding:8px 12px; color:#7c2d12; }
.bc-other pre { white-space:pre-wrap; background:#fff; padding:6px; border-radius:6px; max-height:10em; overflow:auto; }
.bc-finished { background:#dcfce7; color:#166534; padding:6px 12px; border-radius:8px; font-weight:600; }
.bc-hint { color:#64748b; font-size:.88rem; padding-top:6px; }
.bc-ok { background:#dcfce7; color:#166534; padding:10px 14px; border-radius:10px; font-weight:600; }
.bc-checksum { background:#fff; border:1px solid #e5e7eb; padding:8px 12px; border-radius:10px; }
.bc-sev { border-radius:999px; padding:1px 8px; font-size:.8rem; font-weight:600; margin-left:4px; }
.bc-sev-error { background:#fee2e2; color:#991b1b; }
.bc-sev-warning { background:#fef3c7; color:#92400e; }
.bc-sev-info { background:#e0f2fe; color:#075985; }
footer { display:none !important; }
"""
