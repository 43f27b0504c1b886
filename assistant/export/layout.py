"""THE one table of layout values for the finished report, per style.

Party documents follow Hướng dẫn 36-HD/VPTW (2018) on the form of Party documents; state documents
follow Nghị định 30/2020/NĐ-CP, Phụ lục I. Where a rule gives a range (e.g. body 13-14 pt), the value
chosen is the one most offices use. A change of rule is an edit of one value in `LAYOUTS` below; the
exporter (`assistant.export.document`) reads every size, weight, indent, spacing and fixed text from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from assistant.text.normalize import normalize_vi
from assistant.types import Style

Align = Literal["left", "center", "right", "justify"]

BLANK = "......"  # dotted blank for a header value nobody gave


@dataclass(frozen=True)
class TextFormat:
    """How one element is set: size in pt, weight, paragraph alignment, indent and spacing."""

    size: float
    bold: bool = False
    italic: bool = False
    caps: bool = False  # shown in capitals (header texts are upper-cased, headings use w:caps)
    underline: bool = False
    align: Align = "center"
    first_line_cm: float = 0.0
    before_pt: float = 0.0
    after_pt: float = 0.0
    line_spacing: float = 1.0  # multiple of single line spacing


@dataclass(frozen=True)
class Margins:
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float


@dataclass(frozen=True)
class Layout:
    style: Style
    margins: Margins
    header_cols_cm: tuple[float, float]  # left (issuing body, number), right (Party name / motto, date)
    # --- header, left column
    superior: TextFormat
    issuer: TextFormat
    issuer_mark: str  # "*" under the issuing body (Party); "" for none
    issuer_mark_format: TextFormat
    issuer_rule_cm: float  # short rule under the issuing body; 0 for none
    number_prefix: str
    number: TextFormat
    # --- header, right column: fixed lines (text, format), then a rule as long as the last line
    national: tuple[tuple[str, TextFormat], ...]
    national_rule_cm: float
    date: TextFormat
    date_leading_zero: bool  # "ngày 05 tháng 02" (state) vs "ngày 5 tháng 2" (Party)
    # --- title
    doc_type_text: str
    doc_type: TextFormat
    subject: TextFormat
    subject_rule_text: str  # Party: "-----" under the subject
    subject_rule_cm: float  # state: short solid rule under the subject
    subject_gap_pt: float  # space between the subject (and its rule) and the first paragraph
    # --- body
    body: TextFormat
    headings: tuple[TextFormat, ...]  # by outline level; deeper levels reuse the last one
    placeholder_highlight: str  # WD_COLOR_INDEX name for "[Cần bổ sung: ...]"
    # --- closing block
    closing_gap_pt: float  # space between the last paragraph and "Nơi nhận" / the signing block
    recipients_label_text: str
    recipients_label: TextFormat
    recipient: TextFormat
    recipient_sep: str  # end of every recipient line but the last (which ends with ".")
    archive_line: str  # "{issuer}" is replaced by the issuing body
    signing_prefix: str
    signing: TextFormat
    position: TextFormat
    signer: TextFormat
    signature_space_pt: float  # room for the hand signature and seal
    authorities: tuple[tuple[str, str], ...]  # (regex on the issuing body, signing authority)
    page_number: TextFormat
    # --- appendices: Biểu tables (own pages, after the signing block) and, in review mode, the sources list
    appendix_title: TextFormat
    appendix_note: TextFormat
    table_head: TextFormat
    table_group: TextFormat
    table_number: TextFormat  # the TT / STT cell
    table_text: TextFormat
    sources_title: TextFormat
    sources_heading: TextFormat
    sources_line: TextFormat
    font: str = "Times New Roman"
    page_mm: tuple[float, float] = (210.0, 297.0)  # A4
    header_distance_mm: float = 10.0  # page-number header from the top edge
    appendix_note_text: str = "(Kèm theo Báo cáo {number}{of_issuer})"  # under each Biểu title
    comment_author: str = "Trợ lý soạn báo cáo"
    comment_initials: str = "TL"

    def heading(self, level: int) -> TextFormat:
        return self.headings[min(max(level, 0), len(self.headings) - 1)]

    def default_authority(self, issuer: str) -> str:
        """By the kind of body the issuer's name starts with: 'T/M BAN THƯỜNG VỤ' for a Thị ủy, 'TM. ỦY BAN
        NHÂN DÂN' for a UBND. Another known body ('Phòng Nội vụ', 'Ban Tuyên giáo') is headed by one person who
        signs in his own right: no T/M line. Unknown issuer: a dotted blank after the prefix."""
        name = normalize_vi(issuer).strip()
        if name in ("", BLANK):
            return f"{self.signing_prefix} {BLANK}"
        for pattern, authority in self.authorities:
            if re.search(pattern, name, flags=re.IGNORECASE):
                return authority
        return ""


def _text(size: float, indent_cm: float) -> dict[str, object]:
    """Body paragraphs, and headings by outline level: I. bold capitals, 1. bold, 1.1. / a) bold italic, deeper italic."""
    body = TextFormat(size, align="justify", first_line_cm=indent_cm, after_pt=6, line_spacing=1.15)
    head = replace(body, before_pt=6)
    levels = (dict(bold=True, caps=True), dict(bold=True), dict(bold=True, italic=True), dict(italic=True))
    return dict(body=body, headings=tuple(replace(head, **kw) for kw in levels))


_APPENDICES = dict(
    appendix_title=TextFormat(14, bold=True, after_pt=2),
    appendix_note=TextFormat(13, italic=True, after_pt=8),
    table_head=TextFormat(12, bold=True),
    table_group=TextFormat(12, bold=True, align="left"),
    table_number=TextFormat(12),
    table_text=TextFormat(12, align="left"),
    sources_title=TextFormat(14, bold=True, after_pt=12),
    sources_heading=TextFormat(13, bold=True, align="left", before_pt=6, after_pt=3),
    sources_line=TextFormat(13, align="justify", after_pt=3),
)

LAYOUTS: dict[Style, Layout] = {
    # Hướng dẫn 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng
    "party": Layout(
        style="party",
        margins=Margins(top_mm=20, bottom_mm=20, left_mm=30, right_mm=15),
        header_cols_cm=(7.0, 9.5),
        superior=TextFormat(14, caps=True),
        issuer=TextFormat(14, bold=True, caps=True),
        issuer_mark="*",
        issuer_mark_format=TextFormat(14),
        issuer_rule_cm=0,
        number_prefix="Số ",
        number=TextFormat(14, before_pt=2),
        national=(("ĐẢNG CỘNG SẢN VIỆT NAM", TextFormat(15, bold=True, caps=True)),),
        national_rule_cm=6.5,
        date=TextFormat(14, italic=True, before_pt=2),
        date_leading_zero=False,
        doc_type_text="BÁO CÁO",
        doc_type=TextFormat(16, bold=True, caps=True, before_pt=24),
        subject=TextFormat(14, bold=True),
        subject_rule_text="-----",
        subject_rule_cm=0,
        subject_gap_pt=12,
        **_text(size=14, indent_cm=1.0),
        placeholder_highlight="YELLOW",
        closing_gap_pt=12,
        recipients_label_text="Nơi nhận:",
        recipients_label=TextFormat(14, underline=True, align="left"),
        recipient=TextFormat(12, align="left"),
        recipient_sep=",",
        archive_line="Lưu Văn phòng {issuer}",
        signing_prefix="T/M",
        signing=TextFormat(14, bold=True, caps=True),
        position=TextFormat(14, caps=True),
        signer=TextFormat(14, bold=True),
        signature_space_pt=72,
        authorities=(
            (r"^(tỉnh|thành|thị|huyện|quận)\s*ủy\b", "T/M BAN THƯỜNG VỤ"),
            (r"^đảng\s*ủy\b", "T/M ĐẢNG ỦY"),
            (r"^chi\s*bộ\b", "T/M CHI BỘ"),
        ),
        page_number=TextFormat(14),
        **_APPENDICES,
    ),
    # Nghị định 30/2020/NĐ-CP, Phụ lục I
    "state": Layout(
        style="state",
        margins=Margins(top_mm=20, bottom_mm=20, left_mm=30, right_mm=15),
        header_cols_cm=(6.0, 10.5),
        superior=TextFormat(13, caps=True),
        issuer=TextFormat(13, bold=True, caps=True),
        issuer_mark="",
        issuer_mark_format=TextFormat(13),
        issuer_rule_cm=2.0,
        number_prefix="Số: ",
        number=TextFormat(13, before_pt=6),
        national=(
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", TextFormat(13, bold=True, caps=True)),
            ("Độc lập - Tự do - Hạnh phúc", TextFormat(14, bold=True)),
        ),
        national_rule_cm=5.7,
        date=TextFormat(14, italic=True, before_pt=6),
        date_leading_zero=True,
        doc_type_text="BÁO CÁO",
        doc_type=TextFormat(14, bold=True, caps=True, before_pt=24),
        subject=TextFormat(14, bold=True),
        subject_rule_text="",
        subject_rule_cm=3.5,
        subject_gap_pt=12,
        **_text(size=14, indent_cm=1.27),
        placeholder_highlight="YELLOW",
        closing_gap_pt=12,
        recipients_label_text="Nơi nhận:",
        recipients_label=TextFormat(12, bold=True, italic=True, align="left"),
        recipient=TextFormat(11, align="left"),
        recipient_sep=";",
        archive_line="Lưu: VT",
        signing_prefix="TM.",
        signing=TextFormat(14, bold=True, caps=True),
        position=TextFormat(14, bold=True, caps=True),
        signer=TextFormat(14, bold=True),
        signature_space_pt=72,
        authorities=(
            (r"^(ủy\s+ban\s+nhân\s+dân|UBND)\b", "TM. ỦY BAN NHÂN DÂN"),
            (r"^(hội\s+đồng\s+nhân\s+dân|HĐND)\b", "TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN"),
        ),
        page_number=TextFormat(13),
        **_APPENDICES,
    ),
}


def layout_for(style: str) -> Layout:
    try:
        return LAYOUTS[style]  # type: ignore[index]
    except KeyError:
        from assistant.types import UserError

        raise UserError(f"Kiểu trình bày '{style}' không hợp lệ: chọn 'party' (Đảng) hoặc 'state' (Nhà nước).") from None
