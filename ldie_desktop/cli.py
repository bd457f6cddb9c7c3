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
def _add_long_side(p: argparse.ArgumentParser) -> None:
    p.add_argument("--long-side", type=_pixels, default=None, metavar="PX",
                   help="resize to fit: the longer side at most PX pixels (never enlarged)")
    p.add_argument("--srgb", action="store_true",
                   help="convert a photo with a wider profile (Display P3, Adobe RGB) to sRGB, for the web")
    p.add_argument("--metadata", choices=("all", "no-location", "copyright"), default="all",
                   help="the EXIF the output keeps: all of it, all but where it was taken (GPS), or only the "
                        "artist and copyright")
    p.add_argument("--sharpen", choices=("none", "low", "standard", "high"), default="none",
                   help="sharpen for a screen at the size written (after --long-side)")
    p.add_argument("--watermark", default="", metavar="TEXT", help="a line of text drawn on the output, e.g. a copyright")
    p.add_argument("--watermark-place", default="bottom right",
                   choices=("bottom right", "bottom left", "top right", "top left", "centre"),
                   help="where the watermark goes")
    p.add_argument("--artist", default="", metavar="NAME", help="the EXIF Artist of the output (who made it)")
    p.add_argument("--copyright", default="", metavar="TEXT", help="the EXIF Copyright of the output")


def _output(args: argparse.Namespace) -> dict[str, object]:
    """What ``export_photo`` does besides the size and quality, from the options above."""
    return {"long_side": args.long_side, "srgb": args.srgb, "metadata": args.metadata.replace("-", "_"),
            "sharpen": args.sharpen, "watermark": args.watermark, "watermark_place": args.watermark_place,
            "artist": args.artist, "copyright": args.copyright}


#: The default JPEG/WebP quality of ``ldie render`` and ``ldie edit``.
QUALITY = 92


