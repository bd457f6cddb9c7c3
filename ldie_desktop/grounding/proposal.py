"""A region proposal: a labelled soft mask on the proxy, with the position cues words refer to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import cv2
import numpy as np

Kind = Literal["person", "object", "thing", "subject", "background", "sky", "rest", "area"]
#: Kinds that are countable instances ("the dog on the left"); the others are stuff.
INSTANCE_KINDS: frozenset[str] = frozenset({"person", "object", "thing"})


@dataclass(frozen=True)
class Cues:
    """Where a region is, in proxy-independent terms (fractions of the image)."""

    cx: float  # centroid, 0 left .. 1 right
    cy: float  # centroid, 0 top .. 1 bottom
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions
    area: float  # fraction of the image
    near: float = 0.5  # 0 far .. 1 near, relative to instances of the same label
    behind_subject: bool = False  # not part of the main subject while one exists
    is_subject: bool = False  # mostly inside the main subject

    @property
    def horizontal(self) -> str:
        return "left" if self.cx < 0.4 else "right" if self.cx > 0.6 else "center"

    @property
    def vertical(self) -> str:
        return "top" if self.cy < 0.4 else "bottom" if self.cy > 0.6 else "middle"

    @property
    def size(self) -> str:
        return "large" if self.area > 0.15 else "small" if self.area < 0.02 else "medium"

    @property
    def depth(self) -> str:
        return "near" if self.near >= 0.5 else "far"

    def words(self) -> str:
        extra = " behind-subject" if self.behind_subject else ""
        return f"{self.horizontal} {self.vertical} {self.size} {self.depth}{extra}"


@dataclass(frozen=True, eq=False)
class Proposal:
    """``mask`` is float32 ``(h, w)`` in [0, 1] on the proxy the proposals were made on."""

    label: str  # "person", a COCO label, "thing", "subject", "background", "sky", "rest", or an area ("left")
    kind: Kind
    mask: np.ndarray = field(repr=False)
    score: float
    cues: Cues
    source: str = ""  # which model or rule made it
    id: int = -1
    #: What removing the region must cover when ``mask`` saw only part of it (a person whose
    #: legs the mask lost: the detection box's body-shaped core too); None: the mask itself.
    cover: np.ndarray | None = field(default=None, repr=False)

    def mask_at(self, height: int, width: int) -> np.ndarray:
        """The soft mask at another resolution (bilinear up, area down)."""
        if self.mask.shape == (height, width):
            return self.mask
        interp = cv2.INTER_AREA if height * width < self.mask.size else cv2.INTER_LINEAR
        return np.clip(cv2.resize(self.mask, (width, height), interpolation=interp), 0.0, 1.0)

    def describe(self) -> str:
        return f"#{self.id} {self.label} ({self.kind}, {self.score:.2f}, {self.cues.words()}, {self.source})"


def cues_for(mask: np.ndarray) -> Cues:
    h, w = mask.shape
    m = mask.astype(np.float32)
    total = float(m.sum())
    if total <= 0:
        return Cues(0.5, 0.5, (0.0, 0.0, 0.0, 0.0), 0.0)
    ys, xs = np.nonzero(m > 0.5) if (m > 0.5).any() else np.nonzero(m > 0)
    cy = float((m.sum(axis=1) @ (np.arange(h) + 0.5)) / total / h)
    cx = float((m.sum(axis=0) @ (np.arange(w) + 0.5)) / total / w)
    box = (xs.min() / w, ys.min() / h, (xs.max() + 1) / w, (ys.max() + 1) / h)
    return Cues(cx=cx, cy=cy, box=tuple(float(v) for v in box), area=total / (h * w))  # type: ignore[arg-type]


class Proposals(list):
    """The proposals of one photo, with the proxy they were computed on (the guide for edge
    refinement) and the photo's full size. A plain list otherwise."""

    def __init__(self, items: list[Proposal], proxy: np.ndarray, image_shape: tuple[int, int],
                 missing: tuple[str, ...] = ()) -> None:
        super().__init__(items)
        self.proxy = proxy
        self.image_shape = image_shape
        self.missing = missing  # model sources that could not be loaded
        self.closer = False  # whether the closer look's finds have been added

    def by_kind(self, *kinds: str) -> list[Proposal]:
        return [p for p in self if p.kind in kinds]
