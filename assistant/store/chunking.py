"""Document → Chunks that follow the document's own structure.

Headings are recognised from markdown / Word heading styles, Word numbering labels, and the
numbering ladders of Vietnamese administrative documents (PHẦN, I., 1., 1.1., a), Biểu N). Their
nesting is taken from the order in which each numbering kind first appears, the way a reader
of a đề cương does it: a kind already open closes everything under it; a new kind nests.

Every chunk keeps its heading path, so "Công tác tuyên truyền" under "II. Kết quả" of a 2019
report stays findable and citable (file + locator of its first paragraph). A section's body is
packed into chunks of at most `max_chars`; headings with no body of their own (the bare lines
of a đề cương) are gathered into one chunk under their parent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text.numbering import match_caption, parse_marker, table_number
from assistant.types import Chunk, DocKind, Document, Locator, Paragraph, Table

MAX_CHARS = 900
CHUNKER_VERSION = 2  # part of every document's content hash: a change re-chunks on next index

# Kinds that head a part of the document: a long title is still a heading.
_PART_KINDS = {"phan", "bieu", "roman"}
# Kinds that stand at the top of a document part whatever numbering is open ("Biểu 2" after "4.").
_TOP_KINDS = {"phan", "bieu"}
_WORD_HEADING = re.compile(r"^(heading|title|\u0111\u1ec1 m\u1ee5c)\s*(\d*)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def numbering_kind(text: str) -> str | None:
    """'roman' for 'II. Kết quả', 'num2' for '1.1. Mục đích', None for body text; the label is read by
    `assistant.text.numbering`, the one reader of numbering labels."""
    if table_number(text) or (match_caption(text) and text.lstrip().upper().startswith("PHỤ LỤC")):
        return "bieu"
    marker = parse_marker(text)
    if marker is None or marker.is_bullet or not marker.rest and marker.kind != "part":
        return None
    if marker.family == "multi":
        return "num3" if marker.depth_hint >= 3 else "num2"
    return {"part": "phan", "roman": "roman", "decimal": "num1", "upper": "alpha_up", "lower": "alpha"}.get(marker.family)


def heading_kind(p: Paragraph) -> str | None:
    """The nesting key of a heading paragraph, or None when the paragraph is body text."""
    text = f"{p.number_label} {p.text}" if p.number_label else p.text
    numbered = numbering_kind(text)
    if p.style and re.fullmatch(r"h[1-6]", p.style):
        return numbered or f"md{p.style[1]}"
    word = _WORD_HEADING.match(p.style or "")
    if word or p.level is not None:
        return numbered or f"lvl{word.group(2) if word and word.group(2) else p.level}"
    if numbered:
        limit = 250 if (p.bold or numbered in _PART_KINDS) else 100
        return numbered if len(text) <= limit else None
    if p.bold and len(text) <= 150:
        return "bold"
    return None


@dataclass
class _Node:
    """A heading (none for the preamble) with the body blocks up to the next heading."""

    path: list[str]
    heading: tuple[str, Locator] | None = None
    body: list[tuple[str, Locator]] = field(default_factory=list)


def _table_lines(table: Table) -> list[str]:
    """Rows as 'cell | cell', leaving out the empty numbered rows of a blank Biểu."""
    lines = []
    for row in table.rows:
        cells = [c.strip() for c in row if c.strip()]
        if len(cells) > 1 or (cells and len(cells[0]) > 2 and not re.fullmatch(r"[\d.…]+", cells[0])):
            lines.append(" | ".join(cells))
    return lines


def _nodes(doc: Document) -> list[_Node]:
    stack: list[tuple[str, str]] = []  # (kind, heading text)
    nodes = [_Node(path=[])]
    for block in doc.blocks:
        if isinstance(block, Table):
            lines = _table_lines(block)
            if lines:
                nodes[-1].body.append(("\n".join(lines), block.locator))
            continue
        kind = heading_kind(block)
        if kind is None:
            nodes[-1].body.append((block.text, block.locator))
            continue
        kinds = [k for k, _ in stack]
        if kind in kinds:
            del stack[kinds.index(kind):]
        elif kind in _TOP_KINDS:  # close the numbered ladder, keep the unnumbered part titles
            stack = [(k, t) for k, t in stack if numbering_kind(t) is None]
        text = f"{block.number_label} {block.text}" if block.number_label else block.text
        stack.append((kind, text))
        nodes.append(_Node(path=[t for _, t in stack], heading=(text, block.locator)))
    return nodes


def _sections(doc: Document) -> list[tuple[list[str], list[tuple[str, Locator]]]]:
    """(heading path, body units) in order. A heading with neither body nor sub-headings
    becomes a line under its parent; neighbours with the same path are merged."""
    nodes = _nodes(doc)
    out: list[tuple[list[str], list[tuple[str, Locator]]]] = []
    for i, node in enumerate(nodes):
        path, units = node.path, node.body
        if not units and node.heading:
            nxt = nodes[i + 1].path if i + 1 < len(nodes) else []
            if nxt[: len(path)] == path:
                continue  # a parent: its title lives on in its children's paths
            path, units = path[:-1], [node.heading]
        if not units:
            continue
        if out and out[-1][0] == path:
            out[-1][1].extend(units)
        else:
            out.append((path, list(units)))
    return out


def _split_long(text: str, max_chars: int) -> list[str]:
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        while len(sentence) > max_chars:  # one endless sentence: cut at a space
            cut = sentence.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 2 else max_chars
            pieces.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        pieces.append(sentence)
    return _pack([(p, None) for p in pieces], max_chars, sep=" ")


def _pack(units: list[tuple[str, object]], max_chars: int, sep: str = "\n") -> list[str]:
    out: list[str] = []
    for text, _ in units:
        if out and len(out[-1]) + len(sep) + len(text) <= max_chars:
            out[-1] += sep + text
        else:
            out.append(text)
    return out


def chunk_document(
    doc: Document,
    doc_id: str,
    kind: DocKind,
    unit: str | None = None,
    year: int | None = None,
    max_chars: int = MAX_CHARS,
) -> list[Chunk]:
    chunks: list[Chunk] = []
    for path, units in _sections(doc):
        current: list[str] = []
        locator: Locator | None = None
        pieces: list[tuple[str, Locator]] = []
        for text, loc in units:
            for part in _split_long(text, max_chars):
                pieces.append((part, loc))
        for text, loc in pieces:
            size = sum(len(t) + 1 for t in current)
            if current and size + len(text) > max_chars:
                chunks.append(_chunk(doc, doc_id, len(chunks), current, path, kind, unit, year, locator))
                current = []
            if not current:
                locator = loc
            current.append(text)
        if current:
            chunks.append(_chunk(doc, doc_id, len(chunks), current, path, kind, unit, year, locator))
    return chunks


def _chunk(doc, doc_id, n, lines, path, kind, unit, year, locator) -> Chunk:  # noqa: ANN001
    return Chunk(
        id=f"{doc_id}#{n}",
        doc_id=doc_id,
        text="\n".join(lines),
        heading_path=list(path),
        kind=kind,
        unit=unit,
        year=year,
        file=doc.name,
        locator=locator or Locator(file=doc.name),
    )


def index_text(chunk: Chunk) -> str:
    """What is embedded and BM25-indexed: the heading path gives a short chunk its context."""
    if not chunk.heading_path:
        return chunk.text
    return " › ".join(chunk.heading_path) + "\n" + chunk.text
