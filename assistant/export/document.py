"""Draft + header values → the finished .docx in the Party or state layout (values from `assistant.export.layout`).

Page 1: the header as a two-column borderless table (issuing body with "*" or a short rule, number;
Party name or national motto, place and date), "BÁO CÁO" and the subject, then the first paragraph and
the body under the đề cương's headings, then "Nơi nhận" and the signing block side by side. Biểu tables
follow on their own pages, and in review mode the list of cited sources. Page numbers sit at the top
centre from page 2. Every run is Times New Roman on all four font slots; no theme font is left.

The exporter never calls a model: it writes what the draft holds.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.shared import Mm, Pt

from assistant.export.body import write_body, write_sources, write_tables
from assistant.export.docx_writing import (
    add_gap,
    add_line,
    add_page_number_field,
    add_rule,
    enforce_font_everywhere,
    format_paragraph,
    make_table,
    set_document_font,
)
from assistant.export.header import HeaderInfo, date_line, header_from, number_line, recipient_lines, subject_of
from assistant.export.layout import BLANK, Layout, layout_for
from assistant.types import Draft, UserError

__all__ = ["HeaderInfo", "export_docx", "header_from"]


def _text_width_cm(layout: Layout) -> float:
    m = layout.margins
    return (layout.page_mm[0] - m.left_mm - m.right_mm) / 10


def _page_setup(doc: DocxDocument, layout: Layout) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(layout.page_mm[0]), Mm(layout.page_mm[1])
    m = layout.margins
    section.top_margin, section.bottom_margin = Mm(m.top_mm), Mm(m.bottom_mm)
    section.left_margin, section.right_margin = Mm(m.left_mm), Mm(m.right_mm)
    section.header_distance = section.footer_distance = Mm(layout.header_distance_mm)


def _page_numbers(doc: DocxDocument, layout: Layout) -> None:
    """PAGE field at the top centre; page 1 gets its own empty header (titlePg)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    p = section.header.paragraphs[0]
    format_paragraph(p, layout.page_number)
    add_page_number_field(p, layout.page_number)


def _header_block(doc: DocxDocument, header: HeaderInfo, layout: Layout) -> None:
    left_w, right_w = layout.header_cols_cm
    table = make_table(doc, 2, layout.header_cols_cm, borders=False)
    (top_left, top_right), (bottom_left, bottom_right) = (row.cells for row in table.rows)
    if header.superior:
        add_line(top_left, header.superior, layout.superior, first=True)
    add_line(top_left, header.issuer, layout.issuer, first=not header.superior)
    if layout.issuer_mark:
        add_line(top_left, layout.issuer_mark, layout.issuer_mark_format)
    if layout.issuer_rule_cm:
        add_rule(top_left, layout.issuer_rule_cm, left_w)
    for i, (text, fmt) in enumerate(layout.national):
        add_line(top_right, text, fmt, first=i == 0)
    add_rule(top_right, layout.national_rule_cm, right_w)
    add_line(bottom_left, number_line(header.number, layout), layout.number, first=True)
    add_line(bottom_right, date_line(header.place, header.date, layout), layout.date, first=True)


def _title(doc: DocxDocument, subject: str, layout: Layout) -> None:
    add_line(doc, layout.doc_type_text, layout.doc_type)
    add_line(doc, subject, layout.subject)
    if layout.subject_rule_text:
        add_line(doc, layout.subject_rule_text, layout.subject)
    if layout.subject_rule_cm:
        add_rule(doc, layout.subject_rule_cm, _text_width_cm(layout))
    add_gap(doc, layout.subject_gap_pt)


def _closing(doc: DocxDocument, header: HeaderInfo, layout: Layout) -> None:
    """'Nơi nhận' on the left, the signing block on the right, in a borderless table."""
    add_gap(doc, layout.closing_gap_pt)
    left, right = make_table(doc, 1, layout.header_cols_cm, borders=False).rows[0].cells
    add_line(left, layout.recipients_label_text, layout.recipients_label, first=True)
    for line in recipient_lines(header.recipients, header.issuer, layout):
        add_line(left, line, layout.recipient)
    authority = header.signing_authority or layout.default_authority(header.issuer)
    if authority:
        add_line(right, authority, layout.signing, first=True)
    add_line(right, header.signer_position, layout.position, first=not authority)
    signer = add_line(right, header.signer, layout.signer)
    signer.paragraph_format.space_before = Pt(layout.signature_space_pt)


def _save(doc: DocxDocument, out_path: Path) -> Path:
    tmp = out_path.with_name(f".{out_path.name}.tmp")
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(tmp))
        tmp.replace(out_path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise UserError(
            f"Không ghi được tệp {out_path}: {exc.strerror or exc}. Hãy đóng tệp nếu đang mở trong Word."
        ) from exc
    return out_path


def export_docx(draft: Draft, out_path: str | Path, *, style: str, review: bool = False,
                header: HeaderInfo | None = None) -> Path:
    """Write the report; `review` keeps the [n] markers as Word comments and adds the sources list."""
    layout = layout_for(style)
    header = header or header_from(draft.plan)
    doc = docx.Document()
    _page_setup(doc, layout)
    set_document_font(doc, layout.font, layout.body.size)
    _header_block(doc, header, layout)
    _title(doc, header.subject or subject_of(draft.outline, draft.plan), layout)
    write_body(doc, draft, layout, review=review)
    _closing(doc, header, layout)
    if draft.outline.tables:
        note = layout.appendix_note_text.format(
            number=number_line(header.number, layout).replace("Số", "số", 1),
            of_issuer=f" của {header.issuer}" if header.issuer != BLANK else "",
        )
        write_tables(doc, draft, layout, _text_width_cm(layout), note)
    if review:
        write_sources(doc, draft, layout)
    _page_numbers(doc, layout)
    enforce_font_everywhere(doc, layout.font)
    return _save(doc, Path(out_path))
