"""Typed contracts that flow between the stages.

reading → Document; outline/plan → Outline, PlanInfo; notes → Note; store → Chunk, SearchHit;
drafting → Draft (SectionDraft per leaf); checking → CheckReport. A `Section` made by the outline
parser is the same object the drafter fills and the exporter writes.

All models are pydantic so that artifacts round-trip through JSON (draft.json, the workspace DB).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, Field

DocKind = Literal["plan", "outline", "report", "notes"]
Style = Literal["party", "state"]


class Locator(BaseModel):
    """Where a piece of text came from, precise enough to cite."""

    file: str = Field(description="File name (not the full path) the text was read from")
    paragraph: int | None = Field(default=None, description="1-based paragraph index (docx, txt blocks)")
    page: int | None = Field(default=None, description="1-based page (pdf)")
    line: int | None = Field(default=None, description="1-based line number (txt/md, notes)")

    def label(self) -> str:
        """Short human label: 'notes.txt:12', 'kh.docx ¶34', 'bc.pdf tr.3'."""
        if self.line is not None:
            return f"{self.file}:{self.line}"
        if self.page is not None:
            tail = f", ¶{self.paragraph}" if self.paragraph is not None else ""
            return f"{self.file} tr.{self.page}{tail}"
        if self.paragraph is not None:
            return f"{self.file} ¶{self.paragraph}"
        return self.file


class Paragraph(BaseModel):
    type: Literal["paragraph"] = "paragraph"
    text: str = Field(description="NFC-normalised text, legacy encodings already converted")
    style: str | None = Field(default=None, description="Word style name, or 'h1'..'h6' for markdown headings")
    level: int | None = Field(default=None, description="Heading / outline level when known (0 = top)")
    number_label: str | None = Field(
        default=None, description="Label of Word automatic numbering reconstructed from numbering.xml, e.g. 'I.', 'a)'"
    )
    bold: bool = Field(default=False, description="Whole paragraph bold (markdown **...** or all bold runs)")
    locator: Locator


class Table(BaseModel):
    type: Literal["table"] = "table"
    rows: list[list[str]] = Field(description="Rows of cell texts, header rows first")
    locator: Locator


Block = Annotated[Union[Paragraph, Table], Field(discriminator="type")]


class Document(BaseModel):
    path: str
    file_type: Literal["docx", "pdf", "txt", "md"]
    blocks: list[Block] = Field(default_factory=list, description="Paragraphs and tables in reading order")
    encoding: str | None = Field(default=None, description="Detected source encoding or legacy font encoding")

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def text(self) -> str:
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Paragraph):
                out.append(f"{b.number_label} {b.text}" if b.number_label else b.text)
            else:
                out.extend("\t".join(r) for r in b.rows)
        return "\n".join(out)


# ---------------------------------------------------------------- outline / plan

RequirementKind = Literal["count", "rate", "document", "comparison", "optional", "list"]


class Requirement(BaseModel):
    kind: RequirementKind
    text: str = Field(description="The guidance phrase that states it, e.g. 'số buổi', 'tỷ lệ % hộ dân được nghe'")


class Section(BaseModel):
    id: str = Field(description="Stable path key, e.g. 'II.1' or 'II.1.a'; unique in the outline")
    number: str = Field(description="Label as written: 'I.', '1.', '1.1.', 'a)', 'PHẦN THỨ NHẤT', '-'")
    title: str
    level: int = Field(description="Depth in the tree, 0 = top level")
    guidance: list[str] = Field(default_factory=list, description="Instruction lines that are not sub-sections")
    requirements: list[Requirement] = Field(default_factory=list)
    optional: bool = Field(default=False, description="'(nếu có)'")
    children: list[Section] = Field(default_factory=list)
    locator: Locator | None = None

    def walk(self) -> Iterator[Section]:
        yield self
        for c in self.children:
            yield from c.walk()

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


class BieuTable(BaseModel):
    number: str | None = Field(default=None, description="'1' for 'Biểu 1'")
    title: str
    columns: list[str] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list, description="Group rows: 'Tỉnh ủy', 'UBND tỉnh'...")
    header_rows: list[list[str]] = Field(default_factory=list)
    locator: Locator | None = None


class Outline(BaseModel):
    title: str = ""
    intro: str | None = Field(default=None, description="Template sentence for the report's first paragraph")
    sections: list[Section] = Field(default_factory=list)
    tables: list[BieuTable] = Field(default_factory=list)
    source: str | None = None

    def walk(self) -> Iterator[Section]:
        for s in self.sections:
            yield from s.walk()

    def leaves(self) -> list[Section]:
        return [s for s in self.walk() if s.is_leaf]

    def find(self, section_id: str) -> Section | None:
        return next((s for s in self.walk() if s.id == section_id), None)


class Deadline(BaseModel):
    date: str = Field(description="ISO date yyyy-mm-dd")
    what: str = Field(description="What is due, e.g. 'Hoàn thành báo cáo sơ kết'")
    who: str | None = None


class PlanInfo(BaseModel):
    issuer: str | None = Field(default=None, description="Issuing body, e.g. 'Thị ủy Sa Pa'")
    superior: str | None = Field(default=None, description="Superior body, e.g. 'Tỉnh ủy Lào Cai'")
    number: str | None = Field(default=None, description="Number and ký hiệu, e.g. '24-KH/ThU'")
    place: str | None = None
    date: str | None = Field(default=None, description="ISO date")
    doc_type: str | None = Field(default=None, description="'Kế hoạch', 'Công văn'...")
    subject: str | None = Field(default=None, description="Trích yếu")
    implements: str | None = Field(default=None, description="The document it implements, as cited")
    deadlines: list[Deadline] = Field(default_factory=list)
    report_to: list[str] = Field(default_factory=list, description="Who receives the units' reports")
    recipients: list[str] = Field(default_factory=list, description="'Nơi nhận' lines of the plan")
    period: str | None = Field(default=None, description="Reporting period, e.g. '2016-2021' or '05 năm'")
    signer: str | None = None
    signer_position: str | None = None
    signing_authority: str | None = Field(default=None, description="'T/M BAN THƯỜNG VỤ', 'TM. ỦY BAN NHÂN DÂN'")
    style: Style | None = Field(default=None, description="Party or state system, guessed from the number")


# ---------------------------------------------------------------- notes / store


class Note(BaseModel):
    id: str = Field(description="Stable id 'file:line', e.g. 'ghichu.txt:12'")
    text: str
    heading: str | None = Field(default=None, description="Heading the bullet was grouped under, if any")
    locator: Locator


class Chunk(BaseModel):
    id: str
    doc_id: str
    text: str
    heading_path: list[str] = Field(default_factory=list)
    kind: DocKind
    unit: str | None = None
    year: int | None = None
    file: str
    locator: Locator


class SearchHit(BaseModel):
    chunk: Chunk
    score: float
    dense_rank: int | None = None
    bm25_rank: int | None = None


class IndexedDoc(BaseModel):
    id: str
    file: str
    kind: DocKind
    unit: str | None = None
    year: int | None = None
    content_hash: str
    chunks: int
    indexed_at: str


# ---------------------------------------------------------------- drafts

SectionStatus = Literal["pending", "drafted", "failed", "approved"]
FlagKind = Literal["unsupported_number", "invalid_citation", "placeholder", "missing_figure"]


class Source(BaseModel):
    n: int = Field(description="1-based citation number within the section: [n]")
    kind: Literal["note", "passage"]
    ref: str = Field(description="Note id or chunk id")
    text: str
    locator: Locator


class Flag(BaseModel):
    kind: FlagKind
    text: str = Field(description="The offending span: the number, the [n], the placeholder")
    message: str = Field(description="Vietnamese explanation for the reviewer")


class TokenUsage(BaseModel):
    """Token counts the model server reported for one call (absent when the server gives none)."""

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None


class ModelCall(BaseModel):
    """What the model was sent and what it returned for one section: the audit trail a reviewer reads to see
    why a section reads as it does. Offline sections have none."""

    model: str | None = Field(default=None, description="Model that answered (as the server named it)")
    system: str = Field(description="System prompt sent")
    user: str = Field(description="User prompt sent (section, guidance, numbered sources)")
    reply: str = Field(description="Raw reply, before the drafter's clean-up, citation check and number lock")
    finish_reason: str | None = Field(default=None, description="'stop', 'length', ... as the server reported")
    usage: TokenUsage | None = None
    attempts: int = Field(default=1, description="Attempts it took (1 + retries after faults)")
    duration_s: float | None = Field(default=None, description="Seconds from the first request to the reply")


class SectionDraft(BaseModel):
    section_id: str
    number: str
    title: str
    text: str = ""
    sources: list[Source] = Field(default_factory=list)
    citations: list[int] = Field(default_factory=list, description="Source numbers actually cited in text")
    flags: list[Flag] = Field(default_factory=list)
    status: SectionStatus = "pending"
    error: str | None = None
    model_call: ModelCall | None = Field(default=None, description="Prompt and raw reply when a model wrote it")

    @property
    def placeholders(self) -> list[str]:
        return [f.text for f in self.flags if f.kind == "placeholder"]


class BieuFill(BaseModel):
    """Values for one Biểu table of the đề cương, taken from the notes (blank where none given)."""

    table_index: int = Field(description="Index into Outline.tables")
    rows: list[list[str]] = Field(default_factory=list, description="Body rows, cells aligned to the columns")
    row_groups: list[str | None] = Field(default_factory=list, description="Group each row belongs to, if any")
    sources: list[Source] = Field(default_factory=list)


class ProgressEvent(BaseModel):
    """Stage progress for CLI progress bars and the UI (tokens stream as kind='token'; kind='reset' means the
    text streamed so far for that section is discarded because the model call is retried)."""

    kind: Literal["start", "token", "reset", "done", "failed", "info"]
    section_id: str | None = None
    text: str = ""
    done: int = 0
    total: int = 0


class Draft(BaseModel):
    outline: Outline
    plan: PlanInfo | None = None
    intro: str = ""
    sections: list[SectionDraft] = Field(default_factory=list, description="One per leaf, in outline order")
    unrouted_notes: list[Note] = Field(default_factory=list)
    tables: list[BieuFill] = Field(default_factory=list)
    backend: str = "offline"
    model: str | None = None
    created_at: str | None = None

    def section(self, section_id: str) -> SectionDraft | None:
        return next((s for s in self.sections if s.section_id == section_id), None)

    def save(self, path: str | Path) -> None:
        """Atomic write: a crash mid-write never leaves a truncated artifact."""
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(p.name + ".tmp")
        tmp.write_text(self.model_dump_json(indent=1), encoding="utf-8")
        tmp.replace(p)

    @classmethod
    def load(cls, path: str | Path) -> Draft:
        return cls.model_validate_json(Path(path).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- checking

Severity = Literal["error", "warning", "info"]
FindingKind = Literal[
    "missing_section",
    "out_of_order",
    "empty_section",
    "missing_figure",
    "placeholder_left",
    "invalid_citation",
    "unsupported_number",
    "unmatched_text",
]


class Finding(BaseModel):
    section: str | None = Field(description="Section id of the đề cương, or None for text under no section")
    kind: FindingKind
    severity: Severity
    message: str = Field(description="Vietnamese, says what to do")


class CheckReport(BaseModel):
    findings: list[Finding] = Field(default_factory=list)
    summary: dict[str, int] = Field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


class UserError(Exception):
    """Bad input: the CLI/UI shows the message (Vietnamese, says what to do) and exits non-zero."""
