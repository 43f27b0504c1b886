"""The real chain on the seed: plan + đề cương parsed, sample notes drafted offline, exported, read back, checked."""

from __future__ import annotations

import docx
import pytest
from drafting_support import run_draft
from export_support import part_names

from assistant.checking.checker import check_draft, check_report
from assistant.export.document import export_docx, header_from
from assistant.outline.parser import parse_outline
from assistant.outline.plan import parse_plan
from assistant.reading.document import read_document
from assistant.reading.notes import read_notes
from assistant.text.citation_marks import MARKER


@pytest.fixture(scope="module")
def seed_draft(tmp_path_factory):
    from assistant.config import Settings

    settings = Settings.test_profile(tmp_path_factory.mktemp("data"))
    doc = read_document(settings.knowledge_dir / "ke_hoach_19ct.txt")
    outline, plan = parse_outline(doc), parse_plan(doc)
    notes = read_notes(settings.knowledge_dir / "ghi_chu_mau.md")
    return run_draft(outline, notes, settings, plan=plan), notes


@pytest.mark.parametrize("style", ["party", "state"])
@pytest.mark.parametrize("review", [False, True])
def test_offline_draft_of_the_seed_exports_and_checks_like_the_draft(tmp_path, seed_draft, style, review):
    draft, notes = seed_draft
    path = export_docx(draft, tmp_path / "seed.docx", style=style, review=review,
                       header=header_from(draft.plan, None, date="18/8/2021"))
    doc = docx.Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    positions = [texts.index(s.heading()) for s in draft.outline.walk()]
    assert positions == sorted(positions)
    top_left = doc.tables[0].rows[0].cells[0]
    assert [p.text for p in top_left.paragraphs][:2] == ["ĐẢNG BỘ TỈNH LÀO CAI", "THỊ ỦY SA PA"]  # from the plan
    assert len(doc.tables) == 2 + len(draft.outline.tables)  # header, closing, one per Biểu
    body = "\n".join(texts[: texts.index("Nơi nhận:") if "Nơi nhận:" in texts else len(texts)])
    assert bool(MARKER.search(body)) == review
    assert ("word/comments.xml" in part_names(path)) == review
    # exporting neither hides nor invents a finding: the .docx checks exactly like the draft it came from
    expected = {(f.section, f.kind, f.severity) for f in check_draft(draft, draft.outline, notes).findings}
    assert {(f.section, f.kind, f.severity) for f in check_report(path, draft.outline, notes).findings} == expected
