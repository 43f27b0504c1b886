"""resolve_citations: the hardest-tested function of the project (a wrong clean-up silently deletes valid
citations or leaves invented ones). Table-style: (text, valid source numbers) → (clean text, used, invalid)."""

from __future__ import annotations

import pytest

from assistant.rules.citations import resolve_citations, strip_citations
from assistant.text.citation_marks import MAX_RANGE, find_markers, parse_marker
from assistant.types import Locator, Source

S123 = [1, 2, 3]

CASES = [
    # --- valid markers are kept exactly as written
    ("Đạt 95,5% [1].", S123, "Đạt 95,5% [1].", [1], []),
    ("A [1]. B [2]. C [3].", S123, "A [1]. B [2]. C [3].", [1, 2, 3], []),
    ("Đạt [1, 2] và [3]", S123, "Đạt [1, 2] và [3]", [1, 2, 3], []),
    ("Đạt [1,2].", S123, "Đạt [1,2].", [1, 2], []),
    ("Đạt [1;2].", S123, "Đạt [1;2].", [1, 2], []),
    ("Đạt [ 2 ].", S123, "Đạt [ 2 ].", [2], []),
    ("Đạt [1-3].", S123, "Đạt [1-3].", [1, 2, 3], []),
    ("Đạt [1 – 2].", S123, "Đạt [1 – 2].", [1, 2], []),
    ("Đạt [1][2].", S123, "Đạt [1][2].", [1, 2], []),
    ("Đạt [2] rồi [1] rồi [2].", S123, "Đạt [2] rồi [1] rồi [2].", [2, 1], []),  # first-appearance order, once
    ("[1] Mở đầu câu.", S123, "[1] Mở đầu câu.", [1], []),
    ("Ngày 27/4/2021 [1].", S123, "Ngày 27/4/2021 [1].", [1], []),
    # --- invalid markers: removed with the space before, punctuation kept
    ("Đạt 95% [9].", S123, "Đạt 95%.", [], ["[9]"]),
    ("Đạt 95% [9], tăng 5% [1].", S123, "Đạt 95%, tăng 5% [1].", [1], ["[9]"]),
    ("a [9] b", S123, "a b", [], ["[9]"]),
    ("a [9]b", S123, "a b", [], ["[9]"]),
    ("đạt[9] tốt", S123, "đạt tốt", [], ["[9]"]),
    ("[9] Nội dung.", S123, "Nội dung.", [], ["[9]"]),
    ("Dòng một [1].\n[9] Dòng hai.", S123, "Dòng một [1].\nDòng hai.", [1], ["[9]"]),
    ("Dòng một [9]\nDòng hai.", S123, "Dòng một\nDòng hai.", [], ["[9]"]),
    ("Kết thúc [9]", S123, "Kết thúc", [], ["[9]"]),
    ("[9]", S123, "", [], ["[9]"]),
    ("(xem [9])", S123, "(xem)", [], ["[9]"]),
    ("x [8] [9] y.", S123, "x y.", [], ["[8]", "[9]"]),
    ("[8] [9] y.", S123, "y.", [], ["[8]", "[9]"]),
    ("Đạt [0].", S123, "Đạt.", [], ["[0]"]),
    ("Đạt [4].", S123, "Đạt.", [], ["[4]"]),
    # --- partly valid markers keep their valid numbers
    ("Đạt [1, 9].", S123, "Đạt [1].", [1], ["[9]"]),
    ("Đạt [9, 1, 8, 2].", S123, "Đạt [1, 2].", [1, 2], ["[9]", "[8]"]),
    ("Đạt [1][9].", S123, "Đạt [1].", [1], ["[9]"]),
    ("Đạt [9][1].", S123, "Đạt [1].", [1], ["[9]"]),  # the space before [9] now separates [1]
    ("Đạt [2-5].", S123, "Đạt [2, 3].", [2, 3], ["[4]", "[5]"]),
    ("Đạt [1, 1].", S123, "Đạt [1, 1].", [1], []),
    ("Đạt [1, 1, 9].", S123, "Đạt [1].", [1], ["[9]"]),
    # --- malformed ranges are reported whole
    ("Đạt [3-1].", S123, "Đạt.", [], ["[3-1]"]),
    (f"Đạt [1-{MAX_RANGE + 5}].", S123, "Đạt.", [], [f"[1-{MAX_RANGE + 5}]"]),
    # --- full-width forms are understood and rewritten in ASCII
    ("Đạt ［１］.", S123, "Đạt [1].", [1], []),
    ("Đạt 【2】.", S123, "Đạt [2].", [2], []),
    ("Đạt [１，２].", S123, "Đạt [1, 2].", [1, 2], []),
    ("Đạt ［９］.", S123, "Đạt.", [], ["[9]"]),
    ("Đạt\u00a0[9].", S123, "Đạt.", [], ["[9]"]),
    # --- things in brackets that are not citations are left alone
    ("[Cần bổ sung: tỷ lệ % hộ dân được nghe]", S123, "[Cần bổ sung: tỷ lệ % hộ dân được nghe]", [], []),
    ("[Cần bổ sung: số buổi 2021] [2]", S123, "[Cần bổ sung: số buổi 2021] [2]", [2], []),
    ("95% [chưa kiểm chứng] [1]", S123, "95% [chưa kiểm chứng] [1]", [1], []),
    ("Mục [a] và [2a] và [] và [ ]", S123, "Mục [a] và [2a] và [] và [ ]", [], []),
    ("Liên kết [1](http://x) ", S123, "Liên kết [1](http://x) ", [1], []),
    ("Không có trích dẫn.", S123, "Không có trích dẫn.", [], []),
    ("", S123, "", [], []),
    # --- no sources at all: every marker is invalid
    ("Đạt [1]. Tăng [2].", [], "Đạt. Tăng.", [], ["[1]", "[2]"]),
]


