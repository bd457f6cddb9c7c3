"""Self-describing operations: a versioned parameter spec plus a pure function.

An :class:`Operation` is one plugin (darktable's "iop"): a stable ``name`` that never changes,
a ``version`` bumped whenever the meaning of a parameter changes (with :meth:`Operation.migrate`
upgrading old edits), a tuple of :class:`ParamSpec` from which the GUI sliders, the CLI help,
sidecar validation and the clamping of model outputs are all built, and a pure function
:meth:`Operation.apply` on float tensors ``(B, 3, H, W)`` in [0, 1].

Masks, opacity and the enabled flag belong to the layer, not to the operation: every layer is
blended with ``lerp(x, op(x), mask * opacity)`` by the renderer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Mapping

import numpy as np
import torch
from torch import Tensor

ParamKind = Literal["scalar", "curve", "choice", "color", "data"]
ParamValue = float | list[float]


class ParamError(ValueError):
    """A parameter value that does not fit its spec (unknown name, wrong length, not finite)."""


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of an operation.

    ``default`` is the exact identity: an operation whose parameters are all at their defaults
    returns its input unchanged. ``shape`` is ``()`` for a scalar and e.g. ``(8,)`` for a curve of
    8 control values; every element shares ``minimum``/``maximum``.
    """

    name: str
    minimum: float
    maximum: float
    default: float
    unit: str = ""
    description: str = ""
    kind: ParamKind = "scalar"
    shape: tuple[int, ...] = ()
    step: float = 0.01
    choices: tuple[str, ...] = ()
    #: For the editor: a tab the parameter goes in ("Hue", "Saturation"...), the label to show
    #: (default: the name), and a hue (degrees) to colour its slider with (a colour range's).
    group: str = ""
    label: str = ""
    swatch: float | None = None

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    def default_value(self) -> ParamValue:
        if self.shape:
            return [float(self.default)] * self.size
        return float(self.default)

    def clamp(self, value: Any) -> ParamValue:
        """Validate ``value`` against the spec and clamp it into range.

        Raises :class:`ParamError` for a value of the wrong shape or one that is not a finite number.
        """
        if self.shape:
            if not isinstance(value, (list, tuple, np.ndarray)):
                raise ParamError(f"{self.name}: expected a list of {self.size} numbers")
            flat = np.asarray(value, dtype=np.float64).reshape(-1)
            if flat.size != self.size:
                raise ParamError(f"{self.name}: expected {self.size} numbers, got {flat.size}")
            if not np.all(np.isfinite(flat)):
                raise ParamError(f"{self.name}: values must be finite numbers")
            return [float(v) for v in np.clip(flat, self.minimum, self.maximum)]
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
            raise ParamError(f"{self.name}: expected a number, got {type(value).__name__}")
        v = float(value)
        if not math.isfinite(v):
            raise ParamError(f"{self.name}: value must be a finite number")
        v = min(max(v, self.minimum), self.maximum)
        if self.kind == "choice":
            v = float(round(v))
        return v

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind,
            "min": self.minimum,
            "max": self.maximum,
            "default": self.default_value(),
            "unit": self.unit,
            "description": self.description,
        }
        if self.shape:
            d["shape"] = list(self.shape)
        if self.choices:
            d["choices"] = list(self.choices)
        for key in ("group", "label", "swatch"):
            if getattr(self, key) not in ("", None):
                d[key] = getattr(self, key)
        return d


@dataclass(frozen=True)
class OpContext:
    """What an operation may know besides its input and parameters.

    ``long_side`` is the longest side in pixels of the *whole* image being rendered (not of a
    tile): resolution-dependent filters express their radii as a fraction of it, so a 2048 px
    preview and a 6000 px export of the same edit agree. ``mask`` is the layer's soft mask
    ``(B, 1, H, W)`` for operations that act on a region (object removal); ``quality`` is
    ``"preview"`` or ``"export"`` for operations with a fast draft and a slow final algorithm.
    ``frame`` is ``(full_h, full_w, y0, x0)`` when the input is the window ``[y0:, x0:]`` of a
    ``full_h x full_w`` rendering (a 100 % view); ``None`` when the input is the whole photo.
    Operations that depend on where a pixel is in the frame (a vignette, grain) use it through
    :func:`frame_axes`. ``view`` is the part of the frame the finished picture shows after the
    stack's crops, ``(top, left, bottom, right)`` as fractions of the frame, for operations
    measured in the finished picture (:attr:`Operation.post_crop`: a vignette is centred on
    the crop, as Lightroom's post-crop vignette is).
    """

    long_side: int
    mask: Tensor | None = None
    quality: Literal["preview", "export"] = "export"
    extra: Mapping[str, Any] = field(default_factory=dict)
    frame: tuple[int, int, int, int] | None = None
    view: tuple[float, float, float, float] | None = None
    #: The long side of the photo itself when this is a smaller rendering of it (a preview):
    #: effects whose look is set at the photo's own resolution (film grain) show here what the
    #: export will look like at this size. ``None``: this rendering is the photo's own size.
    source_long_side: int | None = None

    def full_size(self, h: int, w: int) -> tuple[int, int]:
        """``(height, width)`` of the whole frame an ``h x w`` input belongs to."""
        return (h, w) if self.frame is None else (self.frame[0], self.frame[1])

    @staticmethod
    def for_image(x: Tensor | np.ndarray, **kw: Any) -> "OpContext":
        h, w = (x.shape[-2], x.shape[-1]) if isinstance(x, Tensor) else x.shape[:2]
        return OpContext(long_side=int(max(h, w)), **kw)


