"""Low-level python-docx / oxml operations the exporter needs and python-docx does not offer.

Fonts on all four rFonts attributes with theme attributes removed, borderless tables, paragraph
rules, the PAGE field, outline levels, and Word comments. Nothing here knows about reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from assistant.export.layout import TextFormat

FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _insert_before(parent: etree._Element, child: etree._Element, successors: Sequence[str]) -> None:
    """Insert `child` before the first of `successors` present (the schema's order), else at the end."""
    tags = {qn(t) for t in successors}
    anchor = next((c for c in parent if c.tag in tags), None)
    if anchor is not None:
        anchor.addprevious(child)
    else:
        parent.append(child)


# ---------------------------------------------------------------- fonts


def set_rfonts(rpr: etree._Element, font: str) -> None:
    """One font on ascii, hAnsi, eastAsia and cs; theme attributes (which override them) removed."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rstyle = rpr.find(qn("w:rStyle"))  # the only element CT_RPr puts before rFonts
        if rstyle is not None:
            rstyle.addnext(rfonts)
        else:
            rpr.insert(0, rfonts)
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in FONT_ATTRS:
        rfonts.set(qn(attr), font)


def enforce_font(root: etree._Element, font: str) -> None:
    """Every run (and every existing rFonts) under `root` gets `font` on all four attributes."""
    for r in root.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            r.insert(0, rpr)
        set_rfonts(rpr, font)
    for rfonts in list(root.iter(qn("w:rFonts"))):
        set_rfonts(rfonts.getparent(), font)


def enforce_font_everywhere(doc: DocxDocument, font: str) -> None:
    """`enforce_font` on every WordprocessingML part: body, headers, comments, styles, and the raw-blob
    parts python-docx does not parse (the template's stylesWithEffects.xml carries theme fonts too). Numbering
    definitions keep their symbol fonts."""
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/word/numbering.xml":
            continue  # bullet glyphs live in Symbol / Wingdings
        if isinstance(part, XmlPart):
            enforce_font(part.element, font)
        elif str(part.partname).startswith("/word/") and str(part.partname).endswith(".xml") and b"rFonts" in part.blob:
            root = etree.fromstring(part.blob)
            enforce_font(root, font)
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_document_font(doc: DocxDocument, font: str, size_pt: float, lang: str = "vi-VN") -> None:
    """Defaults, Normal and every style in styles.xml on `font`, no theme fonts left anywhere."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    set_rfonts(rpr, font)
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), lang)
    enforce_font(styles, font)
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size_pt)
    set_rfonts(normal.element.get_or_add_rPr(), font)


# ---------------------------------------------------------------- paragraphs and runs


def format_paragraph(p: Paragraph, fmt: TextFormat, *, keep_with_next: bool = False) -> Paragraph:
    pf = p.paragraph_format
    pf.alignment = _ALIGN[fmt.align]
    pf.first_line_indent = Cm(fmt.first_line_cm) if fmt.first_line_cm else None
    pf.space_before = Pt(fmt.before_pt)
    pf.space_after = Pt(fmt.after_pt)
    pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE if fmt.line_spacing != 1.0 else WD_LINE_SPACING.SINGLE
    if fmt.line_spacing != 1.0:
        pf.line_spacing = fmt.line_spacing
    if keep_with_next:
        pf.keep_with_next = True
    set_mark_size(p, fmt.size)
    return p


def add_run(p: Paragraph, text: str, fmt: TextFormat, *, caps_attr: bool = False, highlight: str | None = None) -> Run:
    """A run in `fmt`. Caps are literal upper-case unless `caps_attr` (then w:caps keeps the text as is)."""
    run = p.add_run(text.upper() if fmt.caps and not caps_attr else text)
    font = run.font
    font.size = Pt(fmt.size)
    font.bold = fmt.bold or None
    font.italic = fmt.italic or None
    font.underline = fmt.underline or None
    if fmt.caps and caps_attr:
        font.all_caps = True
    if highlight:
        font.highlight_color = getattr(WD_COLOR_INDEX, highlight)
    return run


