"""The operation registry: every operation by its stable name.

Operations are discovered through the entry-point group ``ldie_desktop.ops``; the built-in ones
are declared there in ``pyproject.toml`` exactly as a third-party package would declare its own::

    [project.entry-points."ldie_desktop.ops"]
    vignette = "my_package.vignette:Vignette"
"""

from __future__ import annotations

import importlib
import logging
import threading
from importlib.metadata import entry_points

from .spec import Operation

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "ldie_desktop.ops"

#: The built-in operations, in the order menus and ``ldie ops`` list them. Used only when the
#: package runs from a source tree that was never installed (so no entry points exist).
BUILTIN = {
    "brightness": "ldie_desktop.ops.brightness:Brightness",
    "contrast": "ldie_desktop.ops.contrast:Contrast",
    "saturation": "ldie_desktop.ops.saturation:Saturation",
    "hue": "ldie_desktop.ops.hue:Hue",
    "tint": "ldie_desktop.ops.tint:Tint",
    "sharpness": "ldie_desktop.ops.sharpness:Sharpness",
    "inpaint_obj": "ldie_desktop.ops.inpaint_obj:InpaintObj",
    "color_bg": "ldie_desktop.ops.color_bg:ColorBg",
    "exposure": "ldie_desktop.ops.exposure:Exposure",
    "temperature": "ldie_desktop.ops.temperature:Temperature",
    "black_and_white": "ldie_desktop.ops.black_and_white:BlackAndWhite",
    "split_tone": "ldie_desktop.ops.split_tone:SplitTone",
    "blur": "ldie_desktop.ops.blur:Blur",
    "denoise": "ldie_desktop.ops.denoise:Denoise",
    "vignette": "ldie_desktop.ops.vignette:Vignette",
    "grain": "ldie_desktop.ops.grain:Grain",
    "rotate": "ldie_desktop.ops.rotate:Rotate",
    "flip": "ldie_desktop.ops.flip:Flip",
    "crop": "ldie_desktop.ops.crop:Crop",
}

#: The eight operations of the GIER paper, in its order.
PAPER_OPS = ("brightness", "contrast", "saturation", "hue", "inpaint_obj", "tint", "sharpness", "color_bg")


class UnknownOperation(KeyError):
    def __str__(self) -> str:  # KeyError quotes its message; a user should read plain words
        return str(self.args[0])


_lock = threading.Lock()
_registry: dict[str, type[Operation]] | None = None


def _load(target: str) -> type[Operation]:
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def _discover() -> dict[str, type[Operation]]:
    found: dict[str, type[Operation]] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            op = ep.load()
        except Exception as exc:  # a broken plugin must not take the app down
            log.warning("operation plugin %s failed to load: %s", ep.value, exc)
            continue
        if not (isinstance(op, type) and issubclass(op, Operation)):
            log.warning("entry point %s is not an Operation subclass", ep.value)
            continue
        if op.name != ep.name:
            log.warning("entry point %s names operation %r; using the operation's own name", ep.name, op.name)
        found.setdefault(op.name, op)
    for name, target in BUILTIN.items():
        if name not in found:
            found[name] = _load(target)
    # built-ins first in their canonical order, then plugins alphabetically
    ordered = {name: found[name] for name in BUILTIN}
    ordered.update({k: found[k] for k in sorted(found) if k not in ordered})
    return ordered


def operations() -> dict[str, type[Operation]]:
    """All operations by name (discovered once, then cached)."""
    global _registry
    with _lock:
        if _registry is None:
            _registry = _discover()
        return dict(_registry)


def get(name: str) -> type[Operation]:
    ops = operations()
    try:
        return ops[name]
    except KeyError:
        raise UnknownOperation(f"unknown operation {name!r} (known: {', '.join(ops)})") from None


def register(op: type[Operation]) -> None:
    """Register an operation at run time (tests, scripts); entry points are the normal way."""
    operations()
    assert _registry is not None
    with _lock:
        _registry[op.name] = op
