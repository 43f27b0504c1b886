"""Settings say what they mean, and the routing knobs read them."""

from __future__ import annotations

from assistant.config import Settings
from assistant.drafting.routing import DEFAULT_KNOBS, RoutingKnobs


def test_every_setting_is_described():
    undescribed = [name for name, f in Settings.model_fields.items() if not (f.description or "").strip()]
    assert undescribed == []


def test_routing_knobs_come_from_settings(tmp_path):
    settings = Settings.test_profile(tmp_path, route_thin_margin=0.5, route_min_dense=0.9)
    knobs = RoutingKnobs.from_settings(settings)
    assert (knobs.thin_margin, knobs.min_dense) == (0.5, 0.9)
    assert DEFAULT_KNOBS == RoutingKnobs.from_settings(Settings.test_profile(tmp_path))


def test_environment_sets_a_knob(monkeypatch):
    monkeypatch.setenv("BAOCAO_PASSAGES_PER_SECTION", "5")
    assert Settings().passages_per_section == 5


def test_thin_margin_setting_decides_which_notes_the_model_is_asked_about(tmp_path):
    from assistant.drafting.routing import RouteDecision, Routing, uncertain_notes
    from assistant.types import Locator, Note

    note = Note(id="n.md:1", text="Tổ chức 12 buổi tuyên truyền", locator=Locator(file="n.md", line=1))
    routing = Routing(by_section={"I.1": [note]})
    routing.decisions[note.id] = RouteDecision(["I.1"], "similarity", 0.9, margin=0.2)
    for margin, asked in ((0.08, []), (0.5, [note])):
        knobs = RoutingKnobs.from_settings(Settings.test_profile(tmp_path, route_thin_margin=margin))
        assert uncertain_notes(routing, [note], knobs.thin_margin) == asked
