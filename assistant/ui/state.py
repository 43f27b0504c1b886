"""Per-browser-session state, held in `gr.State` (never in module globals).

Gradio deep-copies the initial value for every session, so each browser tab gets its own
`SessionState`: which report it has open, the section it is editing, the version of each
section it last loaded (for optimistic concurrency), and the last check's finding → section map.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field


@dataclass
class SessionState:
    session_id: str = ""
    report_id: str | None = None
    section_id: str | None = None
    versions: dict[str, int] = field(default_factory=dict)
    conflict_section: str | None = None
    finding_sections: list[str | None] = field(default_factory=list)
    last_export: str | None = None

    def ensure_id(self) -> SessionState:
        """A session id is made lazily: the deep-copied default has none."""
        if not self.session_id:
            self.session_id = "s-" + uuid.uuid4().hex[:8]
        return self

