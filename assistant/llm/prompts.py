"""Prompt templates, kept as files in prompts/ (Vietnamese), loaded through LangChain's PromptTemplate.

Each template declares the variables it takes (DECLARED); loading fails at once — before any model call —
when a file is missing or its variables differ from the declared set, so a typo in a template never reaches a
model as a literal "{varible}". Literal braces in a template are written doubled ("{{" and "}}").

Sources go to the model as quoted data between delimiters (`format_sources`); delimiter look-alikes inside a
source are neutralised so a source cannot close its own block and pose as instructions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from langchain_core.prompts import PromptTemplate

from assistant.types import Source, UserError

DECLARED: dict[str, frozenset[str]] = {
    "draft_system": frozenset(),
    "draft_section": frozenset(
        {"report_title", "unit", "section_path", "section_heading", "guidance", "requirements", "sources", "instruction"}
    ),
    "route_system": frozenset(),
    "route_notes": frozenset({"sections", "notes"}),
}
SOURCE_OPEN = "<<<NGUỒN"
SOURCE_CLOSE = "<<<HẾT NGUỒN>>>"


class PromptError(UserError):
    """A prompt file is missing or does not take exactly its declared variables."""


@dataclass(frozen=True)
class Prompts:
    templates: dict[str, PromptTemplate]

    def render(self, name: str, **values: str) -> str:
        return self.templates[name].format(**values)


def load_prompt(prompts_dir: Path, name: str, declared: frozenset[str]) -> PromptTemplate:
    path = Path(prompts_dir) / f"{name}.txt"
    if not path.exists():
        raise PromptError(f"Thiếu tệp mẫu lời nhắc {path}. Hãy lấy lại thư mục prompts/ từ kho mã.")
    try:
        template = PromptTemplate.from_template(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError) as exc:
        raise PromptError(f"Mẫu lời nhắc {path.name} sai cú pháp: {exc}. Dấu ngoặc nhọn thường phải viết đôi {{{{ }}}}.") from exc
    found = frozenset(template.input_variables)
    if found != declared:
        extra, missing = sorted(found - declared), sorted(declared - found)
        raise PromptError(
            f"Mẫu lời nhắc {path.name} có biến không khớp khai báo: thừa {extra or 'không'}, thiếu {missing or 'không'}."
        )
    return template


def load_prompts(prompts_dir: Path, declared: dict[str, frozenset[str]] | None = None) -> Prompts:
    decl = DECLARED if declared is None else declared
    return Prompts({name: load_prompt(prompts_dir, name, vars_) for name, vars_ in decl.items()})


def _quote(text: str) -> str:
    return text.replace("<<<", "‹‹‹").replace(">>>", "›››")


def format_sources(sources: list[Source]) -> str:
    blocks = []
    for s in sources:
        kind = "ghi chú của đơn vị" if s.kind == "note" else "trích tài liệu"
        blocks.append(f"{SOURCE_OPEN} [{s.n}] — {kind}, {s.locator.label()}>>>\n{_quote(s.text)}\n{SOURCE_CLOSE}")
    return "\n\n".join(blocks) if blocks else "(không có nguồn)"
