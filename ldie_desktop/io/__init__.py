"""Image files in and out: decoding to upright numpy arrays, encoding with metadata, atomically.

Qt-free and torch-free, so the CLI, the render pipeline and tests use it without a display."""

from ldie_desktop.io.photo import (
    MAX_PIXELS,
    READ_SUFFIXES,
    WRITE_SUFFIXES,
    ImageReadError,
    ImageWriteError,
    Photo,
    export_suffix,
    format_for_path,
    read_photo,
    read_size,
    write_photo,
)

__all__ = [
    "MAX_PIXELS",
    "READ_SUFFIXES",
    "WRITE_SUFFIXES",
    "ImageReadError",
    "ImageWriteError",
    "Photo",
    "export_suffix",
    "format_for_path",
    "read_photo",
    "read_size",
    "write_photo",
]
