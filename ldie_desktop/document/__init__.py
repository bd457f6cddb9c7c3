"""The document: layers, the evented edit stack, and sidecar files."""

from .layer import Layer
from .mask import Mask
from .sidecar import SidecarError, load, loads, save, sidecar_path
from .stack import EditStack

__all__ = ["EditStack", "Layer", "Mask", "SidecarError", "load", "loads", "save", "sidecar_path"]
