"""Ratings and flags of a folder's photos (Lightroom's stars and pick / reject flags, for
choosing the keepers of a shoot), kept in one small file in the folder, ``.ldie-marks.json``,
so they travel with the photos and a folder of thousands is read at once.

Plain data: :class:`Marks` is read with :func:`load_marks` and written atomically with
:func:`save_marks`; photos are keyed by file name. A marks file that cannot be read is set aside
(renamed ``.ldie-marks.json.unreadable``) before a new one is written, never overwritten."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..utils.atomic import atomic_write_bytes

MARKS_NAME = ".ldie-marks.json"
FORMAT = "ldie-marks"
FLAGS = ("pick", "reject")
#: What the filmstrip can show: every photo, the picked, those not rejected, or at least so many stars.
FILTERS = ("all", "picked", "unrejected", "1", "2", "3", "4", "5")
#: The largest marks file read (a megabyte is some ten thousand photos).
MAX_BYTES = 16 * 1024 * 1024


class MarksError(ValueError):
    """A marks file that cannot be read; one line naming the file."""


@dataclass
class Marks:
    ratings: dict[str, int] = field(default_factory=dict)  # file name -> 1..5 stars (0 is not kept)
    flags: dict[str, str] = field(default_factory=dict)  # file name -> "pick" or "reject"

    def rating(self, name: str) -> int:
        return self.ratings.get(name, 0)

    def flag(self, name: str) -> str:
        return self.flags.get(name, "")

    def set_rating(self, name: str, stars: int) -> None:
        if not 0 <= int(stars) <= 5:
            raise ValueError(f"a rating is 0 to 5 stars, not {stars}")
        if stars:
            self.ratings[name] = int(stars)
        else:
            self.ratings.pop(name, None)

    def set_flag(self, name: str, flag: str) -> None:
        if flag and flag not in FLAGS:
            raise ValueError(f"a flag is 'pick', 'reject' or none, not {flag!r}")
        if flag:
            self.flags[name] = flag
        else:
            self.flags.pop(name, None)

    def shows(self, name: str, kind: str) -> bool:
        """Whether the photo ``name`` passes the filter ``kind`` (:data:`FILTERS`)."""
        if kind == "all":
            return True
        if kind == "picked":
            return self.flag(name) == "pick"
        if kind == "unrejected":
            return self.flag(name) != "reject"
        return self.rating(name) >= int(kind)


def marks_path(folder: str | os.PathLike[str]) -> Path:
    return Path(folder) / MARKS_NAME


def load_marks(folder: str | os.PathLike[str]) -> Marks:
    """The marks of ``folder`` (none when it has no marks file). Raises :class:`MarksError` for
    one that cannot be read."""
    path = marks_path(folder)
    if not path.exists():
        return Marks()
    try:
        if path.stat().st_size > MAX_BYTES:
            raise MarksError(f"{path}: too large to be a marks file")
        doc = json.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MarksError(f"{path}: cannot be read ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") \
            from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise MarksError(f"{path}: not a marks file")
    marks = Marks()
    ratings, flags = doc.get("ratings", {}), doc.get("flags", {})
    if not isinstance(ratings, dict) or not isinstance(flags, dict):
        raise MarksError(f"{path}: its ratings and flags must be tables")
    for name, stars in ratings.items():
        if isinstance(stars, int) and not isinstance(stars, bool) and 1 <= stars <= 5:
            marks.ratings[str(name)] = stars
    for name, flag in flags.items():
        if flag in FLAGS:
            marks.flags[str(name)] = flag
    return marks


def save_marks(folder: str | os.PathLike[str], marks: Marks) -> Path:
    """Write ``marks`` to ``folder``'s marks file atomically; an existing file that cannot be
    read is renamed aside first. Raises ``OSError`` when the folder cannot be written."""
    path = marks_path(folder)
    if path.exists():
        try:
            load_marks(folder)
        except MarksError:
            os.replace(path, path.with_name(MARKS_NAME + ".unreadable"))
    doc = {"format": FORMAT, "ratings": dict(sorted(marks.ratings.items())), "flags": dict(sorted(marks.flags.items()))}
    atomic_write_bytes(path, (json.dumps(doc, indent=1) + "\n").encode("utf-8"))
    return path


__all__ = ["FILTERS", "FLAGS", "MARKS_NAME", "Marks", "MarksError", "load_marks", "marks_path", "save_marks"]
