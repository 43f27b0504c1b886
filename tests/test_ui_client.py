"""The reviewer workspace through gradio_client, step by step: report, upload, draft, edit, conflict,
approve, history, check, export; isolation between sessions; safety (auth, uploads, secrets)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import httpx
import pytest
from gradio_client import handle_file
from ui_support import client, notes_file, plan_file, running_app

from assistant.config import Settings
from assistant.services import build_services

pytestmark = pytest.mark.slow

SECRET = "sk-test-THIS-KEY-MUST-NEVER-SHOW-0123456789"


@pytest.fixture
def app(tmp_path):
    settings = Settings.test_profile(tmp_path / "data")
    services = build_services(settings)
    with running_app(services) as (url, _demo):
        yield url, services, tmp_path


def _upload_sample(c, tmp_path: Path) -> tuple:
    c.predict("Sơ kết Chỉ thị 19", api_name="/new_report")
    out = c.predict([handle_file(str(plan_file()))], "plan", "Thị ủy Sa Pa", None, api_name="/upload")
    out2 = c.predict([handle_file(str(notes_file()))], "auto", "", None, api_name="/upload")
    return out, out2


def _rid(services) -> str:
    return services.workspace.list_reports()[0].id


def test_upload_parses_outline_and_notes_and_lists_documents(app):
    url, services, tmp = app
    c = client(url)
    _upload_sample(c, tmp)
    ws = services.workspace
    rid = _rid(services)
    outline = ws.get_outline(rid)
    assert outline is not None and len(outline.leaves()) >= 5
    assert ws.get_plan(rid) is not None
    assert len(ws.get_notes(rid)) >= 3
    names = {d.file for d in services.store.list_documents()}
    assert Path(plan_file()).name in names


def test_draft_edit_check_export_round_trip(app):
    url, services, tmp = app
    ws = services.workspace
    c = client(url)
    _upload_sample(c, tmp)
    rid = _rid(services)
    c.predict(api_name="/draft_all")
    recs = ws.sections(rid)
    assert all(r.section.status in ("drafted", "failed") for r in recs)
    assert sum(r.section.status == "drafted" for r in recs) == len(recs)
    sid = recs[0].section.section_id
    c.predict(sid, api_name="/select_section")
    edited = "Đoạn văn do người duyệt sửa trực tiếp trong giao diện, không có số liệu."
    out = c.predict(edited, api_name="/save_section")
    assert any("Đã lưu" in str(x) for x in out)
    assert ws.get_section(rid, sid).section.text == edited
    assert ws.get_section(rid, sid).version == recs[0].version + 1
    # check runs on the edited state
    summary, table = c.predict(api_name="/check")
    assert "phát hiện" in summary or "Không có phát hiện" in summary
    # export: the downloaded .docx contains the edit
    out = c.predict("Thị ủy Sa Pa", "Đảng bộ tỉnh Lào Cai", "", "Sa Pa", "27/4/2021", "", "", "", "party", "final",
                    api_name="/export")
    path = out[0]["value"] if isinstance(out[0], dict) else out[0]
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "người duyệt sửa trực tiếp" in xml
    assert ws.get_header(rid)["issuer"] == "Thị ủy Sa Pa"


def test_unsupported_number_and_placeholder_are_flagged_on_edit(app):
    url, services, tmp = app
    c = client(url)
    _upload_sample(c, tmp)
    rid = _rid(services)
    sid = services.workspace.sections(rid)[0].section.section_id
    c.predict(sid, api_name="/select_section")
    out = c.predict("Đã tổ chức 987.654 buổi [Cần bổ sung: số buổi].", api_name="/save_section")
    html = " ".join(str(x) for x in out)
    assert "bc-numflag" in html and "bc-ph" in html
    kinds = {f.kind for f in services.workspace.get_section(rid, sid).section.flags}
    assert {"unsupported_number", "placeholder"} <= kinds


def test_two_sessions_same_report_conflict_warns_instead_of_overwriting(app):
    url, services, tmp = app
    ws = services.workspace
    a = client(url)
    _upload_sample(a, tmp)
    rid = _rid(services)
    sid = ws.sections(rid)[1].section.section_id
    b = client(url)
    b.predict(rid, api_name="/open_report")
    a.predict(sid, api_name="/select_section")
    b.predict(sid, api_name="/select_section")
    a.predict("Bản của phiên A.", api_name="/save_section")
    out = b.predict("Bản của phiên B.", api_name="/save_section")
    assert any("xung đột" in str(x) for x in out)
    assert ws.get_section(rid, sid).section.text == "Bản của phiên A."
    b.predict("Bản của phiên B.", api_name="/overwrite")
    assert ws.get_section(rid, sid).section.text == "Bản của phiên B."


def test_two_sessions_on_two_reports_are_isolated(app):
    url, services, tmp = app
    ws = services.workspace
    a, b = client(url), client(url)
    a.predict("Báo cáo A", api_name="/new_report")
    a.predict([handle_file(str(plan_file()))], "plan", "", None, api_name="/upload")
    b.predict("Báo cáo B", api_name="/new_report")
    b.predict([handle_file(str(plan_file()))], "plan", "", None, api_name="/upload")
    ids = {r.name: r.id for r in ws.list_reports()}
    sid = ws.sections(ids["Báo cáo A"])[0].section.section_id
    a.predict(sid, api_name="/select_section")
    b.predict(sid, api_name="/select_section")
    a.predict("Chỉ của A.", api_name="/save_section")
    b.predict("Chỉ của B.", api_name="/save_section")
    assert ws.get_section(ids["Báo cáo A"], sid).section.text == "Chỉ của A."
    assert ws.get_section(ids["Báo cáo B"], sid).section.text == "Chỉ của B."


def test_approve_locks_then_history_restore(app):
    url, services, tmp = app
    ws = services.workspace
    c = client(url)
    _upload_sample(c, tmp)
    c.predict(api_name="/draft_all")
    rid = _rid(services)
    sid = ws.sections(rid)[0].section.section_id
    drafted = ws.get_section(rid, sid)
    c.predict(sid, api_name="/select_section")
    c.predict("Bản người duyệt sửa.", api_name="/save_section")
    c.predict(api_name="/approve")
    assert ws.get_section(rid, sid).section.status == "approved"
    out = c.predict("Sửa khi đã khoá.", api_name="/save_section")
    assert any("khoá" in str(x) for x in out)
    assert ws.get_section(rid, sid).section.text == "Bản người duyệt sửa."
    c.predict(api_name="/unlock")
    reasons = [h.reason for h in ws.history(rid, sid)]
    assert reasons[:3] == ["unlock", "approve", "edit"] and "draft" in reasons
    c.predict(drafted.version, api_name="/restore")
    now = ws.get_section(rid, sid)
    assert now.section.text == drafted.section.text and now.version > drafted.version


def test_redraft_with_instruction_streams_tokens_into_the_editor(tmp_path):
    from assistant.devtools.fake_openai import FakeOpenAIServer

    reply = "Thị ủy đã tổ chức quán triệt sâu rộng Chỉ thị trong toàn Đảng bộ [1]."
    with FakeOpenAIServer(reply=reply, chunk_delay=0.03) as srv:
        settings = Settings.test_profile(tmp_path / "data", backend="openai", openai_base_url=srv.base_url)
        services = build_services(settings)
        with running_app(services) as (url, _):
            c = client(url)
            _upload_sample(c, tmp_path)
            ws = services.workspace
            rid = _rid(services)
            sid = next(r.section.section_id for r in ws.sections(rid) if ws.get_notes(rid))
            c.predict(sid, api_name="/select_section")
            job = c.submit("viết ngắn gọn hơn", api_name="/redraft")
            job.result()
            outputs = job.outputs()
        prompts = [str(r) for r in srv.requests]
    assert any("viết ngắn gọn hơn" in p for p in prompts)
    partial = []
    for o in outputs:
        for x in o:
            if isinstance(x, dict) and isinstance(x.get("value"), str) and x["value"] and reply.startswith(x["value"]):
                partial.append(x["value"])
    assert partial and min(map(len, partial)) < len(reply), "tokens did not stream into the editor"
    assert ws.get_section(rid, sid).section.status in ("drafted", "failed")


def test_upload_refuses_other_types_and_sanitises_names(app):
    from gradio_client.exceptions import AppError

    url, services, tmp = app
    c = client(url)
    c.predict("r", api_name="/new_report")
    bad = tmp / "virus.exe"
    bad.write_bytes(b"MZ\x90\x00")
    with pytest.raises(AppError, match="(?i)file type|Không nhận loại tệp"):
        c.predict([handle_file(str(bad))], "notes", "", None, api_name="/upload")
    odd = tmp / "..ghi chú; rm -rf $(x).md"
    odd.write_text("- Tổ chức 3 hội nghị.\n", encoding="utf-8")
    c.predict([handle_file(str(odd))], "notes", "", None, api_name="/upload")
    stored = [p.name for p in (Path(services.settings.data_dir) / "uploads").iterdir()]
    assert stored and all(";" not in n and "$" not in n and not n.startswith(".") for n in stored)
    assert services.workspace.get_notes(services.workspace.list_reports()[0].id)


def test_api_key_never_in_page_logs_or_exports(tmp_path, capfd, caplog):
    from assistant.devtools.fake_openai import FakeOpenAIServer

    caplog.set_level("DEBUG")
    with FakeOpenAIServer(api_key=SECRET, reply="Đã quán triệt Chỉ thị [1].") as srv:
        settings = Settings.test_profile(tmp_path / "data", backend="openai", openai_api_key=SECRET,
                                         openai_base_url=srv.base_url)
        services = build_services(settings)
        with running_app(services) as (url, _):
            page = httpx.get(url).text
            config = httpx.get(url + "config").text
            c = client(url)
            _upload_sample(c, tmp_path)
            drafted = c.predict(api_name="/draft_all")
            out = c.predict("", "", "", "", "", "", "", "", "party", "review", api_name="/export")
        assert srv.requests, "the model server was not used"
    path = out[0]["value"] if isinstance(out[0], dict) else out[0]
    docx = Path(path).read_bytes()
    import zipfile as zf

    with zf.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist())
    logs = capfd.readouterr()
    for where in (page, config, str(drafted), str(out), xml, logs.out, logs.err, caplog.text):
        assert SECRET not in where
    assert SECRET.encode() not in docx
    db = (Path(settings.data_dir) / "workspace.sqlite3").read_bytes()
    assert SECRET.encode() not in db


def test_remove_document_and_open_finding(app):
    url, services, tmp = app
    c = client(url)
    _upload_sample(c, tmp)
    docs = services.store.list_documents()
    notes_doc = next(d for d in docs if d.kind == "notes")
    c.predict(notes_doc.id, api_name="/remove_document")
    assert notes_doc.id not in {d.id for d in services.store.list_documents()}
    summary, table = c.predict(api_name="/check")
    rows = table["value"]["data"] if isinstance(table, dict) and "value" in table else table["data"]
    assert rows, "a fresh report (nothing drafted) has findings"
    row = next(i for i, r in enumerate(rows) if r[0] not in ("—", ""))
    out = c.predict(row, api_name="/open_finding")
    assert any(isinstance(x, str) and "bc-sectitle" in x for x in out)  # the editor shows that section


def test_off_loopback_requires_auth():
    from assistant.cli.ui import is_loopback, resolve_ui_options
    from assistant.types import UserError

    s = Settings.test_profile(Path("/tmp/x"))
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    with pytest.raises(UserError, match="BAOCAO_UI_AUTH"):
        resolve_ui_options(s, "0.0.0.0", None, None)
    assert resolve_ui_options(s, "0.0.0.0", 8000, "canbo:mk") == ("0.0.0.0", 8000, ("canbo", "mk"))
    s2 = Settings.test_profile(Path("/tmp/x"), ui_auth="u:p")
    assert resolve_ui_options(s2, "0.0.0.0", None, None)[2] == ("u", "p")
    with pytest.raises(UserError, match="tên:mật_khẩu"):
        resolve_ui_options(s, "0.0.0.0", None, "nocolon")


def test_auth_protects_the_app(tmp_path):
    services = build_services(Settings.test_profile(tmp_path / "data"))
    with running_app(services, auth=("canbo", "MatKhau@1")) as (url, _):
        assert httpx.get(url + "config").status_code in (401, 403)
        c = client(url, auth=("canbo", "MatKhau@1"))
        c.predict("r", api_name="/new_report")
    assert services.workspace.list_reports()