def add_line(container, text: str, fmt: TextFormat, *, first: bool = False) -> Paragraph:
    """A formatted one-run paragraph appended to a document or a cell (`first`: reuse the cell's empty paragraph)."""
    p = container.paragraphs[0] if first else container.add_paragraph()
    format_paragraph(p, fmt)
    if text:
        add_run(p, text, fmt)
    return p


def add_gap(container, pt: float) -> Paragraph:
    """An empty 1 pt paragraph followed by `pt` points of space."""
    p = container.add_paragraph()
    p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(0), Pt(pt)
    set_mark_size(p, 1)
    return p


def set_mark_size(p: Paragraph, size_pt: float) -> None:
    """Size of the paragraph mark: sets the height of an empty paragraph (rules, spacers)."""
    ppr = p._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        sect = ppr.find(qn("w:sectPr"))
        if sect is not None:
            sect.addprevious(rpr)
        else:
            ppr.append(rpr)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(int(round(size_pt * 2))))


def add_rule(container, length_cm: float, column_cm: float) -> Paragraph:
    """A thin solid horizontal rule of `length_cm`, centred in a column `column_cm` wide."""
    p = container.add_paragraph()
    side = max((column_cm - length_cm) / 2, 0)
    pf = p.paragraph_format
    pf.left_indent = pf.right_indent = Cm(side)
    pf.space_before, pf.space_after = Pt(3), Pt(0)  # clear of the descenders of the line above
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    set_mark_size(p, 1)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(k), v)
    bdr.append(top)
    _insert_before(ppr, bdr, ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:outlineLvl", "w:rPr"))
    return p


def set_outline_level(p: Paragraph, level: int) -> None:
    """Shows a directly formatted heading in Word's navigation pane without a theme-font Heading style."""
    p._p.get_or_add_pPr().get_or_add_outlineLvl().set(qn("w:val"), str(min(max(level, 0), 8)))


def add_page_number_field(p: Paragraph, fmt: TextFormat) -> Run:
    """A PAGE field as begin / instrText / separate / cached value / end runs."""
    runs = []
    for kind in ("begin", "instr", "separate", "value", "end"):
        run = add_run(p, "", fmt)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        elif kind == "value":
            run.text = "2"
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        runs.append(run)
    return runs[1]


# ---------------------------------------------------------------- tables


def _set_borders(tbl_pr: etree._Element, val: str, sz: int = 4) -> None:
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is not None:
        tbl_pr.remove(borders)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), val)
        if val != "nil":
            for k, v in (("w:sz", str(sz)), ("w:space", "0"), ("w:color", "000000")):
                el.set(qn(k), v)
        borders.append(el)
    _insert_before(tbl_pr, borders, ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"))


def make_table(container, rows: int, widths_cm: Sequence[float], *, borders: bool) -> Table:
    """A fixed-layout table with the given column widths, borderless or with single grid lines."""
    table = container.add_table(rows=rows, cols=len(widths_cm))
    table.autofit = False  # w:tblLayout type="fixed"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_borders(table._tbl.tblPr, "single" if borders else "nil")
    for col, w in zip(table.columns, widths_cm):
        col.width = Cm(w)
        for cell in col.cells:
            cell.width = Cm(w)
    return table


def merge_row(table: Table, row: int) -> object:
    cells = table.rows[row].cells
    return cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]


def repeat_header(table: Table, rows: Iterable[int]) -> None:
    for i in rows:
        tr_pr = table.rows[i]._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        tr_pr.append(el)


# ---------------------------------------------------------------- comments


def add_comment(doc: DocxDocument, runs: Sequence[Run], lines: Sequence[str], *, author: str, initials: str,
                size_pt: float = 10) -> None:
    """A Word comment anchored on `runs` (first to last), one paragraph per line."""
    comment = doc.add_comment(list(runs), text=lines[0] if lines else "", author=author, initials=initials)
    for line in lines[1:]:
        comment.add_paragraph(line)
    for para in comment.paragraphs:
        for run in para.runs:
            run.font.size = Pt(size_pt)
