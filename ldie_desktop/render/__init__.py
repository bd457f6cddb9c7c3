"""Rendering: one pipeline for preview and full-resolution export."""

from .cache import RenderCache, Stage
from .pipeline import Cancelled, Renderer, default_device, image_key, make_proxy, render_tensor

__all__ = ["Cancelled", "RenderCache", "Renderer", "Stage", "default_device", "image_key", "make_proxy", "render_tensor"]
