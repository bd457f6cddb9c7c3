"""Benchmarks that put our numbers next to the peers' (OpenCV, Pillow), measured in one run.

The machines this runs on are shared and noisy, so results are medians of several runs and
the headline numbers are ratios to a peer measured in the same process moments apart.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import cv2
import numpy as np

from .document.layer import Layer
from .render import RenderCache, Renderer, make_proxy
from .render import kernels

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "sample.jpg"

#: The six global operations of the paper, at typical strengths.
PAPER_GLOBAL_STACK = (
    Layer.new("brightness", amount=0.2),
    Layer.new("contrast", amount=0.4),
    Layer.new("saturation", amount=0.3),
    Layer.new("hue", curves=[[1.2, 1.1, 1, 1, 1, 1, 0.9, 0.9], [1.0] * 8, [0.9, 0.9, 1, 1, 1, 1, 1.1, 1.2]]),
    Layer.new("tint", curve=[1.3, 1.2, 1.1, 1.0, 1.0, 0.9, 0.9, 0.8]),
    Layer.new("sharpness", amount=0.5),
)


def median_time(fn: Callable[[], Any], repeat: int = 5, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def test_photo(width: int, height: int, photo: str | None = None) -> np.ndarray:
    """A photographic uint8 RGB image of the given size: the user's photo, or the bundled
    sample resized, with a little sensor-like noise so it is not unnaturally smooth."""
    if photo:
        from .io import read_photo

        rgb = read_photo(photo).rgb
        if rgb.dtype != np.uint8:
            rgb = (rgb // 257).astype(np.uint8)
    else:
        rgb = cv2.cvtColor(cv2.imread(str(SAMPLE)), cv2.COLOR_BGR2RGB)
    big = cv2.resize(rgb, (width, height), interpolation=cv2.INTER_CUBIC)
    noise = np.random.default_rng(0).integers(-3, 4, size=(height // 8, width // 8, 3), dtype=np.int16)
    noise = cv2.resize(noise.astype(np.float32), (width, height), interpolation=cv2.INTER_NEAREST)
    return np.clip(big.astype(np.float32) + noise, 0, 255).astype(np.uint8)


def opencv_chain(img: np.ndarray) -> np.ndarray:
    """OpenCV's uint8 chain: brightness/contrast, HSV saturation, a 3x3 sharpen."""
    out = cv2.convertScaleAbs(img, alpha=1.2, beta=10)
    hsv = cv2.cvtColor(out, cv2.COLOR_RGB2HSV)
    hsv[..., 1] = cv2.multiply(hsv[..., 1], 1.3)
    out = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)
    kernel = np.array([[0, -0.5, 0], [-0.5, 3, -0.5], [0, -0.5, 0]], np.float32)
    return cv2.filter2D(out, -1, kernel)


def pillow_chain(img: np.ndarray) -> np.ndarray:
    from PIL import Image, ImageEnhance

    im = Image.fromarray(img)
    for enhancer, factor in ((ImageEnhance.Brightness, 1.2), (ImageEnhance.Contrast, 1.4),
                             (ImageEnhance.Color, 1.3), (ImageEnhance.Sharpness, 1.5)):
        im = enhancer(im).enhance(factor)
    return np.asarray(im)


def _peak_export_memory(width: int, height: int) -> dict[str, float]:
    """Peak resident memory of a child process exporting a ``width x height`` JPEG through the
    six-layer stack, next to the same child doing everything but the render (the baseline of
    Python, torch and numba)."""
    from .document import EditStack, save

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "big.jpg"
        cv2.imwrite(str(src), cv2.cvtColor(test_photo(width, height), cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 92])
        edits = Path(tmp) / "edits.json"
        save(EditStack(PAPER_GLOBAL_STACK), edits)
        # VmHWM, not ru_maxrss: on Linux ru_maxrss survives exec and would report the size of
        # this (big) parent process at fork time
        code = (
            "import sys\n"
            "from ldie_desktop.document import load\n"
            "from ldie_desktop.render.export import export_photo\n"
            "from ldie_desktop.io import read_photo\n"
            "if sys.argv[1] == 'export':\n"
            "    export_photo(sys.argv[2], list(load(sys.argv[3])), sys.argv[4])\n"
            "else:\n"
            "    read_photo(sys.argv[2])\n"
            "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
            "print(int(hwm.split()[1]))\n"
        )
        peaks = {}
        for what in ("baseline", "export"):
            res = subprocess.run([sys.executable, "-c", code, what, str(src), str(edits), str(Path(tmp) / "out.jpg")],
                                 capture_output=True, text=True, check=True)
            peaks[what] = int(res.stdout.strip().splitlines()[-1]) / 1024.0  # KiB -> MiB
    return {"peak_rss_mb": round(peaks["export"], 1), "baseline_rss_mb": round(peaks["baseline"], 1)}