class Operation:
    """Base class of every operation plugin. Subclasses set the class attributes and ``apply``."""

    name: ClassVar[str]
    version: ClassVar[int] = 1
    label: ClassVar[str]
    description: ClassVar[str]
    params: ClassVar[tuple[ParamSpec, ...]] = ()
    #: Gradients flow to the parameters (the model trains through it).
    differentiable: ClassVar[bool] = True
    #: A per-pixel colour mapping: output pixel depends only on the same input pixel, so the
    #: renderer may bake it (fused with neighbours) into a 3D lookup table.
    pointwise: ClassVar[bool] = False
    #: Changes the pixel grid (rotate, flip, crop). Mask and opacity do not apply; the renderer
    #: applies geometry after every tonal layer so masks always refer to the original photo.
    geometric: ClassVar[bool] = False
    #: Fills a region given by the layer mask (it needs one to do anything).
    needs_mask: ClassVar[bool] = False
    #: Renders on the whole photo, never on a part of it (a 100 % view's region): a fill needs
    #: all of its hole and what is round it.
    whole_photo: ClassVar[bool] = False
    #: The parameters that say how strong the edit is ("more" scales them; see
    #: ``Layer.scaled``); ``None``: every number. A vignette's midpoint or a grade's hue is its
    #: shape or colour, not its strength.
    strengths: ClassVar[tuple[str, ...] | None] = None
    #: Parameters :meth:`measure` sets from the photo (not the user's edits: the layer list
    #: does not call them edited).
    measured: ClassVar[tuple[str, ...]] = ()
    #: A word for the measured values in a layer list ("profile"); "" shows none.
    measured_label: ClassVar[str] = ""
    #: The words that always find this operation's mask ("the red eyes": a red-eye layer goes
    #: on the pupils, wherever the request's words point), and the values a layer placed by
    #: them starts with; "" for operations placed by the request.
    own_place: ClassVar[str] = ""
    placed_values: ClassVar[dict[str, Any]] = {}
    #: Measured in the finished picture, after the stack's crops (``OpContext.view``): the
    #: renderer passes the crop box and re-renders the layer when a crop changes.
    post_crop: ClassVar[bool] = False

    # ------------------------------------------------------------------ spec helpers
    @classmethod
    def spec(cls, name: str) -> ParamSpec:
        for p in cls.params:
            if p.name == name:
                return p
        raise ParamError(f"{cls.name} has no parameter {name!r}")

    @classmethod
    def defaults(cls) -> dict[str, ParamValue]:
        return {p.name: p.default_value() for p in cls.params}

    @classmethod
    def validate(cls, values: Mapping[str, Any]) -> dict[str, ParamValue]:
        """Return a complete, clamped parameter dict; unknown names are an error."""
        known = {p.name for p in cls.params}
        unknown = set(values) - known
        if unknown:
            raise ParamError(f"{cls.name}: unknown parameter(s) {', '.join(repr(n) for n in sorted(unknown, key=str))}")
        out = cls.defaults()
        for p in cls.params:
            if p.name in values:
                out[p.name] = p.clamp(values[p.name])
        return out

    @classmethod
    def is_identity(cls, values: Mapping[str, Any]) -> bool:
        full = cls.validate(values)
        return all(full[p.name] == p.default_value() for p in cls.params)

    @classmethod
    def migrate(cls, version: int, values: dict[str, Any]) -> dict[str, Any]:
        """Upgrade parameters saved by an older ``version`` of this operation (darktable's
        ``legacy_params``). The base implementation accepts only the current version."""
        if version != cls.version:
            raise ParamError(f"{cls.name}: cannot read parameters of version {version} (have {cls.version})")
        return values

    @classmethod
    def to_tensors(
        cls, values: Mapping[str, Any] | list[Mapping[str, Any]], *, device: torch.device | str = "cpu",
        dtype: torch.dtype = torch.float32,
    ) -> dict[str, Tensor]:
        """Parameter dict(s) to a dict of batched tensors ``(B, *shape)``."""
        batch = [values] if isinstance(values, Mapping) else list(values)
        full = [cls.validate(v) for v in batch]
        return {
            p.name: torch.tensor([f[p.name] for f in full], device=device, dtype=dtype).reshape(len(full), *p.shape)
            for p in cls.params
        }

    @classmethod
    def describe(cls) -> dict[str, Any]:
        return {
            "name": cls.name,
            "version": cls.version,
            "label": cls.label,
            "description": cls.description,
            "differentiable": cls.differentiable,
            "pointwise": cls.pointwise,
            "geometric": cls.geometric,
            "needs_mask": cls.needs_mask,
            "params": [p.to_dict() for p in cls.params],
        }

    # ------------------------------------------------------------------ computation
    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        """The reference implementation: ``x`` is ``(B, 3, H, W)`` in [0, 1]; each parameter is a
        tensor ``(B, *shape)``. Returns the edited image, same shape, in [0, 1]."""
        raise NotImplementedError

    @classmethod
    def apply_fast(cls, img: np.ndarray, params: Mapping[str, ParamValue], ctx: OpContext) -> np.ndarray | None:
        """Optional fast path on one ``(H, W, 3)`` float32 image (OpenCV and friends). Must match
        :meth:`apply` within 2/255 per channel. ``None`` means "no fast path; use the reference"."""
        return None

    @classmethod
    def measure(cls, image: np.ndarray, exif: bytes | None = None) -> dict[str, ParamValue]:
        """Parameters measured from the photo ``(H, W, 3)`` (uint8, uint16 or float in [0, 1])
        when a layer of this operation is made: a dehaze's haze colour; ``exif`` is the photo
        file's EXIF, for what it says about how the photo was taken (a lens correction's lens). They are ordinary
        parameters afterwards, saved with the layer, so every rendering of it agrees. The
        base implementation measures nothing."""
        return {}

    @classmethod
    def shading(cls, params: Mapping[str, ParamValue]) -> tuple[dict[str, ParamValue], dict[str, ParamValue]] | None:
        """For a geometric operation that also changes the light by where a pixel sat in the
        camera's frame (a lens's vignetting): its parameters split into that part, rendered before
        every tonal layer as a raw converter corrects a lens first, and the rest, rendered with
        the geometry after them. None (the default) when it has no such part or it is off."""
        return None

    @classmethod
    def reach(cls, params: Mapping[str, ParamValue], long_side: int) -> int:
        """How many pixels away an output pixel may look (spatial filters); rendering part of a
        photo needs this much margin to match rendering all of it."""
        return 0

    @classmethod
    def output_size(cls, size: tuple[int, int], params: Mapping[str, ParamValue]) -> tuple[int, int]:
        """``(height, width)`` of the output for an input of ``size`` (geometric ops change it)."""
        return size

    @classmethod
    def source_point(cls, params: Mapping[str, ParamValue], size: tuple[int, int], x: float,
                     y: float) -> tuple[float, float]:
        """Where the point ``(x, y)`` (pixels) of this operation's output lies in its input of
        ``size`` ``(h, w)``: a geometric operation undone for one point (a brush on a turned
        preview paints the photo's mask). The base implementation moves nothing."""
        return x, y


