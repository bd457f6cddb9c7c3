"""Edit stacks on disk: a JSON sidecar next to the photo (``photo.jpg.ldie.json``).

The file has a schema version; :data:`MIGRATIONS` upgrades older files step by step, and each
operation migrates its own parameters from older operation versions. Masks are PNG (8-bit,
base64) in a table keyed by content, so the undo history (whole stacks, step by step) repeats
no mask. Saves are atomic: a crash never leaves a half-written sidecar.

Schema 1 kept each mask inline in its layer and had no history; schema 2 moved masks into the
``masks`` table and added the optional ``history`` (which may hold named ``snapshots``).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..ops import registry
from ..ops.spec import ParamError
from ..utils.atomic import atomic_write_bytes
from .layer import Layer
from .mask import Mask
from .stack import EditStack


@dataclass
class History:
    """The undo history as whole stacks: ``base`` before any step, then each step's text and
    the stack after it; ``index`` steps are currently applied (the rest can be redone)."""

    base: list[Layer]
    steps: list[tuple[str, list[Layer]]] = field(default_factory=list)
    index: int = 0
    #: Named stacks kept aside (Lightroom's snapshots: "Colour", "Black and white"), in order.
    snapshots: list[tuple[str, list[Layer]]] = field(default_factory=list)

    def current(self) -> list[Layer]:
        return list(self.steps[self.index - 1][1]) if self.index else list(self.base)

FORMAT = "ldie-edits"
SCHEMA = 2
SUFFIX = ".ldie.json"
#: The largest sidecar we read (masks included); anything bigger is not ours.
MAX_BYTES = 256 * 1024 * 1024

#: ``MIGRATIONS[n]`` turns a schema-``n`` document into a schema-``n + 1`` one.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class SidecarError(ValueError):
    """A sidecar that cannot be read; the message is one line naming the file and the problem."""

    def __init__(self, message: str) -> None:
        # names and values from the file end up in messages: never let them break the line
        super().__init__(" ".join(str(message).split()))


def sidecar_path(photo: str | os.PathLike[str]) -> Path:
    p = Path(photo)
    return p.with_name(p.name + SUFFIX)


def layer_to_dict(layer: Layer, masks: dict[str, str] | None = None) -> dict[str, Any]:
    """A layer as JSON; its mask goes into ``masks`` (digest -> PNG) when given, else inline."""
    d: dict[str, Any] = {
        "id": layer.id,
        "op": layer.op,
        "version": layer.version,
        "params": dict(layer.params),
        "opacity": layer.opacity,
        "enabled": layer.enabled,
        "source": layer.source,
    }
    if layer.confidence is not None:
        d["confidence"] = layer.confidence
    if layer.words:
        d["words"] = list(layer.words)
    if layer.local:
        d["local"] = True
    if layer.place:
        d["place"] = [list(step) for step in layer.place]
    if layer.mask is not None:
        h, w = layer.mask.shape
        if masks is None:
            d["mask"] = {"width": w, "height": h, "png": layer.mask.to_png_base64()}
        else:
            if layer.mask.digest not in masks:
                masks[layer.mask.digest] = layer.mask.to_png_base64()
            d["mask"] = {"width": w, "height": h, "ref": layer.mask.digest}
    return d


def _require(cond: bool, msg: str) -> None:
    if not cond:
        raise ValueError(msg)


def layer_from_dict(d: Any, where: str, masks: dict[str, Any] | None = None,
                    decoded: dict[str, Mask] | None = None) -> Layer:
    try:
        _require(isinstance(d, dict), "is not an object")
        op_name = d.get("op")
        _require(isinstance(op_name, str), "has no operation name")
        op = registry.get(op_name)
        version = d.get("version", op.version)
        _require(isinstance(version, int) and not isinstance(version, bool), "has a non-integer version")
        params = d.get("params", {})
        _require(isinstance(params, dict), "params is not an object")
        params = op.migrate(version, dict(params))
        opacity = d.get("opacity", 1.0)
        _require(isinstance(opacity, (int, float)) and not isinstance(opacity, bool) and math.isfinite(opacity)
                 and 0.0 <= opacity <= 1.0, "opacity must be a number in [0, 1]")
        enabled = d.get("enabled", True)
        _require(isinstance(enabled, bool), "enabled must be true or false")
        source = d.get("source", "user")
        _require(source in ("model", "user"), "source must be 'model' or 'user'")
        confidence = d.get("confidence")
        _require(confidence is None or (isinstance(confidence, (int, float)) and not isinstance(confidence, bool)
                                        and math.isfinite(confidence)), "confidence must be a number")
        words = d.get("words", [])
        _require(isinstance(words, list) and all(isinstance(w, str) for w in words), "words must be a list of strings")
        place = d.get("place", [])
        _require(isinstance(place, list) and all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
                                                 for p in place), "place must be a list of [step, words] pairs")
        mask = None
        if d.get("mask") is not None:
            m = d["mask"]
            _require(isinstance(m, dict), "mask must be an object")
            if isinstance(m.get("ref"), str):
                ref = m["ref"]
                _require(isinstance(masks, dict) and isinstance(masks.get(ref), str), f"mask {ref[:12]} is missing")
                if decoded is not None and ref in decoded:
                    mask = decoded[ref]
                else:
                    mask = Mask.from_png_base64(masks[ref])  # type: ignore[index]
                    if decoded is not None:
                        decoded[ref] = mask
            else:
                _require(isinstance(m.get("png"), str), "mask must have a 'png' string")
                mask = Mask.from_png_base64(m["png"])
        kw: dict[str, Any] = {}
        if isinstance(d.get("id"), str) and d["id"]:
            kw["id"] = d["id"]
        return Layer(op=op_name, params=params, mask=mask, opacity=float(opacity), enabled=enabled, source=source,
                     confidence=None if confidence is None else float(confidence), words=tuple(words),
                     local=bool(d.get("local", False)), place=tuple(tuple(p) for p in place), **kw)
    except registry.UnknownOperation as exc:
        raise SidecarError(f"{where}: {exc}") from None
    except (ValueError, TypeError, ParamError) as exc:
        raise SidecarError(f"{where}: {exc}") from None


def stack_to_document(stack: EditStack, photo: dict[str, Any] | None = None,
                      history: History | None = None) -> dict[str, Any]:
    masks: dict[str, str] = {}
    doc: dict[str, Any] = {"format": FORMAT, "schema": SCHEMA, "layers": [layer_to_dict(l, masks) for l in stack]}
    if history is not None:
        doc["history"] = {
            "index": history.index,
            "base": [layer_to_dict(l, masks) for l in history.base],
            "steps": [{"text": text, "layers": [layer_to_dict(l, masks) for l in layers]} for text, layers in history.steps],
        }
        if history.snapshots:
            doc["history"]["snapshots"] = [{"name": name, "layers": [layer_to_dict(l, masks) for l in layers]}
                                           for name, layers in history.snapshots]
    doc["masks"] = masks
    if photo:
        doc["photo"] = photo
    return doc


def _inline_masks_to_table(doc: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 -> 2: inline mask PNGs move into the ``masks`` table."""
    table: dict[str, str] = {}
    layers = doc.get("layers")
    for layer in layers if isinstance(layers, list) else []:
        m = layer.get("mask") if isinstance(layer, dict) else None
        if isinstance(m, dict) and isinstance(m.get("png"), str):
            ref = f"inline{len(table)}"
            table[ref] = m.pop("png")
            m["ref"] = ref
    doc["masks"] = table
    return doc


