"""The ``ldie`` command line. Errors are one line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Sequence

EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A user-facing problem; its message is printed as one line."""


class Progress:
    """A one-line progress bar on stderr (only when stderr is a terminal, or when forced)."""

    def __init__(self, label: str, enabled: bool | None = None) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.start = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        width = 30
        filled = int(width * done / total)
        elapsed = time.perf_counter() - self.start
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {elapsed:.1f}s")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


# ---------------------------------------------------------------------------------------- ops
def cmd_ops(args: argparse.Namespace) -> int:
    from .ops import operations

    ops = operations()
    if args.json:
        print(json.dumps([op.describe() for op in ops.values()], indent=2))
        return 0
    for op in ops.values():
        flags = [f for f, on in (("pointwise", op.pointwise), ("geometric", op.geometric),
                                 ("needs a mask", op.needs_mask), ("not differentiable", not op.differentiable)) if on]
        print(f"{op.name} (v{op.version}) - {op.description}" + (f" [{', '.join(flags)}]" if flags else ""))
        for p in op.params:
            rng = f"{p.minimum:g}..{p.maximum:g}"
            shape = f" x{p.size}" if p.shape else ""
            choices = f" ({', '.join(f'{i}={c}' for i, c in enumerate(p.choices))})" if p.choices else ""
            unit = f" {p.unit}" if p.unit else ""
            print(f"    {p.name}{shape}: {rng}{unit}, default {p.default:g}{choices} - {p.description}")
    return 0


# ------------------------------------------------------------------------------------- render
def _check_output(out: Path, photo: Path, force: bool) -> None:
    if out.exists() and out.resolve() == photo.resolve():
        raise CliError(f"{out}: would overwrite the original photo; choose another output name")
    if out.exists() and not force:
        raise CliError(f"{out}: exists; pass --force to overwrite it")
    if not out.parent.exists():
        raise CliError(f"{out.parent}: no such folder")


def cmd_render(args: argparse.Namespace) -> int:
    from .document import load
    from .render.export import export_photo

    photo, out = Path(args.photo), Path(args.output)
    _check_output(out, photo, args.force)
    stack = load(args.edits)
    bar = Progress("rendering", None if not args.progress else True)
    t = time.perf_counter()
    written = export_photo(photo, list(stack), out, quality=args.quality, progress=bar, overwrite=True)
    print(f"wrote {written} ({len(stack)} layers, {time.perf_counter() - t:.1f} s)")
    return 0


# -------------------------------------------------------------------------------------- bench
def _parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise CliError(f"--size {text}: expected WIDTHxHEIGHT, e.g. 6000x4000") from None
    if not (16 <= w <= 20000 and 16 <= h <= 20000):
        raise CliError(f"--size {text}: each side must be between 16 and 20000 pixels")
    return w, h


def cmd_bench(args: argparse.Namespace) -> int:
    from . import bench

    if args.what == "gui":
        # a child process: the command line itself never imports Qt
        import subprocess

        cmd = [sys.executable, "-m", "ldie_desktop.ui.bench"] + ([] if not args.no_model else ["--no-model"])
        res = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        if res.returncode != 0:
            raise CliError(f"the GUI benchmark failed: {(res.stderr.strip().splitlines() or ['?'])[-1]}")
        out = res.stdout[res.stdout.index("{"):]
        print(out if args.json else "\n".join(f"  {k:30s} {v}" for k, v in json.loads(out).items()))
        return 0
    w, h = _parse_size(args.size)
    result = bench.bench_render(w, h, photo=args.photo, repeat=args.repeat, memory=not args.no_memory)
    print(bench.dumps(result) if args.json else bench.format_report(result))
    return 0


# --------------------------------------------------------------------------------------- main
def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="ldie", description="LDIE Desktop: edit photos from plain-language requests.")
    parser.add_argument("--version", action="version", version=f"ldie {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ops", help="list every operation with its parameter spec")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_ops)

    p = sub.add_parser("render", help="apply a saved edit stack to a photo at full resolution")
    p.add_argument("photo", help="the photo (JPEG, PNG, TIFF, WebP, BMP)")
    p.add_argument("--edits", required=True, help="an edit file (.ldie.json)")
    p.add_argument("-o", "--output", required=True, help="where to write the result; the suffix picks the format")
    p.add_argument("--quality", type=int, default=92, help="JPEG/WebP quality 1-100 (default 92)")
    p.add_argument("--force", action="store_true", help="overwrite an existing output file (never the photo itself)")
    p.add_argument("--progress", action="store_true", help="show a progress bar even when not on a terminal")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("bench", help="benchmarks against OpenCV and Pillow, in one run")
    p.add_argument("what", choices=["render", "gui"], help="what to measure")
    p.add_argument("--size", default="6000x4000", help="image size WIDTHxHEIGHT (default 6000x4000, 24 MP)")
    p.add_argument("--photo", help="use this photo (resized) instead of the bundled sample")
    p.add_argument("--repeat", type=int, default=5, help="runs per measurement (median reported)")
    p.add_argument("--no-memory", action="store_true", help="skip the peak-memory measurement")
    p.add_argument("--no-model", action="store_true", help="gui: do not load the language model")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_bench)
    return parser


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from .document import SidecarError
    from .io import ImageReadError, ImageWriteError
    from .ops import ParamError, UnknownOperation
    from .render import Cancelled

    expected: tuple[type[BaseException], ...] = (CliError, SidecarError, ImageReadError, ImageWriteError, ParamError,
                                                 UnknownOperation, OSError)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("ldie: interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Cancelled:
        print("ldie: cancelled; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except expected as exc:
        print(f"ldie: {_one_line(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except MemoryError:
        print("ldie: out of memory; try a smaller image", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # an unexpected bug: still one line, with a hint how to see more
        if os.environ.get("LDIE_DEBUG"):
            raise
        print(f"ldie: internal error: {type(exc).__name__}: {_one_line(exc)} (set LDIE_DEBUG=1 for details)",
              file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
