#!/usr/bin/env bash
# Build the installable wheel (code, resources and committed weights) into dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip wheel --no-deps --wheel-dir dist .
ls -l dist/*.whl
