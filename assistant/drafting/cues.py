"""Domain cue words for routing: how notes answering a typical đề cương section are usually worded.

A section's title rarely shares words with the notes that answer it ("Khuyết điểm, hạn chế" is answered by
"Một số chi bộ còn chưa ..."). When a section title contains one of the trigger phrases, the cue words are
added to that section's routing profile. The table covers the usual parts of a sơ kết / tổng kết report
(see shared DOMAIN.md); it is data, not logic — extend it here.
"""

from __future__ import annotations

from assistant.text.normalize import fold_key

CUES: list[tuple[tuple[str, ...], str]] = [
    (("quán triệt",), "quán triệt hội nghị học tập nghiêm túc sinh hoạt chi bộ"),
    (("tuyên truyền",), "tuyên truyền buổi lượt người tin bài phóng sự trang thông tin điện tử loa truyền thanh "
                        "phát sóng chuyên đề pano áp phích khẩu hiệu zalo facebook tài liệu hỏi đáp bản tin tọa đàm "
                        "hình thức nhận thức"),
    (("cụ thể hóa", "cụ thể hoá", "văn bản", "ban hành"), "ban hành kế hoạch số chương trình hành động "
                        "văn bản hướng dẫn công văn quyết định nghị quyết cụ thể hóa"),
    (("lãnh đạo", "chỉ đạo"), "lãnh đạo chỉ đạo kiểm tra giám sát đôn đốc ban chỉ đạo phân công"),
    (("đào tạo", "bồi dưỡng", "nguồn nhân lực"), "đào tạo bồi dưỡng lớp học viên cử đi học thạc sĩ tiến sĩ "
                        "đại học lý luận chính trị trung cấp cao cấp tập huấn chuyên môn trình độ cơ sở vật chất "
                        "trang thiết bị điều kiện làm việc"),
    (("sáng kiến", "sáng tạo", "nghiên cứu khoa học", "công trình"), "sáng kiến đề tài công trình nghiên cứu "
                        "khoa học công nhận hội đồng cấp cơ sở ứng dụng công nghệ giải pháp kỹ thuật giải thưởng"),
    (("cơ chế", "chính sách", "thu hút", "nhân tài"), "chính sách thu hút nhân tài hỗ trợ khen thưởng đãi ngộ "
                        "tham mưu sửa đổi bổ sung quy định chế độ"),
    (("ưu điểm",), "ưu điểm đạt tích cực chuyển biến rõ nét kịp thời nghiêm túc sát thực hiệu quả đồng thuận "
                   "nâng lên quan tâm nguyên nhân của ưu điểm"),
    (("khuyết điểm", "hạn chế", "tồn tại", "yếu kém"), "hạn chế còn chưa chưa cao chưa đồng đều chưa kịp thời "
                   "thiếu tồn tại yếu kém nguyên nhân khách quan chủ quan hạn hẹp kiêm nhiệm thay đổi"),
    (("bài học",), "bài học kinh nghiệm phải cần luôn gắn với phát huy vai trò người đứng đầu"),
    (("mục tiêu chung",), "mục tiêu chung tiếp tục nâng cao xây dựng đội ngũ vững mạnh góp phần"),
    (("mục tiêu cụ thể", "chỉ tiêu"), "phấn đấu chỉ tiêu đến năm đạt 100% tỷ lệ mỗi năm ít nhất"),
    (("nhiệm vụ", "giải pháp", "phương hướng"), "tiếp tục đẩy mạnh tăng cường thời gian tới giải pháp nhiệm vụ "
                   "chú trọng nâng cao hiệu quả phương hướng định hướng"),
    (("kiến nghị", "đề xuất"), "kiến nghị đề xuất đề nghị tỉnh trung ương quan tâm bố trí kinh phí hỗ trợ cấp trên"),
    (("đặc điểm", "tình hình"), "đặc điểm tình hình dân số diện tích địa bàn dân tộc hộ nhân khẩu thôn bản"),
    (("thuận lợi",), "thuận lợi được sự quan tâm tạo điều kiện mở rộng hạ tầng đồng thuận"),
    (("khó khăn",), "khó khăn địa hình chia cắt giao thông đi lại dân trí không đồng đều thiếu chưa có xa"),
    (("kinh phí", "nguồn lực", "ngân sách"), "kinh phí ngân sách triệu đồng tỷ đồng xã hội hóa huy động nguồn vốn "
                   "đầu tư chi"),
    (("kiểm tra", "giám sát"), "kiểm tra giám sát cuộc đoàn kiểm tra phát hiện chấn chỉnh"),
    (("thi đua", "khen thưởng", "biểu dương"), "khen thưởng giấy khen bằng khen biểu dương tập thể cá nhân"),
]
# Opening words of a note → words in the title of the section such notes answer. A note that opens with
# "Kiến nghị", "Phấn đấu", "Tiếp tục"... is, in these reports, almost always a recommendation, a target, a task.
LEAD_CUES: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("kiến nghị", "đề nghị"), ("kiến nghị", "đề xuất")),
    (("phấn đấu", "mục tiêu", "đến năm 20", "chỉ tiêu"), ("mục tiêu", "chỉ tiêu")),
    (("tiếp tục", "đẩy mạnh", "tăng cường", "chú trọng", "nâng cao chất lượng"), ("nhiệm vụ", "giải pháp", "phương hướng")),
    (("bài học", "phải ", "cần phải", "luôn "), ("bài học",)),
    (("hạn chế", "tồn tại", "khuyết điểm", "một số", "một bộ phận", "còn "), ("hạn chế", "khuyết điểm", "tồn tại", "yếu kém")),
    (("ưu điểm",), ("ưu điểm",)),
    (("được sự quan tâm", "thuận lợi"), ("thuận lợi",)),
    (("tham mưu",), ("tham mưu",)),
]
# Phrases anywhere in a note that mark a shortcoming ("còn chưa", "còn hạn hẹp") → the shortcomings section.
INNER_CUES: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("còn chưa", "chưa đủ", "chưa đáp ứng", "còn hạn chế", "còn hạn hẹp", "còn thiếu", "còn ít", "chưa cao",
      "chưa thường xuyên", "chưa phong phú", "chưa đồng đều", "chưa sâu", "còn khó khăn", "chưa hiệu quả",
      "còn ngại", "còn yếu", "còn chậm", "còn bất cập", "còn lúng túng", "còn chập chờn", "chưa bài bản"),
     ("hạn chế", "khuyết điểm", "tồn tại", "yếu kém")),
]
_FOLDED = [(tuple(fold_key(t) for t in triggers), words) for triggers, words in CUES]


_LEAD_FOLDED = [(tuple(fold_key(x) for x in leads), tuple(fold_key(x) for x in titles)) for leads, titles in LEAD_CUES]
_INNER_FOLDED = [(tuple(fold_key(x) for x in ph), tuple(fold_key(x) for x in titles)) for ph, titles in INNER_CUES]


def lead_cue_sections(note_text: str, titles: list[str]) -> list[int]:
    """Indexes of the titles that the note's opening words point to."""
    t = fold_key(note_text).lstrip("-+•* ")
    hits: set[int] = set()
    for cues, inner in ((_LEAD_FOLDED, False), (_INNER_FOLDED, True)):
        for phrases, words in cues:
            if any((p in t) if inner else t.startswith(p) for p in phrases):
                hits |= {i for i, title in enumerate(titles) if any(w in fold_key(title) for w in words)}
    return sorted(hits)


def cue_words(title: str) -> list[str]:
    """Cue words for every trigger phrase found in the section title."""
    t = fold_key(title)
    return [words for triggers, words in _FOLDED if any(tr in t for tr in triggers)]
