"""Reader for the GIER annotations (Shi et al., ACCV 2020) in the layout the authors publish.

The user gives the dataset folder; nothing of GIER ships with the app::

    DIR/splits/{train,val,test}_sess_3.json          one dict per image pair
    DIR/splits/{split}_{global,shapeAlign,shapeAlignNonCrop}_sess_3.json   index lists (optional)
    DIR/images/<input>, DIR/images/<output>            (optional, full GIER only)
    DIR/masks/<input stem>_mask.json                   COCO RLE list (optional, full GIER only)

GIER labels the *pair* (the edit), not each sentence: every summary of a pair inherits its
operations, so some label noise is inherent to every request row.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal, Mapping, Sequence

import numpy as np

Split = Literal["train", "val", "test"]
SPLITS: tuple[Split, ...] = ("train", "val", "test")
SESSION = 3
INDEX_LISTS = ("global", "shapeAlign", "shapeAlignNonCrop")

#: GIER operation names -> the app's operation names, where they mean the same edit.
GIER_TO_APP: dict[str, str] = {
    "brightness": "brightness",
    "contrast": "contrast",
    "saturation": "saturation",
    "hue": "hue",
    "inpaint_obj": "inpaint_obj",
    "tint": "tint",
    "sharpness": "sharpness",
    "color_bg": "color_bg",
    "crop": "crop",
    "gaussain_blur": "blur",  # sic: GIER's spelling
    "denoise": "denoise",
    "exposure": "exposure",
    "rotate": "rotate",
    "black&white": "black_and_white",
    "flip": "flip",
}

#: GIER labels with no app operation of the same meaning: learnt as auxiliary targets only.
GIER_AUXILIARY: tuple[str, ...] = (
    "lightness",
    "deform_obj",
    "dehaze",
    "radial_blur",
    "facet_blur",
    "edge",
    "rotate_obj",
    "flip_obj",
)


@dataclass(frozen=True)
class OperatorLabel:
    """One operation of a pair: its GIER name, whether it is local, and the mask ids it uses."""

    name: str
    local: bool
    mask_ids: tuple[int, ...] = ()

    @property
    def app_name(self) -> str | None:
        """The app operation it means, or ``None`` (an auxiliary label)."""
        return GIER_TO_APP.get(self.name)


@dataclass(frozen=True)
class GierPair:
    """One annotated image pair with every request written for it."""

    index: int
    split: str
    input: str
    output: str
    request: str  # the original web request
    detailed_request: str | None  # NaN in the files becomes None
    dataset: str
    operators: tuple[OperatorLabel, ...]
    expert_summary: tuple[str, ...]
    amateur_summary: tuple[str, ...]

    @property
    def summaries(self) -> tuple[str, ...]:
        """Every request written for the pair: expert ones first, then amateur ones."""
        return self.expert_summary + self.amateur_summary

    @property
    def op_names(self) -> tuple[str, ...]:
        return tuple(op.name for op in self.operators)

    def operator(self, name: str) -> OperatorLabel | None:
        for op in self.operators:
            if op.name == name:
                return op
        return None


@dataclass(frozen=True)
class RequestRow:
    """A (request text, labels) row. ``labels`` maps GIER operation name -> local flag."""

    text: str
    labels: Mapping[str, bool]
    pair_index: int
    source: Literal["expert", "amateur", "request", "detailed_request"]


@dataclass
class GierSplit:
    name: str
    pairs: list[GierPair]
    index_lists: dict[str, list[int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.pairs)


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _texts(values: Any) -> tuple[str, ...]:
    if values is None or isinstance(values, float):
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(t for t in (_text(v) for v in values) if t)


def _parse_pair(index: int, split: str, record: Mapping[str, Any]) -> GierPair:
    operators = []
    for name, info in (record.get("operator") or {}).items():
        info = info or {}
        operators.append(
            OperatorLabel(
                name=str(name),
                local=bool(info.get("local", False)),
                mask_ids=tuple(int(i) for i in info.get("ids", []) or []),
            )
        )
    return GierPair(
        index=index,
        split=split,
        input=str(record["input"]),
        output=str(record["output"]),
        request=_text(record.get("request")) or "",
        detailed_request=_text(record.get("detailed_request")),
        dataset=str(record.get("dataset", "")),
        operators=tuple(operators),
        expert_summary=_texts(record.get("expert_summary")),
        amateur_summary=_texts(record.get("amateur_summary")),
    )


class Gier:
    """GIER annotations read from a folder in the published layout (see the module docstring)."""

    def __init__(self, root: str | Path, session: int = SESSION) -> None:
        self.root = Path(root).expanduser()
        self.session = session
        self._splits: dict[str, GierSplit] = {}
        if not (self.root / "splits").is_dir():
            raise FileNotFoundError(
                f"{self.root} does not look like GIER: there is no 'splits' folder "
                f"(expected splits/train_sess_{session}.json and friends)"
            )

    # ------------------------------------------------------------------ reading
    def split_path(self, split: str) -> Path:
        return self.root / "splits" / f"{split}_sess_{self.session}.json"

    def split(self, split: str) -> GierSplit:
        if split not in self._splits:
            path = self.split_path(split)
            if not path.is_file():
                raise FileNotFoundError(f"GIER split file {path} is missing")
            # Python's json reads the bare NaN tokens of ``detailed_request``; strict parsers don't.
            records = json.loads(path.read_text(encoding="utf-8"))
            pairs = [_parse_pair(i, split, r) for i, r in enumerate(records)]
            lists = {}
            for kind in INDEX_LISTS:
                lp = self.root / "splits" / f"{split}_{kind}_sess_{self.session}.json"
                if lp.is_file():
                    lists[kind] = [int(i) for i in json.loads(lp.read_text(encoding="utf-8"))]
            self._splits[split] = GierSplit(split, pairs, lists)
        return self._splits[split]

    def pairs(self, split: str) -> list[GierPair]:
        return self.split(split).pairs

    # ------------------------------------------------------------------ images and masks
    @property
    def has_images(self) -> bool:
        return (self.root / "images").is_dir()

    @property
    def has_masks(self) -> bool:
        return (self.root / "masks").is_dir()

    def image_path(self, name: str) -> Path:
        return self.root / "images" / name

    def mask_path(self, pair: GierPair) -> Path:
        return self.root / "masks" / f"{Path(pair.input).stem}_mask.json"

    def masks(self, pair: GierPair) -> list[dict[str, Any]]:
        """The pair's COCO RLE list (empty when the user has no ``masks/`` folder)."""
        path = self.mask_path(pair)
        if not path.is_file():
            return []
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):  # tolerate {"masks": [...]} or a single RLE
            data = data.get("masks", data.get("annotations", [data]))
        return [_rle_of(item) for item in data]

    def operator_mask(self, pair: GierPair, op_name: str) -> np.ndarray | None:
        """The union of the masks an operation of the pair points at, as a bool (H, W) array.

        ``None`` when the operation is global, absent, or the masks are not available.
        """
        op = pair.operator(op_name)
        if op is None or not op.mask_ids:
            return None
        rles = self.masks(pair)
        if not rles:
            return None
        out: np.ndarray | None = None
        for i in op.mask_ids:
            if 0 <= i < len(rles):
                m = decode_rle(rles[i])
                out = m if out is None else (out | m)
        return out


