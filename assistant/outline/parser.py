"""Document → Outline: the đề cương's title, intro template, section tree, guidance, requirements
and Biểu tables.

How the tree is built
- Only the đề cương part is parsed: from a standalone "ĐỀ CƯƠNG ..." line (the plan comes before
  it in one file) or the whole document when there is none.
- Every numbered line (I. / 1. / 1.1. / a) / PHẦN THỨ NHẤT / A- / I - / 1- / Word numbering), every
  unnumbered heading (markdown ###, Word heading style) and every short bold or all-caps line is a
  heading. The ladder is discovered: a kind seen for the first time goes one level under the open
  section (for 1.1. under its 1.; for a markdown heading beside the open heading of the same level);
  later lines of that kind return to that depth.
- Other lines are the section's content. Bullets in it ("-", "+", "•") are GUIDANCE unless the
  evidence says they are sub-headings (see `_bullets_are_sections`): every bullet of the list reads
  like a heading (bold, or at most 12 words, capitalised, no closing '.' or ';', no parentheses, no
  instruction verb such as "Nêu", "Phần này", no requested figure such as "số buổi"), there are at
  least two of them (or one with its own content) and no prose instruction comes before them.
  A lower bullet kind under a bullet that became a section is decided the same way, recursively.
  Unmarked lines are sub-headings by the same evidence (at most 10 words each, at least two, the first
  one opening the content): "II. HẠN CHẾ, NGUYÊN NHÂN" / "Hạn chế" / "Nguyên nhân".
- Titles lose their label, markdown and trailing ':'/'.'; "(nếu có)" sets `optional`; a trailing
  instruction in parentheses or after ':' ("Công tác tuyên truyền (số buổi, ...)") moves to guidance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.outline.bieu import parse_bieu
from assistant.outline.lines import Line, find_outline_start, to_lines
from assistant.outline.requirements import extract_requirements
from assistant.outline.title import head
from assistant.reading.document import read_document
from assistant.types import BieuTable, Document, Locator, Outline, Requirement, Section

_INSTRUCTION = re.compile(
    r"^(nêu|phần này|báo cáo|phản ánh|làm rõ|phân tích|chú ý|lưu ý|tập trung|ghi rõ|thống kê|liệt kê|"
    r"trình bày|chỉ rõ|rút ra|tổng hợp|đánh giá (?:rõ|cụ thể|việc|về|kết quả|những)|cần|yêu cầu|có)\b",
    re.I,
)
_OPTIONAL = re.compile(r"\s*\((?:nếu có|Nếu có|NẾU CÓ)\)\s*")
_TRAILING_PARENS = re.compile(r"^(.*\S)\s*(\([^()]*\))\s*[.:;]?$")
_SENTENCE_BREAK = re.compile(r"[.;]\s+(?=\w)")


@dataclass
class _Node:
    kind: str
    line: Line | None
    depth: int
    heading_level: int | None = None
    title_text: str = ""
    content: list[Line] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


# ------------------------------------------------------------------ pass 1: headings


def _new_depth(kind: str, line: Line, stack: list[_Node]) -> int:
    top = stack[-1]
    if kind.startswith("multi"):
        n = int(kind[5:])
        for node in reversed(stack[1:]):
            if node.kind == f"multi{n - 1}" or (n == 2 and node.kind.startswith(("decimal", "roman"))):
                return node.depth + 1
    if line.heading_level is not None:
        for node in reversed(stack[1:]):
            if node.heading_level is not None and node.heading_level < line.heading_level:
                return node.depth + 1
            if node.heading_level == line.heading_level:
                return node.depth
    return top.depth + 1


def _continues_title(title: str, nxt: Line) -> bool:
    """'PHẦN THỨ NHẤT' / 'KẾT QUẢ ...' on the next line, or a heading broken by a PDF line end
    ('... của cấp ủy' / 'các cấp')."""
    if nxt.marker is not None or nxt.table is not None or nxt.caption:
        return False
    if not title:
        return nxt.words <= 30
    return (
        nxt.text[:1].islower() and nxt.words <= 12 and not title.endswith((".", ":", ";", ")"))
        and not extract_requirements([nxt.text])  # 'số buổi, số lượt người nghe' is guidance
    )


def _build(lines: list[Line], tables: list[BieuTable]) -> _Node:
    root = _Node("root", None, -1)
    stack = [root]
    ladder: dict[str, int] = {}
    caption: tuple[str | None, str, Locator | None] | None = None
    in_notes = False  # after a Biểu table, plain lines are its notes
    i = 0
    while i < len(lines):
        line = lines[i]
        cap = line.caption
        kind = line.section_kind()
        if cap is not None or line.table is not None:
            if caption is not None and line.table is None:
                tables.append(parse_bieu(caption[0], caption[1], None))
            if cap is not None:
                caption = (cap[0], cap[1], line.locator)
            else:
                number, title = (caption[0], caption[1]) if caption else (None, "")
                tables.append(parse_bieu(number, title, line.table))
                caption, in_notes = None, True
        elif caption is not None and not caption[1] and line.marker is None:
            caption = (caption[0], line.text, caption[2])  # "Biểu 1" / "DANH MỤC VĂN BẢN ..."
        elif caption is not None and kind is None:
            pass  # "(Kèm theo ...)", "Đơn vị tính: ..." between a caption and its table
        elif kind is not None:
            if caption is not None:
                tables.append(parse_bieu(caption[0], caption[1], None))
                caption = None
            in_notes = False
            depth = ladder.get(kind)
            if depth is None:
                depth = ladder[kind] = _new_depth(kind, line, stack)
            while stack[-1].depth >= depth:
                stack.pop()
            node = _Node(kind, line, depth, line.heading_level, line.text)
            if i + 1 < len(lines) and _continues_title(node.title_text, lines[i + 1]):
                node.title_text = f"{node.title_text} {lines[i + 1].text}".strip()
                i += 1
            stack[-1].children.append(node)
            stack.append(node)
        elif not in_notes:
            stack[-1].content.append(line)
        i += 1
    if caption is not None:
        tables.append(parse_bieu(caption[0], caption[1], None))
    return root


# ------------------------------------------------------------------ pass 2: content


def _heading_like(line: Line) -> bool:
    text = line.text.strip()
    if not text:
        return False
    if line.bold:
        return line.words <= 20
    if line.words > 12 or text.endswith((".", ";", ",", "…")) or "(" in text:
        return False
    if not text[:1].isupper() or _INSTRUCTION.match(text):
        return False
    return not any(r.kind != "list" for r in extract_requirements([text]))


def _bullets_are_sections(content: list[Line], first: int, idx: list[int]) -> bool:
    """The evidence rule for a list of bullets of one kind (see the module doc)."""
    if any(ln.marker is None or not ln.marker.is_bullet for ln in content[:first]):
        return False  # a prose instruction introduces the list: the bullets elaborate it
    has_content = [j + 1 < len(content) and (j + 1) not in idx for j in idx]
    if len(idx) < 2 and not any(has_content):
        return False
    return all(_heading_like(content[j]) for j in idx)


def _merge_guidance(lines: list[Line]) -> list[str]:
    """Guidance lines, a line broken in two ('... thực hiện Chỉ' / 'thị, xây dựng ...') joined."""
    out: list[str] = []
    for line in lines:
        text = line.raw.strip()
        if not text or line.table is not None:
            continue
        if out and line.marker is None and text[:1].islower() and not out[-1].endswith((".", ";", ":", "!", "?")):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out


def _plain_headings(content: list[Line]) -> list[int]:
    """Unmarked lines that read as sub-headings ("Hạn chế" / "Nguyên nhân" typed without labels): the
    content opens with one, there are at least two, each is at most 10 words and heading-like."""
    idx = [
        j for j, ln in enumerate(content)
        if ln.marker is None and ln.table is None and ln.words <= 10 and _heading_like(ln)
    ]
    return idx if len(idx) >= 2 and idx[0] == 0 else []


def _split_off(node: _Node, kind: str, idx: list[int]) -> None:
    """Make content[j] for j in idx sub-sections of `node`, each owning the lines up to the next one."""
    content = node.content
    subs = []
    for n, j in enumerate(idx):
        end = idx[n + 1] if n + 1 < len(idx) else len(content)
        subs.append(_Node(kind, content[j], node.depth + 1, None, content[j].text, content[j + 1 : end]))
    node.children[:0] = subs


def _resolve(node: _Node) -> list[str]:
    """Split the node's content into guidance and bullet (or unmarked) sub-sections; return the guidance."""
    content = node.content
    bullets = [j for j, ln in enumerate(content) if ln.marker is not None and ln.marker.is_bullet]
    plain = _plain_headings(content)
    if plain and (not bullets or bullets[0] > plain[0]):
        _split_off(node, "plain", plain)
        return []
    if not bullets:
        return _merge_guidance(content)
    kind = content[bullets[0]].marker.kind  # type: ignore[union-attr]
    idx = [j for j in bullets if content[j].marker.kind == kind]  # type: ignore[union-attr]
    if not _bullets_are_sections(content, bullets[0], idx):
        return _merge_guidance(content)
    _split_off(node, kind, idx)
    return _merge_guidance(content[: bullets[0]])


