"""Number lock: every figure of a section's text must be in a source that the section cites."""

from __future__ import annotations

import pytest

from assistant.rules.number_lock import lock_numbers, standardize
from assistant.rules.placeholders import UNVERIFIED, find_placeholders, placeholder
from assistant.types import Locator, Source


def src(n: int, text: str) -> Source:
    return Source(n=n, kind="note", ref=f"n.md:{n}", text=text, locator=Locator(file="n.md", line=n))


@pytest.mark.parametrize(
    ("text", "source", "unsupported"),
    [
        ("Tổ chức 1.250 lượt người [1].", "tổ chức 1250 lượt người", []),
        ("Tổ chức 1250 lượt người [1].", "tổ chức 1.250 lượt người", []),
        ("Đạt 95,5% [1].", "đạt 95.5%", []),
        ("Đạt 95.5% [1].", "đạt 95,5 %", []),
        ("Ngày 27/4/2021 [1].", "ngày 27/04/2021", []),
        ("Ngày 27/04/2021 [1].", "ngày 27 tháng 4 năm 2021", []),
        ("Kế hoạch số 24-KH/ThU [1].", "kế hoạch 24-kh/thu", []),
        ("Trong 05 năm [1].", "trong 5 năm", []),
        ("Tổ chức 45 buổi [1].", "tổ chức 44 buổi", ["45"]),
        ("Đạt 96% [1].", "đạt 95,5%", ["96%"]),
        ("Ngày 28/4/2021 [1].", "ngày 27/4/2021", ["28/4/2021"]),
        ("Kế hoạch số 25-KH/ThU [1].", "Kế hoạch số 24-KH/ThU", ["25-KH/ThU"]),
        ("Tăng 1.250 và 300 lượt [1].", "1250 lượt", ["300"]),
    ],
)
def test_formats_compare_by_value(text, source, unsupported):
    _, flags = lock_numbers(text, [src(1, source)])
    assert [f.text for f in flags] == unsupported
    assert all(f.kind == "unsupported_number" for f in flags)


def test_only_cited_sources_support_a_figure():
    sources = [src(1, "tổ chức 45 buổi"), src(2, "đạt 95,5%")]
    text = "Tổ chức 45 buổi, đạt 95,5% [1]."  # 95,5% is in source 2, which the text does not cite
    cited = [s for s in sources if s.n == 1]
    out, flags = lock_numbers(text, cited)
    assert [f.text for f in flags] == ["95,5%"]
    assert out == f"Tổ chức 45 buổi, đạt 95,5% {UNVERIFIED} [1]."


def test_unsupported_figure_is_marked_visibly_and_once():
    out, flags = lock_numbers("Có 12 lớp và 300 học viên.", [src(1, "có 12 lớp")])
    assert out == f"Có 12 lớp và 300 {UNVERIFIED} học viên."
    assert flags[0].message.startswith("Số liệu “300”")
    again, flags2 = lock_numbers(out, [src(1, "có 12 lớp")])
    assert again == out  # an existing mark is not doubled
    assert [f.text for f in flags2] == ["300"]


def test_placeholders_markers_and_marks_are_not_figures():
    text = "[Cần bổ sung: tỷ lệ % năm 2021] Đạt [1], [2, 3] và [4-6]."
    out, flags = lock_numbers(text, [])
    assert flags == [] and out == text


def test_section_title_and_guidance_support_their_own_figures():
    text = "Phấn đấu đến năm 2025 hoàn thành [1]."
    _, flags = lock_numbers(text, [src(1, "phấn đấu hoàn thành")])
    assert [f.text for f in flags] == ["2025"]
    _, flags = lock_numbers(text, [src(1, "phấn đấu hoàn thành")], extra_support=["Mục tiêu đến năm 2025"])
    assert flags == []


def test_several_unsupported_in_text_order():
    _, flags = lock_numbers("A 11, B 22, C 33.", [src(1, "B 22")])
    assert [f.text for f in flags] == ["11", "33"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cho 1250 lượt người [1]", "cho 1.250 lượt người [1]"),
        ("đạt 69.6% [2]", "đạt 69,6% [2]"),
        ("[Cần bổ sung: 1250 lượt] và 12500 người", "[Cần bổ sung: 1250 lượt] và 12.500 người"),
        ("[1250] giữ nguyên", "[1250] giữ nguyên"),
        ("năm 2021 [1]", "năm 2021 [1]"),
    ],
)
def test_standardize_protects_markers_and_placeholders(text, expected):
    assert standardize(text) == expected


def test_placeholder_helpers():
    p = placeholder("tỷ lệ % hộ dân được nghe.")
    assert p == "[Cần bổ sung: tỷ lệ % hộ dân được nghe]"
    assert find_placeholders(f"Đạt {p} và [cần bổ sung: số buổi].") == [p, "[cần bổ sung: số buổi]"]