def _rle_of(item: Mapping[str, Any]) -> dict[str, Any]:
    if "counts" in item:
        return dict(item)
    for key in ("segmentation", "rle", "mask"):
        if key in item and isinstance(item[key], Mapping):
            return dict(item[key])
    raise ValueError(f"not a COCO RLE: keys {sorted(item)}")


# ---------------------------------------------------------------------- COCO RLE
def _counts_from_string(s: str | bytes) -> list[int]:
    """COCO's compressed counts (LEB128-like, 6 bits a char, deltas from index 3 on) -> runs."""
    if isinstance(s, bytes):
        s = s.decode("ascii")
    counts: list[int] = []
    p = 0
    while p < len(s):
        x = 0
        k = 0
        more = True
        while more:
            c = ord(s[p]) - 48
            x |= (c & 0x1F) << (5 * k)
            more = bool(c & 0x20)
            p += 1
            k += 1
            if not more and (c & 0x10):
                x |= -1 << (5 * k)
        if len(counts) > 2:
            x += counts[-2]
        counts.append(x)
    return counts


def _counts_to_string(counts: Sequence[int]) -> str:
    """The inverse of :func:`_counts_from_string` (used to write fixtures and in tests)."""
    out = []
    for i, value in enumerate(counts):
        x = int(value)
        if i > 2:
            x -= int(counts[i - 2])
        more = True
        while more:
            c = x & 0x1F
            x >>= 5
            more = (x != -1) if (c & 0x10) else (x != 0)
            if more:
                c |= 0x20
            out.append(chr(c + 48))
    return "".join(out)


