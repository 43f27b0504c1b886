"""The composition root hands the drafter its collaborators, and the pipeline's use cases work over it."""

from __future__ import annotations

import pytest

from assistant import pipeline
from assistant.config import PROJECT_ROOT
from assistant.drafting.request import DraftDeps, DraftRequest
from assistant.drafting.routing import route_notes
from assistant.llm.chat import FakeChatModel
from assistant.types import UserError

SAMPLE_PLAN = PROJECT_ROOT / "knowledge" / "ke_hoach_19ct.txt"
SAMPLE_NOTES = PROJECT_ROOT / "knowledge" / "ghi_chu_mau.md"


def test_draft_deps_come_from_the_services(services):
    chat = FakeChatModel(default="x")
    deps = services.draft_deps(chat)
    assert deps.embed is services.embed and deps.prompts is services.prompts and deps.chat is chat
    assert deps.store is None and deps.settings is services.settings
    assert services.draft_deps(None).prompts is None  # the offline writer needs no prompts
    with pytest.raises(ValueError, match="prompts"):
        DraftDeps(settings=services.settings, embed=services.embed, chat=chat)


def test_read_inputs_refuses_an_outline_without_sections(tmp_path):
    empty = tmp_path / "trong.txt"
    empty.write_text("Chỉ có một dòng chữ, không có mục nào.\n", encoding="utf-8")
    with pytest.raises(UserError, match="Không tìm thấy mục nào trong đề cương trong.txt"):
        pipeline.read_inputs(empty, [SAMPLE_NOTES])


def test_draft_to_files_writes_json_and_markdown(services, tmp_path):
    inputs = pipeline.read_inputs(SAMPLE_PLAN, [SAMPLE_NOTES])
    request = DraftRequest(inputs.outline, inputs.notes, plan=inputs.plan, unit="Thị ủy Sa Pa")
    draft, md_path = pipeline.draft_to_files(services, request, None, tmp_path / "out" / "draft.json")
    assert md_path == tmp_path / "out" / "draft.md" and md_path.read_text(encoding="utf-8").count("Nguồn:") >= 12
    assert [s.section_id for s in draft.sections] == [s.id for s in inputs.outline.leaves()]
    errors = [f for f in pipeline.check(draft, inputs.notes).findings if f.severity == "error"]
    assert [f.section for f in errors] == ["IV.1"]  # the sample leaves the general goal out on purpose


def test_routing_cache_prefetch_then_get_is_the_services_routing(services):
    inputs = pipeline.read_inputs(SAMPLE_PLAN, [SAMPLE_NOTES])
    cache = services.routing_cache
    assert cache is services.routing_cache  # one per services
    cache.prefetch(inputs.outline, inputs.notes, None)
    got = cache.get(inputs.outline, inputs.notes, None, wait_s=120)
    expected = route_notes(inputs.outline, inputs.notes, services.embed)
    assert got is not None and got.by_section.keys() == expected.by_section.keys()
    assert {k: [n.id for n in v] for k, v in got.by_section.items()} == \
           {k: [n.id for n in v] for k, v in expected.by_section.items()}
