"""``ldie eval grounding``: a grounding benchmark whose truth is exact.

Photographic cut-outs with alpha and an English caption (Debian ``tuxpaint-stamps-default``:
``bear.png`` + ``bear.txt`` "A brown bear.") are pasted onto real photos (Debian
``mate-backgrounds``) at varied sizes and positions, two to four per photo, sometimes the same
kind twice (left and right). Requests are phrased from the captions and the positions:
"make the bear brighter", "remove the koala on the left", "remove the apple and the car",
"brighten everything but the bear", "remove the background". The alpha of each paste is the
true mask; the photo before pasting is the truth behind a removed object.

Reported side by side with baselines (the whole image; the largest proposal; the salient
subject): mean IoU of the grounded region; pixel and object precision/recall when several
objects are asked for; L1 inside the removed object against the true background for PatchMatch
and ``cv2.inpaint`` (and for the true mask, and for not removing at all); IoU of the kept
foreground for background removal.

The photos are not in the repository (GPL/CC terms): ``fetch_data`` downloads the two Debian
packages with ``apt-get download`` and unpacks them with ``dpkg -x`` into a cache folder.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from .grounder import Grounder
from . import taxonomy
from .matcher import parse_term, singular

PACKAGES = ("tuxpaint-stamps-default", "mate-backgrounds")
STAMP_DIRS = ("animals", "food", "vehicles", "household", "plants", "sports", "hobbies", "town")
SCENE_SIDE = 960
#: Fill quality for the removal numbers: "preview" (the editor's preview working size) keeps a
#: run to minutes on 2 cores; PatchMatch at "export" takes ~9x longer per hole.
FILL_QUALITY = "preview"


def default_cache() -> Path:
    return Path(os.environ.get("LDIE_GROUNDING_DATA", Path.home() / ".cache" / "ldie" / "grounding-data"))


def fetch_data(cache: Path | None = None, packages: tuple[str, ...] = PACKAGES) -> Path:
    """Download and unpack the Debian packages the benchmark needs (once). Returns the root
    the packages are unpacked under (``root/usr/share/...``)."""
    root = cache or default_cache()
    stamp = root / ".unpacked"
    if stamp.is_file() and set(stamp.read_text().split()) >= set(packages):
        return root
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["apt-get", "download", *packages], cwd=tmp, check=True, capture_output=True)
        for deb in Path(tmp).glob("*.deb"):
            subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True)
    stamp.write_text(" ".join(packages))
    return root


# ------------------------------------------------------------------ data


@dataclass(frozen=True)
class Stamp:
    path: Path
    caption: str
    noun: str  # the head noun requests use ("bear", "koala")


def load_stamps(root: Path) -> list[Stamp]:
    """Photographic stamps with a short caption whose head noun we can phrase a request with."""
    base = root / "usr/share/tuxpaint/stamps"
    out = []
    for d in STAMP_DIRS:
        for png in sorted((base / d).rglob("*.png")):
            if "cartoon" in png.parts:
                continue
            txt = png.with_suffix(".txt")
            if not txt.is_file():
                continue
            caption = txt.read_text(errors="replace").splitlines()[0].strip()
            words = re.findall(r"[A-Za-z]+", caption)
            # short, plain captions; "A spider playing soccer." is a cartoon
            if not words or len(words) > 4 or any(w.endswith("ing") for w in words) or re.search(r"\d", caption):
                continue
            term = parse_term(caption)
            if term is None or term.noun in ("one", "") or term.stuff:
                continue
            out.append(Stamp(png, caption, _caption_noun(caption, term.noun, png)))
    return out


def _caption_noun(caption: str, noun: str, path: Path) -> str:
    """The noun a person would use for the stamp, where the caption's first content word is
    not one: the thing after "a pair of" / "a bunch of" ("cherry", not "pair"), the noun after
    "very small" ("pumpkin", not "very"), a run-together compound WordNet knows ("mountain
    goat"), and "sign" for a road sign whose caption is its text ("No entry!")."""
    tax = taxonomy.shared()
    if tax is None or tax.knows(noun):
        return noun
    if any("sign" in part for part in path.parent.parts[-2:]):
        return "sign"
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", caption)]
    if words and tax.knows(words[-1]):  # "pliers", "binoculars"
        return words[-1]
    if words and tax.knows(singular(words[-1])):
        return singular(words[-1])
    for i in range(3, len(noun) - 2):  # "mountaingoat" -> "mountain goat"
        if tax.knows(f"{noun[:i]} {noun[i:]}"):
            return f"{noun[:i]} {noun[i:]}"
    return noun


def load_backgrounds(root: Path) -> list[Path]:
    return sorted((root / "usr/share/backgrounds/mate/nature").glob("*.jpg"))


def _read_rgba(path: Path) -> np.ndarray | None:
    a = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if a is None or a.ndim != 3 or a.shape[2] != 4:
        return None
    rgba = cv2.cvtColor(a, cv2.COLOR_BGRA2RGBA)
    alpha = rgba[..., 3] > 127
    if alpha.mean() < 0.15 or alpha.mean() > 0.92:  # a rectangle photo or a sliver: not a cut-out
        return None
    ys, xs = np.nonzero(alpha)
    return rgba[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]


@dataclass
class Pasted:
    stamp: Stamp
    alpha: np.ndarray  # float32 (H, W) on the scene
    cx: float


@dataclass
class Scene:
    photo: np.ndarray  # the scene (uint8 RGB), stamps pasted
    clean: np.ndarray  # the photo before pasting
    objects: list[Pasted]
    name: str


def _paste(scene: np.ndarray, rgba: np.ndarray, x: int, y: int, height: int) -> np.ndarray:
    h, w = scene.shape[:2]
    s = height / rgba.shape[0]
    sw, sh = max(2, round(rgba.shape[1] * s)), max(2, round(rgba.shape[0] * s))
    small = cv2.resize(rgba, (sw, sh), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    alpha = np.zeros((h, w), np.float32)
    x1, y1 = min(w, x + sw), min(h, y + sh)
    a = small[: y1 - y, : x1 - x, 3]
    alpha[y:y1, x:x1] = a
    region = scene[y:y1, x:x1].astype(np.float32)
    scene[y:y1, x:x1] = np.round(region * (1 - a[..., None]) + small[: y1 - y, : x1 - x, :3] * 255.0 * a[..., None]).astype(np.uint8)
    return alpha


def make_scenes(root: Path, n: int = 16, seed: int = 0, side: int = SCENE_SIDE, first: int = 0) -> list[Scene]:
    """Scenes ``first`` .. ``first + n - 1`` of the deterministic sequence ``seed`` makes (the
    earlier ones are drawn and dropped, so a scene is the same whatever ``first`` is)."""
    rng = random.Random(seed)
    stamps = load_stamps(root)
    cutouts: dict[Path, np.ndarray] = {}
    usable = []
    for st in stamps:
        a = _read_rgba(st.path)
        if a is not None:
            cutouts[st.path] = a
            usable.append(st)
    backgrounds = load_backgrounds(root)
    if not usable or not backgrounds:
        raise FileNotFoundError(f"no stamps or photos under {root}: run fetch_data() first")
    scenes = []
    for i in range(first + n):
        bg = cv2.cvtColor(cv2.imread(str(backgrounds[i % len(backgrounds)])), cv2.COLOR_BGR2RGB)
        s = side / max(bg.shape[:2])
        clean = cv2.resize(bg, (round(bg.shape[1] * s), round(bg.shape[0] * s)), interpolation=cv2.INTER_AREA)
        h, w = clean.shape[:2]
        photo = clean.copy()
        twin = i % 3 == 0  # every third scene holds two of a kind, left and right
        k = rng.choice((2, 3)) if not twin else 2
        picks: list[Stamp] = []
        while len(picks) < k:
            st = rng.choice(usable)
            if all(st.noun != p.noun for p in picks):
                picks.append(st)
        if twin:
            picks = [picks[0], picks[0]] + (picks[1:2] if rng.random() < 0.5 else [])
        # place left to right in equal slots so objects rarely overlap
        slots = len(picks)
        objects = []
        order = list(range(slots))
        rng.shuffle(order) if not twin else None
        for j, st in zip(order, picks):
            rgba = cutouts[st.path]
            height = int(h * rng.uniform(0.22, 0.5))
            width = height * rgba.shape[1] / rgba.shape[0]
            slot_w = w / slots
            if width > slot_w * 0.95:
                height = int(height * slot_w * 0.95 / width)
                width = slot_w * 0.95
            x = int(j * slot_w + rng.uniform(0, max(1.0, slot_w - width)))
            y = int(rng.uniform(0.05 * h, max(0.06 * h, h - height - 0.03 * h)))
            alpha = _paste(photo, rgba, x, y, height)
            objects.append(Pasted(st, alpha, (x + width / 2) / w))
        if i >= first:
            scenes.append(Scene(photo, clean, objects, f"scene{i:02d}"))
    return scenes


# ------------------------------------------------------------------ requests


def plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


@dataclass
class Request:
    scene: Scene
    text: str  # the whole request, for the report
    phrase: str  # what the local operation attends to
    op: str
    kind: str  # "single", "position", "several", "except", "background", "remove"
    truth: np.ndarray  # bool (H, W): the region meant
    targets: list[int] = field(default_factory=list)  # indices of the objects meant


def make_requests(scenes: list[Scene]) -> list[Request]:
    reqs = []
    for sc in scenes:
        objs = sc.objects
        nouns = [o.stamp.noun for o in objs]
        union = np.max(np.stack([o.alpha for o in objs]), axis=0) > 0.5
        for i, o in enumerate(objs):
            m = o.alpha > 0.5
            if nouns.count(o.stamp.noun) > 1:
                side = "left" if o.cx == min(p.cx for p in objs if p.stamp.noun == o.stamp.noun) else "right"
                ph = f"the {o.stamp.noun} on the {side}"
                reqs.append(Request(sc, f"remove {ph}", ph, "inpaint_obj", "position", m, [i]))
            elif i == 0:
                ph = f"the {o.stamp.noun}"
                reqs.append(Request(sc, f"remove {ph}", ph, "inpaint_obj", "remove", m, [i]))
            else:
                ph = f"the {o.stamp.noun}"
                reqs.append(Request(sc, f"make {ph} brighter", ph, "brightness", "single", m, [i]))
        uniq = [i for i, n in enumerate(nouns) if nouns.count(n) == 1]
        if len(uniq) >= 2:
            a, b = uniq[:2]
            ph = f"the {nouns[a]} and the {nouns[b]}"
            reqs.append(Request(sc, f"remove {ph}", ph, "inpaint_obj", "several",
                                (objs[a].alpha > 0.5) | (objs[b].alpha > 0.5), [a, b]))
        if len(set(nouns)) < len(nouns):
            n = next(n for n in nouns if nouns.count(n) > 1)
            idx = [i for i, x in enumerate(nouns) if x == n]
            ph = f"both {plural(n)}"
            reqs.append(Request(sc, f"make {ph} warmer", ph, "temperature", "several",
                                np.max(np.stack([objs[i].alpha for i in idx]), axis=0) > 0.5, idx))
        if uniq:
            i = uniq[-1]
            ph = f"everything but the {nouns[i]}"
            reqs.append(Request(sc, f"brighten {ph}", ph, "brightness", "except", ~(objs[i].alpha > 0.5), []))
        reqs.append(Request(sc, "remove the background", "the background", "color_bg", "background", ~union,
                            list(range(len(objs)))))
    return reqs


# ------------------------------------------------------------------ metrics


def iou(pred: np.ndarray, truth: np.ndarray) -> float:
    """Intersection over union of two boolean masks (soft ones are cut at 0.5); 1 when both
    are empty."""
    p = pred > 0.5 if pred.dtype != bool else pred
    t = truth > 0.5 if truth.dtype != bool else truth
    u = float((p | t).sum())
    return float((p & t).sum()) / u if u else 1.0


def pixel_pr(pred: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    p = pred > 0.5 if pred.dtype != bool else pred
    t = truth > 0.5 if truth.dtype != bool else truth
    tp = float((p & t).sum())
    return (tp / float(p.sum()) if p.any() else 0.0), (tp / float(t.sum()) if t.any() else 1.0)


def object_pr(chosen: list[np.ndarray], objects: list[np.ndarray], targets: list[int]) -> tuple[float, float]:
    """Object-level precision/recall: a chosen region counts for the object it mostly covers."""
    if not chosen:
        return 0.0, 0.0
    hits, found = 0, set()
    for c in chosen:
        cb = c > 0.5
        best, best_k = 0.0, -1
        for k, o in enumerate(objects):
            inter = float((cb & o).sum())
            score = inter / max(1.0, float(cb.sum()))  # how much of the chosen region is this object
            if score > best:
                best, best_k = score, k
        if best >= 0.5 and best_k in targets:
            hits += 1
            found.add(best_k)
    return hits / len(chosen), len(found) / max(1, len(targets))


def removal_l1(filled: np.ndarray, clean: np.ndarray, region: np.ndarray) -> float:
    """Mean absolute difference in [0, 1] units over ``region``."""
    d = np.abs(filled.astype(np.float32) - clean.astype(np.float32)) / 255.0
    return float(d[region].mean())


# ------------------------------------------------------------------ run


def _resize_to(m: np.ndarray, h: int, w: int) -> np.ndarray:
    return cv2.resize(m.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR) if m.shape != (h, w) else m


def run(root: Path | None = None, n_scenes: int = 16, seed: int = 0, grounder: Grounder | None = None,
        removal: bool = True, out_dir: Path | None = None, log=None, first: int = 0) -> dict[str, Any]:
    """Run the benchmark on scenes ``first`` .. ``first + n_scenes - 1``; returns a dict of
    numbers (``format_table`` prints it)."""
    from ..ops.inpaint_obj import fill_hole

    root = root or fetch_data()
    g = grounder or Grounder.load()
    scenes = make_scenes(root, n_scenes, seed, first=first)
    reqs = make_requests(scenes)
    cache: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for r in reqs:
        sc = r.scene
        h, w = sc.photo.shape[:2]
        if sc.name not in cache:
            cache[sc.name] = g.proposals(sc.photo)
        props = cache[sc.name]
        grounding = g.ground(r.phrase, r.op, props, (h, w), image=sc.photo)
        region = grounding.region.resized(h, w) if grounding.region is not None else np.zeros((h, w), np.float32)
        largest = max(props, key=lambda p: p.cues.area) if props else None
        subject = next((p for p in props if p.kind == "subject"), None)
        base = {
            "whole": np.ones((h, w), np.float32),
            "largest": largest.mask_at(h, w) if largest is not None else np.zeros((h, w), np.float32),
            "subject": subject.mask_at(h, w) if subject is not None else np.zeros((h, w), np.float32),
        }
        row: dict[str, Any] = {"scene": sc.name, "request": r.text, "kind": r.kind, "words": grounding.words,
                               "placed": grounding.mask is not None, "score": grounding.score,
                               "iou": iou(region, r.truth), **{f"iou_{k}": iou(v, r.truth) for k, v in base.items()}}
        if r.kind == "several":
            row["pixel_pr"] = pixel_pr(region, r.truth)
            row.update({f"pixel_pr_{k}": pixel_pr(v, r.truth) for k, v in base.items()})
            objs = [o.alpha > 0.5 for o in sc.objects]
            row["object_pr"] = object_pr([p.mask_at(h, w) for p in grounding.chosen], objs, r.targets)
        if r.kind == "background":
            kept = 1.0 - region
            fg = ~r.truth
            row["fg_iou"] = iou(kept, fg)
            row.update({f"fg_iou_{k}": iou(1.0 - v, fg) for k, v in base.items() if k != "whole"})
            row["fg_iou_whole"] = iou(np.zeros((h, w), bool), fg)
        if removal and r.op == "inpaint_obj" and r.kind in ("remove", "position"):
            truth_region = cv2.dilate(r.truth.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
            hole = (grounding.mask.resized(h, w) > 0.5) if grounding.mask is not None else np.zeros((h, w), bool)
            oracle = cv2.dilate(r.truth.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15))).astype(bool)
            t = time.perf_counter()
            pm = fill_hole(sc.photo, hole, 0, FILL_QUALITY)
            row["t_patchmatch"] = time.perf_counter() - t
            cvf = fill_hole(sc.photo, hole, 1, FILL_QUALITY)
            row["l1_patchmatch"] = removal_l1(pm, sc.clean, truth_region)
            row["l1_cv2"] = removal_l1(cvf, sc.clean, truth_region)
            row["l1_oracle_patchmatch"] = removal_l1(fill_hole(sc.photo, oracle, 0, FILL_QUALITY), sc.clean, truth_region)
            row["l1_none"] = removal_l1(sc.photo, sc.clean, truth_region)
            row["outside_unchanged"] = bool((pm[~hole] == sc.photo[~hole]).all())
            if out_dir is not None:
                _save_removal(out_dir, r, sc, region, pm)
        rows.append(row)
        if log:
            log(f"{r.text:<48} iou {row['iou']:.2f}  ({grounding.words}; {grounding.message})")
    return summarize(rows, time.perf_counter() - t0)


def _save_removal(out_dir: Path, r: Request, sc: Scene, region: np.ndarray, filled: np.ndarray) -> None:
    from .inspect import overlay

    out_dir.mkdir(parents=True, exist_ok=True)
    tiles = [overlay(sc.photo, region), filled, sc.clean]
    sheet = np.concatenate([cv2.resize(t, (480, round(480 * t.shape[0] / t.shape[1]))) for t in tiles], 1)
    cv2.putText(sheet, r.text, (6, 22), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (255, 255, 255), 2)
    name = re.sub(r"[^a-z0-9]+", "_", f"{sc.name}_{r.text}".lower())
    cv2.imwrite(str(out_dir / f"{name}.png"), cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR))


def summarize(rows: list[dict[str, Any]], seconds: float = 0.0) -> dict[str, Any]:
    def mean(key: str, sel=lambda r: True) -> float | None:
        vals = [r[key] for r in rows if key in r and sel(r)]
        return float(np.mean(vals)) if vals else None

    def mean_pair(key: str, i: int) -> float | None:
        vals = [r[key][i] for r in rows if key in r]
        return float(np.mean(vals)) if vals else None

    methods = ("", "_whole", "_largest", "_subject")
    kinds = sorted({r["kind"] for r in rows})
    out: dict[str, Any] = {
        "requests": len(rows),
        "scenes": len({r["scene"] for r in rows}),
        "placed": float(np.mean([r["placed"] for r in rows])) if rows else 0.0,
        "mean_iou": {m.strip("_") or "grounding": mean(f"iou{m}") for m in methods},
        "iou_by_kind": {k: {m.strip("_") or "grounding": mean(f"iou{m}", lambda r, k=k: r["kind"] == k) for m in methods}
                        for k in kinds},
        "several_pixel_precision": {m.strip("_") or "grounding": mean_pair(f"pixel_pr{m}", 0) for m in methods},
        "several_pixel_recall": {m.strip("_") or "grounding": mean_pair(f"pixel_pr{m}", 1) for m in methods},
        "several_object_precision": mean_pair("object_pr", 0),
        "several_object_recall": mean_pair("object_pr", 1),
        "background_fg_iou": {m.strip("_") or "grounding": mean(f"fg_iou{m}") for m in methods},
        "removal_l1": {k: mean(f"l1_{k}") for k in ("patchmatch", "cv2", "oracle_patchmatch", "none")},
        "removal_outside_unchanged": all(r.get("outside_unchanged", True) for r in rows),
        "removal_seconds_mean": mean("t_patchmatch"),
        "seconds": seconds,
        "rows": rows,
    }
    return out


def format_table(res: dict[str, Any]) -> str:
    def f(v: Any) -> str:
        return "   -  " if v is None else f"{v:6.3f}"

    cols = ("grounding", "whole", "largest", "subject")
    lines = [f"grounding benchmark: {res['requests']} requests on {res['scenes']} composited photos "
             f"({res['placed']:.0%} placed, {res['seconds']:.0f} s)",
             "", f"{'':34}" + "".join(f"{c:>10}" for c in cols)]
    lines.append(f"{'mean IoU (all requests)':34}" + "".join(f"{f(res['mean_iou'][c]):>10}" for c in cols))
    for k, v in res["iou_by_kind"].items():
        lines.append(f"{'  IoU, ' + k:34}" + "".join(f"{f(v[c]):>10}" for c in cols))
    lines.append(f"{'several: pixel precision':34}" + "".join(f"{f(res['several_pixel_precision'][c]):>10}" for c in cols))
    lines.append(f"{'several: pixel recall':34}" + "".join(f"{f(res['several_pixel_recall'][c]):>10}" for c in cols))
    lines.append(f"{'several: object precision/recall':34}{f(res['several_object_precision']):>10} / {f(res['several_object_recall'])}")
    lines.append(f"{'background removal: kept-fg IoU':34}" + "".join(f"{f(res['background_fg_iou'][c]):>10}" for c in cols))
    l1 = res["removal_l1"]
    lines += ["", "object removal, L1 inside the object vs the true background (0..1):",
              f"  grounded mask + PatchMatch {f(l1['patchmatch'])}   grounded mask + cv2.inpaint {f(l1['cv2'])}",
              f"  true mask + PatchMatch     {f(l1['oracle_patchmatch'])}   not removed              {f(l1['none'])}",
              f"  pixels outside the hole unchanged: {res['removal_outside_unchanged']};"
              f" PatchMatch {FILL_QUALITY} fill {f(res['removal_seconds_mean'])} s a hole (960 px scenes)"]
    return "\n".join(lines)


# ------------------------------------------------------------------ real photos


REAL_PHOTOS = {
    "messi5.jpg": ["the man", "the people in the background", "the ball", "the background", "everything but the man"],
    "basketball1.png": ["the man on the left", "the man on the right", "both men", "the ball"],
    "basketball2.png": ["the man on the left", "the people", "the background"],
    "fruits.jpg": ["the orange on the right", "the bowl", "all the oranges"],
    "home.jpg": ["the sky", "the car", "the background"],
}


def run_real(out_dir: Path, root: Path | None = None, grounder: Grounder | None = None) -> list[str]:
    """Ground a few phrases on real photos (Debian ``opencv-doc`` examples) and save sheets:
    proposals, each grounding, and the removal of the first phrase. Returns log lines."""
    from ..ops.inpaint_obj import fill_hole
    from .inspect import overlay, proposals_sheet

    root = root or fetch_data(packages=PACKAGES + ("opencv-doc",))
    data = root / "usr/share/doc/opencv-doc/examples/data"
    g = grounder or Grounder.load()
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, phrases in REAL_PHOTOS.items():
        bgr = cv2.imread(str(data / name))
        if bgr is None:
            continue
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        h, w = rgb.shape[:2]
        props = g.proposals(rgb)
        tiles = [proposals_sheet(props.proxy, props)]
        lines.append(f"{name}: " + ", ".join(f"{p.id}:{p.label}" for p in props))
        for i, ph in enumerate(phrases):
            op = "inpaint_obj" if i == 0 else "brightness"
            gr = g.ground(ph, op, props, (h, w), image=rgb)
            m = gr.region.resized(h, w) if gr.region is not None else np.zeros((h, w), np.float32)
            t = overlay(rgb, m)
            cv2.putText(t, ph if gr.mask is not None else f"{ph}: {gr.message}", (6, 22), cv2.FONT_HERSHEY_SIMPLEX,
                        0.6, (255, 255, 255), 2)
            tiles.append(cv2.resize(t, (props.proxy.shape[1], props.proxy.shape[0])))
            if i == 0 and gr.mask is not None:
                filled = fill_hole(rgb, gr.mask.resized(h, w) > 0.5, 0, "export")
                tiles.append(cv2.resize(filled, (props.proxy.shape[1], props.proxy.shape[0])))
            lines.append(f"  {ph!r} -> {gr.words} score {gr.score:.2f} chosen {[p.id for p in gr.chosen]} {gr.message}")
        rows = [np.concatenate(tiles[i:i + 3] + [np.zeros_like(tiles[0])] * (3 - len(tiles[i:i + 3])), 1)
                for i in range(0, len(tiles), 3)]
        cv2.imwrite(str(out_dir / f"real_{Path(name).stem}.png"), cv2.cvtColor(np.concatenate(rows, 0), cv2.COLOR_RGB2BGR))
    return lines


__all__ = ["fetch_data", "make_scenes", "make_requests", "iou", "pixel_pr", "object_pr", "removal_l1", "run",
           "run_real", "format_table"]
