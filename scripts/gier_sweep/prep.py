"""Pack GIER (train/val/test rows, labels) and the pinned MiniLM into a small bundle for sweep.py.

    python scripts/gier_sweep/prep.py ../shared/data/gier .gpu

The bundle (about 27 MB: MiniLM in float16 with only the 5,666 word pieces GIER uses, the first
64 positions, token ids and bit-packed labels) fits the 64 MiB a device run may carry beside the
repository. It holds GIER text: keep it out of git (.git/info/exclude).
"""
import os
import sys
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file, save_file

from ldie_desktop.model.gier import Gier, clean_pairs, label_matrix, request_rows
from ldie_desktop.model.text_encoder import load_minilm, minilm_dir
from ldie_desktop.model.train_ops import DEFAULT_AUX, DEFAULT_OPS, PAPER_OPS

src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
g = Gier(src)
tok, _ = load_minilm()
names = DEFAULT_OPS + DEFAULT_AUX
train_pairs = g.pairs("train")
splits = {
    "train": request_rows(train_pairs, web_request=True),
    "val": request_rows(g.pairs("val")),
    "test": request_rows(g.pairs("test")),
}
clean = {p.index for p in clean_pairs(g.pairs("test"), train_pairs)}
enc = {}
used = {0, 101, 102, 100}
for s, rows in splits.items():
    ids = [e.ids for e in tok.encode([r.text for r in rows], 64)]
    ids = [[i for i in x if i != 0] or [101, 102] for x in ids]
    # encode pads to the batch max; strip pads (pad id 0) -- [CLS]=101 ... [SEP]=102 stay
    enc[s] = ids
    for x in ids:
        used.update(x)
used = sorted(used)
remap = {o: n for n, o in enumerate(used)}
print("vocab used", len(used), {s: len(r) for s, r in splits.items()})
data = {"names": names, "ops": DEFAULT_OPS, "paper": [DEFAULT_OPS.index(o) for o in PAPER_OPS]}
for s, rows in splits.items():
    present, local = label_matrix(rows, names)
    data[s] = {
        "flat": torch.tensor([remap[i] for x in enc[s] for i in x], dtype=torch.int16),
        "lengths": torch.tensor([len(x) for x in enc[s]], dtype=torch.int16),
        "present": torch.from_numpy(np.packbits(present.astype(bool), axis=None)),
        "local": torch.from_numpy(np.packbits(local.astype(bool), axis=None)),
        "shape": torch.tensor(present.shape),
        "pair": torch.tensor([r.pair_index for r in rows]),
    }
    if s == "train":
        data[s]["is_summary"] = torch.tensor([r.source != "request" for r in rows])
data["test"]["clean"] = torch.tensor([r.pair_index in clean for r in splits["test"]])
torch.save(data, os.path.join(dst, "data.pt"))
st = load_file(str(minilm_dir() / "model.safetensors"))
st = {k: v for k, v in st.items() if not k.startswith(("pooler.", "embeddings.position_ids"))}
st["embeddings.word_embeddings.weight"] = st["embeddings.word_embeddings.weight"][torch.tensor(used)]
st["embeddings.position_embeddings.weight"] = st["embeddings.position_embeddings.weight"][:64]
st = {k: v.half().contiguous() for k, v in st.items()}
save_file(st, os.path.join(dst, "minilm16.safetensors"))
import json

cfg = json.loads((minilm_dir() / "config.json").read_text())
cfg["vocab_size"] = len(used)
cfg["max_position_embeddings"] = 64
Path(dst, "config.json").write_text(json.dumps(cfg))
