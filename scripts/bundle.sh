#!/usr/bin/env bash
# Bundles the two entries into one folder (default dist/): main -> <dir>/index.js, post -> <dir>/post/index.js. Each
# entry has its own folder: ncc numbers its chunks per build, so two builds in one folder would collide.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-dist}"
rm -rf "$out/post"
npx ncc build src/index.ts -o "$out" --license licenses.txt "${@:2}"
npx ncc build src/post.ts -o "$out/post" --license licenses.txt "${@:2}"