MIGRATIONS[1] = _inline_masks_to_table


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    schema = doc.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise ValueError("has no valid schema version")
    if schema > SCHEMA:
        raise ValueError(f"was written by a newer LDIE Desktop (schema {schema}; this one reads up to {SCHEMA})")
    while schema < SCHEMA:
        doc = MIGRATIONS[schema](doc)
        schema += 1
        doc["schema"] = schema
    return doc


def _layers(items: Any, name: str, what: str, masks: Any, decoded: dict[str, Mask]) -> list[Layer]:
    if not isinstance(items, list):
        raise SidecarError(f"{name}: {what} is not a list of layers")
    return [layer_from_dict(d, f"{name}: {what} layer {i + 1}", masks, decoded) for i, d in enumerate(items)]


def document_from_json(doc: Any, name: str = "edits") -> tuple[EditStack, History | None]:
    """The stack and (if the file has one) the undo history of a parsed sidecar."""
    try:
        _require(isinstance(doc, dict), "is not a JSON object")
        _require(doc.get("format") == FORMAT, f"is not an LDIE edit file (no \"format\": \"{FORMAT}\")")
        doc = migrate(json.loads(json.dumps(doc)))  # a private copy for the migrations to edit
        layers = doc.get("layers")
        _require(isinstance(layers, list), "has no layer list")
        masks = doc.get("masks", {})
        _require(isinstance(masks, dict), "masks is not an object")
    except ValueError as exc:
        raise SidecarError(f"{name}: {exc}") from None
    decoded: dict[str, Mask] = {}
    stack = EditStack(_layers(layers, name, "the", masks, decoded))
    h = doc.get("history")
    if h is None:
        return stack, None
    if not isinstance(h, dict) or not isinstance(h.get("steps"), list):
        raise SidecarError(f"{name}: history is malformed")
    steps = []
    for i, step in enumerate(h["steps"]):
        if not isinstance(step, dict) or not isinstance(step.get("text"), str):
            raise SidecarError(f"{name}: history step {i + 1} is malformed")
        steps.append((step["text"], _layers(step.get("layers"), name, f"history step {i + 1}", masks, decoded)))
    index = h.get("index")
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index <= len(steps):
        raise SidecarError(f"{name}: history index is out of range")
    snaps = h.get("snapshots", [])
    if not isinstance(snaps, list):
        raise SidecarError(f"{name}: snapshots is not a list")
    snapshots = []
    for i, snap in enumerate(snaps):
        if not isinstance(snap, dict) or not isinstance(snap.get("name"), str) or not snap["name"].strip():
            raise SidecarError(f"{name}: snapshot {i + 1} is malformed")
        snapshots.append((snap["name"], _layers(snap.get("layers"), name, f"snapshot {i + 1}", masks, decoded)))
    return stack, History(_layers(h.get("base"), name, "history base", masks, decoded), steps, index, snapshots)


