"""Unit notes → Notes: one per bullet, with file:line ids, heading paths, sub-bullets and tables."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from assistant.config import PROJECT_ROOT
from assistant.reading.note_headings import bieu_number, heading_parts
from assistant.reading.notes import read_notes
from assistant.types import UserError


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_bullets_of_every_kind_become_notes_with_file_line_ids(tmp_path):
    p = write(tmp_path, "ghichu.txt", "- Một\n• Hai\n* Ba\n– Bốn\n1. Năm có 5 buổi\n2) Sáu\na) Bảy\n")
    notes = read_notes(p)
    assert [n.text for n in notes] == ["Một", "Hai", "Ba", "Bốn", "Năm có 5 buổi", "Sáu", "Bảy"]
    assert [n.id for n in notes] == [f"ghichu.txt:{i}" for i in range(1, 8)]
    assert notes[0].locator.line == 1 and notes[0].locator.file == "ghichu.txt"
    assert all(n.heading is None for n in notes)


def test_headings_are_kept_as_a_path(tmp_path):
    text = (
        "# Ghi chép của Phòng Nội vụ\n\n## II. Kết quả thực hiện\n\n### 1. Công tác tuyên truyền\n"
        "- Tổ chức 45 buổi\n\n### 2. Đào tạo\n- Mở 3 lớp\n\n## Đánh giá\n- Còn hạn chế\n"
    )
    notes = read_notes(write(tmp_path, "n.md", text))
    assert [(n.text, heading_parts(n.heading)) for n in notes] == [
        ("Tổ chức 45 buổi", ["Ghi chép của Phòng Nội vụ", "II. Kết quả thực hiện", "1. Công tác tuyên truyền"]),
        ("Mở 3 lớp", ["Ghi chép của Phòng Nội vụ", "II. Kết quả thực hiện", "2. Đào tạo"]),
        ("Còn hạn chế", ["Ghi chép của Phòng Nội vụ", "Đánh giá"]),
    ]
    assert notes[0].id == "n.md:6"


def test_plain_text_headings_bold_colon_roman_and_numbered_groups(tmp_path):
    text = (
        "I. LÃNH ĐẠO, CHỈ ĐẠO\n1. Quán triệt\n- Hội nghị cho 215 cán bộ\n"
        "**Tuyên truyền**\n- 48 buổi\nCụ thể hóa:\n- Ban hành 3 kế hoạch\n"
        "2. Tổ chức 12 lớp bồi dưỡng cho 300 người\n"
    )
    notes = read_notes(write(tmp_path, "n.txt", text))
    assert [(n.text, heading_parts(n.heading)) for n in notes] == [
        ("Hội nghị cho 215 cán bộ", ["I. LÃNH ĐẠO, CHỈ ĐẠO", "1. Quán triệt"]),
        ("48 buổi", ["I. LÃNH ĐẠO, CHỈ ĐẠO", "1. Quán triệt", "Tuyên truyền"]),
        ("Ban hành 3 kế hoạch", ["I. LÃNH ĐẠO, CHỈ ĐẠO", "1. Quán triệt", "Cụ thể hóa"]),
        # a numbered line with figures and no bullets under it is a note, not a heading
        ("Tổ chức 12 lớp bồi dưỡng cho 300 người", ["I. LÃNH ĐẠO, CHỈ ĐẠO", "1. Quán triệt", "Cụ thể hóa"]),
    ]


def test_sub_bullets_carry_an_intro_line_and_keep_their_own_lines(tmp_path):
    text = (
        "- Hình thức tuyên truyền:\n  + in 1.500 tờ gấp;\n  + lập 12 nhóm Zalo.\n"
        "- Tổ chức 48 buổi\n  + trong đó 10 buổi ở vùng cao\n"
    )
    notes = read_notes(write(tmp_path, "n.md", text))
    assert [(n.id, n.text) for n in notes] == [
        ("n.md:2", "Hình thức tuyên truyền: in 1.500 tờ gấp;"),
        ("n.md:3", "Hình thức tuyên truyền: lập 12 nhóm Zalo."),
        ("n.md:4", "Tổ chức 48 buổi"),
        ("n.md:5", "trong đó 10 buổi ở vùng cao"),
    ]


def test_wrapped_bullet_continues_and_blockquotes_are_skipped(tmp_path):
    text = "> DỮ LIỆU MẪU\n- Tổ chức hội nghị quán triệt cho\ncán bộ chủ chốt\n\nMột đoạn riêng.\n"
    notes = read_notes(write(tmp_path, "n.md", text))
    assert [n.text for n in notes] == ["Tổ chức hội nghị quán triệt cho cán bộ chủ chốt", "Một đoạn riêng."]
    assert notes[0].id == "n.md:2"


def test_an_intro_line_without_sub_bullets_stays_a_note(tmp_path):
    notes = read_notes(write(tmp_path, "n.md", "- Số liệu tuyên truyền:\n- Tổ chức 5 buổi\n"))
    assert [n.text for n in notes] == ["Số liệu tuyên truyền", "Tổ chức 5 buổi"]


def test_table_rows_under_a_bieu_heading(tmp_path):
    text = "## Biểu 1. Danh mục văn bản\n\n### Thị ủy\n| 1 | 125-KH/ThU | Kế hoạch | 12/10/2016 |\n| 2 | 130-KH/ThU | KH | 1/1/2017 |\n"
    notes = read_notes(write(tmp_path, "n.md", text))
    assert [(n.id, n.text) for n in notes] == [
        ("n.md:4", "1 | 125-KH/ThU | Kế hoạch | 12/10/2016"),
        ("n.md:5", "2 | 130-KH/ThU | KH | 1/1/2017"),
    ]
    assert bieu_number(notes[0].heading) == "1"
    assert heading_parts(notes[0].heading)[-1] == "Thị ủy"


def test_docx_notes_use_paragraph_numbers(tmp_path):
    d = docx.Document()
    d.add_heading("1. Công tác tuyên truyền", level=2)
    d.add_paragraph("- Tổ chức 48 buổi tuyên truyền")
    d.add_paragraph("- Đăng 136 tin, bài")
    path = tmp_path / "ghichu.docx"
    d.save(path)
    notes = read_notes(path)
    assert [n.text for n in notes] == ["Tổ chức 48 buổi tuyên truyền", "Đăng 136 tin, bài"]
    assert heading_parts(notes[0].heading) == ["1. Công tác tuyên truyền"]
    assert notes[0].id.startswith("ghichu.docx:") and notes[0].id != notes[1].id


def test_a_file_with_only_headings_is_a_clear_error(tmp_path):
    with pytest.raises(UserError, match="Không tìm thấy ghi chú"):
        read_notes(write(tmp_path, "n.md", "# Tiêu đề\n## Mục\n"))


def test_sample_notes_are_marked_and_cover_the_bieu_tables():
    path = PROJECT_ROOT / "knowledge" / "ghi_chu_mau.md"
    assert "DỮ LIỆU MẪU" in path.read_text(encoding="utf-8").splitlines()[0]
    notes = read_notes(path)
    assert len(notes) >= 25
    assert {bieu_number(n.heading) for n in notes} >= {"1", "2", "3", None}
    flat = [n for n in notes if "chưa phân mục" in (n.heading or "")]
    assert len(flat) >= 3  # part of the notes is not grouped under the đề cương's headings
