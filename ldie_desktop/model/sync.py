"""Sync edits: one photo's layers put on top of other photos' saved edits (Lightroom's Sync
Settings), without opening them. Each photo gets the layers as one more undo step in its edit
file, so opening it and pressing Undo takes them off again; its own edits stay under them.

As when pasting, a mask made from words ("the sky", "her face") is found again in each photo,
and what an operation measures from the photo (a dehaze's haze colour) is measured there.
Qt-free: the window runs :func:`sync_edits` on a worker; tests and scripts call it directly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from ..document import Layer, sidecar
from ..document.sidecar import SidecarError
from ..io import ImageReadError, read_photo

#: The long side of the copy masks are found on (what the command line plans on).
PROXY_SIDE = 1024


@dataclass
class Synced:
    """What happened to one photo: ``problem`` is "" when it got the layers."""

    path: str
    problem: str = ""
    found: list[str] = field(default_factory=list)  # places found again for masks ("the sky")
    missing: list[str] = field(default_factory=list)  # places not found: those masks by position


def for_photo(layers: Sequence[Layer], image: Any, planner: Any = None,
              cancel: Callable[[], bool] | None = None, exif: bytes | None = None) -> tuple[list[Layer], dict]:
    """``layers`` made for another photo, for ``image`` (a proxy of this one): what an operation
    measures from the photo (a dehaze's haze colour) measured here, and with ``planner`` each
    mask made from words found here (:meth:`Planner.refind`; by layer id, what was found)."""
    placed = [l.measured_on(image, exif) for l in layers]
    if planner is None or not any(l.place and l.mask is not None for l in placed):
        return placed, {}
    return planner.refind(placed, image, cancel=cancel)


def sync_edits(targets: Sequence[str | os.PathLike[str]], layers: Sequence[Layer], text: str,
               planner: Any = None, skip: Callable[[str], str] = lambda path: "",
               cancel: Callable[[], bool] | None = None,
               progress: Callable[[int, int], None] | None = None,
               done: list[Synced] | None = None) -> list[Synced]:
    """Add ``layers`` to each photo of ``targets`` as an undo step named ``text``. ``planner``
    (may be None: masks by position) finds masks made from words again; ``skip(path)`` gives a
    reason to leave a photo alone (it is open in the window), or "". Stops between photos when
    ``cancel()`` turns true; ``done`` (if given) is filled as photos finish, so a caller whose
    run was cancelled still knows which were changed. A photo that cannot be read, or whose
    edit file cannot be, is reported and left as it was."""
    from ..render import make_proxy

    done = [] if done is None else done
    total = len(targets)
    for i, target in enumerate(targets):
        if cancel is not None and cancel():
            break
        if progress is not None:
            progress(i, total)
        path = str(target)
        reason = skip(path)
        if reason:
            done.append(Synced(path, reason))
            continue
        try:
            photo = read_photo(path, reduce_to=PROXY_SIDE)
            proxy = make_proxy(photo.rgb, long_side=PROXY_SIDE).rgb
            placed, found = for_photo(layers, proxy, planner, cancel, photo.exif)
            sidecar.add_to_saved(path, placed, text)
        except ImageReadError as exc:
            done.append(Synced(path, f"{Path(path).name} ({exc.problem})"))
            continue
        except SidecarError as exc:
            done.append(Synced(path, f"{Path(path).name} (its edit file cannot be read: {exc})"))
            continue
        except OSError as exc:  # the edit file cannot be written: a read-only folder, a full disk
            done.append(Synced(path, f"{Path(path).name} ({exc.strerror or exc})"))
            continue
        done.append(Synced(path, "", [r.words for r in found.values() if r.mask is not None],
                           [r.phrase for r in found.values() if r.mask is None]))
    if progress is not None:
        progress(total, total)
    return done


def summary(results: Sequence[Synced], n_layers: int) -> str:
    """One line on a sync: how many photos got the layers, what was found, what was not done."""
    ok = [r for r in results if not r.problem]
    layers = f"{n_layers} layer{'s' * (n_layers != 1)}"
    parts = [f"Synced {layers} to {len(ok)} photo{'s' * (len(ok) != 1)}" if ok else f"Synced {layers} to no photo"]
    found = [w for r in ok for w in r.found]
    if found:
        parts.append(f"found {', '.join(dict.fromkeys(found))} again for the masks")
    missing = sorted({Path(r.path).name for r in ok if r.missing})
    if missing:
        parts.append(f"in {', '.join(missing)} a mask's place was not found: placed by position, check it")
    bad = [r for r in results if r.problem]
    if bad:
        parts.append("left alone: " + "; ".join(r.problem for r in bad))
    return "; ".join(parts) + "."


__all__ = ["PROXY_SIDE", "Synced", "for_photo", "summary", "sync_edits"]
