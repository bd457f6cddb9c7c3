from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample.jpg"


@pytest.fixture(autouse=True)
def presets_folder(tmp_path_factory, monkeypatch) -> Path:
    """Every test keeps its presets in a folder of its own, never the user's."""
    folder = tmp_path_factory.mktemp("presets")
    monkeypatch.setenv("LDIE_PRESETS", str(folder))
    return folder


@pytest.fixture(scope="session")
def sample_rgb() -> np.ndarray:
    """The bundled sample photo (public domain, 512x512) as uint8 RGB."""
    return np.ascontiguousarray(cv2.cvtColor(cv2.imread(str(SAMPLE)), cv2.COLOR_BGR2RGB))


@pytest.fixture(scope="session")
def big_rgb(sample_rgb: np.ndarray) -> np.ndarray:
    """The sample upscaled to 1536x1536: 'full resolution' against a 512 px preview."""
    return cv2.resize(sample_rgb, (1536, 1536), interpolation=cv2.INTER_CUBIC)


@pytest.fixture(scope="module")
def real_planner():
    """The app's planner with the committed models (skips without them)."""
    from ldie_desktop.model import planner as planner_mod

    try:
        planner_mod.default_params_path()
    except FileNotFoundError:
        pytest.skip("no committed models")
    return planner_mod.Planner.load()


def disk_mask(h: int, w: int, cy: float = 0.5, cx: float = 0.5, r: float = 0.25) -> np.ndarray:
    """A soft disk (float32, feathered edge) in relative coordinates."""
    yy, xx = np.mgrid[0:h, 0:w]
    d = np.hypot((yy + 0.5) / h - cy, (xx + 0.5) / w - cx)
    return np.clip((r - d) / 0.02 + 0.5, 0.0, 1.0).astype(np.float32)
