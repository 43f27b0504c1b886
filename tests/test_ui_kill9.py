"""Never lose work: edit through the real `baocao ui` server, kill -9 it, restart it, the edit is there."""

from __future__ import annotations

import pytest
from gradio_client import handle_file
from ui_support import client, free_port, kill9, plan_file, start_cli_server, stop, wait_http

pytestmark = pytest.mark.slow


def test_edit_survives_kill_9_and_restart(tmp_path):
    data = tmp_path / "data"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = start_cli_server(data, port)
    try:
        wait_http(url, 90, proc)
        c = client(url)
        c.predict("Báo cáo kill -9", api_name="/new_report")
        c.predict([handle_file(str(plan_file()))], "outline", "", None, api_name="/upload")
        from assistant.workspace.db import Workspace

        ws = Workspace(data / "workspace.sqlite3")
        rid = ws.list_reports()[0].id
        sid = ws.sections(rid)[2].section.section_id
        ws.close()
        c.predict(sid, api_name="/select_section")
        edit = "Nội dung sửa ngay trước khi máy chủ bị kill -9: 1 dòng, không được mất."
        c.predict(edit, api_name="/save_section")
    finally:
        kill9(proc)
    assert proc.returncode == -9

    proc2 = start_cli_server(data, port)
    try:
        wait_http(url, 90, proc2)
        c2 = client(url)
        c2.predict(rid, api_name="/open_report")
        out = c2.predict(sid, api_name="/select_section")
        editor = next(x for x in out if isinstance(x, dict) and x.get("value") == edit)
        assert editor["interactive"] is True
        ws = Workspace(data / "workspace.sqlite3")
        hist = ws.history(rid, sid)
        assert hist[0].text == edit and hist[0].reason == "edit"
        ws.close()
    finally:
        stop(proc2)


def test_refuses_public_host_without_auth(tmp_path):
    proc = start_cli_server(tmp_path / "data", free_port(), "--host", "0.0.0.0")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "BAOCAO_UI_AUTH" in err and "--auth" in err
