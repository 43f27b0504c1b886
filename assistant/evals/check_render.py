"""Write a report spec (see check_defects) in the forms a checker meets: markdown, plain text, Word files with
heading styles, with styles lost (bold typed numbers), with Word automatic numbering, and a draft artifact."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from assistant.text.citation_marks import find_markers
from assistant.types import Draft, Locator, SectionDraft, Source
from assistant.evals.check_defects import Spec, SpecSection

FORMATS = ("md", "txt", "docx_styles", "docx_plain", "docx_auto", "draft", "docx_export")
"""docx_export: the draft artifact exported by `assistant.export.document` (review mode: citations kept as comments
plus the sources list), read back from the .docx."""
STRUCTURAL_FORMATS = {"md", "txt", "docx_styles", "docx_plain", "docx_auto"}
UNNUMBERED_OK = {"md", "docx_styles", "docx_plain"}
"""Forms where a heading without a number is still a heading (markdown, a heading style, bold)."""
RUN_IN_OK = {"txt", "docx_plain", "docx_auto"}
"""Forms where a leaf may be written as a run-in heading "1. Title: text"."""
SOURCES_TITLE = "NGUỒN TRÍCH DẪN"


def _heading(s: SpecSection) -> str:
    if s.number.upper().startswith("PHẦN"):
        return f"{s.number}. {s.title}"
    return f"{s.number} {s.title}".strip()


def _source_lines(spec: Spec) -> list[str]:
    return [f"[{n}] {loc} — {text}" for n, (loc, text) in sorted(spec.sources.items())]


def render_text(spec: Spec, markdown: bool) -> str:
    out = list(spec.preamble)
    for s in spec.sections:
        if s.run_in and not markdown:
            out.append(f"{_heading(s)}: {s.paras[0]}")
            out.extend(s.paras[1:])
            continue
        out.append(("#" * (s.level + 2) + " " if markdown else "") + _heading(s))
        out.extend(s.paras)
    out.extend(spec.closing)
    if spec.sources:
        out.append(("## " if markdown else "") + SOURCES_TITLE)
        out.extend(_source_lines(spec))
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------- .docx

_FORMATS = [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"), ("decimal", "%4.")]


def _add_numbering(document: docx.document.Document, parts: int) -> list[int]:
    """An abstract numbering I. / 1. / a) and one num per part (each restarts at I.)."""
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text) in enumerate(_FORMATS)
    )
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">'
                         f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    ids = []
    for k in range(max(parts, 1)):
        num_id = 80 + k
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="77"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        ids.append(num_id)
    return ids


def _set_num(paragraph, num_id: int, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def render_docx(spec: Spec, path: Path, mode: str) -> Path:
    """mode: 'styles' (Heading N + typed numbers), 'plain' (bold typed numbers), 'auto' (automatic numbering)."""
    document = docx.Document()
    for line in spec.preamble:
        run = document.add_paragraph().add_run(line)
        run.bold = line.isupper() or line.startswith("sơ kết") or line.startswith("Tổng kết")
    has_parts = any(s.number.upper().startswith("PHẦN") for s in spec.sections)
    num_ids = _add_numbering(document, sum(s.number.upper().startswith("PHẦN") for s in spec.sections)) \
        if mode == "auto" else []
    part = -1
    for s in spec.sections:
        is_part = s.number.upper().startswith("PHẦN")
        part += is_part
        paras = list(s.paras)
        if mode == "styles":
            document.add_heading(_heading(s), level=min(s.level + 1, 9))
        elif is_part:  # "PHẦN THỨ NHẤT" typed above its title, in every Word form
            document.add_paragraph().add_run(s.number).bold = True
            document.add_paragraph().add_run(s.title).bold = True
        else:
            p = document.add_paragraph()
            p.add_run((s.title if mode == "auto" else _heading(s)) + (":" if s.run_in else "")).bold = True
            if s.run_in:
                p.add_run(" " + paras.pop(0))
            if mode == "auto":
                _set_num(p, num_ids[max(part, 0)], s.level - (1 if has_parts else 0))
        for para in paras:
            document.add_paragraph(para)
    for line in spec.closing:
        document.add_paragraph(line)
    if spec.sources:
        document.add_paragraph().add_run(SOURCES_TITLE).bold = True
        for line in _source_lines(spec):
            document.add_paragraph(line)
    document.save(str(path))
    return path


# ---------------------------------------------------------------- draft artifact


def render_draft(spec: Spec) -> Draft:
    """Leaves as SectionDrafts; the sources a section cites become its own sources (numbers kept)."""
    sections = []
    for s in spec.sections:
        if s.stray or not spec.outline.find(s.sid).is_leaf:  # type: ignore[union-attr]
            continue
        text = "\n".join(s.paras)
        cited = [n for _, _, nums in find_markers(text) for n in nums or [] if n in spec.sources]
        sources = [Source(n=n, kind="note", ref=spec.sources[n][0], text=spec.sources[n][1],
                          locator=Locator(file=spec.sources[n][0].split(":")[0]))
                   for n in dict.fromkeys(cited)]
        sections.append(SectionDraft(section_id=s.sid, number=s.number, title=s.title, text=text,
                                     sources=sources, citations=list(dict.fromkeys(cited)), status="drafted"))
    intro = next((ln for ln in spec.preamble if ln.startswith("Thực hiện")), "")
    return Draft(outline=spec.outline, intro=intro, sections=sections)


def render(spec: Spec, fmt: str, path_stem: Path) -> Path | Draft:
    if fmt == "md":
        p = path_stem.with_suffix(".md")
        p.write_text(render_text(spec, markdown=True), encoding="utf-8")
        return p
    if fmt == "txt":
        p = path_stem.with_suffix(".txt")
        p.write_text(render_text(spec, markdown=False), encoding="utf-8")
        return p
    if fmt == "draft":
        return render_draft(spec)
    if fmt == "docx_export":
        from assistant.export.document import export_docx

        style = "state" if "UBND" in " ".join(spec.preamble) else "party"
        return export_docx(render_draft(spec), path_stem.with_suffix(".docx"), style=style, review=True)
    if fmt in ("docx_styles", "docx_plain", "docx_auto"):
        return render_docx(spec, path_stem.with_suffix(".docx"), fmt.removeprefix("docx_"))
    raise ValueError(f"unknown format {fmt}")
