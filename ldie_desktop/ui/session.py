"""One open photo: its edit stack, undo history, preview rendering and autosave.

Created only after the core (torch, numba) has loaded, so it may import the core freely.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import cv2
import numpy as np
from PySide6.QtCore import QObject, QSize, QTimer, Signal
from PySide6.QtGui import QImage, QUndoCommand, QUndoStack

from ..document import EditStack, History, Layer, Mask, sidecar
from ..io import Photo, read_photo
from ..render import Region, RenderCache, Renderer, image_key, make_proxy, region_margin, region_supported
from ..render import kernels
from ..render.display import display_transform
from ..render.histogram import Histogram, histogram
from ..render.pipeline import output_size, source_point, through_geometry
from . import commands
from .workers import RenderThread

#: Autosave this long after the last change (a slider drag saves once, when it rests).
AUTOSAVE_MS = 400


def to_uint8(x: np.ndarray) -> np.ndarray:
    """A float32 picture or alpha in [0, 1] as uint8 (uint8 as it is)."""
    return kernels.quantize(x) if x.dtype != np.uint8 else np.ascontiguousarray(x)


def to_qimage(rgb: np.ndarray, alpha: np.ndarray | None = None,
              display: Callable[[np.ndarray], np.ndarray] | None = None) -> QImage:
    """float32 or uint8 ``(H, W, 3)`` (and an optional ``(H, W)`` alpha) to an RGB888 (RGBA8888)
    QImage that owns its pixels; ``display`` (the photo's :class:`DisplayTransform`) converts
    its colours for the screen first."""
    u8 = to_uint8(rgb)
    if display is not None:
        u8 = display(u8)
    h, w = u8.shape[:2]
    if alpha is None:
        return QImage(u8.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    a = to_uint8(alpha)
    rgba = np.ascontiguousarray(np.concatenate([u8, a.reshape(h, w, 1)], axis=2))
    return QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


def mask_qimage(mask: np.ndarray) -> QImage:
    """A red overlay with the mask as alpha."""
    h, w = mask.shape
    rgba = np.zeros((h, w, 4), np.uint8)
    rgba[..., 0] = 255
    rgba[..., 3] = np.round(np.clip(mask, 0, 1) * 255).astype(np.uint8)
    return QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


def load_photo(path: str | Path, proxy_side: int, progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> tuple[Photo, Any, EditStack, History | None] | None:
    """Read a photo, make its preview proxy and read its sidecar (run on a worker thread),
    saying each of the three steps done to ``progress``; None as soon as ``cancelled()`` after
    a step (the decoding itself is one call to the codec or LibRaw, and runs to its end)."""
    step = progress or (lambda done, total: None)
    stop = cancelled or (lambda: False)
    photo = read_photo(path)
    step(1, 3)
    if stop():
        return None
    proxy = make_proxy(photo.rgb, photo.alpha, long_side=proxy_side)
    step(2, 3)
    if stop():
        return None
    side = sidecar.sidecar_path(path)
    stack, history = (sidecar.load_document(side) if side.exists() else (EditStack(), None))
    step(3, 3)
    return photo, proxy, stack, history


#: How many float32 RGB preview stages the render cache keeps.
PREVIEW_STAGES = 6


#: The brush's Auto mask: colours within ``AUTO_MASK_NEAR`` (CIELAB units, lightness counted half) of
#: the one under the brush are painted fully, none past ``AUTO_MASK_FAR``, in between partly.
AUTO_MASK_NEAR, AUTO_MASK_FAR = 10.0, 20.0


class Session(QObject):
    """Signals: ``preview_ready(QImage)``, ``render_failed(str)``, ``saved(path)``,
    ``save_failed(str)``, ``stack_changed()``."""

    preview_ready = Signal(QImage)
    detail_ready = Signal(QImage, object)  # image, (x, y, w, h) in photo pixels
    render_failed = Signal(str)
    saved = Signal(str)
    save_failed = Signal(str)
    stack_changed = Signal()
    snapshots_changed = Signal()  # one taken, updated, renamed or deleted

    def __init__(self, path: Path, photo: Photo, proxy: Any, stack: EditStack, history: History | None,
                 render_thread: RenderThread, renderer: Renderer, parent: QObject | None = None,
                 detail_thread: RenderThread | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.photo = photo
        self.proxy = proxy
        self.source_key = image_key(proxy.rgb)
        self.stack = stack
        self.undo = QUndoStack(self)
        self.renderer = renderer
        # room for the stages a slider drag reuses (the one before the layer being dragged, and a
        # few more), not for every value it passed: fresh memory for each new stage is slow to
        # touch, and the first renders of a drag waited on it until 384 MB had filled (126 ms a
        # slider step on a 1500x1000 proxy, 52 ms with this)
        self.cache = RenderCache(max_bytes=max(64 * 2**20, PREVIEW_STAGES * proxy.rgb.shape[0] * proxy.rgb.shape[1] * 12))
        # the photo's colours as an sRGB screen should show them (None: shown as they are)
        self.display = display_transform(photo.icc)
        self.before_image = to_qimage(proxy.rgb, display=self.display)
        self._lab: np.ndarray | None = None  # the preview in CIELAB, for the brush's Auto mask (made when first used)
        self.full_size = QSize(photo.size[1], photo.size[0])
        self.generation = 0
        self.shown_generation = -1  # the newest generation shown (tests wait on it)
        self.last_render_s = 0.0
        self.autosave_enabled = True
        self.histogram: Histogram | None = None  # of the picture the preview shows
        self._histograms: dict[int, Histogram] = {}  # made beside each preview, off the GUI thread
        self.cropping: str | None = None  # the crop layer the crop tool edits: the preview leaves it out
        self.trying: tuple[Layer, ...] = ()  # layers shown on top for a moment (a preset hovered)
        self.standin: Layer | None = None  # a layer shown in place of its namesake (a mask being drawn)
        self._render_thread = render_thread
        self._render_thread.rendered.connect(self._on_rendered)
        self._render_thread.failed.connect(self._on_render_failed)
        self._detail_thread = detail_thread
        self.detail_generation = 0
        if detail_thread is not None:
            detail_thread.rendered.connect(self._on_detail)
        # snapshots[i] is the stack after i undo steps (0: as opened); they become the history
        self._snapshots: list[tuple[Layer, ...]] = [tuple(stack.layers)]
        #: Named stacks kept aside (Lightroom's snapshots), saved with the history.
        self.snapshots: list[tuple[str, tuple[Layer, ...]]] = [
            (name, tuple(layers)) for name, layers in (history.snapshots if history is not None else [])]
        if history is not None and history.steps:
            self._restore_history(history)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save)
        for sig in (stack.events.inserted, stack.events.removed, stack.events.moved, stack.events.changed,
                    stack.events.reset):
            sig.connect(self._on_stack_event)
        self.undo.indexChanged.connect(lambda _: self._autosave.start())

    # ------------------------------------------------------------------ history
    def _restore_history(self, history: History) -> None:
        self._snapshots = [tuple(history.base)]
        self.stack.reset(history.base)
        for text, layers in history.steps:
            self.undo.push(commands.ReplaceStack(self.stack, self.stack.layers, layers, text))
            self._snapshots.append(tuple(layers))
        self.undo.setIndex(history.index)

    def push(self, command: QUndoCommand) -> None:
        """Every change goes through here: it runs, becomes undoable, and is snapshotted."""
        index, count = self.undo.index(), self.undo.count()
        self.undo.push(command)
        current = tuple(self.stack.layers)
        if self.undo.count() == count and self.undo.index() == index:  # merged into the last step
            self._snapshots[index] = current
        else:
            self._snapshots = self._snapshots[: self.undo.index()] + [current]

    def history(self) -> History:
        steps = [(self.undo.text(i), list(self._snapshots[i + 1])) for i in range(self.undo.count())]
        return History(base=list(self._snapshots[0]), steps=steps, index=self.undo.index(),
                       snapshots=[(name, list(layers)) for name, layers in self.snapshots])

    def refresh_display(self) -> None:
        """The screen's profile changed: the photo's conversion for the screen made again."""
        self.display = display_transform(self.photo.icc)
        self.before_image = to_qimage(self.proxy.rgb, display=self.display)

    # ------------------------------------------------------------------ snapshots
    def take_snapshot(self, name: str = "") -> str:
        """Keep the stack as it is now under ``name`` (a new name made unique: "Snapshot 2"; empty:
        the date and time, as Lightroom names them); returns the name. Not an undo step: a
        snapshot is kept aside, the edits do not change."""
        import datetime

        base = " ".join(str(name).split()) or datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        taken = {n for n, _ in self.snapshots}
        unique, k = base, 2
        while unique in taken:
            unique, k = f"{base} ({k})", k + 1
        self.snapshots.append((unique, tuple(self.stack.layers)))
        self._snapshots_changed()
        return unique

    def apply_snapshot(self, index: int) -> None:
        """Make the stack the snapshot ``index``'s, as one undo step ("Snapshot: Colour")."""
        name, layers = self.snapshots[index]
        if tuple(self.stack.layers) != layers:
            self.push(commands.ReplaceStack(self.stack, list(self.stack.layers), list(layers), f"Snapshot: {name}"))

    def update_snapshot(self, index: int) -> None:
        """Keep the stack as it is now in the snapshot ``index`` (its name stays)."""
        self.snapshots[index] = (self.snapshots[index][0], tuple(self.stack.layers))
        self._snapshots_changed()

    def rename_snapshot(self, index: int, name: str) -> str:
        """Rename the snapshot ``index`` (made unique; an empty name changes nothing)."""
        name = " ".join(str(name).split())
        old, layers = self.snapshots[index]
        if not name or name == old:
            return old
        taken = {n for i, (n, _) in enumerate(self.snapshots) if i != index}
        unique, k = name, 2
        while unique in taken:
            unique, k = f"{name} ({k})", k + 1
        self.snapshots[index] = (unique, layers)
        self._snapshots_changed()
        return unique

    def delete_snapshot(self, index: int) -> None:
        del self.snapshots[index]
        self._snapshots_changed()

    def _snapshots_changed(self) -> None:
        self.snapshots_changed.emit()
        self._autosave.start()

    # ------------------------------------------------------------------ convenient edits
    def layer(self, layer_id: str) -> Layer:
        return self.stack[self.stack.index_of(layer_id)]

    def add_layers(self, layers: Sequence[Layer], text: str = "") -> None:
        if layers:
            self.push(commands.AddLayers(self.stack, layers, text=text))

    def change_layers(self, ops: Sequence[str], action: str, text: str) -> list[Layer]:
        """Remove, hide or show every layer of the operations ``ops`` ("remove the vignette"), as
        one undo step; returns the layers it changed (none: nothing of that kind to change)."""
        before = list(self.stack.layers)
        hits = [l for l in before if l.op in ops and (action == "remove" or l.enabled != (action == "show"))]
        if not hits:
            return []
        ids = {l.id for l in hits}
        if action == "remove":
            after = [l for l in before if l.id not in ids]
        else:
            after = [l.replace(enabled=action == "show") if l.id in ids else l for l in before]
        self.push(commands.ReplaceStack(self.stack, before, after, text))
        return hits

    def scale_layers(self, ids: Sequence[str], factor: float, text: str) -> int:
        """Make the layers ``ids`` (those still in the stack) ``factor`` times as strong
        (:meth:`Layer.scaled`), as one undo step; returns how many changed."""
        before = list(self.stack.layers)
        after = [l.scaled(factor) if l.id in ids else l for l in before]
        changed = sum(a != b for a, b in zip(after, before))
        if changed:
            self.push(commands.ReplaceStack(self.stack, before, after, text))
        return changed

    def set_layer(self, new: Layer, text: str, merge_key: Any = None) -> None:
        if self.layer(new.id) != new:
            self.push(commands.SetLayer(self.stack, new, text, merge_key))

    def remove_layer(self, layer_id: str) -> None:
        self.push(commands.RemoveLayer(self.stack, self.stack.index_of(layer_id)))

    def move_layer(self, src: int, dst: int) -> None:
        if src != dst:
            self.push(commands.MoveLayer(self.stack, src, dst))

    # ------------------------------------------------------------------ rendering
    def _on_stack_event(self, *args: Any) -> None:
        self.standin = None  # a drag's stand-in never outlives a change to the stack (an undo mid-drag)
        self.stack_changed.emit()
        self.request_render()
        if self.autosave_enabled:
            self._autosave.start()

    def request_render(self) -> None:
        """Queue a preview render of the current stack (the newest request wins)."""
        self.generation += 1
        layers = self.shown_layers()
        proxy, cache, key, renderer = self.proxy, self.cache, self.source_key, self.renderer
        generation, histograms, display = self.generation, self._histograms, self.display
        photo_long = max(self.full_size.width(), self.full_size.height())  # the grain the export will show

        def job() -> QImage:
            stage = renderer.render(proxy.rgb, layers, alpha=proxy.alpha, quality="preview", cache=cache, source_key=key,
                                    source_long_side=photo_long)
            rgb, alpha = to_uint8(stage.rgb), None if stage.alpha is None else to_uint8(stage.alpha)
            histograms[generation] = histogram(rgb, alpha)  # of the photo's own numbers, as exported
            return to_qimage(rgb, alpha, display)

        self._render_thread.submit(self.generation, job)

    def shown_layers(self) -> tuple[Layer, ...]:
        """The layers the preview shows: the stack, less the crop the crop tool is editing (so
        the whole picture it crops is on screen), with a layer being changed by a drag in place of
        its namesake (:meth:`stand_in`), plus any being tried on top (:meth:`try_layers`)."""
        standin = self.standin
        return tuple(standin if standin is not None and l.id == standin.id else l
                     for l in self.stack.layers if l.id != self.cropping) + self.trying

    def stand_in(self, layer: Layer | None) -> None:
        """Show ``layer`` in the preview in place of the stack's layer of its id (a mask being
        drawn, shown with its effect as the drag goes); None stops. The stack, the undo history
        and the saved edits never see it."""
        if layer != self.standin:
            self.standin = layer
            self.request_render()

    def try_layers(self, layers: Sequence[Layer]) -> None:
        """Show ``layers`` on top of the stack in the preview only (a preset hovered in its menu,
        as Lightroom previews a preset under the pointer); an empty list stops. The stack, the
        undo history and the saved edits never see them."""
        layers = tuple(layers)
        if layers != self.trying:
            self.trying = layers
            self.request_render()

    def set_cropping(self, layer_id: str | None) -> None:
        """Leave the crop layer ``layer_id`` out of the preview while the crop tool edits it
        (None: show the whole stack again)."""
        if layer_id != self.cropping:
            self.cropping = layer_id
            self.request_render()

    def crop_blocker(self, layer_id: str | None) -> str | None:
        """Why the crop tool cannot edit the crop ``layer_id`` (None: a new crop) on the preview,
        or None when it can: it shows the picture the crop cuts, so no turn, flip or other crop
        may come after it."""
        ids = [l.id for l in self.stack.layers]
        after = self.stack.layers[ids.index(layer_id) + 1:] if layer_id in ids else []
        later = [l for l in after if l.is_active() and l.operation.geometric]
        if later:
            return (f"This crop comes before {later[0].operation.label.lower()}: move it to the top of the "
                    f"layer list to edit it on the photo, or use its sliders.")
        return None

    def shown_mask(self, mask: np.ndarray) -> np.ndarray:
        """A mask of the photo (proxy size) as it lies on the preview, through the stack's crops,
        turns and flips: masks belong to the photo as loaded, and are shown where it shows."""
        return through_geometry(mask, self.shown_layers())

    def photo_point(self, x: float, y: float) -> tuple[float, float]:
        """The point of the photo (proxy pixels) under the point ``(x, y)`` of the preview."""
        return source_point(self.shown_layers(), self.proxy.rgb.shape[:2], x, y)

    def photo_radius(self, x: float, y: float, radius: float) -> float:
        """A brush of ``radius`` preview pixels at ``(x, y)``, in photo (proxy) pixels: a
        straightened preview is the photo zoomed in to fill, so its brush covers less photo."""
        layers, size = self.shown_layers(), self.proxy.rgb.shape[:2]
        cx, cy = source_point(layers, size, x, y)
        ex, ey = source_point(layers, size, x + radius, y)
        return float(np.hypot(ex - cx, ey - cy)) or radius

    def output_size(self, layers: Sequence[Layer] | None = None) -> QSize:
        """The size of a full-resolution export of the stack (or of ``layers``), before any
        resize to fit."""
        h, w = output_size(self.stack.layers if layers is None else layers, self.photo.size)
        return QSize(w, h)

    def shown_size(self, image: QImage) -> QSize:
        """The full-resolution size of what the preview ``image`` shows (the photo after the
        stack's crops and turns): the preview's own shape, at the photo's scale."""
        scale = self.proxy.rgb.shape[1] / max(1, self.full_size.width())
        return QSize(max(1, round(image.width() / scale)), max(1, round(image.height() / scale)))

    def _on_rendered(self, generation: int, image: QImage, seconds: float) -> None:
        made = self._histograms.pop(generation, None)
        for old in [g for g in list(self._histograms) if g < generation]:  # the worker may be adding one
            self._histograms.pop(old, None)
        if generation == self.generation:  # an older request finishing late is dropped
            self.histogram = made
            self.last_render_s = seconds
            self.shown_generation = generation
            self.preview_ready.emit(image)

    def request_detail(self, x: float, y: float, w: float, h: float) -> bool:
        """Render the photo window ``(x, y, w, h)`` (photo pixels) at full resolution for a
        magnified view. Returns False when the stack cannot render by parts (geometry, removal)."""
        layers = self.shown_layers()
        full_h, full_w = self.photo.size
        if self._detail_thread is None or not region_supported(layers, max(full_h, full_w)):
            return False
        x0, y0 = max(0, int(x)), max(0, int(y))
        x1, y1 = min(full_w, int(np.ceil(x + w))), min(full_h, int(np.ceil(y + h)))
        if x1 - x0 < 2 or y1 - y0 < 2:
            return False
        margin = region_margin(layers, max(full_h, full_w))
        ys, xs = max(0, y0 - margin), max(0, x0 - margin)
        ye, xe = min(full_h, y1 + margin), min(full_w, x1 + margin)
        rgb, alpha = self.photo.rgb, self.photo.alpha
        renderer, display = self.renderer, self.display
        self.detail_generation += 1

        def job() -> QImage:
            crop = np.ascontiguousarray(rgb[ys:ye, xs:xe])
            a = None if alpha is None else np.ascontiguousarray(alpha[ys:ye, xs:xe])
            stage = renderer.render(crop, layers, alpha=a, quality="preview", region=Region(full_h, full_w, ys, xs))
            cut = (slice(y0 - ys, y1 - ys), slice(x0 - xs, x1 - xs))
            return to_qimage(stage.rgb[cut], None if stage.alpha is None else stage.alpha[cut], display)

        self._detail_rect = (x0, y0, x1 - x0, y1 - y0)
        self._detail_for = (self.generation, self.detail_generation)
        self._detail_thread.submit(self.detail_generation, job)
        return True

    def _on_detail(self, generation: int, image: QImage, seconds: float) -> None:
        if (self.generation, generation) == getattr(self, "_detail_for", None):
            self.detail_ready.emit(image, self._detail_rect)

    def _on_render_failed(self, generation: int, message: str) -> None:
        if generation == self.generation:
            self.render_failed.emit(message)

    # ------------------------------------------------------------------ saving
    def save(self) -> bool:
        try:
            sidecar.save(self.stack, sidecar.sidecar_path(self.path), photo={"name": self.path.name},
                         history=self.history())
        except Exception as exc:  # noqa: BLE001 - a full disk must not crash the app
            self.save_failed.emit(f"could not save edits: {exc}")
            return False
        self.saved.emit(str(sidecar.sidecar_path(self.path)))
        return True

    def flush(self) -> None:
        """Save now if a save is pending (before closing or opening another photo)."""
        if self._autosave.isActive():
            self._autosave.stop()
            self.save()

    def close(self) -> None:
        self.flush()
        try:
            self._render_thread.rendered.disconnect(self._on_rendered)
            self._render_thread.failed.disconnect(self._on_render_failed)
            if self._detail_thread is not None:
                self._detail_thread.rendered.disconnect(self._on_detail)
        except (RuntimeError, TypeError):
            pass
        self.cache.clear()

    # ------------------------------------------------------------------ masks
    def proxy_mask(self, layer: Layer) -> np.ndarray:
        h, w = self.proxy.rgb.shape[:2]
        if layer.mask is None:
            return np.ones((h, w), np.float32)
        return np.array(layer.mask.resized(h, w), dtype=np.float32)

    def mask_edit(self, layer_id: str, action: str, arg: Any, load_png: Callable[[], str | None] | None = None) -> str | None:
        """Apply a mask tool; returns an error message for the user, or None."""
        layer = self.layer(layer_id)
        # a mask made from words keeps its words (``Layer.place``) through what can be made again
        if action == "clear":
            self.set_layer(layer.replace(mask=None, place=()), "Mask: whole image")
        elif action == "invert":
            base = layer.mask if layer.mask is not None else Mask(self.proxy_mask(layer))
            place = layer.place + (("invert", ""),) if layer.place else ()
            self.set_layer(layer.replace(mask=base.inverted(), place=place), "Invert mask")
        elif action == "feather":
            if layer.mask is None:
                return "this layer has no mask to feather"
            scale = layer.mask.shape[1] / self.full_size.width()
            self.set_layer(layer.replace(mask=layer.mask.feathered(float(arg) * scale), place=()), "Feather mask")
        elif action == "load":
            path = load_png() if load_png else arg
            if not path:
                return None
            try:
                rgb = read_photo(path)
            except ValueError as exc:
                return str(exc)
            grey = rgb.rgb.astype(np.float32).mean(axis=2) / (65535.0 if rgb.rgb.dtype == np.uint16 else 255.0)
            ratio = (grey.shape[1] / grey.shape[0]) / (self.full_size.width() / self.full_size.height())
            if abs(ratio - 1) > 0.02:
                return f"{Path(path).name}: its shape does not match the photo's"
            self.set_layer(layer.replace(mask=Mask(grey), place=()), "Load mask")
        return None

    def join_mask(self, layer_id: str, selected: Mask, mode: str, words: str, verb: str = "",
                  merge_key: Any = None) -> None:
        """Make ``selected`` (a selection on the photo made from ``words``: a place in words, a
        drawn shape's or a picked colour's words; "" for none) the layer's mask, or join it to the
        mask by ``mode`` (:attr:`Mask.MODES`; a layer without a mask applies everywhere), as one
        undo step named by the words as the layer list says them ("Mask: subtract a radial mask";
        ``verb`` in place of the mode's: "move"); the layer is turned on (a local layer that came
        back unplaced is off); changes with the same ``merge_key`` in a row are one step (a
        feather being dialled)."""
        from ..document.mask import shape_text

        layer = self.layer(layer_id)
        verb = verb or {"replace": "", "add": "add", "subtract": "subtract", "intersect": "intersect"}[mode]
        said = " ".join(part for part in (verb, shape_text(words)) if part)
        self.set_layer(_placed(layer, selected, mode, words), f"Mask: {said}", merge_key)

    def place_layers(self, masks: Mapping[str, Mask | None], mode: str, text: str, words: str = "") -> int:
        """Move the layers ``masks`` names to their selections of ``words`` ("only on the sky":
        ``mode`` "replace"; "on her face too": "add"; "not on the sky": "subtract"), or to the
        whole photo (a selection of None), as one undo step; returns how many changed."""
        before = list(self.stack.layers)
        after = [l if l.id not in masks else
                 l.replace(mask=None, local=False, place=()) if masks[l.id] is None else
                 _placed(l, masks[l.id], mode, words).replace(local=True)  # type: ignore[arg-type]
                 for l in before]
        changed = sum(a != b for a, b in zip(after, before))
        if changed:
            self.push(commands.ReplaceStack(self.stack, before, after, text))
        return changed

    def stroke_start(self, layer: Layer, add: bool) -> np.ndarray:
        """The mask a brush stroke paints into (proxy resolution, a private copy). Painting "+"
        on a whole-image layer starts from nothing: the user paints where it should apply."""
        if layer.mask is None and add:
            return np.zeros(self.proxy.rgb.shape[:2], np.float32)
        return self.proxy_mask(layer).copy()

    def proxy_lab(self) -> np.ndarray:
        """The preview's colours in CIELAB (made once): what the brush's Auto mask compares."""
        if self._lab is None:
            self._lab = cv2.cvtColor(kernels.to_float(np.ascontiguousarray(self.proxy.rgb[..., :3])), cv2.COLOR_RGB2LAB)
        return self._lab

    @staticmethod
    def paint(mask: np.ndarray, x: float, y: float, radius: float, add: bool,
              lab: np.ndarray | None = None) -> np.ndarray:
        """Paint a soft dab into ``mask`` (proxy resolution, float32) in place and return it. With
        ``lab`` (the photo in CIELAB, :meth:`proxy_lab`), the dab keeps to colours like the one
        under its centre (Lightroom's Auto Mask): painting a sky along a roof stays off the roof."""
        h, w = mask.shape
        x0, x1 = max(0, int(x - radius - 1)), min(w, int(x + radius + 2))
        y0, y1 = max(0, int(y - radius - 1)), min(h, int(y + radius + 2))
        if x0 >= x1 or y0 >= y1:
            return mask
        yy, xx = np.mgrid[y0:y1, x0:x1]
        d = np.hypot(xx + 0.5 - x, yy + 0.5 - y)
        dab = np.clip((radius - d) / max(radius * 0.3, 1.0), 0.0, 1.0).astype(np.float32)
        if lab is not None:
            cy, cx = min(max(int(y), 0), h - 1), min(max(int(x), 0), w - 1)
            centre = lab[max(0, cy - 1): cy + 2, max(0, cx - 1): cx + 2].reshape(-1, 3).mean(axis=0)
            diff = lab[y0:y1, x0:x1] - centre
            diff[..., 0] *= 0.5  # lightness counts half, as the colour range mask does: a shadowed sky is sky
            far = np.sqrt((diff * diff).sum(axis=2))
            dab *= np.clip((AUTO_MASK_FAR - far) / (AUTO_MASK_FAR - AUTO_MASK_NEAR), 0.0, 1.0).astype(np.float32)
        region = mask[y0:y1, x0:x1]
        mask[y0:y1, x0:x1] = np.maximum(region, dab) if add else np.minimum(region, 1.0 - dab)
        return mask


def _placed(layer: Layer, selected: Mask, mode: str, words: str) -> Layer:
    """The layer, on: ``selected`` (the selection of ``words``) joined to its mask by ``mode`` (a
    layer without one applies everywhere). Its ``place`` gains the step while the whole mask is
    made of words; a painted mask joined to a selection cannot be found again."""
    whole = Mask(np.ones(selected.shape, np.float32))
    mask = (layer.mask if layer.mask is not None else whole).combined(selected, mode)
    if mask == layer.mask:  # the selection changes nothing (already inside it): no step to undo
        return layer.replace(enabled=True)
    step = ((mode, words),) if words else ()
    place = step if mode == "replace" or layer.mask is None else layer.place + step if layer.place and step else ()
    return layer.replace(mask=mask, enabled=True, place=place)