def bench_render(width: int = 6000, height: int = 4000, photo: str | None = None, repeat: int = 5,
                 memory: bool = True) -> dict[str, Any]:
    img = test_photo(width, height, photo)
    renderer = Renderer(device="cpu")
    stack = list(PAPER_GLOBAL_STACK)

    def ours() -> np.ndarray:
        return kernels.quantize(renderer.render(img, stack, quality="export").rgb)

    t_cv = median_time(lambda: opencv_chain(img), repeat)
    t_pil = median_time(lambda: pillow_chain(img), max(1, repeat // 2))
    t_ours = median_time(ours, repeat)

    # Preview: a 1500x1000 proxy, cached; each run changes one slider of one layer.
    proxy = make_proxy(img, long_side=1500)
    cache = RenderCache()
    key = "bench-proxy"
    renderer.render(proxy.rgb, stack, quality="preview", cache=cache, source_key=key)
    values = iter(np.linspace(0.05, 0.6, 1000))

    def slider() -> None:
        stack[1] = stack[1].with_params(amount=float(next(values)))
        renderer.render(proxy.rgb, stack, quality="preview", cache=cache, source_key=key)

    t_slider = median_time(slider, max(repeat, 9))
    # the same, for a slider of the last (spatial) layer: only that layer re-renders
    def slider_last() -> None:
        stack[5] = stack[5].with_params(amount=float(next(values)))
        renderer.render(proxy.rgb, stack, quality="preview", cache=cache, source_key=key)

    t_slider_last = median_time(slider_last, max(repeat, 9))
    cv_proxy = median_time(lambda: opencv_chain(kernels.quantize(proxy.rgb)), max(repeat, 9))

    result: dict[str, Any] = {
        "image": f"{width}x{height}",
        "megapixels": round(width * height / 1e6, 1),
        "threads": {"torch": __import__("torch").get_num_threads(), "opencv": cv2.getNumThreads()},
        "full_resolution": {
            "opencv_chain_s": round(t_cv, 5),
            "pillow_chain_s": round(t_pil, 5),
            "ours_six_paper_ops_s": round(t_ours, 5),
            "ours_over_opencv": round(t_ours / t_cv, 2),
            "ours_over_pillow": round(t_ours / t_pil, 2),
            "target_ours_over_opencv": 3.0,
        },
        "preview_1500x1000": {
            "slider_change_colour_layer_ms": round(t_slider * 1000, 1),
            "slider_change_last_layer_ms": round(t_slider_last * 1000, 1),
            "opencv_chain_same_size_ms": round(cv_proxy * 1000, 1),
            "target_ms": 40,
        },
    }
    result["effects_full_resolution"] = bench_effects(img, renderer, repeat)
    result["sliders_full_resolution"] = bench_sliders(img, renderer, repeat)
    result["geometry_full_resolution"] = bench_geometry(img, renderer, repeat)
    result["retouch_full_resolution"] = bench_retouch(img, renderer, repeat)
    if memory:
        mem = _peak_export_memory(width, height)
        mem["target_mb"] = 2048
        result["export_memory"] = mem
    return result


def opencv_vignette(img: np.ndarray) -> np.ndarray:
    """The peer's vignette: a radial gain built with numpy, applied with ``cv2.multiply``."""
    h, w = img.shape[:2]
    yy = ((np.arange(h, dtype=np.float32) + 0.5) / h * 2 - 1)[:, None] ** 2
    xx = ((np.arange(w, dtype=np.float32) + 0.5) / w * 2 - 1)[None, :] ** 2
    gain = np.clip(1.0 - 0.5 * np.clip(np.sqrt((xx + yy) * 0.5) - 0.45, 0, None) / 0.55, 0, 1)
    return cv2.multiply(img, cv2.merge([gain, gain, gain]), dtype=cv2.CV_8U)


def opencv_grain(img: np.ndarray) -> np.ndarray:
    """The peer's grain: ``cv2.randn`` noise added with saturation."""
    noise = np.empty(img.shape[:2], np.int16)
    cv2.randn(noise, 0, 10)
    return cv2.add(img.astype(np.int16), cv2.merge([noise, noise, noise]), dtype=cv2.CV_8U)


def bench_effects(img: np.ndarray, renderer: Renderer, repeat: int = 5) -> dict[str, Any]:
    """Vignette, grain and split toning at full resolution, beside the peer's nearest operation
    (a radial gain, ``randn`` noise, a 3x3 colour matrix) on the same photo."""
    def ours(layer: Layer) -> Callable[[], Any]:
        return lambda: kernels.quantize(renderer.render(img, [layer], quality="export").rgb)

    matrix = np.array([[1.05, 0.0, -0.05], [0.0, 1.0, 0.0], [-0.05, 0.02, 1.05]], np.float32)
    rows = {
        "vignette": (ours(Layer("vignette", params={"amount": -0.5})), lambda: opencv_vignette(img)),
        "grain": (ours(Layer("grain", params={"amount": 0.4})), lambda: opencv_grain(img)),
        "split_tone": (ours(Layer("split_tone", params={"shadow_amount": 0.4, "highlight_amount": 0.3})),
                       lambda: cv2.transform(img, matrix)),
    }
    return _beside_opencv(rows, repeat)


def _beside_opencv(rows: dict[str, tuple[Callable[[], Any], Callable[[], Any]]], repeat: int) -> dict[str, Any]:
    """Each row's (ours, OpenCV's) timed moments apart, and their ratio."""
    out: dict[str, Any] = {}
    for name, (fn_ours, fn_peer) in rows.items():
        t_ours, t_peer = median_time(fn_ours, repeat), median_time(fn_peer, repeat)
        out[f"{name}_ours_s"] = round(t_ours, 6)
        out[f"{name}_opencv_s"] = round(t_peer, 6)
        out[f"{name}_ours_over_opencv"] = round(t_ours / t_peer, 2)
    return out


def opencv_clahe(img: np.ndarray) -> np.ndarray:
    """The peer's local tone operation: CLAHE on the L channel of Lab."""
    lab = cv2.cvtColor(img, cv2.COLOR_RGB2LAB)
    lab[..., 0] = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(np.ascontiguousarray(lab[..., 0]))
    return cv2.cvtColor(lab, cv2.COLOR_LAB2RGB)


def opencv_saturation(img: np.ndarray) -> np.ndarray:
    """The peer's saturation: scale S in HSV."""
    hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
    hsv[..., 1] = cv2.multiply(hsv[..., 1], 1.3)
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)


def bench_sliders(img: np.ndarray, renderer: Renderer, repeat: int = 5) -> dict[str, Any]:
    """Highlights & shadows, Clarity, Dehaze and Defringe at full resolution beside OpenCV's
    local tone operation (CLAHE on L), measured once; Vibrance beside an HSV saturation scale."""
    def ours(layer: Layer) -> Callable[[], Any]:
        return lambda: kernels.quantize(renderer.render(img, [layer], quality="export").rgb)

    t_clahe = median_time(lambda: opencv_clahe(img), repeat)
    out: dict[str, Any] = {"opencv_clahe_s": round(t_clahe, 6)}
    for name, layer in (("tone", Layer("tone", params={"highlights": -0.5, "shadows": 0.4})),
                        ("clarity", Layer("clarity", params={"amount": 0.4})),
                        ("dehaze", Layer("dehaze", params={"amount": 0.5, "haze": [0.9, 0.9, 0.92]})),
                        ("defringe", Layer("defringe", params={"purple": 0.8, "green": 0.5}))):
        t = median_time(ours(layer), repeat)
        out[f"{name}_ours_s"] = round(t, 6)
        out[f"{name}_ours_over_clahe"] = round(t / t_clahe, 2)
    t_vib = median_time(ours(Layer("vibrance", params={"amount": 0.4})), repeat)
    t_sat = median_time(lambda: opencv_saturation(img), repeat)
    out.update(vibrance_ours_s=round(t_vib, 6), opencv_hsv_saturation_s=round(t_sat, 6),
               vibrance_ours_over_opencv=round(t_vib / t_sat, 2))
    return out


def opencv_undistort(img: np.ndarray, k1: float) -> np.ndarray:
    """The peer's lens correction: ``cv2.initUndistortRectifyMap`` for a radial k1, then a remap."""
    h, w = img.shape[:2]
    f = float(max(h, w))
    camera = np.array([[f, 0, w / 2], [0, f, h / 2], [0, 0, 1]], np.float64)
    mx, my = cv2.initUndistortRectifyMap(camera, np.array([k1, 0, 0, 0], np.float64), None, camera, (w, h), cv2.CV_32FC1)
    return cv2.remap(img, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def bench_geometry(img: np.ndarray, renderer: Renderer, repeat: int = 5) -> dict[str, Any]:
    """Lens correction (distortion, then a whole profile with fringes and vignetting),
    perspective and a straightening turn at full resolution, beside OpenCV's undistort + remap,
    ``warpPerspective`` and ``warpAffine`` on the same photo."""
    def ours(layer: Layer) -> Callable[[], Any]:
        return lambda: kernels.quantize(renderer.render(img, [layer], quality="export").rgb)

    h, w = img.shape[:2]
    quad = np.float32([[0.1 * w, 0], [0.9 * w, 0], [w, h], [0, h]])
    homography = cv2.getPerspectiveTransform(quad, np.float32([[0, 0], [w, 0], [w, h], [0, h]]))
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), 3.0, 1.05)
    profile = {"k1": 0.09, "k2": -0.22, "k3": 0.12, "ca_red": 0.0003, "ca_blue": 0.0001,
               "v1": -2.1, "v2": 2.7, "v3": -1.3}  # a 10 mm zoom's, as Auto measures it
    rows = {
        "lens_distortion": (ours(Layer("lens", params={"distortion": 0.4})), lambda: opencv_undistort(img, -0.1)),
        "lens_profile": (ours(Layer("lens", params=profile)), lambda: opencv_undistort(img, -0.1)),
        "perspective": (ours(Layer("perspective", params={"vertical": 0.4})),
                        lambda: cv2.warpPerspective(img, homography, (w, h), flags=cv2.INTER_LINEAR)),
        "rotate": (ours(Layer("rotate", params={"angle": 3.0})),
                   lambda: cv2.warpAffine(img, turn, (w, h), flags=cv2.INTER_LINEAR)),
    }
    return _beside_opencv(rows, repeat)