def decode_rle(rle: Mapping[str, Any]) -> np.ndarray:
    """A COCO RLE (``{"size": [h, w], "counts": str | list}``) -> bool array (h, w).

    Runs alternate 0s and 1s, starting with 0s, over the image in column-major order.
    """
    h, w = (int(v) for v in rle["size"])
    counts = rle["counts"]
    runs = _counts_from_string(counts) if isinstance(counts, (str, bytes)) else [int(c) for c in counts]
    if sum(runs) != h * w:
        raise ValueError(f"RLE runs cover {sum(runs)} pixels, the size says {h}x{w}={h * w}")
    values = np.zeros(len(runs), dtype=bool)
    values[1::2] = True
    flat = np.repeat(values, runs)
    return flat.reshape(w, h).T.copy()


def encode_rle(mask: np.ndarray, compress: bool = True) -> dict[str, Any]:
    """A bool (h, w) array -> COCO RLE (compressed string counts unless ``compress=False``)."""
    mask = np.asarray(mask, dtype=bool)
    h, w = mask.shape
    flat = mask.T.reshape(-1)
    change = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    bounds = np.concatenate([[0], change, [flat.size]])
    runs = np.diff(bounds).tolist()
    if flat.size and flat[0]:
        runs = [0] + runs
    counts: Any = _counts_to_string(runs) if compress else runs
    return {"size": [h, w], "counts": counts}


# ---------------------------------------------------------------------- rows and subsets
def request_rows(
    pairs: Iterable[GierPair],
    *,
    summaries: bool = True,
    web_request: bool = False,
    detailed_request: bool = False,
) -> list[RequestRow]:
    """(request text, labels) rows: each text written for a pair inherits the pair's labels.

    ``web_request`` / ``detailed_request`` add the pair's original web texts as extra rows
    (for training only: the evaluation of the paper uses the summaries).
    """
    rows: list[RequestRow] = []
    for pair in pairs:
        labels = {op.name: op.local for op in pair.operators}
        if summaries:
            rows += [RequestRow(t, labels, pair.index, "expert") for t in pair.expert_summary]
            rows += [RequestRow(t, labels, pair.index, "amateur") for t in pair.amateur_summary]
        if web_request and pair.request:
            rows.append(RequestRow(pair.request, labels, pair.index, "request"))
        if detailed_request and pair.detailed_request:
            rows.append(RequestRow(pair.detailed_request, labels, pair.index, "detailed_request"))
    return rows


def clean_pairs(test: Sequence[GierPair], train: Iterable[GierPair]) -> list[GierPair]:
    """The pairs of ``test`` whose input image is not the input of any ``train`` pair."""
    seen = {p.input for p in train}
    return [p for p in test if p.input not in seen]


def label_matrix(rows: Sequence[RequestRow], names: Sequence[str], *, app_names: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Rows -> (present, local) float32 arrays (N, len(names)).

    With ``app_names`` the columns are app operation names and GIER labels are mapped through
    :data:`GIER_TO_APP`; other names (auxiliary ones) match GIER names directly.
    """
    col = {n: j for j, n in enumerate(names)}
    present = np.zeros((len(rows), len(names)), dtype=np.float32)
    local = np.zeros_like(present)
    for i, row in enumerate(rows):
        for gier_name, is_local in row.labels.items():
            name = GIER_TO_APP.get(gier_name, gier_name) if app_names else gier_name
            j = col.get(name)
            if j is not None:
                present[i, j] = 1.0
                local[i, j] = 1.0 if is_local else 0.0
    return present, local
