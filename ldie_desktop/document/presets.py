"""User presets (Lightroom's presets, darktable's styles): named edit stacks kept in one folder
and added to any photo's layers.

Each preset is an ordinary edit file (``<slug>.ldie.json``, the sidecar format) with its name
under ``"preset"``, so ``ldie render --edits`` reads one too. Crops are percentages and fit any
photo; a mask comes by position. The folder is ``$LDIE_PRESETS`` when set, else the user's
configuration folder (``$XDG_CONFIG_HOME/ldie/presets``, ``~/.config/ldie/presets``; the
platform's own on Windows and macOS), shared by the app and the command line.
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..utils.atomic import atomic_write_bytes
from .layer import Layer
from .sidecar import SUFFIX, SidecarError, document_from_json, read_json, stack_to_document
from .stack import EditStack

PRESETS_ENV = "LDIE_PRESETS"
MAX_NAME = 60
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


class PresetError(ValueError):
    """A preset that cannot be made, found, read or written; the message is one line for the user."""


def default_folder() -> Path:
    """Where presets live: ``$LDIE_PRESETS``, else the platform's configuration folder."""
    env = os.environ.get(PRESETS_ENV)
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "ldie" / "presets"


def check_name(name: str) -> str:
    """``name`` tidied (spaces collapsed), or :class:`PresetError` saying what is wrong with it."""
    tidy = " ".join(unicodedata.normalize("NFC", str(name)).split())
    if not tidy:
        raise PresetError("a preset needs a name")
    if len(tidy) > MAX_NAME:
        raise PresetError(f"a preset's name can have at most {MAX_NAME} characters")
    bad = _BAD_CHARS.search(tidy)
    if bad:
        raise PresetError(f"a preset's name cannot hold {bad.group(0)!r}")
    if tidy.startswith("."):
        raise PresetError("a preset's name cannot start with a dot")
    return tidy


def _slug(name: str) -> str:
    """The file name of ``name``: one per name, whatever its case ("Warm Sunset" -> "warm-sunset")."""
    s = re.sub(r"[^\w]+", "-", name.casefold(), flags=re.UNICODE).strip("-_")
    return s or "preset"


@dataclass(frozen=True)
class Preset:
    name: str
    path: Path
    layers: tuple[Layer, ...]

    @property
    def masked(self) -> int:
        """How many of its layers carry a mask (placed by position on another photo)."""
        return sum(l.mask is not None for l in self.layers)


