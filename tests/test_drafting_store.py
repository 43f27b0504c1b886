"""Store passages reach the model as extra numbered sources: past reports only, never the plan's own
đề cương lines, and a figure the model copies from a cited passage passes the number lock."""

from __future__ import annotations

from drafting_support import run_draft
from store_support import open_store

from assistant.llm.chat import FakeChatModel
from assistant.types import Locator, Note, Outline, Section

REPORT = (
    "# Báo cáo sơ kết năm 2019\n\n## 1. Công tác tuyên truyền\n\n"
    "Năm 2019 tổ chức 31 buổi tuyên truyền Chỉ thị 19-CT/TU cho đội ngũ trí thức, doanh nhân.\n"
)
PLAN = (
    "# ĐỀ CƯƠNG\n\n## 1. Công tác tuyên truyền\n\n"
    "Phản ánh công tác tuyên truyền Chỉ thị 19-CT/TU cho đội ngũ trí thức, doanh nhân (số buổi, hình thức).\n"
)


def test_model_gets_report_passages_but_not_plan_lines(settings, tmp_path):
    (tmp_path / "bao_cao_2019.md").write_text(REPORT, encoding="utf-8")
    (tmp_path / "ke_hoach.md").write_text(PLAN, encoding="utf-8")
    store = open_store(settings)
    store.index_file(tmp_path / "bao_cao_2019.md", kind="report")
    store.index_file(tmp_path / "ke_hoach.md", kind="plan")

    section = Section(id="1", number="1.", title="Công tác tuyên truyền", level=0,
                      guidance=["Tuyên truyền Chỉ thị 19-CT/TU cho đội ngũ trí thức, doanh nhân"])
    note = Note(id="gc.md:3", text="Năm 2021 tổ chức 48 buổi tuyên truyền", locator=Locator(file="gc.md", line=3))
    chat = FakeChatModel().enqueue("Năm 2021 tổ chức 48 buổi tuyên truyền [1], tăng so với 31 buổi năm 2019 [2].")

    draft = run_draft(Outline(sections=[section]), [note], settings, store=store, chat=chat)

    prompt = chat.history[0].user
    assert "31 buổi tuyên truyền" in prompt  # the past report's passage is a source
    assert "số buổi, hình thức" not in prompt  # the đề cương line indexed as a plan is not
    sd = draft.sections[0]
    assert [s.kind for s in sd.sources] == ["note", "passage"]
    assert sd.sources[1].locator.file == "bao_cao_2019.md"
    assert sd.citations == [1, 2]
    assert not [f for f in sd.flags if f.kind == "unsupported_number"]
