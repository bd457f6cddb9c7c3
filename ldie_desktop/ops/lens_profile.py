"""A photo's lens corrections, measured from the lensfun database for the camera and lens its
EXIF names (Lightroom's "Enable Profile Corrections", darktable's lens correction).

lensfun (through lensfunpy, which ships the database: about 1,300 lenses) knows each
calibrated lens's distortion, lateral chromatic aberration and vignetting at every focal length
and aperture. Its correction of this photo is sampled on a small grid and fitted with the
``lens`` operation's own radial models (``ops/lens.py``), so the layer carries plain numbers:
the edit file renders anywhere, with no database, and a user can still adjust them.
"""

from __future__ import annotations

import functools
import math
import threading
from dataclasses import dataclass

import numpy as np

from ..io._metadata import EXIF_IFD, F_NUMBER, FOCAL_LENGTH, LENS_MODEL, MAKE, MODEL, SUBJECT_DISTANCE
#: The grid lensfun's correction is sampled on (its long side, in points).
GRID = 160
#: lensfun's score for a name that matches exactly.
EXACT = 200
#: A fitted model further than this from lensfun's own mapping (in parts of the half-diagonal)
#: is not used.
MAX_FIT_ERROR = 2e-3


class LensProfileError(ValueError):
    """No correction can be measured; ``str(e)`` is one line to show the user."""


@dataclass(frozen=True)
class LensInfo:
    """What the photo's EXIF says about how it was taken."""

    make: str
    model: str
    lens: str
    focal: float  # mm, 0 if unknown
    aperture: float  # f-number, 0 if unknown
    distance: float  # metres, 0 if unknown

    @property
    def camera(self) -> str:
        model = self.model
        return model if model.lower().startswith(self.make.lower()) else f"{self.make} {model}".strip()


@dataclass(frozen=True)
class Profile:
    """The ``lens`` operation's measured parameters, and what they were measured for."""

    params: dict[str, float]
    lens: str  # lensfun's name for the lens
    camera: str
    focal: float
    aperture: float

    def summary(self) -> str:
        corrected = [name for name, keys in (("distortion", ("k1", "k2", "k3")),
                                              ("colour fringes", ("ca_red", "ca_blue")),
                                              ("vignetting", ("v1", "v2", "v3")))
                     if any(self.params.get(k, 0.0) for k in keys)]
        aperture = f" f/{self.aperture:g}" if self.aperture else ""
        return (f"{self.lens} at {self.focal:g} mm{aperture}: "
                f"{', '.join(corrected) if corrected else 'nothing to correct'}")


def _text(v: object) -> str:
    if isinstance(v, bytes):
        v = v.decode("utf-8", "replace")
    return str(v).strip().strip("\x00").strip() if v is not None else ""


def _number(v: object) -> float:
    try:
        x = float(v)  # type: ignore[arg-type]  # IFDRational, int, float
    except (TypeError, ValueError, ZeroDivisionError):
        return 0.0
    return x if math.isfinite(x) and x > 0 else 0.0


def lens_info(exif: bytes | None) -> LensInfo | None:
    """The camera, lens and exposure the EXIF bytes name; None without a camera."""
    if not exif:
        return None
    from PIL import Image

    e = Image.Exif()
    try:
        e.load(exif)
        sub = e.get_ifd(EXIF_IFD)
    except Exception:  # damaged EXIF: as if there were none
        return None
    make, model = _text(e.get(MAKE)), _text(e.get(MODEL))
    if not make and not model:
        return None
    return LensInfo(make=make, model=model, lens=_text(sub.get(LENS_MODEL)), focal=_number(sub.get(FOCAL_LENGTH)),
                    aperture=_number(sub.get(F_NUMBER)), distance=_number(sub.get(SUBJECT_DISTANCE)))


_db_lock = threading.Lock()
_db: object | None = None


def _database():  # noqa: ANN202 - lensfunpy.Database
    global _db
    import lensfunpy

    with _db_lock:
        if _db is None:
            _db = lensfunpy.Database()
        return _db


def find_lens(info: LensInfo):  # noqa: ANN201 - (lensfunpy.Camera, lensfunpy.Lens)
    """lensfun's camera and lens for ``info``; raises :class:`LensProfileError` saying why not."""
    db = _database()
    # exact names first; a loose search also offers neighbours (an "iPhone 12" finds the XS)
    cameras = db.find_cameras(info.make or None, info.model or None) or \
        [c for c in db.find_cameras(info.make or None, info.model or None, loose_search=True) if c.score >= EXACT]
    if not cameras:
        raise LensProfileError(f"The lens database does not know the camera ({info.camera}); "
                               "set the Lens correction sliders by hand.")
    camera = cameras[0]
    lenses = db.find_lenses(camera, None, info.lens or None, loose_search=True) if info.lens else \
        db.find_lenses(camera)  # a compact camera's fixed lens has no name of its own
    if info.focal:
        lenses = [l for l in lenses if (l.min_focal or 0) - 0.5 <= info.focal <= (l.max_focal or l.min_focal or 1e9) + 0.5]
    if len(lenses) > 1 and lenses[0].score == lenses[1].score:
        lenses = []  # two lenses fit the name as well: guessing could make it worse
    if not lenses or (not info.lens and len(lenses) != 1):
        what = f"the lens ({info.lens})" if info.lens else "which lens took it (the photo does not say)"
        raise LensProfileError(f"The lens database does not know {what}; set the Lens correction sliders by hand.")
    return camera, lenses[0]