# ------------------------------------------------------------------ sections


def _split_title(text: str) -> tuple[str, list[str], bool]:
    """'Công tác tuyên truyền (số buổi, ...)' → title, guidance moved out of it, optional."""
    optional = bool(_OPTIONAL.search(text))
    t = _OPTIONAL.sub(" ", text).strip()
    extra: list[str] = []
    m = _TRAILING_PARENS.match(t)
    if m and (extract_requirements([m.group(2)]) or _INSTRUCTION.match(m.group(2)[1:]) or len(m.group(2).split()) > 6):
        t, extra = m.group(1), [m.group(2)]
    if ":" in t.rstrip(":"):
        head, tail = t.split(":", 1)
        if len(tail.split()) >= 5 or extract_requirements([tail]):
            t, extra = head, [tail.strip(), *extra]
    m = next((b for b in _SENTENCE_BREAK.finditer(t) if t[b.end()].isupper()), None)
    if m and len(t[m.end() :].split()) >= 4 and len(t[: m.start()].split()) >= 1:
        t, extra = t[: m.start()], [t[m.end() :].strip(), *extra]
    return t.strip().rstrip(":;. ").strip(), extra, optional


def _requirements(title: str, guidance: list[str], optional: bool) -> list[Requirement]:
    found = extract_requirements([title, *guidance])
    if optional and not any(r.kind == "optional" for r in found):
        found.append(Requirement(kind="optional", text="nếu có"))
    return found


