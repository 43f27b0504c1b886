"""End to end in real Chromium (Playwright's Python API driving the system browser, never a downloaded one):
upload the sample → draft → edit a section → check → export → the downloaded .docx contains the edit."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from ui_support import CHROMIUM, CHROMIUM_ARGS, drive, notes_file, plan_file, running_app

from assistant.config import Settings
from assistant.services import build_services

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason=f"{CHROMIUM} missing: install the Debian package 'chromium' (bash scripts/system_deps.sh)"),
]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_upload_draft_edit_check_export_in_chromium(browser, tmp_path):
    services = build_services(Settings.test_profile(tmp_path / "data"))
    edit = "Câu này do người duyệt gõ trong trình duyệt để kiểm thử đầu cuối."
    with running_app(services) as (url, _):
        page = browser.new_page(viewport={"width": 1440, "height": 960}, locale="vi-VN")
        try:
            seen = drive(page, url, plan_file(), notes_file(), edit=edit, download_to=tmp_path)
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            raise
    assert "I." in seen["tree"] and seen["sections"] >= 5
    assert "phát hiện" in seen["check"]
    assert seen.get("finding_opened") or "Không có phát hiện" in seen["check"]  # a finding opened its section
    assert "Đã tạo" in seen["export_status"]
    with zipfile.ZipFile(seen["docx"]) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert edit in xml
    ws = services.workspace
    rid = ws.list_reports()[0].id
    assert any(edit in s.text for s in ws.load_draft(rid).sections)


def test_second_browser_on_same_report_is_warned_and_edits_do_not_overwrite(browser, tmp_path):
    services = build_services(Settings.test_profile(tmp_path / "data"))
    ws = services.workspace
    from assistant.outline.parser import parse_outline
    from assistant.reading.document import read_document

    rid = ws.create_report("Chung", outline=parse_outline(read_document(plan_file())))
    sid = ws.sections(rid)[0].section.section_id
    with running_app(services) as (url, _):
        a = browser.new_context(locale="vi-VN").new_page()
        b = browser.new_context(locale="vi-VN").new_page()
        a.goto(f"{url}?report={rid}")
        a.wait_for_selector("#bc-report-info:has-text('Chung')")
        b.goto(f"{url}?report={rid}")
        b.wait_for_selector("text=đang được mở ở một trình duyệt khác", timeout=20_000)
        for page in (a, b):
            page.get_by_role("tab", name="Soạn thảo").click()
            page.wait_for_selector("#bc-head .bc-sectitle")
        a.locator("#bc-editor textarea").press_sequentially("Bản của trình duyệt A.", delay=5)
        a.wait_for_selector("#bc-save-info:has-text('Đã lưu')")
        b.locator("#bc-editor textarea").press_sequentially("Bản của trình duyệt B.", delay=5)
        b.wait_for_selector("#bc-conflict:has-text('CHƯA được ghi')", timeout=20_000)
        assert ws.get_section(rid, sid).section.text == "Bản của trình duyệt A."
        b.click("text=Ghi đè bằng bản của tôi")
        b.wait_for_selector("#bc-save-info:has-text('Đã lưu')")
        assert ws.get_section(rid, sid).section.text == "Bản của trình duyệt B."


def test_browser_reopens_its_report_after_a_restart(browser, tmp_path):
    from ui_support import free_port

    port = free_port()
    settings = Settings.test_profile(tmp_path / "data")
    context = browser.new_context(locale="vi-VN")
    with running_app(build_services(settings), port=port) as (url, _):
        ws = build_services(settings).workspace
        ws.create_report("Báo cáo của người khác")
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector("#bc-report-info:has-text('Chưa mở báo cáo')")  # never someone else's report
        page.fill("#bc-new-name textarea, #bc-new-name input", "Báo cáo của tôi")
        page.click("#bc-new-report")
        page.wait_for_selector("#bc-report-info:has-text('Báo cáo của tôi')")
        page.close()
    with running_app(build_services(settings), port=port) as (url, _):  # a new server on the same data
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector("#bc-report-info:has-text('Báo cáo của tôi')", timeout=20_000)
    context.close()
