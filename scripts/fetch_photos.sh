#!/usr/bin/env bash
# Fetch the real photographs the parameter model trains on, into a cache OUTSIDE the repository.
#
#   scripts/fetch_photos.sh [DIR]        (default: ~/.cache/ldie/photos)
#
# Sources (all offline-installable registry packages; nothing is installed, archives are only
# unpacked): the scikit-image wheel (astronaut, chelsea, coffee, rocket, motorcycle), the
# scikit-learn wheel (china.jpg, flower.jpg), the matplotlib wheel (grace_hopper.jpg), and the
# Debian packages mate-backgrounds (nature photos) and opencv-doc (example photos).
# Their licenses (GPL, CC, BSD, ...) differ: the photos are training data only and must NEVER
# be committed to the repository.
set -euo pipefail

DEST="${1:-$HOME/.cache/ldie/photos}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
PIP="${PIP:-$(dirname "$0")/../.venv/bin/pip}"
[ -x "$PIP" ] || PIP=pip
mkdir -p "$DEST"

# Only real colour photographs: the packages also hold logos, gradients, chessboards and grey
# calibration shots, which would teach the model nothing about photos.
MATE_PHOTOS="Aqua.jpg Blinds.jpg Dune.jpg Elephants.jpg FreshFlower.jpg Garden.jpg GreenMeadow.jpg
LadyBird.jpg RainDrops.jpg Storm.jpg TwoWings.jpg Wood.jpg YellowFlower.jpg"
OPENCV_PHOTOS="aero1.jpg aero3.jpg aloeL.jpg apple.jpg baboon.jpg board.jpg building.jpg butterfly.jpg
chicky_512.png ela_original.jpg fruits.jpg graf1.png home.jpg left.jpg leuvenA.jpg
licenseplate_motion.jpg messi5.jpg orange.jpg pca_test1.jpg pic2.png pic4.png rubberwhale1.png
squirrel_cls.jpg starry_night.jpg"

copy_photos() {  # copy_photos SRC_DIR PREFIX NAMES...: the named files under SRC_DIR, flattened
    local src="$1" prefix="$2"
    shift 2
    for name in "$@"; do
        f=$(find "$src" -type f -name "$name" | head -n1 || true)
        [ -n "$f" ] && cp -n "$f" "$DEST/${prefix}_$name"
    done
    return 0
}

# --- Python wheels: download (no install), unzip the bundled sample photos
"$PIP" download --no-deps --only-binary=:all: -d "$WORK/wheels" scikit-image scikit-learn matplotlib >/dev/null
for whl in "$WORK"/wheels/*.whl; do
    python3 -m zipfile -e "$whl" "$WORK/unz_$(basename "$whl")" >/dev/null
done
for name in astronaut chelsea coffee rocket motorcycle_left; do
    f=$(find "$WORK" -path '*skimage/data*' -name "$name.*" | head -n1 || true)
    [ -n "$f" ] && cp -n "$f" "$DEST/skimage_$(basename "$f")"
done
for name in china.jpg flower.jpg grace_hopper.jpg; do
    f=$(find "$WORK" -name "$name" | head -n1 || true)
    [ -n "$f" ] && cp -n "$f" "$DEST/py_$name"
done

# --- Debian packages: download (no install) and unpack
if command -v apt-get >/dev/null; then
    (cd "$WORK" && apt-get download mate-backgrounds opencv-doc >/dev/null 2>&1) || echo "apt-get download failed; skipping Debian photos" >&2
    for deb in "$WORK"/*.deb; do
        [ -e "$deb" ] || continue
        dpkg -x "$deb" "$WORK/deb"
    done
    [ -d "$WORK/deb/usr/share/backgrounds" ] && copy_photos "$WORK/deb/usr/share/backgrounds" mate $MATE_PHOTOS
    [ -d "$WORK/deb/usr/share/doc/opencv-doc/examples/data" ] && copy_photos "$WORK/deb/usr/share/doc/opencv-doc/examples/data" opencv $OPENCV_PHOTOS
fi

echo "$(ls "$DEST" | wc -l) photos in $DEST"
