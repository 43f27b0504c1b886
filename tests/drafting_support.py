"""Drafting through the composition root, as the CLI and the UI do: one call with a request and the deps."""

from __future__ import annotations

import asyncio
from pathlib import Path

from assistant.config import Settings
from assistant.drafting.orchestrate import adraft_report
from assistant.drafting.request import DraftRequest
from assistant.services import build_services
from assistant.types import Draft, Note, Outline


async def arun_draft(outline: Outline, notes: list[Note], settings: Settings, *, chat=None, store=None,
                 out_path: Path | None = None, progress=None, **request) -> Draft:
    deps = build_services(settings).draft_deps(chat, store=store)
    return await adraft_report(DraftRequest(outline, notes, **request), deps, out_path=out_path, progress=progress)


def run_draft(outline: Outline, notes: list[Note], settings: Settings, **kwargs) -> Draft:
    return asyncio.run(arun_draft(outline, notes, settings, **kwargs))