def _key(node: _Node, position: int) -> str:
    if node.line is not None and node.line.marker is not None and node.line.marker.key:
        return node.line.marker.key
    return str(position)


def _to_section(node: _Node, parent_id: str | None, level: int, position: int, used: set[str]) -> Section:
    guidance = _resolve(node)
    title, extra, optional = _split_title(node.title_text)
    guidance = extra + guidance
    optional = optional or any(_OPTIONAL.fullmatch(g) for g in guidance)
    key = _key(node, position)
    sid = key if parent_id is None else f"{parent_id}.{key}"
    base, n = sid, 2
    while sid in used:
        sid, n = f"{base}_{n}", n + 1
    used.add(sid)
    marker = node.line.marker if node.line is not None else None
    children = [_to_section(c, sid, level + 1, k, used) for k, c in enumerate(node.children, start=1)]
    return Section(
        id=sid,
        number=marker.label if marker is not None else "",
        title=title,
        level=level,
        guidance=guidance,
        requirements=_requirements(title, guidance, optional),
        optional=optional,
        children=children,
        locator=node.line.locator if node.line is not None else None,
    )


def parse_outline(doc: Document) -> Outline:
    """The đề cương in `doc` (after the plan when both are in one file) as an Outline."""
    lines = to_lines(doc.blocks)
    start = find_outline_start(lines)
    title, intro, body = head(lines, start)
    tables: list[BieuTable] = []
    root = _build(lines[body:], tables)
    used: set[str] = set()
    sections = [_to_section(c, None, 0, k, used) for k, c in enumerate(root.children, start=1)]
    return Outline(title=" ".join(title).strip(), intro=intro, sections=sections, tables=tables, source=doc.name)


def parse_outline_file(path: str | Path) -> Outline:
    return parse_outline(read_document(path))


def outline_to_dict(outline: Outline) -> dict:
    """The JSON shape of `baocao outline --json`."""

    def sec(s: Section) -> dict:
        return {
            "id": s.id,
            "number": s.number,
            "title": s.title,
            "optional": s.optional,
            "guidance": s.guidance,
            "requirements": [{"kind": r.kind, "text": r.text} for r in s.requirements],
            "children": [sec(c) for c in s.children],
        }

    return {
        "title": outline.title,
        "intro": outline.intro,
        "sections": [sec(s) for s in outline.sections],
        "tables": [{"title": t.title, "columns": t.columns, "groups": t.groups} for t in outline.tables],
    }
