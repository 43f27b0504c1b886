"""A small hand-built đề cương and report for the checker tests (no parser involved)."""

from __future__ import annotations

from pathlib import Path

from assistant.types import Locator, Note, Outline, Requirement, Section


def sec(sid: str, number: str, title: str, level: int, *children: Section, reqs=(), optional=False) -> Section:
    return Section(id=sid, number=number, title=title, level=level, children=list(children),
                   requirements=[Requirement(kind=k, text=t) for k, t in reqs], optional=optional)


def outline() -> Outline:
    return Outline(title="ĐỀ CƯƠNG BÁO CÁO sơ kết 05 năm", sections=[
        sec("I", "I.", "Kết quả thực hiện", 0,
            sec("I.1", "1.", "Công tác tuyên truyền", 1, reqs=[("count", "số buổi"), ("rate", "tỷ lệ % cán bộ")]),
            sec("I.2", "2.", "Ban hành văn bản chỉ đạo", 1, reqs=[("document", "số, ngày tháng ban hành")]),
            sec("I.3", "3.", "Phát triển giao thông nông thôn", 1, reqs=[("comparison", "so với năm 2015")])),
        sec("II", "II.", "Đánh giá chung", 0,
            sec("II.1", "1.", "Ưu điểm", 1),
            sec("II.2", "2.", "Hạn chế, nguyên nhân", 1)),
        sec("III", "III.", "Kiến nghị, đề xuất", 0, reqs=[("optional", "nếu có")], optional=True),
    ])


TEXTS = {
    "I.1": "Tổ chức 126 buổi tuyên truyền với 8.450 lượt người; 98,5% cán bộ được học tập.",
    "I.2": "Ban hành Kế hoạch số 12-KH/ThU, ngày 15/11/2016 triển khai thực hiện.",
    "I.3": "Cứng hóa 86,5 km đường, tăng 61,3 km so với năm 2015.",
    "II.1": "Nhận thức của cấp ủy chuyển biến rõ rệt.",
    "II.2": "Nguồn lực đầu tư còn hạn chế.",
    "III": "Đề nghị tỉnh hỗ trợ 5 tỷ đồng.",
}
HEADINGS = [("I", "I.", "Kết quả thực hiện", 0), ("I.1", "1.", "Công tác tuyên truyền", 1),
            ("I.2", "2.", "Ban hành văn bản chỉ đạo", 1), ("I.3", "3.", "Phát triển giao thông nông thôn", 1),
            ("II", "II.", "Đánh giá chung", 0), ("II.1", "1.", "Ưu điểm", 1), ("II.2", "2.", "Hạn chế, nguyên nhân", 1),
            ("III", "III.", "Kiến nghị, đề xuất", 0)]
PREAMBLE = "THỊ ỦY SA PA\n\nBÁO CÁO\n\nThực hiện Kế hoạch số 33-KH/BTGTU, Thị ủy báo cáo như sau:"


def report_md(texts: dict[str, str] | None = None, headings=None, markdown: bool = True, tail: str = "") -> str:
    texts = TEXTS if texts is None else texts
    out = [PREAMBLE]
    for sid, number, title, level in headings or HEADINGS:
        out.append(("#" * (level + 2) + " " if markdown else "") + f"{number} {title}".strip())
        if texts.get(sid):
            out.append(texts[sid])
    if tail:
        out.append(tail)
    return "\n\n".join(out) + "\n"


def write(tmp_path: Path, text: str, name: str = "bao_cao.md") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def notes() -> list[Note]:
    lines = [
        "Tổ chức 126 buổi tuyên truyền, 8.450 lượt người tham dự",
        "98,5% cán bộ được học tập",
        "Kế hoạch số 12-KH/ThU ngày 15/11/2016",
        "Cứng hóa 86,5 km đường, tăng 61,3 km so với năm 2015",
        "Đề nghị tỉnh hỗ trợ 5 tỷ đồng",
    ]
    return [Note(id=f"ghichu.txt:{i}", text=t, locator=Locator(file="ghichu.txt", line=i))
            for i, t in enumerate(lines, 1)]
