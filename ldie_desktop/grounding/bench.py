"""Grounding speed for ``ldie bench plan``: proposals on a 12 MP photo, removal of a 10 % region
previewed and exported. Targets (2-core CPU, after loading): < 1 s, < 1.5 s, < 10 s. The closer
look (once per photo, only for phrases naming things no detector label covers) is reported on
its own."""

from __future__ import annotations

import time
from typing import Any

import cv2
import numpy as np

from ..document.layer import Layer
from .grounder import Grounder
from .proposals import closer_look

TARGETS = {"proposals_12mp_s": 1.0, "remove_preview_s": 1.5, "remove_export_s": 10.0}


def _photo_12mp(photo: np.ndarray | None = None) -> np.ndarray:
    if photo is None:
        from ..bench import test_photo

        return test_photo(4000, 3000)
    return cv2.resize(photo, (4000, 3000), interpolation=cv2.INTER_CUBIC) if photo.shape[:2] != (3000, 4000) else photo


def _ten_percent_mask(h: int, w: int) -> np.ndarray:
    """An object-like blob covering 10 % of the photo, right of centre."""
    m = np.zeros((h, w), np.uint8)
    axes = (int(w * 0.2), int(h * 0.16))  # pi * a * b = 0.1 * w * h
    cv2.ellipse(m, (int(w * 0.62), int(h * 0.55)), axes, 15, 0, 360, 255, -1)
    return m.astype(np.float32) / 255.0


def bench_grounding(photo: np.ndarray | None = None, repeat: int = 3, grounder: Grounder | None = None) -> dict[str, Any]:
    """Median seconds for: proposals on a 12 MP photo (proxy), grounding a phrase to a mask,
    removing a 10 % region at preview quality (proxy render) and at export quality (full size).
    Timings exclude model loading, which is reported on its own."""
    from ..bench import median_time
    from ..render import Renderer, make_proxy

    t = time.perf_counter()
    g = grounder or Grounder.load()
    load_s = time.perf_counter() - t
    rgb = _photo_12mp(photo)
    h, w = rgb.shape[:2]
    props = g.proposals(rgb)
    res: dict[str, Any] = {"load_s": load_s, "photo": f"{w}x{h}", "missing": g.missing()}
    res["proposals_12mp_s"] = median_time(lambda: g.proposals(rgb), repeat=repeat, warmup=0)
    # on demand, once per photo: when a phrase names a thing no detector label covers
    res["closer_look_s"] = median_time(lambda: closer_look(props, g.sources), repeat=repeat, warmup=0) \
        if g.sources.salient is not None and g.sources.salient.available else float("nan")
    res["ground_s"] = median_time(lambda: g.ground("the person on the left", "brightness", props, (h, w), image=rgb),
                                  repeat=repeat, warmup=0)
    if g.sources.faces is not None and g.sources.mesh is not None and g.sources.mesh.available:
        # the faces and their landmarks ("whiten her teeth", "smooth her skin"), once per photo
        res["face_landmarks_s"] = median_time(lambda: [g.sources.mesh(rgb, f) for f in g.sources.faces.detect(rgb)],
                                              repeat=repeat, warmup=0)
        res["faces_found"] = len(g.sources.faces.detect(rgb))
    from ..document.mask import Mask
    from .refine import shape_for_op

    mask = Mask(shape_for_op(cv2.resize(_ten_percent_mask(h // 4, w // 4), (w // 4, h // 4)), "inpaint_obj"))
    layer = Layer(op="inpaint_obj", mask=mask)
    renderer = Renderer("cpu")
    proxy = make_proxy(rgb)

    def preview() -> None:  # the proxy the editor shows, through the one render path
        renderer.render(proxy.rgb, [layer], quality="preview")

    def export() -> None:  # the full-resolution photo, as export renders it
        renderer.render(rgb, [layer], quality="export")

    res["remove_preview_s"] = median_time(preview, repeat=repeat, warmup=1)
    res["remove_export_s"] = median_time(export, repeat=1, warmup=0)
    res["targets"] = TARGETS
    res["ok"] = all(res[k] < v for k, v in TARGETS.items())
    return res


def format_bench(res: dict[str, Any]) -> str:
    lines = [f"grounding on a {res['photo']} photo (models loaded in {res['load_s']:.2f} s)"]
    for k, label in (("proposals_12mp_s", "proposals (proxy 512 px)"),
                     ("closer_look_s", "closer look (4 tiles, on demand)"), ("ground_s", "phrase -> refined mask"),
                     ("remove_preview_s", "remove 10 % region, preview"), ("remove_export_s", "remove 10 % region, export")):
        target = TARGETS.get(k)
        mark = "" if target is None else (f"  (target < {target:g} s: {'ok' if res[k] < target else 'MISSED'})")
        lines.append(f"  {label:<32} {res[k]:6.3f} s{mark}")
    if "face_landmarks_s" in res:
        lines.append(f"  {'faces and their landmarks':<32} {res['face_landmarks_s']:6.3f} s ({res['faces_found']} found)")
    if res["missing"]:
        lines.append("  missing: " + "; ".join(res["missing"]))
    return "\n".join(lines)