def stack_from_document(doc: Any, name: str = "edits") -> EditStack:
    return document_from_json(doc, name)[0]


def dumps(stack: EditStack, photo: dict[str, Any] | None = None, history: History | None = None) -> str:
    return json.dumps(stack_to_document(stack, photo, history), indent=1, allow_nan=False) + "\n"


def _parse(text: str | bytes, name: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SidecarError(f"{name}: not valid JSON ({msg})") from None
    except RecursionError:
        raise SidecarError(f"{name}: nested too deeply to be an edit file") from None


def loads_document(text: str | bytes, name: str = "edits") -> tuple[EditStack, History | None]:
    return document_from_json(_parse(text, name), name)


def loads(text: str | bytes, name: str = "edits") -> EditStack:
    return loads_document(text, name)[0]


def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not a number")


def save(stack: EditStack, path: str | os.PathLike[str], photo: dict[str, Any] | None = None,
         history: History | None = None) -> Path:
    """Write ``stack`` (and its undo ``history``) to ``path`` atomically."""
    path = Path(path)
    atomic_write_bytes(path, dumps(stack, photo, history).encode("utf-8"))
    return path


def add_to_saved(photo: str | os.PathLike[str], layers: list[Layer], text: str) -> int:
    """Put ``layers`` on top of the edits saved for ``photo`` (none: a new edit file) as one
    more undo step named ``text``, as if added in the app (steps that had been undone are
    dropped, as a new edit drops them there). Returns how many layers the photo has now.

    An edit file that cannot be read raises :class:`SidecarError` and is left as it is."""
    path = sidecar_path(photo)
    stack, history = load_document(path) if path.exists() else (EditStack(), None)
    current = list(stack.layers)
    if history is None:
        history = History(base=current)
    steps = history.steps[: history.index]
    after = current + [l.duplicate() for l in layers]
    history = History(base=history.base, steps=steps + [(text, after)], index=len(steps) + 1,
                      snapshots=history.snapshots)
    save(EditStack(after), path, photo={"name": Path(photo).name}, history=history)
    return len(after)


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SidecarError(f"{path}: {size / 1e6:.0f} MB is too large for an edit file")
        return path.read_bytes()
    except SidecarError:
        raise
    except OSError as exc:
        raise SidecarError(f"{path}: {exc.strerror or exc}") from None


def read_json(path: str | os.PathLike[str]) -> Any:
    """The parsed JSON of the edit file at ``path`` (size-checked; :class:`SidecarError` if not JSON)."""
    path = Path(path)
    return _parse(_read(path), str(path))


def load_document(path: str | os.PathLike[str]) -> tuple[EditStack, History | None]:
    path = Path(path)
    return loads_document(_read(path), str(path))


def load(path: str | os.PathLike[str]) -> EditStack:
    return load_document(path)[0]
