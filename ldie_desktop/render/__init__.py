"""Rendering: one pipeline for preview and full-resolution export."""

from .cache import RenderCache, Stage
from .pipeline import Cancelled, Region, Renderer, default_device, image_key, make_proxy, region_margin, region_supported, render_tensor

__all__ = ["Cancelled", "Region", "region_margin", "region_supported", "RenderCache", "Renderer", "Stage", "default_device", "image_key", "make_proxy", "render_tensor"]