def _pixels(text: str) -> int:
    """A ``--long-side`` value: a whole number of pixels, at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of pixels (a whole number >= 1)")
    return value


def _check_output(out: Path, photo: Path, force: bool) -> None:
    if out.exists() and out.resolve() == photo.resolve():
        raise CliError(f"{out}: would overwrite the original photo; choose another output name")
    if out.exists() and not force:
        raise CliError(f"{out}: exists; pass --force to overwrite it")
    if not out.parent.exists():
        raise CliError(f"{out.parent}: no such folder")


def cmd_render(args: argparse.Namespace) -> int:
    from .render.export import export_photo

    from .io import read_photo

    photo_path, out = Path(args.photo), Path(args.output)
    _check_output(out, photo_path, args.force)
    stack, made_for = _saved_layers(args)
    photo = read_photo(photo_path)
    stack, note = _Refinder(args.keep_masks)(photo, photo_path, stack, made_for)
    bar = Progress("rendering", None if not args.progress else True)
    t = time.perf_counter()
    written = export_photo(photo, list(stack), out, quality=args.quality, progress=bar, overwrite=True,
                           **_output(args))
    print(f"wrote {written} ({len(stack)} layers{'; ' + note if note else ''}, {time.perf_counter() - t:.1f} s)")
    return 0


# ------------------------------------------------------------------------------ plan and edit
PLAN_PROXY_SIDE = 1024


def _planner():
    from .model.planner import Planner

    return Planner.load()


def _plan_photo(photo_path: str, request: str):
    """Read the photo, plan on a proxy of it; returns (photo, plan)."""
    from .io import read_photo

    _check_request(request)
    photo = read_photo(photo_path)
    return photo, _plan_on(photo, request, _planner())


def _check_request(request: str) -> None:
    if not request.strip():
        raise CliError("the request is empty; say what to change, e.g. \"brighten it a little\"")


def _plan_on(photo, request: str, planner):  # a Photo, a Planner -> a Plan
    """The plan of ``request`` for ``photo``, made on a proxy of it (what the app plans on)."""
    from .render import make_proxy

    return planner.plan(request, make_proxy(photo.rgb, long_side=PLAN_PROXY_SIDE).rgb, exif=photo.exif)


def _layer_row(layer) -> str:  # noqa: ANN001
    conf = f"{layer.confidence:.0%}" if layer.confidence is not None else "-"
    words = f" <- \"{' '.join(layer.words)}\"" if layer.words else ""
    where = "local" if layer.local else "global"
    state = "" if layer.enabled else " [off: paint a mask]"
    return f"  {layer.summary():60s} {where:6s} {conf:>4s}{words}{state}"


def cmd_plan(args: argparse.Namespace) -> int:
    from .document import EditStack
    from .document.sidecar import stack_to_document
    from .model.gier import encode_rle

    _, plan = _plan_photo(args.photo, args.request)
    if args.json:
        doc = stack_to_document(EditStack(plan.layers))
        grounding = plan.extra.get("grounding", {})
        for layer, entry in zip(plan.layers, doc["layers"]):
            if layer.mask is not None:  # also as COCO RLE (binary at 0.5), for other tools
                entry["mask"]["rle"] = encode_rle(layer.mask.data > 0.5)
            if layer.id in grounding:
                entry["grounding"] = grounding[layer.id]
        print(json.dumps(doc, indent=1))
    else:
        print(f"{len(plan.layers)} layer(s) for \"{args.request}\" (render order):")
        for layer in plan.layers:
            print(_layer_row(layer))
    if plan.message:
        print(plan.message, file=sys.stderr)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from .document import EditStack, save, sidecar_path
    from .render.export import export_photo

    photo_path, out = Path(args.photo), Path(args.output)
    _check_output(out, photo_path, args.force)
    side = sidecar_path(photo_path)
    if args.save_edits and side.exists() and not args.force:
        raise CliError(f"{side}: edits already saved for this photo; pass --force to replace them")
    photo, plan = _plan_photo(args.photo, args.request)
    asked = plan.extra.get("export") or {}  # "resize it to 1080 px wide", "smaller for email": the file's size
    if not any(l.enabled for l in plan.layers) and not asked:
        raise CliError(plan.message or "nothing to do for that request")
    for layer in plan.layers:
        print(_layer_row(layer))
    if plan.message and not asked:
        print(plan.message, file=sys.stderr)
    output = _output(args)
    quality = args.quality
    if asked and args.long_side is None:  # the options, where given, win over the words
        from .model.intents import asked_long_side
        from .render.pipeline import output_size

        output["long_side"] = asked_long_side(asked, output_size(plan.layers, photo.size))  # after its crops
    if asked.get("quality") and args.quality == QUALITY:
        quality = int(asked["quality"])
    if asked.get("format") and out.suffix.lower().lstrip(".") not in (asked["format"], "jpeg" if asked["format"] == "jpg" else ""):
        print(f"note: the request asks for {str(asked['format']).upper()}; the file's name ({out.name}) sets its format",
              file=sys.stderr)
    bar = Progress("rendering", None if not args.progress else True)
    written = export_photo(photo, plan.layers, out, quality=quality, progress=bar, **output)
    print(f"wrote {written}")
    if args.save_edits:
        print(f"edits saved to {save(EditStack(plan.layers), side)} (open the photo in the app to adjust them)")
    return 0


def cmd_predict(args: argparse.Namespace) -> int:
    from .io import read_photo
    from .render import make_proxy

    planner = _planner()
    src, out = Path(args.jsonl), Path(args.output)
    try:
        lines = src.read_text().splitlines()
    except OSError as exc:
        raise CliError(f"{src}: {exc.strerror or exc}") from None
    results, failed = [], 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            request = item["request"]
            assert isinstance(request, str)
        except (ValueError, KeyError, TypeError, AssertionError):
            # one bad line is reported in its place; the rest of the batch still runs
            print(f"{src}:{n}: each line must be a JSON object with a \"request\" string", file=sys.stderr)
            results.append(json.dumps({"line": n, "error": "not a JSON object with a \"request\" string"}))
            failed += 1
            continue
        image, exif = None, None
        if item.get("image"):
            # relative to the JSONL file's folder, else to the current folder
            path = Path(src.parent, item["image"])
            if not path.exists() and Path(item["image"]).exists():
                path = Path(item["image"])
            try:
                read = read_photo(path)
                image, exif = make_proxy(read.rgb, long_side=PLAN_PROXY_SIDE).rgb, read.exif
            except (OSError, ValueError) as exc:
                print(f"{src}:{n}: {exc}", file=sys.stderr)
                item["error"] = str(exc)
                results.append(json.dumps(item))
                failed += 1
                continue
        plan = planner.plan(request, image, exif=exif)
        item["probs"] = {k: round(v, 4) for k, v in plan.probs.items()}
        item["ops"] = [{"op": l.op, "local": l.local, "params": dict(l.params), "confidence": l.confidence,
                        "words": list(l.words), "enabled": l.enabled} for l in plan.layers]
        if plan.message:
            item["message"] = plan.message
        results.append(json.dumps(item))
    from .utils.atomic import atomic_write_bytes

    atomic_write_bytes(out, ("\n".join(results) + "\n").encode())
    print(f"wrote {len(results)} predictions to {out}" + (f" ({failed} with an error, marked \"error\")" if failed else ""))
    return 1 if failed else 0


def _saved_layers(args: argparse.Namespace) -> tuple[list, str | None]:
    """The layers of ``--edits FILE`` or ``--preset NAME`` (the app's presets), and the name of
    the photo they were made for (None for a preset)."""
    if args.preset is not None:
        from .document.presets import PresetError, PresetLibrary

        try:
            return list(PresetLibrary().get(args.preset).layers), None
        except PresetError as exc:
            raise CliError(str(exc)) from None
    from .document import sidecar

    doc = sidecar.read_json(args.edits)
    stack, _ = sidecar.document_from_json(doc, str(args.edits))
    made_for = doc.get("photo", {}).get("name") if isinstance(doc.get("photo"), dict) else None
    return list(stack), made_for if isinstance(made_for, str) else None


class _Refinder:
    """Masks made from words (``Layer.place``: "the sky", "her face") found again in each photo
    the layers were not made for, as the app does when pasting; the planner loads on first need."""

    def __init__(self, keep: bool) -> None:
        self.keep = keep
        self._planner = None

    def __call__(self, photo, photo_path: Path, layers: list, made_for: str | None) -> tuple[list, str]:
        """``layers`` for ``photo`` (a Photo read from ``photo_path``), and a note on what was found."""
        if made_for == photo_path.name:
            return layers, ""
        from .model.sync import for_photo
        from .render import make_proxy

        proxy = make_proxy(photo.rgb, long_side=PLAN_PROXY_SIDE).rgb
        refind = not self.keep and any(l.place and l.mask is not None for l in layers)
        if refind and self._planner is None:
            self._planner = _planner()
        layers, found = for_photo(layers, proxy, self._planner if refind else None, exif=photo.exif)
        again = [r.words for r in found.values() if r.mask is not None]
        missing = [r.phrase for r in found.values() if r.mask is None]
        notes = []
        if again:
            notes.append(f"found {', '.join(dict.fromkeys(again))} for the masks")
        if missing:
            notes.append(f"no {', '.join(dict.fromkeys(missing))} found: that mask by position")
        return layers, "; ".join(notes)


def _saved_name(args: argparse.Namespace) -> str:
    return f"the preset {args.preset!r}" if args.preset is not None else Path(args.edits).name


def cmd_presets(args: argparse.Namespace) -> int:
    """The user's presets (the app's Presets menu), with their layers."""
    from .document.presets import PresetError, PresetLibrary

    library = PresetLibrary()
    try:
        if args.import_file:
            preset = library.import_file(args.import_file, args.name, overwrite=args.force)
            print(f"imported {preset.name!r} ({len(preset.layers)} layer{'s' * (len(preset.layers) != 1)}) into "
                  f"{library.folder}")
            return 0
        if args.export:
            if not args.output:
                raise CliError("--export needs -o FILE")
            print(f"wrote {library.export(args.export, args.output, overwrite=args.force)}")
            return 0
    except PresetError as exc:
        raise CliError(str(exc)) from None
    presets = library.presets()
    if args.json:
        print(json.dumps({"folder": str(library.folder), "problems": library.problems,
                          "presets": [{"name": p.name, "path": str(p.path), "layers": [l.summary() for l in p.layers]}
                                      for p in presets]}, indent=1))
        return 0
    print(f"presets in {library.folder}:" if presets else f"no presets in {library.folder} (save one in the app: "
          "Presets > Save edits as preset)")
    for p in presets:
        print(f"  {p.name}: {', '.join(l.summary() for l in p.layers)}")
    for problem in library.problems:
        print(f"skipped {problem}", file=sys.stderr)
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    """One request (planned on each photo, so "remove the man" finds each photo's man) or one
    edit file, applied to many photos; each written to the output folder. A photo that fails is
    reported on one line and skipped; the exit status is then 1."""
    from .io import ImageReadError, ImageWriteError, format_for_path, read_photo
    from .render.export import export_name, export_photo

    if sum(a is not None for a in (args.request, args.edits, args.preset)) + bool(args.saved) != 1:
        raise CliError("say what to do: --request \"...\", --edits FILE, --preset NAME or --saved (one of them)")
    if args.request is not None:
        _check_request(args.request)
    folder = Path(args.output)
    if not folder.is_dir():
        raise CliError(f"{folder}: no such folder (make it first)")
    photos = [Path(p) for p in args.photos]
    if args.picked or args.stars:  # the keepers chosen in the app
        read: dict = {}
        photos = [p for p in photos if _passes(p, args, read)]
        print(f"{len(photos)} of {len(args.photos)} photos are {'picked' if args.picked else ''}"
              f"{' and ' if args.picked and args.stars else ''}{f'rated {args.stars}+ stars' if args.stars else ''}")
    targets = [export_name(p, folder, args.suffix, args.format) for p in photos]
    for t in targets:
        format_for_path(t)  # an unknown format fails before any work
    clash = {t for t in targets if targets.count(t) > 1}
    if clash:
        raise CliError(f"{min(clash)}: two photos would be written to the same file; use --suffix or rename")
    from .document.sidecar import SidecarError
    from .render.export import saved_layers

    stack, made_for = _saved_layers(args) if args.request is None and not args.saved else (None, None)
    refind = _Refinder(args.keep_masks)
    planner = _planner() if args.request is not None else None
    failed = 0
    for n, (photo_path, out) in enumerate(zip(photos, targets), 1):
        head = f"[{n}/{len(photos)}] {photo_path.name}"
        try:
            _check_output(out, photo_path, args.force)
            photo = read_photo(photo_path)
            if args.saved:
                layers = saved_layers(photo_path)
                note = f"its own {len(layers)} layer(s)" if layers else "no saved edits: as it is"
            elif stack is None:
                plan = _plan_on(photo, args.request, planner)
                layers = [l for l in plan.layers if l.enabled]
                if not layers:
                    raise CliError(plan.message or "nothing to do for that request")
                note = f"{len(layers)} layer(s): {', '.join(l.operation.label for l in layers)}"
                if plan.message:
                    note += f" ({_one_line(plan.message)})"
            else:
                layers, found = refind(photo, photo_path, stack, made_for)
                note = f"{len(stack)} layer(s) from {_saved_name(args)}" + (f" ({found})" if found else "")
            written = export_photo(photo, layers, out, quality=args.quality, **_output(args))
            print(f"{head}: {note} -> {written}")
        except (CliError, ImageReadError, ImageWriteError, SidecarError, OSError, ValueError) as exc:
            failed += 1
            print(f"{head}: {_one_line(exc)}", file=sys.stderr)
    print(f"{len(photos) - failed} of {len(photos)} photos written to {folder}")
    return 1 if failed else 0


def _passes(photo: Path, args: argparse.Namespace, read: dict | None = None) -> bool:
    """Whether ``photo``'s rating and flag in its folder (the app's ``.ldie-marks.json``, read
    once a folder into ``read``) pass ``--picked`` and ``--stars``. A folder whose marks cannot
    be read is an error."""
    from .document.marks import MarksError, load_marks

    read = {} if read is None else read
    folder = photo.resolve().parent
    if folder not in read:
        try:
            read[folder] = load_marks(folder)
        except MarksError as exc:
            raise CliError(str(exc)) from None
    marks = read[folder]
    return (not args.picked or marks.shows(photo.name, "picked")) and (
        not args.stars or marks.shows(photo.name, str(args.stars)))


def cmd_merge(args: argparse.Namespace) -> int:
    from .render.merge import MergeError, merge_photos

    out = Path(args.output) if args.output else None
    if out is not None and out.exists() and not args.force:
        raise CliError(f"{out}: exists; pass --force to overwrite it")
    if out is not None and out.resolve() in {Path(p).resolve() for p in args.photos}:
        raise CliError(f"{out}: would overwrite one of the photos; choose another output name")
    if out is not None and out.exists():
        out.unlink()
    bar = Progress("merging", None if not args.progress else True)
    t = time.perf_counter()
    try:
        written = merge_photos(args.photos, args.kind, out, progress=bar)
    except MergeError as exc:
        raise CliError(str(exc)) from None
    print(f"wrote {written} ({len(args.photos)} photos, {time.perf_counter() - t:.1f} s)")
    return 0


def cmd_masks(args: argparse.Namespace) -> int:
    from .grounding import Grounder
    from .grounding.inspect import write_proposals
    from .io import read_photo

    photo = read_photo(args.photo)
    if args.select is not None:
        return _select_mask(args, photo)
    out = Path(args.output or f"{Path(args.photo).stem}-masks")
    grounder = Grounder.load()
    for problem in grounder.missing():
        print(f"warning: {problem}", file=sys.stderr)
    props = grounder.proposals(photo.rgb)
    if args.closer:
        grounder.look_closer(props)
    out.mkdir(parents=True, exist_ok=True)
    paths = write_proposals(out, photo.rgb, props)
    for p in props:
        print(f"  {p.label:14s} {p.kind:10s} score {p.score:.2f}  {' '.join(p.cues.words())}")
    print(f"wrote {len(paths)} files to {out}")
    return 0


def _select_mask(args: argparse.Namespace, photo) -> int:  # noqa: ANN001 - a Photo
    """``ldie masks PHOTO --select "the sky" -o sky.png``: the mask the app's Select box (or a
    request naming that place) makes, as a greyscale PNG at the photo's size."""
    import cv2

    from .document import Mask
    from .render import make_proxy

    out = Path(args.output or f"{Path(args.photo).stem}-mask.png")
    if out.suffix.lower() != ".png":
        raise CliError(f"{out}: the mask is written as a PNG; give a .png name")
    _check_output(out, Path(args.photo), args.force)
    proxy = make_proxy(photo.rgb, long_side=PLAN_PROXY_SIDE).rgb
    region = _planner().select(args.select, proxy)
    if region.mask is None:
        raise CliError(_one_line(region.message or "nothing selected"))
    h, w = photo.rgb.shape[:2]
    full = Mask(region.mask.resized(h, w))
    if not cv2.imwrite(str(out), full.to_uint8()):
        raise CliError(f"{out}: could not write the mask")
    note = f" ({_one_line(region.message)})" if region.message else ""
    print(f"wrote {out}: {region.words}, {full.data.mean():.0%} of the photo{note}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.what == "grounding":
        from .grounding import evaluate as gev

        if args.real:
            for line in gev.run_real(Path(args.out or "out/grounding/real")):
                print(line)
            return 0
        result = gev.run(Path(args.data) if args.data else None, n_scenes=args.scenes, first=args.first)
        print(json.dumps(result, indent=2) if args.json else gev.format_table(result))
        return 0
    if args.what == "gier":
        from .model import evaluate

        if not args.annotations:
            raise CliError("--annotations DIR is required (the GIER folder with splits/)")
        predictor = None
        if args.weights:
            from .model.predictor import OperationPredictor

            predictor = OperationPredictor.load(args.weights)
        result = evaluate.evaluate_gier(args.annotations, args.split, predictor)
        print(json.dumps(result, indent=1) if args.json else evaluate.format_table(result))
        return 0
    raise CliError(f"unknown evaluation {args.what!r}")


# -------------------------------------------------------------------------------------- bench
def _parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise CliError(f"--size {text}: expected WIDTHxHEIGHT, e.g. 6000x4000") from None
    if not (16 <= w <= 20000 and 16 <= h <= 20000):
        raise CliError(f"--size {text}: each side must be between 16 and 20000 pixels")
    return w, h


def _bench_plan() -> dict:
    """Loading the planner, then planning global requests for a 12 MP photo."""
    import statistics

    from .bench import test_photo

    t = time.perf_counter()
    planner = _planner()
    load_s = time.perf_counter() - t
    photo = test_photo(4000, 3000)
    times = []
    for request in ("brighten it a little", "more contrast and warmer", "make it pop", "sharpen it a bit") * 2:
        t = time.perf_counter()
        planner.plan(request, photo)
        times.append(time.perf_counter() - t)
    return {"planner_load_s": round(load_s, 2), "plan_12mp_global_ms": round(statistics.median(times) * 1000, 1),
            "targets": {"planner_load_s": 3.0, "plan_12mp_global_ms": 300}}


def cmd_bench(args: argparse.Namespace) -> int:
    from . import bench

    if args.what == "plan":
        from .grounding.bench import bench_grounding, format_bench

        result = _bench_plan()
        result["grounding"] = bench_grounding(repeat=args.repeat if args.repeat < 5 else 3)
        print(json.dumps(result, indent=2) if args.json else
              "\n".join(f"  {k:34s} {v}" for k, v in result.items() if k != "grounding") + "\n" + format_bench(result["grounding"]))
        return 0
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
    p.add_argument("photo", help="the photo (JPEG, PNG, TIFF, WebP, BMP, HEIC, AVIF or a camera raw)")
    saved = p.add_mutually_exclusive_group(required=True)
    saved.add_argument("--edits", help="an edit file (.ldie.json)")
    saved.add_argument("--preset", help="one of the app's presets, by name (ldie presets lists them)")
    p.add_argument("--keep-masks", action="store_true",
                   help="masks made from words ('the sky') stay where they were, instead of being found in the photo")
    p.add_argument("-o", "--output", required=True, help="where to write the result; the suffix picks the format")
    p.add_argument("--quality", type=int, default=QUALITY, help=f"JPEG/WebP quality 1-100 (default {QUALITY})")
    _add_long_side(p)
    p.add_argument("--force", action="store_true", help="overwrite an existing output file (never the photo itself)")
    p.add_argument("--progress", action="store_true", help="show a progress bar even when not on a terminal")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("plan", help="the layers the model proposes for a request")
    p.add_argument("photo")
    p.add_argument("request")
    p.add_argument("--json", action="store_true", help="print the edit file (sidecar JSON) instead")
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("edit", help="plan a request and render the result at full resolution")
    p.add_argument("photo")
    p.add_argument("request")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--quality", type=int, default=QUALITY)
    _add_long_side(p)
    p.add_argument("--save-edits", action="store_true", help="also save the layers next to the photo, re-editable")
    p.add_argument("--force", action="store_true", help="overwrite an existing output or saved edits")
    p.add_argument("--progress", action="store_true")
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("batch", help="one request (or edit file) applied to many photos, written to a folder")
    p.add_argument("photos", nargs="+", help="the photos")
    p.add_argument("-r", "--request", help="what to change, planned on each photo")
    p.add_argument("--edits", help="an edit file (.ldie.json) to apply as it is instead")
    p.add_argument("--preset", help="one of the app's presets, by name, to apply as it is instead")
    p.add_argument("--saved", action="store_true",
                   help="each photo with its own saved edits (its .ldie.json; none: as it is), as the app's "
                        "Export selected photos")
    p.add_argument("--keep-masks", action="store_true",
                   help="masks made from words ('the sky') stay where they were, instead of being found in the photo")
    p.add_argument("--picked", action="store_true", help="only the photos flagged as picks in the app (P)")
    p.add_argument("--stars", type=int, choices=range(1, 6), metavar="N",
                   help="only the photos rated N stars or more in the app (1-5)")
    p.add_argument("-o", "--output", required=True, help="the folder to write to")
    p.add_argument("--suffix", default="-edited", help="added to each photo's name (default -edited)")
    p.add_argument("--format", default=None, help="jpg, png, tif or webp (default: each photo's own)")
    p.add_argument("--quality", type=int, default=QUALITY)
    _add_long_side(p)
    p.add_argument("--force", action="store_true", help="overwrite existing outputs (never a photo itself)")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("presets", help="the presets saved in the app (Presets menu), with their layers; "
                                       "import or export one")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--import", dest="import_file", metavar="FILE",
                   help="add the edit file FILE (an exported preset, any .ldie.json) as a preset")
    p.add_argument("--name", help="with --import: the preset's name (default: the one it carries, or the file's)")
    p.add_argument("--export", metavar="NAME", help="write the preset NAME to -o FILE, to share it")
    p.add_argument("-o", "--output", help="with --export: the file to write")
    p.add_argument("--force", action="store_true", help="replace a preset or file of that name")
    p.set_defaults(func=cmd_presets)

    p = sub.add_parser("predict", help="batch predictions: JSON lines with \"request\" and optional \"image\"")
    p.add_argument("--jsonl", required=True)
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_predict)

    p = sub.add_parser("merge", help="several photos into one: an HDR from a bracketed series, or a panorama")
    p.add_argument("kind", choices=("hdr", "panorama"))
    p.add_argument("photos", nargs="+", metavar="PHOTO")
    p.add_argument("-o", "--output", default=None,
                   help="the TIFF to write (default: next to the first photo, IMG_0001-HDR.tif / -Pano.tif)")
    p.add_argument("--force", action="store_true", help="overwrite the output if it exists")
    p.add_argument("--progress", action="store_true", help="show progress on stderr")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("masks", help="the region proposals of a photo, as PNGs with labels")
    p.add_argument("photo")
    p.add_argument("-o", "--output", help="folder (default: PHOTO-masks)")
    p.add_argument("--closer", action="store_true",
                   help="also take the closer look (the finds a phrase naming an unlabelled thing adds)")
    p.add_argument("--select", metavar="WORDS",
                   help="instead, the mask of a place in words ('the sky', 'the man on the left', 'the shadows'), "
                        "as one PNG (-o FILE.png)")
    p.add_argument("--force", action="store_true", help="overwrite an existing mask file")
    p.set_defaults(func=cmd_masks)

    p = sub.add_parser("eval", help="evaluate the models")
    p.add_argument("what", choices=["gier", "grounding"])
    p.add_argument("--annotations", help="gier: the GIER folder (with splits/)")
    p.add_argument("--split", choices=["val", "test"], default="test")
    p.add_argument("--weights", help="gier: operation predictor weights (default: the committed ones)")
    p.add_argument("--scenes", type=int, default=16, help="grounding: composited photos to build")
    p.add_argument("--first", type=int, default=0,
                   help="grounding: index of the first scene (scenes FIRST .. FIRST+SCENES-1 of one fixed sequence)")
    p.add_argument("--data", help="grounding: where the Debian photo/stamp packages are unpacked")
    p.add_argument("--real", action="store_true", help="grounding: real photos with people, sheets to look at")
    p.add_argument("--out", help="grounding --real: output folder")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="benchmarks against OpenCV and Pillow, in one run")
    p.add_argument("what", choices=["render", "gui", "plan"], help="what to measure")
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
