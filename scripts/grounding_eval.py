"""Stand-in for ``ldie eval grounding`` / ``ldie masks`` / the grounding part of ``ldie bench
plan`` until the CLI wires them:

    python scripts/grounding_eval.py eval [--scenes 16] [--data DIR] [--no-removal]
    python scripts/grounding_eval.py real [--data DIR]          # sheets in out/grounding/real/
    python scripts/grounding_eval.py masks PHOTO [-o DIR]
    python scripts/grounding_eval.py bench

``--data`` is where the Debian packages are unpacked (default ~/.cache/ldie/grounding-data,
fetched with apt-get download + dpkg -x on first use).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("eval")
    e.add_argument("--scenes", type=int, default=16)
    e.add_argument("--data", type=Path)
    e.add_argument("--no-removal", action="store_true")
    e.add_argument("--json", type=Path)
    r = sub.add_parser("real")
    r.add_argument("--data", type=Path)
    m = sub.add_parser("masks")
    m.add_argument("photo")
    m.add_argument("-o", "--out", type=Path)
    sub.add_parser("bench")
    a = ap.parse_args(argv)

    import numpy as np

    from ldie_desktop.grounding import evaluate
    out = ROOT / "out" / "grounding"
    if a.cmd == "eval":
        data = evaluate.fetch_data(a.data) if a.data is None or not (a.data / "usr").exists() else a.data
        res = evaluate.run(data, a.scenes, removal=not a.no_removal, out_dir=out / "bench", log=print)
        print(evaluate.format_table(res))
        if a.json:
            a.json.write_text(json.dumps({k: v for k, v in res.items() if k != "rows"}, indent=1, default=str))
    elif a.cmd == "real":
        data = a.data or evaluate.fetch_data(packages=evaluate.PACKAGES + ("opencv-doc",))
        for line in evaluate.run_real(out / "real", data):
            print(line)
    elif a.cmd == "masks":
        from ldie_desktop.grounding import Grounder
        from ldie_desktop.grounding.inspect import write_proposals
        from ldie_desktop.io import read_photo

        rgb = read_photo(a.photo).rgb
        if rgb.dtype != np.uint8:
            rgb = (rgb // 257).astype(np.uint8)
        props = Grounder.load().proposals(rgb)
        folder = a.out or Path(a.photo).with_suffix("").with_name(Path(a.photo).stem + "_masks")
        for f in write_proposals(folder, rgb, props):
            print(f)
        for p in props:
            print(p.describe())
    elif a.cmd == "bench":
        from ldie_desktop.grounding.bench import bench_grounding, format_bench

        print(format_bench(bench_grounding()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