def per_batch(p: Tensor, x: Tensor) -> Tensor:
    """Reshape a per-batch parameter ``(B,)`` to broadcast against ``(B, C, H, W)``."""
    return p.reshape(p.shape[0], *([1] * (x.dim() - 1))).to(dtype=x.dtype, device=x.device)


#: Luminance weights the paper's operations use (T2ONet): 0.27 R + 0.67 G + 0.06 B.
LUMA_WEIGHTS = (0.27, 0.67, 0.06)


def luminance(x: Tensor) -> Tensor:
    """``(B, 1, H, W)`` luminance with the paper's weights."""
    w = torch.tensor(LUMA_WEIGHTS, dtype=x.dtype, device=x.device).reshape(1, 3, 1, 1)
    return (x * w).sum(dim=1, keepdim=True)


def frame_axes(ctx: OpContext, h: int, w: int, *, dtype: torch.dtype = torch.float32,
               device: torch.device | str = "cpu") -> tuple[Tensor, Tensor]:
    """Pixel centres of an ``h x w`` input as positions in its whole frame, from -1 (top, left
    edge) to 1 (bottom, right edge): ``(ys (h,), xs (w,))``. A preview, a full-size export and a
    window of either give the same position to the same spot of the photo."""
    full_h, full_w, y0, x0 = ctx.frame if ctx.frame is not None else (h, w, 0, 0)
    ys = (torch.arange(h, dtype=torch.float64, device=device) + (y0 + 0.5)) * (2.0 / full_h) - 1.0
    xs = (torch.arange(w, dtype=torch.float64, device=device) + (x0 + 0.5)) * (2.0 / full_w) - 1.0
    return ys.to(dtype), xs.to(dtype)


def gaussian_sigma_px(relative: Tensor | float, long_side: int) -> Any:
    """A radius given as a percentage of the image's long side, in pixels of this rendering."""
    return relative * (long_side / 100.0)