@pytest.mark.parametrize(("text", "valid", "clean", "used", "invalid"), CASES)
def test_resolve_citations(text, valid, clean, used, invalid):
    assert resolve_citations(text, valid) == (clean, used, invalid)


def _src(n: int) -> Source:
    return Source(n=n, kind="note", ref=f"n.md:{n}", text=f"ghi chú {n}", locator=Locator(file="n.md", line=n))


def test_accepts_source_objects_with_gaps_in_numbering():
    text = "A [1]. B [3]. C [2]."
    assert resolve_citations(text, [_src(1), _src(3)]) == ("A [1]. B [3]. C.", [1, 3], ["[2]"])


def test_pure_and_idempotent():
    text = "Đạt 95% [9], tăng [1, 7] và [2-4] [Cần bổ sung: x]."
    first = resolve_citations(text, S123)
    assert resolve_citations(text, S123) == first  # no hidden state
    again = resolve_citations(first[0], S123)
    assert again == (first[0], first[1], [])  # a clean text stays as it is


def test_never_removes_valid_citations_anywhere():
    """Storm's off-by-one deleted valid citations: every valid marker survives any mix of invalid ones."""
    parts = ["Câu một [1].", "Câu hai [9].", "Câu ba [2][8].", "[7] Câu bốn [3].", "Câu năm [3, 99]."]
    clean, used, invalid = resolve_citations(" ".join(parts), S123)
    assert [m[2] for m in find_markers(clean)] == [[1], [2], [3], [3]]
    assert used == [1, 2, 3]
    assert invalid == ["[9]", "[8]", "[7]", "[99]"]
    assert "Câu bốn [3]." in clean and "Câu năm [3]." in clean


def test_unicode_text_and_offsets_survive():
    text = "Tổ chức 45 buổi tuyên truyền [9] cho 1.250 lượt người [1]; đạt 95,5% [2]."
    clean, used, invalid = resolve_citations(text, S123)
    assert clean == "Tổ chức 45 buổi tuyên truyền cho 1.250 lượt người [1]; đạt 95,5% [2]."
    assert (used, invalid) == ([1, 2], ["[9]"])


@pytest.mark.parametrize(
    ("body", "numbers"),
    [("1", [1]), ("1, 2", [1, 2]), ("1-3", [1, 2, 3]), ("1 - 3, 5", [1, 2, 3, 5]), ("３", [3]), ("3-1", None),
     ("1~2", [1, 2]), ("2–2", [2])],
)
def test_parse_marker(body, numbers):
    assert parse_marker(body) == numbers


def test_strip_citations_removes_every_marker_but_keeps_placeholders():
    text = "Đạt 95% [1], tăng [2, 3] [Cần bổ sung: so sánh]."
    assert strip_citations(text) == "Đạt 95%, tăng [Cần bổ sung: so sánh]."