def bench_retouch(img: np.ndarray, renderer: Renderer, repeat: int = 5) -> dict[str, Any]:
    """Spot removal of 20 dust spots beside OpenCV's inpainting (Telea) of the same holes, healing
    them from sources beside OpenCV's Poisson blending (``seamlessClone``) of the same sources, the
    white balance beside a 3x3 colour matrix (``cv2.transform``), a new sky beside a plain
    blend of a gradient by the same mask, and Pixelate beside OpenCV's resize down and up
    pasted by the same mask, at full resolution."""
    from .document import Mask
    from .document.mask import spots_words

    h, w = img.shape[:2]
    rng = np.random.default_rng(0)
    words = spots_words([(0.003, ((float(x), float(y) * 0.5),)) for x, y in rng.random((20, 2))])
    spots = Mask.from_shape(words, (h // 3, w // 3))  # drawn at the preview's size, as in the app
    holes = (spots.resized(h, w) > 0.5).astype(np.uint8) * 255
    sky = np.zeros((h, w), np.float32)
    sky[: h // 2] = 1.0
    gradient = np.linspace(0.3, 0.9, h // 2, dtype=np.float32)[:, None, None] * np.float32([0.8, 0.9, 1.0])

    def ours(layer: Layer) -> Callable[[], Any]:
        return lambda: kernels.quantize(renderer.render(img, [layer], quality="export").rgb)

    def blend() -> np.ndarray:
        out = img.astype(np.float32) / 255.0
        out[: h // 2] = gradient
        return out

    # healing the same spots from sources beside them, as the tool chooses them, beside OpenCV's
    # Poisson blending (seamlessClone) of each source into its spot, on a crop round the two
    from .ops.spot_removal import pick_source

    spot_list = [(0.003, ((float(x), float(y) * 0.5),)) for x, y in rng.random((20, 2))]
    small = cv2.resize(img, (w // 3, h // 3), interpolation=cv2.INTER_AREA)
    sources = [pick_source(small, spot_list, i) for i in range(len(spot_list))]
    heal_words = spots_words(spot_list, sources)
    heal_mask = Mask.from_shape(heal_words, (h // 3, w // 3))
    r = max(6, round(0.003 * max(h, w) * 1.35))  # OpenCV's Poisson solver needs a few pixels

    def poisson() -> np.ndarray:
        out = img.copy()
        for (_, ((fx, fy),)), (dx, dy) in zip(spot_list, sources):
            cx, cy, sx, sy = round(fx * w), round(fy * h), round((fx + dx) * w), round((fy + dy) * h)
            x0, y0 = max(0, min(cx, sx) - 2 * r), max(0, min(cy, sy) - 2 * r)
            x1, y1 = min(w, max(cx, sx) + 2 * r), min(h, max(cy, sy) + 2 * r)
            crop = out[y0:y1, x0:x1]
            patch = np.ascontiguousarray(crop[sy - y0 - r: sy - y0 + r, sx - x0 - r: sx - x0 + r])
            if patch.shape[:2] != (2 * r, 2 * r) or not (r < cx - x0 < x1 - x0 - r and r < cy - y0 < y1 - y0 - r):
                continue
            disk = np.zeros((2 * r, 2 * r), np.uint8)
            cv2.circle(disk, (r, r), r - 1, 255, -1)
            out[y0:y1, x0:x1] = cv2.seamlessClone(patch, np.ascontiguousarray(crop), disk, (cx - x0, cy - y0),
                                                  cv2.NORMAL_CLONE)
        return out

    matrix = np.float32([[0.45, 0, 0], [0, 1, 0], [0, 0, 3.5]])
    rows = {
        "spot_removal": (ours(Layer("spot_removal").replace(mask=spots, place=(("replace", words),))),
                         lambda: cv2.inpaint(img, holes, 5, cv2.INPAINT_TELEA)),
        "spot_heal": (ours(Layer("spot_removal", params={"method": 2.0}).replace(
            mask=heal_mask, place=(("replace", heal_words),))), poisson),
        "white_balance": (ours(Layer("white_balance", params={"light": 4.0})), lambda: cv2.transform(img, matrix)),
        "sky": (ours(Layer("sky").replace(mask=Mask(sky))), blend),
        # blocks of 1.5 % over the upper half, beside the usual OpenCV pixelation: an area
        # downscale, a nearest-neighbour upscale, pasted by the same mask
        "pixelate": (ours(Layer("pixelate", params={"size": 1.5}).replace(mask=Mask(sky))), lambda: pasted_blocks(img, sky)),
    }
    return _beside_opencv(rows, repeat)


def pasted_blocks(img: np.ndarray, mask: np.ndarray, size: float = 1.5) -> np.ndarray:
    """The peer's pixelation: ``img`` shrunk by area to one pixel a block, grown back by
    nearest neighbour, and pasted where ``mask`` is set."""
    h, w = img.shape[:2]
    cell = size * max(h, w) / 100.0
    small = cv2.resize(img, (max(1, round(w / cell)), max(1, round(h / cell))), interpolation=cv2.INTER_AREA)
    blocks = cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)
    out = img.copy()
    inside = mask > 0.5
    out[inside] = blocks[inside]
    return out


def format_report(result: dict[str, Any]) -> str:
    lines = [f"render benchmark, {result['image']} ({result['megapixels']} MP), threads {result['threads']}"]
    for section in ("full_resolution", "preview_1500x1000", "effects_full_resolution", "sliders_full_resolution",
                    "geometry_full_resolution", "retouch_full_resolution", "export_memory"):
        if section in result:
            lines.append(f"  {section}:")
            lines.extend(f"    {k:34s} {v}" for k, v in result[section].items())
    return "\n".join(lines)


def dumps(result: dict[str, Any]) -> str:
    return json.dumps(result, indent=2)
