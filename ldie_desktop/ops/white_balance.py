"""White balance by the light's colour: As shot, Daylight, Cloudy, Shade, Tungsten, Fluorescent,
Flash, or a temperature in kelvin and a tint (Lightroom's and darktable's white balance).

A raw is developed for the light the camera measured (as shot). Choosing another light is, for
the sensor, other channel multipliers; done on the developed picture it is the same change
carried into linear sRGB through the camera's own matrix: ``sRGB' = C diag(new / shot) C^-1 sRGB``
with ``C`` LibRaw's camera-to-sRGB matrix, so a raw's white balance acts as in a raw converter
(except on what the sensor clipped). The camera's numbers come with the photo
(``io._metadata.camera_colour``: measured when the layer is made, kept with it). A photo that is
not a raw is taken as shot under 6500 K light through sRGB's own primaries, so the kelvin are
relative to that: a JPEG's "Tungsten" cools it as much as a raw's.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import torch
from kornia.color import linear_rgb_to_rgb, rgb_to_linear_rgb
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec

#: The lights, and what each is (kelvin, tint); "as shot" changes nothing, "custom" is the sliders.
PRESETS: dict[str, tuple[float, float] | None] = {
    "as shot": None, "daylight": (5500.0, 0.0), "cloudy": (6500.0, 0.0), "shade": (7500.0, 0.0),
    "tungsten": (2850.0, 0.0), "fluorescent": (3800.0, 21.0), "flash": (5500.0, 0.0), "custom": None,
}
PRESET_NAMES = tuple(PRESETS)
#: Tint: how far from the Planckian locus one unit moves the light, in CIE 1960 uv (+ magenta).
TINT_DUV = 0.0003
#: Linear sRGB (D65) to CIE XYZ.
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
#: A photo without the camera's numbers: sRGB's primaries as the camera's, shot at 6500 K.
PLAIN_CAMERA = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]


def planckian_xy(kelvin: float) -> tuple[float, float]:
    """The chromaticity of a black body at ``kelvin`` (Kim et al.'s cubic fit, 1667-25000 K)."""
    t = float(np.clip(kelvin, 1667.0, 25000.0))
    if t <= 4000:
        x = -0.2661239e9 / t**3 - 0.2343589e6 / t**2 + 0.8776956e3 / t + 0.179910
    else:
        x = -3.0258469e9 / t**3 + 2.1070379e6 / t**2 + 0.2226347e3 / t + 0.240390
    if t <= 2222:
        y = -1.1063814 * x**3 - 1.34811020 * x**2 + 2.18555832 * x - 0.20219683
    elif t <= 4000:
        y = -0.9549476 * x**3 - 1.37418593 * x**2 + 2.09137015 * x - 0.16748867
    else:
        y = 3.0817580 * x**3 - 5.87338670 * x**2 + 3.75112997 * x - 0.37001483
    return x, y


def _uv(x: float, y: float) -> tuple[float, float]:
    d = -2 * x + 12 * y + 3
    return 4 * x / d, 6 * y / d


def _xy(u: float, v: float) -> tuple[float, float]:
    d = 2 * u - 8 * v + 4
    return 3 * u / d, 2 * v / d


def light_xyz(kelvin: float, tint: float) -> np.ndarray:
    """CIE XYZ (Y 1) of the light ``kelvin`` with ``tint`` (+ magenta, below the locus)."""
    u0, v0 = _uv(*planckian_xy(kelvin))
    u1, v1 = _uv(*planckian_xy(kelvin * 1.01))
    tu, tv = u1 - u0, v1 - v0
    n = np.hypot(tu, tv) or 1.0
    nu, nv = -tv / n, tu / n  # the normal pointing to green (up in v)
    if nv < 0:
        nu, nv = -nu, -nv
    x, y = _xy(u0 - tint * TINT_DUV * nu, v0 - tint * TINT_DUV * nv)
    return np.array([x / y, 1.0, (1 - x - y) / y])


def _camera(numbers: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The camera's matrix, as-shot and daylight multipliers; sRGB's own (:data:`PLAIN_CAMERA`)
    for none, or for numbers no camera has (a matrix that cannot be inverted, a multiplier <= 0)."""
    nums = np.asarray(numbers, np.float64).reshape(-1)
    if nums.size != 15 or not np.all(np.isfinite(nums)) or np.any(nums[9:] <= 0) \
            or abs(np.linalg.det(nums[:9].reshape(3, 3))) < 1e-6:
        nums = np.asarray(PLAIN_CAMERA)
    return nums[:9].reshape(3, 3), nums[9:12], nums[12:15]


def multipliers(numbers: Any, xyz: np.ndarray) -> np.ndarray:
    """The channel multipliers (green 1) that make a light of CIE ``xyz`` white for the camera
    whose numbers (:data:`~ldie_desktop.io._metadata.CAMERA_COLOUR`) are ``numbers``."""
    matrix, _, daylight = _camera(numbers)
    # the camera's response to a light: its sRGB colour through the camera's matrix, each channel
    # scaled as its daylight multiplier says (LibRaw's matrix has white balanced rows)
    srgb = np.linalg.solve(SRGB_TO_XYZ, xyz)
    raw = np.linalg.solve(matrix, srgb) / daylight
    mul = 1.0 / np.maximum(raw, 1e-6)
    return mul / mul[1]


def shot_light(numbers: Any) -> tuple[float, float]:
    """(kelvin, tint) of the light the photo was developed for (6500 K, 0 without the camera's
    numbers): the as-shot white's chromaticity, McCamy's temperature, its distance off the locus."""
    matrix, shot, daylight = _camera(numbers)
    srgb = matrix @ (daylight / shot)
    xyz = SRGB_TO_XYZ @ srgb
    u, v = _uv(xyz[0] / xyz.sum(), xyz[1] / xyz.sum())
    # the locus's nearest point, searched in mireds (even steps of how the eye sees colour change)
    mireds = np.linspace(1e6 / 25000, 1e6 / 2000, 400)
    for _ in range(3):
        d = [np.hypot(*np.subtract(_uv(*planckian_xy(1e6 / m)), (u, v))) for m in mireds]
        best = mireds[int(np.argmin(d))]
        step = mireds[1] - mireds[0]
        mireds = np.linspace(max(best - 2 * step, 40.0), min(best + 2 * step, 500.0), 40)
    kelvin = float(1e6 / best)
    # the tint that lands on the as-shot white from there (the side: green above, magenta below)
    lo, hi = -200.0, 200.0
    for _ in range(50):
        mid = (lo + hi) / 2
        x, y, z = light_xyz(kelvin, mid)
        _, vm = _uv(x / (x + y + z), y / (x + y + z))
        lo, hi = (mid, hi) if vm > v else (lo, mid)
    return kelvin, float((lo + hi) / 2)


def correction(numbers: Any, kelvin: float, tint: float) -> np.ndarray:
    """The 3x3 matrix on linear sRGB that turns a picture developed as shot into one developed
    for the light (``kelvin``, ``tint``), its brightness kept (green's multiplier unchanged)."""
    matrix, shot, _ = _camera(numbers)
    ratio = multipliers(numbers, light_xyz(kelvin, tint)) / shot
    ratio = ratio / ratio[1]
    return matrix @ np.diag(ratio) @ np.linalg.inv(matrix)


def edited(values: Mapping[str, Any], name: str, value: Any) -> dict[str, Any]:
    """The parameters to set when the user sets ``name`` to ``value`` in the editor, as in
    Lightroom's panel: a light chosen shows its kelvin and tint on the sliders (As shot: the
    photo's own), and moving a slider makes the light Custom."""
    out: dict[str, Any] = {name: value}
    if name == "light":
        chosen = PRESET_NAMES[int(value)]
        if chosen != "custom":
            preset = PRESETS[chosen]
            kelvin, tint = preset if preset is not None else shot_light(values["camera"])
            out.update(temperature=float(min(12000.0, max(2000.0, round(kelvin / 50) * 50))),
                       tint=float(min(100.0, max(-100.0, round(tint)))))
    elif name in ("temperature", "tint"):
        out["light"] = float(PRESET_NAMES.index("custom"))
    return out


class WhiteBalance(Operation):
    name = "white_balance"
    label = "White balance"
    description = ("The light the photo was taken in: As shot, Daylight, Cloudy, Shade, Tungsten, Fluorescent, "
                   "Flash, or Custom kelvin and tint; for a raw through the camera's own colour.")
    differentiable = False
    pointwise = True  # one colour in, one out: the renderer bakes it into a lookup table
    measured = ("camera",)
    measured_label = "camera"
    strengths = ()
    params = (
        ParamSpec("light", 0, len(PRESETS) - 1, 0, "", "the light it was taken in (As shot changes nothing; Custom: "
                  "the sliders)", kind="choice", step=1, choices=PRESET_NAMES),
        ParamSpec("temperature", 2000.0, 12000.0, 5500.0, "K", "Custom: the light's colour temperature", step=50.0),
        ParamSpec("tint", -100.0, 100.0, 0.0, "", "Custom: + magenta, - green", step=1.0),
        ParamSpec("camera", -1000.0, 1000.0, 0.0, "", "measured: the camera's matrix to sRGB and its as-shot and "
                  "daylight multipliers (zeros: sRGB's, shot at 6500 K)", kind="data", shape=(15,)),
    )

    @classmethod
    def is_identity(cls, values: Mapping[str, Any]) -> bool:
        return PRESET_NAMES[int(cls.validate(values)["light"])] == "as shot"

    @classmethod
    def measure(cls, image: Any, exif: bytes | None = None) -> dict[str, Any]:
        from ..io._metadata import camera_colour

        numbers = camera_colour(exif)
        return {"camera": numbers if numbers is not None else [0.0] * 15}

    @classmethod
    def light(cls, values: Mapping[str, Any]) -> tuple[float, float] | None:
        """(kelvin, tint) of the light ``values`` choose; None for As shot."""
        name = PRESET_NAMES[int(values["light"])]
        if name == "custom":
            return float(values["temperature"]), float(values["tint"])
        return PRESETS[name]

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        out = []
        for b in range(x.shape[0]):
            values = {k: (v[i].tolist() if v.dim() > 1 else float(v[i]))
                      for k, v in params.items() for i in [b if v.shape[0] > 1 else 0]}
            chosen = cls.light(values)
            if chosen is None:
                out.append(x[b])
                continue
            m = torch.as_tensor(correction(values["camera"], *chosen), dtype=x.dtype, device=x.device)
            lin = rgb_to_linear_rgb(x[b].clamp(0.0, 1.0))  # kornia's sRGB curves, as the lens's vignetting
            out.append(linear_rgb_to_rgb(torch.einsum("ij,jhw->ihw", m, lin).clamp(0.0, 1.0)))
        return torch.stack(out)
