"""Export to .docx, read back with python-docx and lxml: page, fonts, header table, title, body,
page numbers, closing block, citations (final vs review), Biểu tables."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.shared import Pt
from export_support import NS, complete_draft, part_names, part_xml, small_draft, src, text_of, w

from assistant.export.document import export_docx, header_from
from assistant.export.layout import BLANK, LAYOUTS
from assistant.text.citation_marks import MARKER
from assistant.types import BieuFill, BieuTable

STYLES = ["party", "state"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[tuple[str, bool], Path]:
    """The complete sample draft in both styles and both modes, dated 5/2/2021."""
    draft = complete_draft()
    out = tmp_path_factory.mktemp("export")
    header = header_from(draft.plan, None, date="5/2/2021")
    return {
        (style, review): export_docx(draft, out / f"{style}_{review}.docx", style=style, review=review, header=header)
        for style in STYLES for review in (False, True)
    }


def mm(length) -> float:
    """EMU → mm, to 0.1 mm (Word stores twips)."""
    return round(length.mm, 1)


def body_paragraphs(path: Path):
    """Paragraphs of the body outside tables, in order."""
    return docx.Document(str(path)).paragraphs


def para_index(paras, text: str) -> int:
    return next(i for i, p in enumerate(paras) if p.text == text)


# ---------------------------------------------------------------- page and fonts


@pytest.mark.parametrize("style", STYLES)
def test_page_is_a4_with_the_margins_of_the_style(exported, style):
    section = docx.Document(str(exported[style, False])).sections[0]
    m = LAYOUTS[style].margins
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (m.top_mm, m.bottom_mm)
    assert (mm(section.left_margin), mm(section.right_margin)) == (m.left_mm, m.right_mm)
    assert m.left_mm == 30 and m.right_mm == 15 and m.top_mm == 20


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("review", [False, True])
def test_every_run_is_times_new_roman_on_all_four_slots(exported, style, review):
    path = exported[style, review]
    names = [n for n in part_names(path) if re.match(r"word/(document|header\d*|footer\d*|comments)\.xml$", n)]
    assert "word/document.xml" in names and (not review or "word/comments.xml" in names)
    runs = 0
    for name in names:
        for r in part_xml(path, name).iter(w("r")):
            fonts = r.find("w:rPr/w:rFonts", NS)
            assert fonts is not None, f"run without rFonts in {name}: {text_of(r)!r}"
            for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
                assert fonts.get(w(attr)) == "Times New Roman", (name, attr, text_of(r))
            runs += 1
    assert runs > 100


@pytest.mark.parametrize("style", STYLES)
def test_no_theme_font_is_left_in_document_or_styles(exported, style):
    path = exported[style, True]
    names = [n for n in part_names(path) if n.startswith("word/") and n.endswith(".xml") and "numbering" not in n]
    assert {"word/styles.xml", "word/comments.xml", "word/stylesWithEffects.xml"} <= set(names)
    for name in names:
        root = part_xml(path, name)
        for fonts in root.iter(w("rFonts")):
            themed = [a for a in fonts.attrib if "theme" in a.lower()]
            assert not themed, (name, themed)
            assert fonts.get(w("ascii")) == "Times New Roman"
    default = part_xml(path, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert default.get(w("eastAsia")) == "Times New Roman"


# ---------------------------------------------------------------- header table


def _borders_are_nil(table) -> None:
    borders = table._tbl.tblPr.find("w:tblBorders", NS)
    assert borders is not None
    assert {b.tag.split("}")[1] for b in borders} == {"top", "left", "bottom", "right", "insideH", "insideV"}
    assert all(b.get(w("val")) == "nil" for b in borders)
    assert not table._tbl.findall(".//w:tcBorders", NS)


def test_party_header_table(exported):
    table = docx.Document(str(exported["party", False])).tables[0]
    _borders_are_nil(table)
    (tl, tr), (bl, br) = ([c for c in row.cells] for row in table.rows)
    assert [p.text for p in tl.paragraphs] == ["ĐẢNG BỘ TỈNH LÀO CAI", "THỊ ỦY SA PA", "*"]
    superior, issuer = tl.paragraphs[0].runs[0], tl.paragraphs[1].runs[0]
    assert superior.font.size == Pt(14) and not superior.font.bold
    assert issuer.font.size == Pt(14) and issuer.font.bold
    assert tr.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert tr.paragraphs[0].runs[0].font.size == Pt(15) and tr.paragraphs[0].runs[0].font.bold
    assert tr.paragraphs[1]._p.find("w:pPr/w:pBdr/w:top", NS) is not None  # the rule below
    assert bl.paragraphs[0].text == "Số ......-BC/ThU"  # ký hiệu of the plan's issuer, number blank
    assert br.paragraphs[0].text == "Sa Pa, ngày 5 tháng 2 năm 2021"
    date_run = br.paragraphs[0].runs[0]
    assert date_run.font.italic and date_run.font.size == Pt(14)
    assert (mm(table.columns[0].width), mm(table.columns[1].width)) == (70, 95)


def test_state_header_table(exported):
    table = docx.Document(str(exported["state", False])).tables[0]
    _borders_are_nil(table)
    (tl, tr), (bl, br) = ([c for c in row.cells] for row in table.rows)
    assert [p.text for p in tl.paragraphs][:2] == ["ĐẢNG BỘ TỈNH LÀO CAI", "THỊ ỦY SA PA"]
    assert "*" not in [p.text for p in tl.paragraphs]
    assert tl.paragraphs[-1]._p.find("w:pPr/w:pBdr/w:top", NS) is not None  # short rule under the issuer
    assert [p.text for p in tr.paragraphs][:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert tr.paragraphs[0].runs[0].font.size == Pt(13) and tr.paragraphs[1].runs[0].font.size == Pt(14)
    assert all(p.runs[0].font.bold for p in tr.paragraphs[:2])
    assert bl.paragraphs[0].text == "Số: ......-BC/ThU"
    assert bl.paragraphs[0].runs[0].font.size == Pt(13)
    assert br.paragraphs[0].text == "Sa Pa, ngày 05 tháng 02 năm 2021"


# ---------------------------------------------------------------- title and body


@pytest.mark.parametrize("style,type_size", [("party", 16), ("state", 14)])
def test_doc_type_and_subject(exported, style, type_size):
    paras = body_paragraphs(exported[style, False])
    i = para_index(paras, "BÁO CÁO")
    doc_type, subject = paras[i], paras[i + 1]
    assert doc_type.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert doc_type.runs[0].font.bold and doc_type.runs[0].font.size == Pt(type_size)
    assert subject.text.startswith("Sơ kết 05 năm thực hiện Chỉ thị số 19-CT/TU")
    assert "ĐỀ CƯƠNG" not in subject.text
    assert subject.runs[0].font.bold and subject.alignment == WD_ALIGN_PARAGRAPH.CENTER
    if style == "party":
        assert paras[i + 2].text == "-----"
    intro = next(p for p in paras[i:] if p.text.startswith("Thực hiện Kế hoạch số 33-KH/BTGTU"))
    assert intro.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY


@pytest.mark.parametrize("style", STYLES)
def test_body_headings_follow_the_outline_and_text_is_justified(exported, style):
    draft = complete_draft()
    layout = LAYOUTS[style]
    paras = body_paragraphs(exported[style, False])
    headings = [s.heading() for s in draft.outline.walk()]
    positions = [para_index(paras, h) for h in headings]
    assert positions == sorted(positions), "headings out of the đề cương's order"
    for section, pos in zip(draft.outline.walk(), positions):
        p, run = paras[pos], paras[pos].runs[0]
        fmt = layout.heading(section.level)
        assert bool(run.font.bold) == fmt.bold and bool(run.font.italic) == fmt.italic
        assert bool(run.font.all_caps) == fmt.caps  # caps by w:caps: the text stays as in the đề cương
        assert run.font.size == Pt(fmt.size)
        assert p._p.find("w:pPr/w:outlineLvl", NS).get(w("val")) == str(section.level)
        assert p.style.name == "Normal"  # no built-in Heading style (theme fonts)
    first_text = draft.section("I.1").text.splitlines()[0]
    body = next(p for p in paras if p.text.startswith(first_text[:40]))
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert mm(body.paragraph_format.first_line_indent) == pytest.approx(layout.body.first_line_cm * 10, abs=0.1)
    assert body.paragraph_format.space_after >= Pt(6)
    assert body.runs[0].font.size == Pt(14)
    assert 1.0 <= body.paragraph_format.line_spacing <= 1.5


# ---------------------------------------------------------------- page numbers


@pytest.mark.parametrize("style", STYLES)
def test_page_number_at_top_centre_from_page_2(exported, style):
    section = docx.Document(str(exported[style, False])).sections[0]
    assert section.different_first_page_header_footer  # w:titlePg
    header = section.header
    assert not header.is_linked_to_previous
    instr = [t.text for t in header._element.iter(w("instrText"))]
    assert [i.strip() for i in instr] == ["PAGE"]
    assert header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    first = section.first_page_header
    assert not list(first._element.iter(w("instrText"))) and not list(first._element.iter(w("fldSimple")))
    assert not "".join(p.text for p in first.paragraphs).strip()


# ---------------------------------------------------------------- closing block


def _closing_table(path: Path):
    doc = docx.Document(str(path))
    return next(t for t in doc.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")


def test_party_closing_block(exported):
    left, right = _closing_table(exported["party", False]).rows[0].cells
    label = left.paragraphs[0].runs[0]
    assert label.font.underline and label.font.size == Pt(14) and not label.font.bold
    lines = [p.text for p in left.paragraphs[1:]]
    assert lines == ["- Ban Tuyên giáo Tỉnh ủy Lào Cai,", "- Lưu Văn phòng Thị ủy Sa Pa."]
    assert all(p.runs[0].font.size == Pt(12) for p in left.paragraphs[1:])
    assert [p.text for p in right.paragraphs] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Thào A Sinh"]
    assert right.paragraphs[0].runs[0].font.bold and not right.paragraphs[1].runs[0].font.bold
    assert right.paragraphs[2].runs[0].font.bold
    assert right.paragraphs[2].paragraph_format.space_before >= Pt(48)  # room for the signature


def test_state_closing_block(tmp_path):
    draft = complete_draft()
    header = header_from(draft.plan, None, issuer="UBND thị xã Sa Pa", recipients=["Sở Nội vụ tỉnh Lào Cai", "TT Thị ủy"],
                         signer_position="Chủ tịch", signer="Nguyễn Văn A")
    path = export_docx(draft, tmp_path / "s.docx", style="state", header=header)
    left, right = _closing_table(path).rows[0].cells
    label = left.paragraphs[0].runs[0]
    assert label.font.bold and label.font.italic and label.font.size == Pt(12)
    assert [p.text for p in left.paragraphs[1:]] == ["- Sở Nội vụ tỉnh Lào Cai;", "- TT Thị ủy;", "- Lưu: VT."]
    assert all(p.runs[0].font.size == Pt(11) for p in left.paragraphs[1:])
    assert [p.text for p in right.paragraphs] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"]
    assert all(p.runs[0].font.bold for p in right.paragraphs)
    # another issuer than the plan's: nothing of the plan issuer's own header is reused
    top_left = docx.Document(str(path)).tables[0].rows[0].cells[0]
    assert [p.text for p in top_left.paragraphs][:2] == [BLANK, "UBND THỊ XÃ SA PA"]


def test_unknown_header_values_are_dotted_blanks(tmp_path):
    path = export_docx(small_draft("Đã tổ chức 12 buổi."), tmp_path / "b.docx", style="party")
    doc = docx.Document(str(path))
    (tl, tr), (bl, br) = ([c for c in row.cells] for row in doc.tables[0].rows)
    assert [p.text for p in tl.paragraphs] == [BLANK, BLANK, "*"]
    assert bl.paragraphs[0].text == f"Số {BLANK}"
    assert br.paragraphs[0].text == f"{BLANK}, ngày {BLANK} tháng {BLANK} năm {BLANK}"
    left, right = _closing_table(path).rows[0].cells
    assert [p.text for p in right.paragraphs] == [f"T/M {BLANK}", BLANK, BLANK]
    assert [p.text for p in left.paragraphs[1:]] == [f"- {BLANK},", f"- Lưu Văn phòng {BLANK}."]


# ---------------------------------------------------------------- citations: final vs review

CITED = "Đã tổ chức 12 buổi tuyên truyền [1]. Có 1.250 lượt người tham dự, đạt 95,5% [1, 2]. Đánh giá chung tốt [3][2]."
SOURCES = [src(1, 4, "12 buổi tuyên truyền năm 2020"), src(2, 5, "1.250 lượt người, 95,5% hộ dân"),
           src(3, 6, "Đánh giá của Ban Tuyên giáo")]


def test_final_mode_removes_markers_and_leaves_no_comment(exported, tmp_path):
    path = export_docx(small_draft(CITED + " [Cần bổ sung: số lớp bồi dưỡng]", SOURCES), tmp_path / "f.docx", style="party")
    paras = [p.text for p in body_paragraphs(path)]
    assert "Đã tổ chức 12 buổi tuyên truyền. Có 1.250 lượt người tham dự, đạt 95,5%. Đánh giá chung tốt. " \
           "[Cần bổ sung: số lớp bồi dưỡng]" in paras
    for p in (path, exported["party", False], exported["state", False]):
        xml = part_xml(p, "word/document.xml")
        assert not MARKER.search(text_of(xml)), "a [n] marker survived the final export"
        assert not list(xml.iter(w("commentRangeStart"))) and not list(xml.iter(w("commentReference")))
        assert "word/comments.xml" not in part_names(p)
        assert "NGUỒN TRÍCH DẪN" not in text_of(xml)


@pytest.mark.parametrize("review", [False, True])
def test_placeholders_stay_visible_and_highlighted(tmp_path, review):
    path = export_docx(small_draft("Đã tổ chức 12 buổi [1]. [Cần bổ sung: tỷ lệ % hộ dân được nghe]", SOURCES),
                       tmp_path / "p.docx", style="state", review=review)
    runs = [r for p in body_paragraphs(path) for r in p.runs if "Cần bổ sung" in r.text]
    assert [r.text for r in runs] == ["[Cần bổ sung: tỷ lệ % hộ dân được nghe]"]
    assert runs[0].font.highlight_color == WD_COLOR_INDEX.YELLOW


def _comment_ranges(path: Path) -> dict[str, str]:
    """Comment id → text of the runs between its commentRangeStart and commentRangeEnd."""
    body = part_xml(path, "word/document.xml").find("w:body", NS)
    open_ids: set[str] = set()
    ranges: dict[str, str] = {}
    for el in body.iter(w("commentRangeStart"), w("commentRangeEnd"), w("t")):
        if el.tag == w("commentRangeStart"):
            open_ids.add(el.get(w("id")))
            ranges[el.get(w("id"))] = ""
        elif el.tag == w("commentRangeEnd"):
            open_ids.discard(el.get(w("id")))
        else:
            for cid in open_ids:
                ranges[cid] += el.text or ""
    return ranges


def _comments(path: Path) -> dict[str, str]:
    root = part_xml(path, "word/comments.xml")
    return {c.get(w("id")): "\n".join(text_of(p) for p in c.iter(w("p"))) for c in root.iter(w("comment"))}


def test_review_mode_comments_each_marker_on_its_sentence(tmp_path):
    path = export_docx(small_draft(CITED, SOURCES), tmp_path / "r.docx", style="party", review=True)
    ranges, comments = _comment_ranges(path), _comments(path)
    assert sorted(ranges) == sorted(comments) and len(comments) == 3
    by_anchor = {ranges[cid]: comments[cid] for cid in comments}
    assert by_anchor == {
        "Đã tổ chức 12 buổi tuyên truyền [1]": "[1] notes.txt:4 — 12 buổi tuyên truyền năm 2020",
        "Có 1.250 lượt người tham dự, đạt 95,5% [1, 2]":
            "[1] notes.txt:4 — 12 buổi tuyên truyền năm 2020\n[2] notes.txt:5 — 1.250 lượt người, 95,5% hộ dân",
        "Đánh giá chung tốt [3][2]":
            "[3] notes.txt:6 — Đánh giá của Ban Tuyên giáo\n[2] notes.txt:5 — 1.250 lượt người, 95,5% hộ dân",
    }
    # markers stay in the text; the comments are by the assistant
    assert CITED in [p.text for p in body_paragraphs(path)]
    root = part_xml(path, "word/comments.xml")
    assert {c.get(w("author")) for c in root.iter(w("comment"))} == {LAYOUTS["party"].comment_author}


def test_review_mode_marks_a_citation_without_source(tmp_path):
    path = export_docx(small_draft("Có 7 mô hình [4].", SOURCES), tmp_path / "x.docx", style="party", review=True)
    assert list(_comments(path).values()) == ["[4] Không có nguồn số 4 trong mục này."]


def test_review_mode_on_the_complete_draft_comments_every_marker_and_lists_sources(exported):
    draft = complete_draft()
    markers = sum(len(MARKER.findall(line)) for sd in draft.sections for line in sd.text.splitlines())
    for style in STYLES:
        path = exported[style, True]
        ranges = _comment_ranges(path)
        assert len(ranges) == markers  # no marker is adjacent to another in this draft
        assert all(MARKER.search(anchor) for anchor in ranges.values())
        paras = [p.text for p in body_paragraphs(path)]
        start = paras.index("NGUỒN TRÍCH DẪN")
        appendix = paras[start:]
        assert "1. Tổ chức quán triệt Chỉ thị 19-CT/TU" in appendix
        assert "[2] ghi_chu_mau.md:9 — Các chi bộ, đảng bộ trực thuộc quán triệt cho 2.846/2.910 đảng viên (97,8%)." in appendix
        cited_lines = [p for p in appendix if re.match(r"\[\d+\] ghi_chu_mau\.md:\d+ — ", p)]
        table_sources = sum(len(f.sources) for f in draft.tables)
        assert len(cited_lines) == sum(len(sd.sources) for sd in draft.sections) + table_sources == 23
        assert appendix[appendix.index("Biểu 1") + 1].startswith("[1] ghi_chu_mau.md:60 — Tỉnh ủy | 19-CT/TU")


# ---------------------------------------------------------------- Biểu tables


def _bieu_table(path: Path, title_start: str):
    doc = docx.Document(str(path))
    body = doc.element.body
    title = next(p for p in doc.paragraphs if p.text.startswith(title_start))
    nxt = title._p.getnext()
    while nxt is not None and nxt.tag != w("tbl"):
        nxt = nxt.getnext()
    return next(t for t in doc.tables if t._tbl is nxt), body


def _rows(table) -> list[list[str]]:
    out = []
    for row in table.rows:
        cells = []
        for c in row.cells:  # merged cells repeat: keep one
            if not cells or c._tc is not cells[-1][0]:
                cells.append((c._tc, c.text))
        out.append([t for _, t in cells])
    return out


def test_bieu_tables_with_headers_groups_and_values(exported):
    table, _ = _bieu_table(exported["party", False], "Biểu 1.")
    rows = _rows(table)
    assert rows[0] == ["TT", "Số hiệu văn bản", "Tên văn bản (trích yếu)", "Ngày phát hành"]
    assert table.rows[0].cells[0].paragraphs[0].runs[0].font.bold
    assert table._tbl.find("w:tblPr/w:tblBorders/w:insideH", NS).get(w("val")) == "single"
    groups = [r[0] for r in rows if len(r) == 1]
    assert groups == ["Tỉnh ủy", "HDND tỉnh", "UBND tỉnh", "Liên hiệp các HKHKT", "Sở, ngành liên quan", "Thị ủy Sa Pa"]
    i = rows.index(["Tỉnh ủy"])
    assert rows[i + 1][:2] == ["1", "19-CT/TU"] and rows[i + 1][3] == "28/9/2016"
    j = rows.index(["HDND tỉnh"])
    assert rows[j + 1: j + 3] == [["1", "", "", ""], ["2", "", "", ""]]  # nothing in the notes: left blank
    assert rows[rows.index(["Thị ủy Sa Pa"]) + 1][1] == "45-KH/ThU"


def test_bieu_without_groups_and_without_values(exported):
    table2, _ = _bieu_table(exported["state", False], "Biểu 2.")
    rows = _rows(table2)
    assert rows[0][0] == "STT" and len(rows) == 3 and rows[2][1] == "Homestay cộng đồng"
    table3, _ = _bieu_table(exported["state", False], "Biểu 3.")
    assert _rows(table3)[1:] == [["1", "", "", "", ""], ["2", "", "", "", ""]]


def test_bieu_rows_are_aligned_to_the_columns(tmp_path):
    bieu = BieuTable(number="1", title="Danh mục", columns=["TT", "Số hiệu", "Trích yếu"], groups=["Tỉnh ủy"])
    fill = BieuFill(table_index=0, rows=[["12-KH/TU", "Kế hoạch A"], ["", "13-KH/TU", "Kế hoạch B", "thừa"]],
                    row_groups=["Tỉnh ủy", "Tỉnh ủy"])
    path = export_docx(small_draft("Nội dung.", tables=[bieu], fills=[fill]), tmp_path / "t.docx", style="party")
    table, _ = _bieu_table(path, "Biểu 1.")
    assert _rows(table) == [["TT", "Số hiệu", "Trích yếu"], ["Tỉnh ủy"], ["1", "12-KH/TU", "Kế hoạch A"],
                            ["2", "13-KH/TU", "Kế hoạch B; thừa"]]


# ---------------------------------------------------------------- misc


def test_export_creates_folders_and_rejects_unknown_style(tmp_path):
    from assistant.types import UserError

    out = export_docx(small_draft("Nội dung."), tmp_path / "a" / "b" / "r.docx", style="state")
    assert out.exists() and not list(out.parent.glob(".*.tmp"))
    with pytest.raises(UserError, match="party"):
        export_docx(small_draft("Nội dung."), tmp_path / "x.docx", style="tw")
    (tmp_path / "file").write_text("x")
    with pytest.raises(UserError, match="Không ghi được tệp"):
        export_docx(small_draft("Nội dung."), tmp_path / "file" / "r.docx", style="party")


def test_head_of_office_signs_without_tm_and_a_body_without_superior(tmp_path):
    draft = complete_draft()
    header = header_from(draft.plan, None, issuer="Phòng Nội vụ", superior="-", signer="Lý Thị Mai",
                         signer_position="Trưởng phòng")
    path = export_docx(draft, tmp_path / "pnv.docx", style="state", header=header)
    doc = docx.Document(str(path))
    top_left = doc.tables[0].rows[0].cells[0]
    assert top_left.paragraphs[0].text == "PHÒNG NỘI VỤ" and top_left.paragraphs[0].runs[0].font.bold
    _, right = _closing_table(path).rows[0].cells
    assert [p.text for p in right.paragraphs] == ["TRƯỞNG PHÒNG", "Lý Thị Mai"]
