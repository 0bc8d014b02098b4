#!/usr/bin/env bash
# Runs the test suite on other Node.js majors (default: 22 and 24) next to the machine's Node 20.
# Node comes from the npm registry's `node` package, which ships the real binary; nothing else is fetched.
# Usage: scripts/node-matrix.sh [major ...]
set -euo pipefail
cd "$(dirname "$0")/.."
majors=("${@:-22 24}")
pnpm turbo run build --output-logs=errors-only
for major in ${majors[@]}; do
  prefix="${TMPDIR:-/tmp}/exhook-node-$major"
  [ -x "$prefix/node_modules/.bin/node" ] || npm install --silent --no-save --prefix "$prefix" "node@$major" >/dev/null
  echo "== Node $("$prefix/node_modules/.bin/node" --version)"
  PATH="$prefix/node_modules/.bin:$PATH" node node_modules/vitest/vitest.mjs run
done
