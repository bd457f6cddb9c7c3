"""The document: layers, the evented edit stack, and sidecar files."""

from .layer import Layer
from .mask import Mask
from .sidecar import History, SidecarError, load, load_document, loads, save, sidecar_path
from .stack import EditStack

__all__ = ["EditStack", "History", "Layer", "Mask", "SidecarError", "load", "load_document", "loads", "save", "sidecar_path"]
