"""Operations are plugins: a third-party package adds one through the entry-point group."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from typing import Mapping

import numpy as np
import pytest
from torch import Tensor

from ldie_desktop.document import Layer
from ldie_desktop.ops import OpContext, Operation, ParamSpec, UnknownOperation, registry
from ldie_desktop.render import Renderer


class Fade(Operation):
    """A third-party pointwise operation: lifts the blacks (a matte look)."""

    name = "fade"
    label = "Fade"
    description = "Lift the blacks."
    pointwise = True
    params = (ParamSpec("amount", 0.0, 1.0, 0.0, "", "how far black is lifted"),)

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        a = params["amount"].reshape(-1, 1, 1, 1).to(x)
        return x + (1 - x) * a * (1 - x) ** 2


@pytest.fixture
def with_plugin(monkeypatch):
    real = registry.entry_points

    def fake(group: str):
        eps = list(real(group=group))
        return eps + [EntryPoint(name="fade", value=f"{__name__}:Fade", group=group)]

    monkeypatch.setattr(registry, "entry_points", fake)
    monkeypatch.setattr(registry, "_registry", None)
    yield
    registry._registry = None


def test_builtins_come_from_the_entry_point_group() -> None:
    names = {ep.name for ep in registry.entry_points(group=registry.ENTRY_POINT_GROUP)}
    assert set(registry.BUILTIN) <= names


def test_a_plugin_is_discovered_and_renders(with_plugin, sample_rgb) -> None:
    ops = registry.operations()
    assert "fade" in ops and list(ops)[: len(registry.BUILTIN)] == list(registry.BUILTIN)
    layers = [Layer.new("contrast", amount=0.3), Layer.new("fade", amount=0.4)]
    r = Renderer(device="cpu")
    fast = r.render(sample_rgb, layers).rgb  # no fused kernel for a plugin: a baked 3D table
    ref = r.render(sample_rgb, layers, mode="reference").rgb
    assert np.abs(fast - ref).max() <= 2 / 255
    assert fast.min() > 0.05  # blacks lifted


def test_a_broken_plugin_does_not_take_the_app_down(monkeypatch, caplog) -> None:
    real = registry.entry_points
    monkeypatch.setattr(registry, "entry_points", lambda group: list(real(group=group)) + [
        EntryPoint(name="broken", value="no_such_module:Op", group=group)])
    monkeypatch.setattr(registry, "_registry", None)
    try:
        assert "broken" not in registry.operations()
        assert "failed to load" in caplog.text
    finally:
        registry._registry = None


def test_unknown_operation_message() -> None:
    with pytest.raises(UnknownOperation) as info:
        registry.get("sparkle")
    assert str(info.value).startswith("unknown operation 'sparkle'")
