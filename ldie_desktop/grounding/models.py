"""The small networks grounding runs, each with its own pre- and post-processing.

- ``SelfieSegmenter``: MediaPipe selfie segmentation (person probability), TFLite via
  ``ai-edge-litert``; 256x256 RGB in [0, 1].
- ``SalientSegmenter``: U²-Net-p salient object (the main subject), ONNX with a symbolic
  input size (``scripts/grounding_u2netp_dynamic.py``) run at 256x256, ImageNet
  mean/std on [0, 1] RGB, first output is already a sigmoid.
- ``Detector``: NanoDet-m (COCO-80), ONNX converted once from TF.js; 416x416 **BGR**,
  mean/std on 0..255, GFL heads at strides 8/16/32 with 11 distance bins per side.
- ``FaceDetector``: MediaPipe's short-range BlazeFace, TFLite; 128x128 RGB letterboxed in
  [-1, 1]; boxes and eye keypoints.
- ``FaceMesh``: MediaPipe's face landmarks (468 points), TFLite; a 192x192 crop round a face
  found, turned so its eyes are level, RGB in [0, 1].

Each loads lazily from ``models/grounding/`` (or ``$LDIE_MODELS_DIR/grounding``), runs on one
thread, and is guarded by a lock (onnxruntime sessions are thread-safe, a TFLite interpreter is
not). A missing runtime or weight file makes ``available`` False: grounding then works with the
sources that remain, and says which are missing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

log = logging.getLogger(__name__)

#: sha256 of each vendored weight file (checked once on load).
WEIGHTS = {
    "selfie_segmentation.tflite": "9ee168ec7c8f2a16c56fe8e1cfbc514974cbbb7e434051b455635f1bd1462f5c",
    "u2netp.onnx": "347a876013a04ac3f35a7379702d908331d6569a2cb40f777eb96817f901a130",
    "nanodet-m.onnx": "31c36b1b0a2d4310a3a129aca99fcf10239067f5826cf355fe6f6d4115082fa6",
    "face_detection_short_range.tflite": "bbff11cebd1eb27a1e004cae0b0e63ec8c551cbf34a4451148b4908b8db3eca8",
    "face_landmark.tflite": "1055cb9d4a9ca8b8c688902a3a5194311138ba256bcc94e336d8373a5f30c814",
    # not weights: the WordNet 3.0 nouns the matcher's likeness uses (taxonomy.py)
    "wordnet-nouns.json.gz": "ca09b64336b7764154008d2576d7e033a52c9c8b8cbd7454ee30723a1b2ce734",
}

COCO_LABELS: tuple[str, ...] = (
    "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat",
    "traffic light", "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog",
    "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella",
    "handbag", "tie", "suitcase", "frisbee", "skis", "snowboard", "sports ball", "kite",
    "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle",
    "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple", "sandwich", "orange",
    "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch", "potted plant",
    "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard", "cell phone",
    "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors",
    "teddy bear", "hair drier", "toothbrush",
)


class ModelMissing(RuntimeError):
    """A runtime package or a weight file is not there."""


def models_dir() -> Path:
    env = os.environ.get("LDIE_MODELS_DIR")
    if env:
        return Path(env) / "grounding"
    return Path(__file__).resolve().parents[2] / "models" / "grounding"


def _weight(name: str, folder: Path | None = None) -> Path:
    path = (folder or models_dir()) / name
    if not path.is_file():
        raise ModelMissing(f"{path} is missing (see models/grounding/README.md)")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != WEIGHTS[name]:
        raise ModelMissing(f"{path} has sha256 {digest}, expected {WEIGHTS[name]}")
    return path


def _onnx_session(path: Path):
    try:
        import onnxruntime as ort
    except ImportError as exc:
        raise ModelMissing("onnxruntime is not installed") from exc
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = int(os.environ.get("LDIE_GROUNDING_THREADS", "1"))
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


class _Lazy:
    """Loads on first use; remembers a failure so it is reported once, not on every photo."""

    file: str = ""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self._lock = threading.Lock()
        self._model: object | None = None
        self._error: str | None = None

    def _load(self, path: Path) -> object:
        raise NotImplementedError

    def model(self) -> object:
        with self._lock:
            if self._model is None and self._error is None:
                try:
                    self._model = self._load(_weight(self.file, self._folder))
                except (ModelMissing, ImportError, OSError, RuntimeError, ValueError) as exc:
                    self._error = str(exc)
                    log.warning("grounding: %s unavailable: %s", type(self).__name__, exc)
            if self._model is None:
                raise ModelMissing(self._error or "not loaded")
            return self._model

    @property
    def available(self) -> bool:
        try:
            self.model()
        except ModelMissing:
            return False
        return True

    @property
    def error(self) -> str | None:
        return self._error


def _tflite(path: Path) -> object:
    """A TFLite interpreter of ``path`` on one thread, its tensors allocated."""
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError as exc:
        raise ModelMissing("ai-edge-litert is not installed") from exc
    interp = Interpreter(model_path=str(path), num_threads=1)
    interp.allocate_tensors()
    return interp


class SelfieSegmenter(_Lazy):
    file = "selfie_segmentation.tflite"
    size = 256

    def _load(self, path: Path) -> object:
        return _tflite(path)

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        """Person probability ``(H, W)`` float32 in [0, 1] for a uint8 RGB image."""
        interp = self.model()
        h, w = rgb.shape[:2]
        x = cv2.resize(rgb, (self.size, self.size), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
        with self._lock:  # a TFLite interpreter holds its tensors: one caller at a time
            inp = interp.get_input_details()[0]["index"]  # type: ignore[attr-defined]
            out = interp.get_output_details()[0]["index"]  # type: ignore[attr-defined]
            interp.set_tensor(inp, x[None])  # type: ignore[attr-defined]
            interp.invoke()  # type: ignore[attr-defined]
            prob = interp.get_tensor(out)[0, :, :, 0].copy()  # type: ignore[attr-defined]
        return np.clip(cv2.resize(prob, (w, h), interpolation=cv2.INTER_LINEAR), 0.0, 1.0)


def _blazeface_anchors() -> np.ndarray:
    """``(896, 2)`` anchor centres (x, y in 0..1) of MediaPipe's short-range face detector: its SSD
    anchors (strides 8, 16, 16, 16 on 128 px; two anchors a cell on the 16 x 16 grid, six on the
    8 x 8 one, every anchor 1 x 1)."""
    out = []
    for grid, per_cell in ((16, 2), (8, 6)):
        for row in range(grid):
            for col in range(grid):
                out.extend([((col + 0.5) / grid, (row + 0.5) / grid)] * per_cell)
    return np.asarray(out, np.float32)


class FaceDetector(_Lazy):
    """MediaPipe's short-range face detector (BlazeFace): faces within a few metres, as in a
    portrait or a group photo taken close. 128 x 128 RGB letterboxed, values in [-1, 1]."""

    file = "face_detection_short_range.tflite"
    size = 128
    min_score = 0.7
    overlap = 0.3

    def _load(self, path: Path) -> object:
        self._anchors = _blazeface_anchors()
        return _tflite(path)

    def __call__(self, rgb: np.ndarray) -> list[tuple[float, float, float, float, float]]:
        """The faces in a uint8 RGB image: ``(x0, y0, x1, y1, score)`` in its pixels, the box
        from the brows to the chin, best first."""
        return [(*f.box, f.score) for f in self.detect(rgb)]

    def detect(self, rgb: np.ndarray) -> list[Face]:
        """The faces in a uint8 RGB image, best first, each with its box and its eyes. The model
        sees faces that fill a fair part of what it is shown, so the photo is looked at whole,
        then in overlapping squares of half and of a quarter of its short side (MediaPipe's
        short-range model on tiles: a group photo's faces, a face a few metres off); a face cut
        by a square's inner edge is left to the square that holds it whole."""
        h, w = rgb.shape[:2]
        if max(h, w) > DETECT_SIDE:  # the squares' faces are found as well on a smaller copy, faster
            s = DETECT_SIDE / max(h, w)
            small = cv2.resize(rgb[..., :3], (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
            return [Face(tuple(v / s for v in f.box), f.score, tuple((x / s, y / s) for x, y in f.eyes))  # type: ignore[arg-type]
                    for f in self.detect(small)]
        found = self._window(rgb, 0, 0, h, w, cut=False)
        for share in TILE_SHARES:
            side = int(min(h, w) * share)
            if side < self.size:
                break  # a square smaller than the model's input: nothing smaller to find
            step = max(1, int(side * (1.0 - TILE_OVERLAP)))
            for y in sorted({*range(0, max(1, h - side), step), max(0, h - side)}):
                for x in sorted({*range(0, max(1, w - side), step), max(0, w - side)}):
                    found += self._window(rgb, y, x, side, side, cut=True)
        faces: list[Face] = []
        for face in sorted(found, key=lambda f: -f.score):  # the best of each overlapping group
            box = np.asarray(face.box)
            if any(_iou(box, np.asarray(f.box)) > self.overlap or _inside(box, np.asarray(f.box)) > 0.5 for f in faces):
                continue
            faces.append(face)
        return faces

    def _window(self, rgb: np.ndarray, y0: int, x0: int, h: int, w: int, cut: bool) -> list[Face]:
        """The faces in the window ``[y0:y0+h, x0:x0+w]`` of ``rgb``, in ``rgb``'s pixels; with
        ``cut``, not those touching an edge of the window that is not the photo's."""
        interp = self.model()
        window = rgb[y0:y0 + h, x0:x0 + w, :3]
        s = self.size / max(h, w)
        nh, nw = max(1, round(h * s)), max(1, round(w * s))
        x = np.zeros((self.size, self.size, 3), np.float32)  # letterboxed at the top left
        x[:nh, :nw] = cv2.resize(window, (nw, nh), interpolation=cv2.INTER_AREA).astype(np.float32) / 127.5 - 1.0
        with self._lock:
            details = {d["name"]: d["index"] for d in interp.get_output_details()}  # type: ignore[attr-defined]
            interp.set_tensor(interp.get_input_details()[0]["index"], x[None])  # type: ignore[attr-defined]
            interp.invoke()  # type: ignore[attr-defined]
            boxes = interp.get_tensor(details["regressors"])[0].copy()  # type: ignore[attr-defined]
            scores = interp.get_tensor(details["classificators"])[0, :, 0].copy()  # type: ignore[attr-defined]
        scores = 1.0 / (1.0 + np.exp(-np.clip(scores, -50.0, 50.0)))
        keep = scores >= self.min_score
        if not keep.any():
            return []
        a = self._anchors[keep]
        b = boxes[keep] / self.size
        cx, cy, bw, bh = b[:, 0] + a[:, 0], b[:, 1] + a[:, 1], b[:, 2], b[:, 3]
        offset = np.array([x0, y0, x0, y0], np.float32)
        boxes_px = np.stack([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2], 1) * (self.size / s) + offset
        # keypoints after the box: the person's right eye, then the left (x, y, as offsets from the anchor)
        eyes = (b[:, 4:8] + np.tile(a, 2)) * (self.size / s) + offset
        H, W = rgb.shape[:2]
        margin = 2.0
        out = []
        for i, score in enumerate(scores[keep]):
            bx0, by0, bx1, by1 = (float(v) for v in boxes_px[i])
            if cut and ((bx0 < x0 + margin and x0 > 0) or (by0 < y0 + margin and y0 > 0)
                        or (bx1 > x0 + w - margin and x0 + w < W) or (by1 > y0 + h - margin and y0 + h < H)):
                continue
            out.append(Face((max(0.0, bx0), max(0.0, by0), min(float(W), bx1), min(float(H), by1)), float(score),
                            ((float(eyes[i, 0]), float(eyes[i, 1])), (float(eyes[i, 2]), float(eyes[i, 3])))))
        return out


#: The face detector looks at a photo at most this long (a smaller copy of a larger one).
DETECT_SIDE = 1536
#: Squares of these shares of the short side the face detector also looks at, overlapping by
#: this share of their side.
TILE_SHARES = (0.5, 0.25)
TILE_OVERLAP = 0.25


def _inside(a: np.ndarray, b: np.ndarray) -> float:
    """How much of the smaller of two boxes lies in the other."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return float(ix * iy / smaller) if smaller > 0 else 0.0


@dataclass(frozen=True)
class Face:
    """A face found: its box ``(x0, y0, x1, y1)`` from the brows to the chin, the detector's
    score, and its eyes' centres (the person's right eye first: on the image's left when they
    face the camera), all in the image's pixels."""

    box: tuple[float, float, float, float]
    score: float
    eyes: tuple[tuple[float, float], tuple[float, float]]


class FaceMesh(_Lazy):
    """MediaPipe's face landmark model (Face Mesh): 468 points over a face, its outline, brows,
    eyes, nose and lips, from a 192 x 192 crop round a detected face turned so its eyes are
    level (as MediaPipe crops it: the box's centre, 1.5 times its larger side), RGB in [0, 1]."""

    file = "face_landmark.tflite"
    size = 192
    #: A crop this much larger than the detector's box, as MediaPipe takes it.
    scale = 1.5
    #: Below this probability that the crop holds a face, no landmarks are given.
    min_presence = 0.5

    def _load(self, path: Path) -> object:
        return _tflite(path)

    def __call__(self, rgb: np.ndarray, face: Face) -> np.ndarray | None:
        """The 468 landmarks ``(468, 2)`` float32 (x, y in ``rgb``'s pixels) of ``face`` in a
        uint8 RGB image; None where the model does not see a face there."""
        interp = self.model()
        x0, y0, x1, y1 = face.box
        cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
        side = self.scale * max(x1 - x0, y1 - y0, 1.0)
        (rx, ry), (lx, ly) = face.eyes
        angle = float(np.degrees(np.arctan2(ly - ry, lx - rx)))  # the eyes level in the crop
        crop_of = cv2.getRotationMatrix2D((cx, cy), angle, self.size / side)
        crop_of[:, 2] += (self.size / 2.0 - cx, self.size / 2.0 - cy)
        crop = cv2.warpAffine(np.ascontiguousarray(rgb[..., :3]), crop_of, (self.size, self.size),
                              flags=cv2.INTER_AREA if side > 2 * self.size else cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_REPLICATE)
        with self._lock:
            out = {d["name"]: d["index"] for d in interp.get_output_details()}  # type: ignore[attr-defined]
            interp.set_tensor(interp.get_input_details()[0]["index"],  # type: ignore[attr-defined]
                              (crop.astype(np.float32) / 255.0)[None])
            interp.invoke()  # type: ignore[attr-defined]
            points = interp.get_tensor(out["conv2d_21"]).reshape(-1, 3)[:, :2].copy()  # type: ignore[attr-defined]
            presence = float(interp.get_tensor(out["conv2d_31"]).reshape(-1)[0])  # type: ignore[attr-defined]
        if 1.0 / (1.0 + np.exp(-np.clip(presence, -50.0, 50.0))) < self.min_presence:
            return None
        back = cv2.invertAffineTransform(crop_of)
        return (points @ back[:, :2].T + back[:, 2]).astype(np.float32)


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return float(inter / union) if union > 0 else 0.0


class SalientSegmenter(_Lazy):
    file = "u2netp.onnx"
    size = 256  # exported at 320; 256 agrees with it (IoU 0.97) at half the CPU time
    _mean = np.array([0.485, 0.456, 0.406], np.float32)
    _std = np.array([0.229, 0.224, 0.225], np.float32)

    def _load(self, path: Path) -> object:
        return _onnx_session(path)

    def __call__(self, rgb: np.ndarray, size: int | None = None) -> np.ndarray:
        """Salient-object probability ``(H, W)`` float32 in [0, 1], the network run at ``size``
        (default ``self.size``; smaller is faster and coarser)."""
        sess = self.model()
        h, w = rgb.shape[:2]
        side = size or self.size
        x = cv2.resize(rgb, (side, side), interpolation=cv2.INTER_AREA).astype(np.float32)
        x = (x / max(float(x.max()), 1.0) - self._mean) / self._std
        out = sess.run(None, {sess.get_inputs()[0].name: x.transpose(2, 0, 1)[None]})[0][0, 0]  # type: ignore[attr-defined]
        # rembg stretches min..max to 0..1, which invents a subject in a photo without one;
        # we stretch only the top, so a confident map still reaches 1.
        out = out / max(float(out.max()), 0.5)
        return np.clip(cv2.resize(out.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR), 0.0, 1.0)


@dataclass(frozen=True)
class Detection:
    label: str
    score: float
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels of the input image


class Detector(_Lazy):
    file = "nanodet-m.onnx"
    size = 416
    strides = (8, 16, 32)
    reg_max = 10
    _mean = np.array([103.53, 116.28, 123.675], np.float32)
    _std = np.array([57.375, 57.12, 58.395], np.float32)

    def _load(self, path: Path) -> object:
        return _onnx_session(path)

    def __call__(self, rgb: np.ndarray, min_score: float = 0.3, iou: float = 0.5) -> list[Detection]:
        """COCO detections above ``min_score`` after per-class NMS, in pixels of ``rgb``."""
        sess = self.model()
        h, w = rgb.shape[:2]
        s = self.size / max(h, w)  # letterbox: keep the aspect, pad right/bottom with the mean
        nh, nw = max(1, round(h * s)), max(1, round(w * s))
        canvas = np.zeros((self.size, self.size, 3), np.float32)
        bgr = cv2.resize(rgb, (nw, nh), interpolation=cv2.INTER_AREA)[:, :, ::-1].astype(np.float32)
        canvas[:nh, :nw] = (bgr - self._mean) / self._std
        outs = sess.run(None, {sess.get_inputs()[0].name: canvas.transpose(2, 0, 1)[None]})  # type: ignore[attr-defined]
        by_len = {o.shape[1]: o[0] for o in outs if o.shape[2] == 80}
        reg_by_len = {o.shape[1]: o[0] for o in outs if o.shape[2] == 4 * (self.reg_max + 1)}
        boxes, scores, classes = [], [], []
        bins = np.arange(self.reg_max + 1, dtype=np.float32)
        for stride in self.strides:
            n = self.size // stride
            cls, reg = by_len[n * n], reg_by_len[n * n]
            best = cls.max(axis=1)
            keep = np.nonzero(best >= min_score)[0]
            if keep.size == 0:
                continue
            r = reg[keep].reshape(-1, 4, self.reg_max + 1)
            r = np.exp(r - r.max(axis=2, keepdims=True))
            dist = (r / r.sum(axis=2, keepdims=True) @ bins) * stride
            cy, cx = (keep // n + 0.5) * stride, (keep % n + 0.5) * stride
            boxes.append(np.stack([cx - dist[:, 0], cy - dist[:, 1], cx + dist[:, 2], cy + dist[:, 3]], 1) / s)
            scores.append(best[keep])
            classes.append(cls[keep].argmax(axis=1))
        if not boxes:
            return []
        b, sc, cl = np.concatenate(boxes), np.concatenate(scores), np.concatenate(classes)
        b[:, [0, 2]] = b[:, [0, 2]].clip(0, w)
        b[:, [1, 3]] = b[:, [1, 3]].clip(0, h)
        dets: list[Detection] = []
        for c in np.unique(cl):
            idx = np.nonzero(cl == c)[0]
            xywh = [[float(x0), float(y0), float(x1 - x0), float(y1 - y0)] for x0, y0, x1, y1 in b[idx]]
            kept = cv2.dnn.NMSBoxes(xywh, sc[idx].astype(float).tolist(), min_score, iou)
            for k in np.asarray(kept).reshape(-1):
                i = idx[int(k)]
                dets.append(Detection(COCO_LABELS[int(c)], float(sc[i]), tuple(float(v) for v in b[i])))  # type: ignore[arg-type]
        dets.sort(key=lambda d: -d.score)
        return dets
