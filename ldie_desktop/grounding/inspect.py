"""Pictures of proposals and groundings, for ``ldie masks PHOTO -o DIR`` and for looking at
what grounding did."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np

from .proposal import Proposal

_COLOURS = np.array([[230, 25, 75], [60, 180, 75], [255, 225, 25], [0, 130, 200], [245, 130, 48],
                     [145, 30, 180], [70, 240, 240], [240, 50, 230], [210, 245, 60], [250, 190, 212],
                     [0, 128, 128], [220, 190, 255], [170, 110, 40], [128, 0, 0]], np.uint8)


def overlay(rgb: np.ndarray, mask: np.ndarray, colour=(255, 0, 80), alpha: float = 0.55) -> np.ndarray:
    """``rgb`` (uint8) with ``mask`` (any size, [0, 1]) tinted in and its outline drawn."""
    h, w = rgb.shape[:2]
    m = cv2.resize(mask.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR) if mask.shape != (h, w) else mask
    out = rgb.astype(np.float32)
    c = np.array(colour, np.float32)
    out = out * (1 - alpha * m[..., None]) + c * alpha * m[..., None]
    out = np.clip(out, 0, 255).astype(np.uint8)
    contours, _ = cv2.findContours((m > 0.5).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    cv2.drawContours(out, contours, -1, tuple(int(v) for v in colour), max(1, w // 400))
    return out


def proposals_sheet(proxy: np.ndarray, proposals: list[Proposal]) -> np.ndarray:
    """All instance proposals in colour with their labels, on the proxy."""
    out = proxy.copy()
    for i, p in enumerate(p for p in proposals if p.kind in ("person", "object", "thing", "sky")):
        out = overlay(out, p.mask, tuple(int(v) for v in _COLOURS[i % len(_COLOURS)]), 0.4)
    for p in proposals:
        if p.kind in ("person", "object", "thing", "sky"):
            x0, y0 = int(p.cues.box[0] * proxy.shape[1]), int(p.cues.box[1] * proxy.shape[0])
            cv2.putText(out, f"{p.id}:{p.label}", (x0 + 2, y0 + 12), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 0, 0), 3)
            cv2.putText(out, f"{p.id}:{p.label}", (x0 + 2, y0 + 12), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (255, 255, 255), 1)
    return out


def write_proposals(folder: str | Path, rgb: np.ndarray, proposals: list[Proposal]) -> list[Path]:
    """One PNG a proposal (the mask at the photo's size) plus ``proposals.png`` (all of them on
    the proxy) and ``proposals.json`` (labels, scores, cues). Returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    h, w = rgb.shape[:2]
    files = []
    meta = []
    for p in proposals:
        name = f"{p.id:02d}_{p.label.replace(' ', '_')}.png"
        cv2.imwrite(str(folder / name), np.round(p.mask_at(h, w) * 255).astype(np.uint8))
        files.append(folder / name)
        meta.append({"id": p.id, "file": name, "label": p.label, "kind": p.kind, "score": round(p.score, 3),
                     "source": p.source, "cues": p.cues.words(), "area": round(p.cues.area, 4),
                     "center": [round(p.cues.cx, 3), round(p.cues.cy, 3)]})
    proxy = getattr(proposals, "proxy", None)
    if proxy is not None:
        sheet = proposals_sheet(proxy, proposals)
        cv2.imwrite(str(folder / "proposals.png"), cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR))
        files.append(folder / "proposals.png")
    (folder / "proposals.json").write_text(json.dumps(meta, indent=1))
    files.append(folder / "proposals.json")
    return files
