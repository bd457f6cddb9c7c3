"""Edit stacks on disk: a JSON sidecar next to the photo (``photo.jpg.ldie.json``).

The file has a schema version; :data:`MIGRATIONS` upgrades older files step by step, and each
operation migrates its own parameters from older operation versions. Masks are PNG (8-bit,
base64) inside the file. Saves are atomic: a crash never leaves a half-written sidecar.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any, Callable

from ..ops import registry
from ..ops.spec import ParamError
from ..utils.atomic import atomic_write_bytes
from .layer import Layer
from .mask import Mask
from .stack import EditStack

FORMAT = "ldie-edits"
SCHEMA = 1
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


def layer_to_dict(layer: Layer) -> dict[str, Any]:
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
    if layer.mask is not None:
        h, w = layer.mask.shape
        d["mask"] = {"width": w, "height": h, "png": layer.mask.to_png_base64()}
    return d


def _require(cond: bool, msg: str) -> None:
    if not cond:
        raise ValueError(msg)


def layer_from_dict(d: Any, where: str) -> Layer:
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
        mask = None
        if d.get("mask") is not None:
            m = d["mask"]
            _require(isinstance(m, dict) and isinstance(m.get("png"), str), "mask must have a 'png' string")
            mask = Mask.from_png_base64(m["png"])
        kw: dict[str, Any] = {}
        if isinstance(d.get("id"), str) and d["id"]:
            kw["id"] = d["id"]
        return Layer(op=op_name, params=params, mask=mask, opacity=float(opacity), enabled=enabled, source=source,
                     confidence=None if confidence is None else float(confidence), words=tuple(words),
                     local=bool(d.get("local", False)), **kw)
    except registry.UnknownOperation as exc:
        raise SidecarError(f"{where}: {exc}") from None
    except (ValueError, TypeError, ParamError) as exc:
        raise SidecarError(f"{where}: {exc}") from None


def stack_to_document(stack: EditStack, photo: dict[str, Any] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": FORMAT, "schema": SCHEMA, "layers": [layer_to_dict(l) for l in stack]}
    if photo:
        doc["photo"] = photo
    return doc


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


def stack_from_document(doc: Any, name: str = "edits") -> EditStack:
    try:
        _require(isinstance(doc, dict), "is not a JSON object")
        _require(doc.get("format") == FORMAT, f"is not an LDIE edit file (no \"format\": \"{FORMAT}\")")
        doc = migrate(dict(doc))
        layers = doc.get("layers")
        _require(isinstance(layers, list), "has no layer list")
    except ValueError as exc:
        raise SidecarError(f"{name}: {exc}") from None
    return EditStack(layer_from_dict(d, f"{name}: layer {i + 1}") for i, d in enumerate(layers))


def dumps(stack: EditStack, photo: dict[str, Any] | None = None) -> str:
    return json.dumps(stack_to_document(stack, photo), indent=1, allow_nan=False) + "\n"


def loads(text: str | bytes, name: str = "edits") -> EditStack:
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SidecarError(f"{name}: not valid JSON ({msg})") from None
    except RecursionError:
        raise SidecarError(f"{name}: nested too deeply to be an edit file") from None
    return stack_from_document(doc, name)


def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not a number")


def save(stack: EditStack, path: str | os.PathLike[str], photo: dict[str, Any] | None = None) -> Path:
    """Write ``stack`` to ``path`` atomically."""
    path = Path(path)
    atomic_write_bytes(path, dumps(stack, photo).encode("utf-8"))
    return path


def load(path: str | os.PathLike[str]) -> EditStack:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SidecarError(f"{path}: {size / 1e6:.0f} MB is too large for an edit file")
        data = path.read_bytes()
    except SidecarError:
        raise
    except OSError as exc:
        raise SidecarError(f"{path}: {exc.strerror or exc}") from None
    return loads(data, str(path))