def _fit(columns: list[np.ndarray], y: np.ndarray, weight: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Least squares ``y = sum c_i columns_i`` (each row weighted by ``weight``); the
    coefficients and the worst weighted error."""
    a = np.stack(columns, 1)
    wt = np.ones_like(y) if weight is None else weight
    c, *_ = np.linalg.lstsq(a * wt[:, None], y * wt, rcond=None)
    return c, float(np.abs((a @ c - y) * wt).max()) if len(y) else 0.0


@functools.lru_cache(maxsize=32)  # adding a layer, then saying what it found; a preset hovered again and again
def measure(info: LensInfo, size: tuple[int, int]) -> Profile:
    """The ``lens`` parameters correcting a photo of ``size`` ``(h, w)`` taken as ``info`` says.
    Raises :class:`LensProfileError` with a one-line reason."""
    import lensfunpy

    if not info.focal:
        raise LensProfileError("The photo does not say its focal length, which the lens correction depends on; "
                               "set the Lens correction sliders by hand.")
    camera, lens = find_lens(info)
    h, w = size
    s = GRID / max(h, w)
    gh, gw = max(8, round(h * s)), max(8, round(w * s))
    mod = lensfunpy.Modifier(lens, camera.crop_factor, gw, gh)
    aperture = info.aperture or float(lens.min_aperture or 0) or 8.0
    mod.initialize(info.focal, aperture, info.distance or 1000.0, scale=1.0, pixel_format=np.float32,
                   flags=lensfunpy.ModifyFlags.ALL)
    half = math.hypot(gw, gh) / 2.0
    yy, xx = np.mgrid[0:gh, 0:gw].astype(np.float64)
    cx, cy = (gw - 1) / 2.0, (gh - 1) / 2.0  # lensfun's pixel i is at i: the centre is half a pixel in
    ux, uy = (xx - cx) / half, (yy - cy) / half
    ru = np.hypot(ux, uy)
    params: dict[str, float] = {}
    coords = mod.apply_subpixel_geometry_distortion()
    if coords is not None:
        sx, sy = (coords[..., 0] - cx) / half, (coords[..., 1] - cy) / half
        rs = np.hypot(sx, sy)  # (gh, gw, 3): red, green, blue
        use = ru > 0.02
        r = ru[use]
        # rs / ru = k0 (1 + k1 r + k2 r^2 + k3 r^3), fitted as a displacement (weighted by r,
        # so its error is one of position); the scale k0 is left to the operation's framing
        c, err = _fit([np.ones_like(r), r, r * r, r ** 3], rs[..., 1][use] / r, r)
        k = c[1:] / c[0]
        if err > MAX_FIT_ERROR:
            raise LensProfileError(f"{lens.model}'s distortion does not fit the correction's model; "
                                   "set the Lens correction sliders by hand.")
        params.update(k1=float(k[0]), k2=float(k[1]), k3=float(k[2]))
        far = ru > 0.3  # the fringes' scale shows best away from the centre
        params["ca_red"] = float(np.median(rs[..., 0][far] / rs[..., 1][far]) - 1.0)
        params["ca_blue"] = float(np.median(rs[..., 2][far] / rs[..., 1][far]) - 1.0)
    flat = np.ones((gh, gw, 3), np.float32)
    if mod.apply_color_modification(flat):
        gain = flat[..., 1].astype(np.float64)
        r2 = ru.ravel() ** 2
        v, _ = _fit([r2, r2 * r2, r2 ** 3], 1.0 / np.maximum(gain.ravel(), 1e-3) - 1.0)
        params.update(v1=float(v[0]), v2=float(v[1]), v3=float(v[2]))
    params = {k: round(v, 6) for k, v in params.items() if abs(v) >= 1e-6}
    if not params:
        raise LensProfileError(f"The lens database has no corrections for {lens.model} at {info.focal:g} mm.")
    return Profile(params=params, lens=str(lens.model), camera=info.camera, focal=info.focal, aperture=info.aperture)


def through_lens(info: LensInfo, rgb: np.ndarray, vignetting: bool = False) -> np.ndarray:
    """What the lens ``info`` names would record of the ``(H, W, 3)`` uint8 picture ``rgb``
    (lensfun's reverse transform: its distortion, and with ``vignetting`` its darkened corners,
    in linear light taken as gamma 2.2): photos with a known answer, for tests and the demo."""
    import cv2
    import lensfunpy

    camera, lens = find_lens(info)
    h, w = rgb.shape[:2]
    mod = lensfunpy.Modifier(lens, camera.crop_factor, w, h)
    flags = lensfunpy.ModifyFlags.DISTORTION | (lensfunpy.ModifyFlags.VIGNETTING if vignetting else 0)
    mod.initialize(info.focal, info.aperture or 8.0, info.distance or 1000.0, scale=1.0, pixel_format=np.float32,
                   flags=flags, reverse=True)
    coords = mod.apply_geometry_distortion()
    out = cv2.remap(rgb, coords[..., 0].astype(np.float32), coords[..., 1].astype(np.float32), cv2.INTER_LINEAR,
                    borderMode=cv2.BORDER_REPLICATE)
    if vignetting:
        lin = np.ascontiguousarray((out.astype(np.float32) / 255.0) ** 2.2)
        mod.apply_color_modification(lin)
        out = np.clip(np.round(lin ** (1 / 2.2) * 255), 0, 255).astype(np.uint8)
    return out


def profile_for_photo(exif: bytes | None, size: tuple[int, int]) -> Profile:
    """:func:`measure` from a photo's EXIF bytes; raises :class:`LensProfileError`."""
    info = lens_info(exif)
    if info is None:
        raise LensProfileError("The photo does not say which camera and lens took it; "
                               "set the Lens correction sliders by hand.")
    return measure(info, size)


__all__ = ["LensInfo", "LensProfileError", "Profile", "find_lens", "lens_info", "measure", "profile_for_photo",
           "through_lens"]
