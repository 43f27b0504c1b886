""".docx → blocks in body order: paragraphs (style, heading level, bold, automatic-numbering label) and tables.

- The zip is checked before python-docx sees it (declared sizes, compression ratio, bytes actually read) and
  re-packed uncompressed in memory, so a zip bomb is refused without being inflated.
- Body children are walked in order (w:p, w:tbl, content controls), never doc.paragraphs then doc.tables.
- Runs in a legacy font (".VnTime", ".VnTimeH" → TCVN3; "VNI-Times" → VNI) are converted one by one; runs with
  no such font are converted too when the document's text as a whole is detected as TCVN3 / VNI.
- Table cells: one string per grid column. A cell spanning columns (gridSpan) is followed by empty strings, a
  vertically merged continuation is empty: merged text is never duplicated. A cell's paragraphs are joined with
  a space. Text boxes, headers, footers and deleted (tracked) text are not read.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from assistant.reading.docx_numbering import Numbering, q, wval
from assistant.reading.docx_styles import Styles, font_of, on_off
from assistant.text.legacy import Legacy, convert_legacy, detect_legacy, font_encoding, font_is_uppercase
from assistant.text.normalize import normalize_vi
from assistant.types import Locator, Paragraph, Table, UserError

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_MEMBERS = 5000
MAX_UNCOMPRESSED = 256 * 1024 * 1024  # all parts together, as declared and as read
MAX_RATIO = 100  # uncompressed / compressed, checked for parts over RATIO_MIN_SIZE
RATIO_MIN_SIZE = 1024 * 1024


def _corrupt(name: str) -> UserError:
    return UserError(
        f"Tệp {name} bị hỏng hoặc không phải .docx hợp lệ: hãy mở bằng Word, lưu lại dạng .docx rồi thử lại."
    )


def _bomb(name: str) -> UserError:
    return UserError(
        f"Tệp {name} có nội dung nén bất thường (nghi là 'zip bomb'), không đọc: hãy kiểm tra lại nguồn tệp."
    )


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, name: str) -> bytes:
    chunks, total = [], 0
    with zf.open(info) as f:
        while block := f.read(1 << 16):
            total += len(block)
            if total > cap:
                raise _bomb(name)
            chunks.append(block)
    return b"".join(chunks)


def safe_repack(raw: bytes, name: str) -> bytes:
    """Check the OOXML zip and return it re-packed without compression; UserError when unsafe or broken."""
    if raw.startswith(OLE2_SIGNATURE):
        raise UserError(
            f"Tệp {name} được đặt mật khẩu (hoặc là tệp .doc cũ đổi tên): hãy mở bằng Word, bỏ mật khẩu "
            "và lưu lại dạng .docx rồi thử lại."
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
            raise _bomb(name)
        if any(i.file_size > RATIO_MIN_SIZE and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
            raise _bomb(name)
        out = io.BytesIO()
        budget = MAX_UNCOMPRESSED
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
            for info in infos:
                data = _read_capped(zf, info, min(info.file_size, budget), name)
                budget -= len(data)
                dst.writestr(info.filename, data)
        return out.getvalue()
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, OSError, EOFError) as exc:
        raise _corrupt(name) from exc


# ------------------------------------------------------------------ runs and paragraphs

_RECURSE = {q(t) for t in ("w:hyperlink", "w:ins", "w:smartTag", "w:sdt", "w:sdtContent", "w:fldSimple",
                           "w:customXml", "w:moveTo", "w:dir", "w:bdo")}  # fmt: skip


_HEADING_NAME = re.compile(r"^(?:heading|tiêu đề|đề mục)\s*(\d)$", re.I)


@dataclass
class _Run:
    text: str
    enc: Legacy | None
    upper: bool
    bold: bool


def _run_text(r: etree._Element) -> str:
    parts = []
    for child in r:
        tag = child.tag
        if tag == q("w:t"):
            parts.append(child.text or "")
        elif tag == q("w:tab"):
            parts.append("\t")
        elif tag in (q("w:br"), q("w:cr")) and child.get(q("w:type")) not in ("page", "column"):
            parts.append(" ")
        elif tag == q("w:noBreakHyphen"):
            parts.append("-")
    return "".join(parts)


def _iter_runs(el: etree._Element):
    for child in el:
        if child.tag == q("w:r"):
            yield child
        elif child.tag in _RECURSE:
            yield from _iter_runs(child)


class DocxReader:
    def __init__(self, styles: Styles, numbering: Numbering, file: str) -> None:
        self.styles = styles
        self.numbering = numbering
        self.file = file

    def runs(self, p: etree._Element, pstyle: str | None) -> list[_Run]:
        out = []
        for r in _iter_runs(p):
            text = _run_text(r)
            if not text:
                continue
            rpr = r.find(q("w:rPr"))
            rstyle = wval(rpr.find(q("w:rStyle"))) if rpr is not None else None

            def prop(key: str, direct: object | None) -> object | None:
                for value in (direct, self.styles.get(rstyle, key), self.styles.get(pstyle, key)):
                    if value is not None:
                        return value
                return self.styles.defaults.get(key)

            font = prop("font", font_of(rpr))
            caps = prop("caps", on_off(rpr.find(q("w:caps"))) if rpr is not None else None)
            bold = prop("bold", on_off(rpr.find(q("w:b"))) if rpr is not None else None)
            enc = font_encoding(str(font) if font else None)
            out.append(_Run(text, enc, bool(caps) or font_is_uppercase(str(font) if font else None), bool(bold)))
        return out

    def paragraph_info(self, p: etree._Element) -> dict[str, object]:
        ppr = p.find(q("w:pPr"))
        pstyle = wval(ppr.find(q("w:pStyle"))) if ppr is not None else None
        pstyle = pstyle or self.styles.default_paragraph
        direct = Styles.props(ppr, None) if ppr is not None else {}
        name = self.styles.name(pstyle)
        level = direct.get("outline")
        heading = _HEADING_NAME.match(name or "")
        if level is None and heading:
            level = int(heading.group(1)) - 1
        if level is None:
            level = self.styles.get(pstyle, "outline")
        num_id = direct.get("num_id", self.styles.get(pstyle, "num_id"))
        label = None
        if num_id is not None:
            ilvl = direct.get("ilvl", self.styles.get(pstyle, "ilvl"))
            if ilvl is None:
                ilvl = self.numbering.level_for_style(str(num_id), pstyle)
            label = self.numbering.label(str(num_id), int(ilvl))  # type: ignore[arg-type]
        return {
            "style": name,
            "level": level if isinstance(level, int) and 0 <= level < 9 else None,
            "label": label,
            "runs": self.runs(p, pstyle),
        }


def _render(runs: list[_Run], doc_enc: Legacy | None) -> str:
    out = []
    for run in runs:
        enc = run.enc or doc_enc
        text = convert_legacy(run.text, enc) if enc else run.text
        out.append(text.upper() if run.upper else text)
    return normalize_vi("".join(out)).strip()


def read_docx_blocks(raw: bytes, file: str) -> tuple[list[Paragraph | Table], str | None]:
    """Blocks of a .docx in body order, and the legacy encoding found ('tcvn3' / 'vni') or None."""
    import docx  # local: python-docx is only needed for .docx input

    try:
        document = docx.Document(io.BytesIO(safe_repack(raw, file)))
        body = document.element.body
        names = {s.style_id: s.name for s in document.styles}
        styles_el = document.styles.element
        numbering = Numbering.from_xml(_numbering_xml(document))
    except UserError:
        raise
    except Exception as exc:  # python-docx raises KeyError, ValueError, XMLSyntaxError... on broken packages
        raise _corrupt(file) from exc
    reader = DocxReader(Styles(styles_el, names), numbering, file)
    items = list(_collect(body, reader))
    unknown = " ".join(r.text for kind, info in items for r in _runs_of(kind, info) if r.enc is None)
    doc_enc = detect_legacy(unknown)
    found = {r.enc for kind, info in items for r in _runs_of(kind, info) if r.enc} | ({doc_enc} if doc_enc else set())
    blocks: list[Paragraph | Table] = []
    for kind, info in items:
        loc = Locator(file=file, paragraph=len(blocks) + 1)
        if kind == "p":
            text = _render(info["runs"], doc_enc)  # type: ignore[arg-type]
            if not text:
                continue
            runs = [r for r in info["runs"] if r.text.strip()]  # type: ignore[union-attr]
            blocks.append(Paragraph(text=text, style=info["style"], level=info["level"],  # type: ignore[arg-type]
                                    number_label=info["label"], bold=bool(runs) and all(r.bold for r in runs),
                                    locator=loc))
        else:
            rows = [[_render_cell(cell, doc_enc) for cell in row] for row in info["rows"]]  # type: ignore[union-attr]
            if any(any(c for c in row) for row in rows):
                blocks.append(Table(rows=rows, locator=loc))
    return blocks, ("tcvn3" if "tcvn3" in found else "vni" if found else None)


def _numbering_xml(document) -> bytes | None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in document.part.rels.values():
        if rel.reltype == RT.NUMBERING and not rel.is_external:
            return rel.target_part.blob
    return None


def _runs_of(kind: str, info) -> list[_Run]:
    if kind == "p":
        return info["runs"]
    return [r for row in info["rows"] for cell in row for para in cell for r in para[1]]


def _render_cell(cell: list[tuple[str | None, list[_Run]]], doc_enc: Legacy | None) -> str:
    texts = []
    for label, runs in cell:
        text = _render(runs, doc_enc)
        if label and text:
            text = f"{label} {text}"
        texts.append(text or (label or ""))
    return " ".join(t for t in texts if t).strip()


def _collect(parent: etree._Element, reader: DocxReader):
    for child in parent:
        if child.tag == q("w:p"):
            yield "p", reader.paragraph_info(child)
        elif child.tag == q("w:tbl"):
            yield "t", {"rows": _table_rows(child, reader)}
        elif child.tag in (q("w:sdt"), q("w:sdtContent"), q("w:customXml")):
            yield from _collect(child, reader)


def _cell_paragraphs(tc: etree._Element, reader: DocxReader) -> list[tuple[str | None, list[_Run]]]:
    out: list[tuple[str | None, list[_Run]]] = []
    for kind, info in _collect(tc, reader):
        if kind == "p":
            out.append((info["label"], info["runs"]))
        else:  # nested table: its cells flattened into this cell
            out.extend(para for row in info["rows"] for cell in row for para in cell)
    return out


def _table_rows(tbl: etree._Element, reader: DocxReader) -> list[list[list[tuple[str | None, list[_Run]]]]]:
    rows = []
    for tr in tbl.iter(q("w:tr")):
        if tr.getparent() is not tbl and tr.getparent().tag != q("w:sdtContent"):
            continue  # rows of nested tables are read inside their cell
        cells: list[list[tuple[str | None, list[_Run]]]] = []
        before = tr.find(f"{q('w:trPr')}/{q('w:gridBefore')}")
        cells.extend([] for _ in range(int(wval(before, "0") or 0)))
        for tc in tr.iter(q("w:tc")):
            if tc.getparent() is not tr and tc.getparent().tag != q("w:sdtContent"):
                continue
            tcpr = tc.find(q("w:tcPr"))
            span = int(wval(tcpr.find(q("w:gridSpan")), "1") or 1) if tcpr is not None else 1
            vmerge = tcpr.find(q("w:vMerge")) if tcpr is not None else None
            continued = vmerge is not None and wval(vmerge, "continue") != "restart"
            paras = _cell_paragraphs(tc, reader)
            cells.append([] if continued else paras)
            cells.extend([] for _ in range(span - 1))
        rows.append(cells)
    return rows
