#!/usr/bin/env bash
# Fails when dist/ is not what src/ builds to: users run dist/index.js (main) and dist/post/index.js (post), so it must
# never go stale.
set -euo pipefail
cd "$(dirname "$0")/.."
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
bash scripts/bundle.sh "$fresh" >/dev/null
if ! diff -r -q dist "$fresh"; then
  echo "dist/ is stale: run 'npm run build' and commit dist/." >&2
  exit 1
fi
echo "dist/ is up to date with src/."
