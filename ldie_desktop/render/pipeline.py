"""The one render path, for the preview (a proxy of the photo) and for full-resolution export.

``render(stage, layers)`` applies the enabled layers in order, each blended with
``lerp(x, op(x), mask * opacity)``. Geometric layers (rotate, flip, crop) run after every tonal
layer, so masks always refer to the original photo (as Lightroom applies its crop last).

Two modes share the same order, blending and caching:

* ``"fast"`` (preview and export): consecutive unmasked pointwise colour layers are fused into
  one pass (exact numba kernels for the built-in operations, otherwise one 3D lookup table baked
  from the reference operations); spatial operations use their OpenCV twins where they have
  one; the rest run the torch reference. Output matches ``"reference"`` within 2/255.
* ``"reference"``: every operation through its differentiable torch function (tests, training).

With a :class:`RenderCache`, the output after each segment is stored under the hash of
everything upstream, so changing one layer re-renders from that layer's segment onwards only.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, field
from typing import Callable, Literal, Sequence

import cv2
import numpy as np
import torch

from ..document.layer import Layer
from ..ops.spec import OpContext
from ..utils.memory import keep_freed_memory
from . import fused, kernels
from .cache import RenderCache, Stage
from .lut import LUT_SIZE, bake

Mode = Literal["fast", "reference"]
Quality = Literal["preview", "export"]
ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

#: Longest side of the preview proxy.
PREVIEW_LONG_SIDE = 2048
#: An export renders its tonal layers in bands of about this many pixels when the photo holds at
#: least two of them (:meth:`Renderer._render_in_bands`); a band is at least this many rows.
BAND_PIXELS = 4_000_000
BAND_MIN_ROWS = 64


class Cancelled(Exception):
    """Raised inside a render when its cancel callback says so."""


def default_device() -> torch.device:
    """CUDA when available, else the CPU; nothing assumes a GPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def image_key(rgb: np.ndarray, alpha: np.ndarray | None = None) -> str:
    """A content hash of a source image (computed once per image by callers that cache)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((rgb.shape, str(rgb.dtype))).encode())
    h.update(np.ascontiguousarray(rgb).data)
    if alpha is not None:
        h.update(np.ascontiguousarray(alpha).data)
    return h.hexdigest()


def make_proxy(rgb: np.ndarray, alpha: np.ndarray | None = None, long_side: int = PREVIEW_LONG_SIDE) -> Stage:
    """Downscale (area average) so the longest side is at most ``long_side``; float32 out."""
    h, w = rgb.shape[:2]
    scale = min(1.0, long_side / max(h, w))
    rgb_f = kernels.to_float(rgb)
    a_f = None if alpha is None else (kernels.to_float(alpha[..., None])[..., 0] if alpha.dtype != np.float32 else alpha)
    if scale >= 1.0:
        return Stage(rgb_f, a_f)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = cv2.resize(rgb_f, size, interpolation=cv2.INTER_AREA)
    small_a = None if a_f is None else cv2.resize(a_f, size, interpolation=cv2.INTER_AREA)
    return Stage(small, small_a)


@dataclass(frozen=True)
class Region:
    """Rendering a window ``[y0:y0+h, x0:x0+w]`` of a ``full_h x full_w`` photo (a 100 % view):
    filters size themselves by the whole photo and masks are cut from the whole-photo mask."""

    full_h: int
    full_w: int
    y0: int
    x0: int


#: A fill of spots renders by parts only while its spots reach less than this part of the long side.
SPOTS_REACH = 0.2


def spots_reach(layer: Layer, long_side: int) -> int | None:
    """Pixels round a part of the photo that a fill masked by spots (a Spot removal layer, its
    place spots: ``document.mask.place_spots``) needs to fill that part as the whole photo does:
    each spot touching it, and the context its fill reads (``inpaint_obj.MARGIN`` of its size
    round it). None when its mask is not spots, or they are too big to render by parts."""
    from ..document.mask import SPOT_FEATHER, place_spot_sources, place_spots
    from ..ops.inpaint_obj import MARGIN
    from ..ops.spot_removal import CLONE, HEAL, source_reach

    spots = place_spots(layer.place)
    if spots is None:
        return None
    copies = int(layer.params.get("method", 0)) in (HEAL, CLONE)
    sources = place_spot_sources(layer.place) + [None] * len(spots)
    reach = 0.0
    for (radius, path), source in zip(spots, sources):
        xs, ys = [x for x, _ in path], [y for _, y in path]
        extent = (max(max(xs) - min(xs), max(ys) - min(ys)) + 2 * radius * (1 + SPOT_FEATHER)) * long_side + 2
        reach = max(reach, extent * (1 + MARGIN) + 10)
        if copies:  # a heal or a clone reads its source, and a source is chosen from round the spot
            reach = max(reach, extent + source_reach((radius, path), source, long_side, long_side) + 10)
    return None if reach > SPOTS_REACH * long_side else int(np.ceil(reach))


def _spots_extra(layer: Layer) -> dict:
    """What a fill masked by spots is told of them besides its mask: each spot and its source (a
    heal or a clone copies from there), for ``OpContext.extra``; empty for any other layer."""
    if not layer.operation.whole_photo:
        return {}
    from ..document.mask import place_spot_sources, place_spots

    spots = place_spots(layer.place)
    return {} if spots is None else {"spots": spots, "sources": place_spot_sources(layer.place)}


def _reach(layer: Layer, long_side: int) -> int | None:
    op = layer.operation
    if not layer.is_active():
        return 0
    if op.geometric:
        return None
    if op.whole_photo:
        return spots_reach(layer, long_side)
    return op.reach(layer.params, long_side)


def region_margin(layers: Sequence[Layer], long_side: int) -> int:
    """Pixels of context a region needs around it so its inside renders as in the whole photo."""
    return sum(_reach(l, long_side) or 0 for l in layers if l.enabled)


def region_supported(layers: Sequence[Layer], long_side: int | None = None) -> bool:
    """Geometry moves pixels and a fill needs its whole hole: those render whole, except a fill
    of small spots on a photo of ``long_side`` (:func:`spots_reach`)."""
    return not any(l.is_active() and (l.operation.geometric or l.operation.whole_photo and (
        long_side is None or spots_reach(l, long_side) is None)) for l in layers)


#: The size (pixels) of the stand-in photo :func:`crop_view` measures fractions on.
_VIEW_SIDE = 10000


def crop_view(layers: Sequence[Layer]) -> tuple[float, float, float, float] | None:
    """The part of the photo the finished picture shows after the active geometric ``layers``
    (crops, through flips and turns), as ``(top, left, bottom, right)`` fractions of the photo:
    the box around the picture's corners taken back through :func:`source_point` (a
    straightened picture's turned corners reach the photo's edges); ``None`` when no layer
    crops, turns or flips it."""
    geo = _geometry(layers)
    if not geo:
        return None
    h, w = output_size(geo, (_VIEW_SIDE, _VIEW_SIDE))
    corners = [source_point(geo, (_VIEW_SIDE, _VIEW_SIDE), x, y) for x, y in ((0, 0), (w, 0), (0, h), (w, h))]
    xs, ys = [c[0] / _VIEW_SIDE for c in corners], [c[1] / _VIEW_SIDE for c in corners]
    return max(0.0, min(ys)), max(0.0, min(xs)), min(1.0, max(ys)), min(1.0, max(xs))


def _geometry(layers: Sequence[Layer]) -> list[Layer]:
    return [l for l in layers if l.is_active() and l.operation.geometric]


def output_size(layers: Sequence[Layer], size: tuple[int, int]) -> tuple[int, int]:
    """``(h, w)`` of the finished picture for a photo of ``size`` ``(h, w)``: what the stack's
    crops and turns leave."""
    h, w = size
    for layer in _geometry(layers):
        h, w = layer.operation.output_size((h, w), layer.params)
    return h, w


def through_geometry(mask: np.ndarray, layers: Sequence[Layer]) -> np.ndarray:
    """A mask of the photo ``(H, W)`` as it lies in the finished picture after the stack's
    crops, turns and flips (what a mask overlay on the cropped preview shows)."""
    geo = _geometry(layers)
    if not geo:
        return mask
    t = torch.from_numpy(np.ascontiguousarray(mask, np.float32))[None, None]
    ctx = OpContext(long_side=int(max(mask.shape[:2])))
    with torch.no_grad():
        for layer in geo:
            t = layer.operation.apply(t, layer.operation.to_tensors(layer.params), ctx)
    return t[0, 0].numpy()


def source_point(layers: Sequence[Layer], size: tuple[int, int], x: float, y: float) -> tuple[float, float]:
    """Where the point ``(x, y)`` of the finished picture lies in the photo, both in pixels of a
    rendering of the photo at ``size`` ``(h, w)``: the stack's crops, turns and flips undone (a
    brush on the cropped preview paints the photo's mask): each geometric operation's
    :meth:`~ldie_desktop.ops.spec.Operation.source_point`, last first."""
    steps, (h, w) = [], size
    for layer in _geometry(layers):
        steps.append((layer, (h, w)))
        h, w = layer.operation.output_size((h, w), layer.params)
    for layer, (h, w) in reversed(steps):
        x, y = layer.operation.source_point(layer.params, (h, w), x, y)
    return x, y


@dataclass
class RenderStats:
    """What the last render did: which layers it computed (by id) and how many it reused."""

    computed: list[str] = field(default_factory=list)
    reused: int = 0
    segments: int = 0
    bands: int = 0  # an export rendered by bands of rows: how many


def _to_tensor(a: np.ndarray, device: torch.device) -> torch.Tensor:
    with warnings.catch_warnings():  # cached stages are read-only; the operations never write in place
        warnings.simplefilter("ignore", UserWarning)
        t = torch.from_numpy(np.ascontiguousarray(a))
    if t.dim() == 2:
        t = t[..., None]
    return t.permute(2, 0, 1)[None].to(device)


def _to_numpy(t: torch.Tensor) -> np.ndarray:
    return t[0].permute(1, 2, 0).contiguous().cpu().numpy()


class Renderer:
    """Renders a list of layers over an image. Thread-safe if each thread passes its own cache
    (or the same cache: :class:`RenderCache` locks)."""

    def __init__(self, device: torch.device | str | None = None) -> None:
        self.device = torch.device(device) if device is not None else default_device()
        self.stats = RenderStats()
        self.fell_back_to_cpu = False
        keep_freed_memory()

    # ------------------------------------------------------------------ planning
    @staticmethod
    def active_layers(layers: Sequence[Layer]) -> list[Layer]:
        """Enabled layers that change something, geometric ones moved after the tonal ones; the
        light a geometric one changes by where a pixel sat in the camera's frame (a lens's
        vignetting: ``Operation.shading``) goes before them all, as a copy of the layer with only
        that part."""
        active = [l for l in layers if l.is_active()]
        light: list[Layer] = []
        shape: list[Layer] = []
        for layer in (l for l in active if l.operation.geometric):
            split = layer.operation.shading(layer.params)
            if split is None:
                shape.append(layer)
                continue
            light.append(layer.replace(params=split[0]))
            rest = layer.replace(params=split[1])
            if rest.is_active():
                shape.append(rest)
        return light + [l for l in active if not l.operation.geometric] + shape

    @staticmethod
    def segments(layers: Sequence[Layer], mode: Mode) -> list[list[Layer]]:
        """Group layers into render steps: runs of unmasked pointwise layers fuse in fast mode."""
        out: list[list[Layer]] = []
        for layer in layers:
            fusable = mode == "fast" and layer.operation.pointwise and layer.mask is None
            if fusable and out and out[-1][0].operation.pointwise and out[-1][0].mask is None:
                out[-1].append(layer)
            else:
                out.append([layer])
        return out

    # ------------------------------------------------------------------ rendering
    def render(
        self,
        rgb: np.ndarray,
        layers: Sequence[Layer],
        *,
        alpha: np.ndarray | None = None,
        mode: Mode = "fast",
        quality: Quality = "export",
        cache: RenderCache | None = None,
        source_key: str | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        region: Region | None = None,
        source_long_side: int | None = None,
        framed_by: Sequence[Layer] | None = None,
    ) -> Stage:
        """Apply ``layers`` to ``rgb`` ``(H, W, 3)`` (uint8, uint16 or float32 in [0, 1]); with
        ``region``, ``rgb`` is that window of a larger photo (see :class:`Region`);
        ``source_long_side``: ``rgb`` is a smaller copy (a preview proxy) of a photo this long
        (``OpContext.source_long_side``); ``framed_by``: the stack whose crops frame the picture
        (post-crop effects), when ``layers`` is a part of it.

        A large photo's export (fast mode, no cache, the whole photo) renders its tonal layers a
        band of rows at a time (:meth:`_render_in_bands`): the same picture in a fraction of the
        memory.

        Returns float32 RGB and alpha (``None`` unless the source had alpha or a layer made
        some of it transparent). Raises :class:`Cancelled` when ``cancel()`` turns true.
        """
        if region is None and cache is None and mode == "fast" and quality == "export" \
                and rgb.shape[0] * rgb.shape[1] >= 2 * BAND_PIXELS:
            banded = self._render_in_bands(rgb, layers, alpha, progress, cancel, source_long_side)
            if banded is not None:
                return banded
        active = self.active_layers(layers)
        steps = self.segments(active, mode)
        stats = RenderStats(segments=len(steps))
        self.stats = stats
        long_side = int(max(rgb.shape[:2])) if region is None else max(region.full_h, region.full_w)
        view = crop_view(self.active_layers(framed_by) if framed_by is not None else active)

        keys: list[str] = []
        if cache is not None:
            key = source_key or image_key(rgb, alpha)
            key = hashlib.blake2b(f"{key}|{mode}|{quality}".encode(), digest_size=16).hexdigest()
            for seg in steps:
                # a post-crop effect changes with the crop that runs after it
                after = repr(view) if any(l.operation.post_crop for l in seg) else ""
                key = hashlib.blake2b((key + "".join(l.fingerprint for l in seg) + after).encode(),
                                      digest_size=16).hexdigest()
                keys.append(key)

        stage = Stage(rgb, alpha)
        start = 0
        if cache is not None:
            for i in range(len(steps) - 1, -1, -1):
                hit = cache.get(keys[i])
                if hit is not None:
                    stage, start = hit, i + 1
                    stats.reused = sum(len(s) for s in steps[:start])
                    break

        total = len(steps)
        for i in range(start, total):
            if cancel is not None and cancel():
                raise Cancelled()
            seg = steps[i]
            stage = self._run_segment(seg, stage, mode, quality, long_side, region, view, source_long_side)
            stats.computed.extend(l.id for l in seg)
            if cache is not None:
                cache.put(keys[i], stage)
            if progress is not None:
                progress(i + 1, total)
        if cancel is not None and cancel():
            raise Cancelled()

        out_rgb = kernels.to_float(stage.rgb)
        out_a = stage.alpha
        if out_a is not None and out_a.dtype != np.float32:
            out_a = kernels.to_float(out_a[..., None])[..., 0]
        return Stage(out_rgb, out_a)

    def _render_in_bands(self, rgb: np.ndarray, layers: Sequence[Layer], alpha: np.ndarray | None,
                         progress: ProgressFn | None, cancel: CancelFn | None,
                         source_long_side: int | None) -> Stage | None:
        """An export's tonal layers rendered a band of about :data:`BAND_PIXELS` at a time, each
        band with the rows round it its filters read (:func:`region_margin`) and cut from the
        masks as a 100 % view is, then its geometric layers on the whole result: what
        :meth:`render` gives, in less memory (a 54 MP masked blur peaks at 2.5 GB, 3.9 GB at
        once). None when the stack cannot render by parts (a fill of a whole region, a lens's
        vignetting, which sits before the tonal layers), or the margins would cost more than the
        bands save: the caller renders the whole photo at once."""
        active = self.active_layers(layers)
        split = next((i for i, l in enumerate(active) if l.operation.geometric), len(active))
        tonal, geometry = active[:split], active[split:]
        h, w = rgb.shape[:2]
        long_side = max(h, w)
        if not tonal or not region_supported(tonal, long_side):
            return None
        if all(l.operation.pointwise and l.mask is None for l in tonal):
            return None  # one fused pass over the photo is as lean as bands
        margin = region_margin(tonal, long_side)
        rows = max(BAND_MIN_ROWS, BAND_PIXELS // w, 4 * margin)
        if 2 * rows > h:
            return None
        bands = -(-h // rows)
        total = bands + (1 if geometry else 0)
        out = np.empty((h, w, 3), np.float32)
        out_alpha: np.ndarray | None = None
        segments = len(self.segments(active, "fast"))
        for i in range(bands):
            if cancel is not None and cancel():
                raise Cancelled()
            y0, y1 = i * rows, min(h, (i + 1) * rows)
            ya, yb = max(0, y0 - margin), min(h, y1 + margin)
            part = self.render(rgb[ya:yb], tonal, alpha=None if alpha is None else alpha[ya:yb], quality="export",
                               region=Region(h, w, ya, 0), source_long_side=source_long_side, framed_by=active)
            out[y0:y1] = part.rgb[y0 - ya: y1 - ya]
            if part.alpha is not None:
                if out_alpha is None:  # made transparent here first: the bands before are opaque
                    out_alpha = np.ones((h, w), np.float32)
                out_alpha[y0:y1] = part.alpha[y0 - ya: y1 - ya]
            del part
            if progress is not None:
                progress(i + 1, total)
        stage = Stage(out, out_alpha)
        if geometry:
            if cancel is not None and cancel():
                raise Cancelled()
            stage = self.render(out, geometry, alpha=out_alpha, quality="export", framed_by=active)
            if progress is not None:
                progress(total, total)
        self.stats = RenderStats(segments=segments, computed=[l.id for l in active], bands=bands)
        return stage

    def _run_segment(self, seg: list[Layer], stage: Stage, mode: Mode, quality: Quality, long_side: int,
                     region: Region | None = None, view: tuple[float, float, float, float] | None = None,
                     source_long_side: int | None = None) -> Stage:
        first = seg[0]
        op = first.operation
        h, w = stage.rgb.shape[:2]
        if mode == "fast" and op.pointwise and first.mask is None:
            if fused.can_fuse(seg):
                return Stage(fused.apply_fused(stage.rgb, seg), stage.alpha)
            return Stage(kernels.apply_lut(stage.rgb, bake(seg, LUT_SIZE[quality])), stage.alpha)

        layer = first  # every other segment holds exactly one layer
        x = kernels.to_float(stage.rgb)
        alpha = stage.alpha
        if alpha is not None and alpha.dtype != np.float32:
            alpha = kernels.to_float(alpha[..., None])[..., 0]

        if op.geometric:
            return self._run_geometric(layer, x, alpha, long_side, mode)

        if layer.mask is None:
            mask = None
        elif region is None:
            mask = layer.mask.resized(h, w)
        else:
            mask = layer.mask.region(region.full_h, region.full_w, region.y0, region.x0, h, w)
        frame = None if region is None else (region.full_h, region.full_w, region.y0, region.x0)
        source = source_long_side if source_long_side is not None and source_long_side > long_side else None
        ctx = OpContext(long_side=long_side, quality=quality, frame=frame, view=view, source_long_side=source,
                        extra=_spots_extra(layer))
        if mode == "fast" and op.pointwise:  # a masked pointwise layer: fused (or a table), then blend
            full = [layer.replace(opacity=1.0, mask=None)]
            y = (fused.apply_fused(stage.rgb, full) if fused.can_fuse(full)
                 else kernels.apply_lut(stage.rgb, bake(full, LUT_SIZE[quality])))
        else:
            y = op.apply_fast(x, layer.params, ctx) if mode == "fast" else None
            if y is None:
                y = self._reference(layer, x, mask, ctx)
        weight = None if mask is None else mask * np.float32(layer.opacity)
        if weight is None and layer.opacity == 1.0:
            out = y
        elif weight is None:
            out = kernels.blend(x, y, np.full((h, w), layer.opacity, np.float32))
        else:
            out = kernels.blend(x, y, weight)
        if op.name == "color_bg" and weight is not None and layer.params.get("transparent", 0) >= 0.5:
            base = alpha if alpha is not None else np.ones((h, w), np.float32)
            alpha = base * (1.0 - weight)
        return Stage(out, alpha)

    def _on_device(self, fn: Callable[[torch.device], np.ndarray]) -> np.ndarray:
        """Run ``fn(device)``; if the GPU runs out of memory, continue on the CPU from now on
        (``fell_back_to_cpu`` tells the app to say so)."""
        try:
            with torch.no_grad():
                return fn(self.device)
        except torch.OutOfMemoryError:
            if self.device.type == "cpu":
                raise
            torch.cuda.empty_cache()
            self.device = torch.device("cpu")
            self.fell_back_to_cpu = True
            with torch.no_grad():
                return fn(self.device)

    def _reference(self, layer: Layer, x: np.ndarray, mask: np.ndarray | None, ctx: OpContext) -> np.ndarray:
        op = layer.operation

        def run(device: torch.device) -> np.ndarray:
            xt = _to_tensor(x, device)
            mt = None if mask is None else _to_tensor(mask, device)
            c = OpContext(long_side=ctx.long_side, mask=mt, quality=ctx.quality, frame=ctx.frame, view=ctx.view,
                          extra=ctx.extra)
            return _to_numpy(op.apply(xt, op.to_tensors(layer.params, device=device), c))

        return self._on_device(run)

    def _run_geometric(self, layer: Layer, x: np.ndarray, alpha: np.ndarray | None, long_side: int,
                       mode: Mode = "fast") -> Stage:
        """A geometric layer on the colours with the alpha as a fourth channel (it moves with
        them); its fast path, if it has one, is given the same ``(H, W, 3 or 4)`` stack."""
        op = layer.operation
        stacked = x if alpha is None else np.concatenate([x, alpha[..., None]], axis=2)

        def run(device: torch.device) -> np.ndarray:
            t = _to_tensor(stacked, device)
            return _to_numpy(op.apply(t, op.to_tensors(layer.params, device=device), OpContext(long_side=long_side)))

        y = op.apply_fast(stacked, layer.params, OpContext(long_side=long_side)) if mode == "fast" else None
        if y is None:
            y = self._on_device(run)
        if alpha is None:
            return Stage(np.ascontiguousarray(y), None)
        return Stage(np.ascontiguousarray(y[..., :3]), np.ascontiguousarray(y[..., 3]))


def render_tensor(x: torch.Tensor, layers: Sequence[Layer], *, quality: Quality = "export") -> torch.Tensor:
    """The differentiable reference on a batch ``(B, 3, H, W)`` (same layers for each image):
    what training and gradient checks use. Masks are resized to the tensor's size."""
    long_side = int(max(x.shape[-2:]))
    h, w = x.shape[-2:]
    active = Renderer.active_layers(layers)
    view = crop_view(active)
    for layer in active:
        op = layer.operation
        mask = None
        if layer.mask is not None:
            mask = torch.from_numpy(layer.mask.resized(h, w)).to(x)[None, None]
        ctx = OpContext(long_side=long_side, mask=mask, quality=quality, view=view)
        y = op.apply(x, op.to_tensors(layer.params, device=x.device, dtype=x.dtype), ctx)
        if op.geometric:
            x = y
            continue
        weight = mask * layer.opacity if mask is not None else layer.opacity
        x = torch.lerp(x, y, weight) if not (mask is None and layer.opacity == 1.0) else y
    return x