class PresetLibrary:
    """The presets in ``folder`` (default :func:`default_folder`). Reading never raises for a
    broken file: it is left out and named in :attr:`problems`."""

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_folder()
        self.problems: list[str] = []

    def presets(self) -> list[Preset]:
        """Every readable preset, by name (case-insensitive)."""
        self.problems = []
        found: list[Preset] = []
        if not self.folder.is_dir():
            return found
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            try:
                found.append(self._read(path))
            except (PresetError, SidecarError) as exc:
                self.problems.append(str(exc))
        return sorted(found, key=lambda p: p.name.casefold())

    def names(self) -> list[str]:
        return [p.name for p in self.presets()]

    def find(self, name: str) -> Preset | None:
        """The preset called ``name`` (case and spacing aside), or None."""
        key = " ".join(str(name).split()).casefold()
        return next((p for p in self.presets() if p.name.casefold() == key), None)

    def get(self, name: str) -> Preset:
        """The preset called ``name``, or :class:`PresetError` naming the ones there are."""
        preset = self.find(name)
        if preset is None:
            names = self.names()
            there = f"the presets are: {', '.join(names)}" if names else f"there are none yet (in {self.folder})"
            raise PresetError(f"no preset called {name!r}; {there}")
        return preset

    def save(self, name: str, layers: Sequence[Layer], overwrite: bool = False) -> Preset:
        """Keep ``layers`` as the preset ``name`` (atomically). An existing preset of that name is
        replaced only with ``overwrite``."""
        name = check_name(name)
        if not layers:
            raise PresetError("a preset needs at least one layer")
        old = self.find(name)
        if old is not None and not overwrite:
            raise PresetError(f"a preset called {old.name!r} exists already")
        path = old.path if old is not None else self._free_path(name)
        doc = stack_to_document(EditStack(list(layers)))
        doc["preset"] = {"name": name}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, (json.dumps(doc, indent=1, allow_nan=False) + "\n").encode("utf-8"))
        except OSError as exc:
            raise PresetError(f"could not save the preset in {self.folder}: {exc.strerror or exc}") from None
        return Preset(name, path, tuple(layers))

    def delete(self, name: str) -> None:
        preset = self.get(name)
        try:
            preset.path.unlink()
        except OSError as exc:
            raise PresetError(f"could not delete {preset.name!r}: {exc.strerror or exc}") from None

    def rename(self, name: str, new: str) -> Preset:
        """The preset ``name`` called ``new`` (its layers as they were)."""
        preset = self.get(name)
        new = check_name(new)
        other = self.find(new)
        if other is not None and other.path != preset.path:
            raise PresetError(f"a preset called {other.name!r} exists already")
        if other is not None:  # the same preset, its name's case or spacing changed
            return self.save(new, preset.layers, overwrite=True)
        renamed = self.save(new, preset.layers)
        preset.path.unlink(missing_ok=True)
        return renamed

    def import_file(self, path: str | os.PathLike[str], name: str | None = None, overwrite: bool = False) -> Preset:
        """A preset from an edit file (one exported from here or another user's preset folder, or
        any photo's ``.ldie.json``): called ``name``, else the name it carries, else its file's
        name. The file is checked as an edit file first; a broken one changes nothing."""
        src = Path(path)
        try:
            doc = read_json(src)
            stack, _ = document_from_json(doc, src.name)
        except SidecarError as exc:
            raise PresetError(str(exc)) from None
        if name is None:
            meta = doc.get("preset") if isinstance(doc, dict) else None
            carried = meta.get("name") if isinstance(meta, dict) else None
            stem = src.name[: -len(SUFFIX)] if src.name.endswith(SUFFIX) else src.stem
            name = carried if isinstance(carried, str) and carried.strip() else stem
        return self.save(name, list(stack), overwrite=overwrite)

    def export(self, name: str, dest: str | os.PathLike[str], overwrite: bool = False) -> Path:
        """The preset ``name`` written to ``dest`` (an edit file carrying its name, for another
        user's Import or ``ldie render --edits``); an existing file is kept unless ``overwrite``."""
        preset = self.get(name)
        out = Path(dest)
        if out.exists() and not overwrite:
            raise PresetError(f"{out} exists already")
        doc = stack_to_document(EditStack(list(preset.layers)))
        doc["preset"] = {"name": preset.name}
        try:
            atomic_write_bytes(out, (json.dumps(doc, indent=1, allow_nan=False) + "\n").encode("utf-8"))
        except OSError as exc:
            raise PresetError(f"could not write {out}: {exc.strerror or exc}") from None
        return out

    # -------------------------------------------------------------- files
    def _free_path(self, name: str) -> Path:
        stem = _slug(name)
        path, n = self.folder / f"{stem}{SUFFIX}", 2
        while path.exists():
            path, n = self.folder / f"{stem}-{n}{SUFFIX}", n + 1
        return path

    @staticmethod
    def _read(path: Path) -> Preset:
        doc = read_json(path)
        stack, _ = document_from_json(doc, str(path))
        meta = doc.get("preset") if isinstance(doc, dict) else None
        raw = meta.get("name") if isinstance(meta, dict) else None
        try:
            name = check_name(raw if isinstance(raw, str) else path.name[: -len(SUFFIX)])
        except PresetError as exc:
            raise PresetError(f"{path}: {exc}") from None
        return Preset(name, path, tuple(stack))
