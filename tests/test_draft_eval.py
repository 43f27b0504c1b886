"""The drafting eval's own parts: tag stripping, what counts as written text, and the dev/test parts."""

from __future__ import annotations

from assistant.config import PROJECT_ROOT, Settings
from assistant.evals.draft import has_prose, run_eval, strip_tags, totals_by_split

DATA = PROJECT_ROOT / "evals" / "draft"


def test_strip_tags_keeps_line_numbers():
    plain, labels = strip_tags("# Ghi chú\n- Tổ chức 32 buổi {II.1}\n\n- Chuyện khác {-}\n- Không nhãn")
    assert plain == "# Ghi chú\n- Tổ chức 32 buổi\n\n- Chuyện khác\n- Không nhãn"
    assert labels == {2: "II.1", 4: "-"}


def test_placeholders_alone_are_not_written_text():
    assert not has_prose("[Cần bổ sung: số buổi tuyên truyền, số lượt người tham dự]")
    assert not has_prose("[Cần bổ sung: Công tác tuyên truyền (nếu có)]\n..........")
    assert has_prose("Đảng ủy tổ chức 8 cuộc kiểm tra [1]. [Cần bổ sung: tỷ lệ %]")


def test_each_part_is_scored_alone(tmp_path):
    settings = Settings.test_profile(tmp_path)
    test_only = run_eval(DATA, settings, split="test")
    both = run_eval(DATA, settings)
    assert {r.split for r in test_only} == {"test"} and [r.split for r in both] == ["dev", "test"]
    parts = totals_by_split(both)
    assert parts["test"] == totals_by_split(test_only)["test"]
    assert parts["dev"]["notes"] + parts["test"]["notes"] == sum(r.notes for r in both)
